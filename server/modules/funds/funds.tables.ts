import { bigint, bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea, createdAt, regionCode, ts } from '../../platform/columns.js';

/** One bucket of a split rule, in basis points (10000 = 100%). */
export interface SplitBucket {
  key: string;
  name: string;
  bp: number;
}
export interface SplitRule {
  buckets: SplitBucket[];
  /** The bucket that takes the fen left over by rounding, so the shares add up to the income exactly. */
  remainder: string;
}

/**
 * Funds and accounts: a whistle fund (社区吹哨专项基金) owned by a county, township or community, an
 * allocation of it to a lower place (a child fund, `parent_fund_id`), or a community's public-income
 * account (三账公开) with its split rule. The region is the owner's, captured when the row is made.
 * Money is never stored on this row: balances are sums of `fund_entries`.
 */
export const funds = pgTable(
  'funds',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    kind: varchar('kind', { length: 20 }).notNull(),
    ownerLevel: varchar('owner_level', { length: 12 }).notNull(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull().default(0),
    parentFundId: uuid('parent_fund_id'),
    eligibleCategories: jsonb('eligible_categories').$type<string[]>().notNull().default([]),
    forbiddenUses: jsonb('forbidden_uses').$type<string[]>().notNull().default([]),
    splitRule: jsonb('split_rule').$type<SplitRule>(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('funds_region_idx').on(t.regionCode, t.createdAt), index('funds_parent_idx').on(t.parentFundId)],
);

/**
 * The ledger: append-only, integer fen, signed (+ in, − out). No row is ever updated or deleted; a
 * mistake is undone by a new entry whose `reverses_id` names the original (at most one reversal each).
 * Entries written together (an income split, both sides of an allocation) share a `group_id`.
 */
export const fundEntries = pgTable(
  'fund_entries',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    fundId: uuid('fund_id').notNull(),
    regionCode: regionCode().notNull(),
    kind: varchar('kind', { length: 20 }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    bucket: varchar('bucket', { length: 40 }),
    /** The share of the split rule applied to this entry, in basis points. */
    bp: integer('bp'),
    /** An income's source (parking, advertising…), or the project's category for a payment. */
    category: varchar('category', { length: 30 }),
    groupId: uuid('group_id').notNull(),
    counterpartFundId: uuid('counterpart_fund_id'),
    projectId: uuid('project_id'),
    paymentId: uuid('payment_id'),
    reversesId: uuid('reverses_id'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('fund_entries_id_idx').on(t.id),
    index('fund_entries_fund_idx').on(t.fundId, t.seq),
    index('fund_entries_project_idx').on(t.projectId),
    index('fund_entries_group_idx').on(t.groupId),
    uniqueIndex('fund_entries_reverses_idx').on(t.reversesId),
  ],
);

/** 民生微实事: a project paid from a fund, with its source (an appeal, a meeting's action, the community). */
export const fundProjects = pgTable(
  'fund_projects',
  {
    id: uuid('id').primaryKey(),
    fundId: uuid('fund_id').notNull(),
    regionCode: regionCode().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    category: varchar('category', { length: 30 }).notNull(),
    bucket: varchar('bucket', { length: 40 }),
    sourceKind: varchar('source_kind', { length: 20 }).notNull(),
    sourceId: text('source_id'),
    /** What the source is called in public (an appeal's number), never a person's name. */
    sourceLabel: text('source_label'),
    /** When the problem was raised (the whistle): the start of "days to acceptance". */
    sourceAt: ts('source_at').notNull(),
    households: integer('households').notNull().default(0),
    estimateFen: bigint('estimate_fen', { mode: 'number' }).notNull(),
    /** The amount the approval chain is deciding on now; equals `approved_fen` when nothing is pending. */
    requestedFen: bigint('requested_fen', { mode: 'number' }).notNull(),
    approvedFen: bigint('approved_fen', { mode: 'number' }).notNull().default(0),
    /** The next level to approve (community, township, county), null when no approval is pending. */
    pendingLevel: varchar('pending_level', { length: 12 }),
    status: varchar('status', { length: 20 }).notNull(),
    contractor: text('contractor'),
    finalCostFen: bigint('final_cost_fen', { mode: 'number' }),
    acceptedAt: ts('accepted_at'),
    proposedBy: text('proposed_by').notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('fund_projects_region_idx').on(t.regionCode, t.createdAt), index('fund_projects_fund_idx').on(t.fundId), index('fund_projects_source_idx').on(t.sourceKind, t.sourceId)],
);

/** The project's timeline, approvals and acceptance included: who, when, what, why. */
export const fundProjectEvents = pgTable(
  'fund_project_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: uuid('project_id').notNull(),
    type: varchar('type', { length: 30 }).notNull(),
    fromStatus: varchar('from_status', { length: 20 }),
    toStatus: varchar('to_status', { length: 20 }),
    level: varchar('level', { length: 12 }),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    reason: text('reason'),
    /** Public facts only (milestone titles, signer roles); signers' names are sealed in `sealed`. */
    data: jsonb('data').$type<Record<string, unknown>>(),
    /** Personal data (signers' names), vault-encrypted. */
    sealed: text('sealed'),
    createdAt: createdAt(),
  },
  (t) => [index('fund_project_events_project_idx').on(t.projectId, t.id)],
);

/** A payment request with its receipt; paid (a ledger entry) once another account approves it. */
export const fundPayments = pgTable(
  'fund_payments',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull(),
    fundId: uuid('fund_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    payee: text('payee').notNull(),
    note: text('note'),
    receiptId: uuid('receipt_id').notNull(),
    status: varchar('status', { length: 12 }).notNull(),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    reason: text('reason'),
    entryId: uuid('entry_id'),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('fund_payments_project_idx').on(t.projectId)],
);

/** Receipts (invoice photo or PDF) and milestone photos. */
export const fundFiles = pgTable(
  'fund_files',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull(),
    kind: varchar('kind', { length: 12 }).notNull(),
    filename: text('filename').notNull(),
    mime: varchar('mime', { length: 64 }).notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('fund_files_project_idx').on(t.projectId)],
);

/**
 * Reservations: what approved projects hold on a fund, append-only like the ledger. A project's final
 * approval reserves its approved amount (or the raise), a payment consumes its part (a `release`
 * naming the payment), cancelling or closing the project releases the rest. The money reserved is the
 * sum of `amount_fen` (reserve +, release −); what a fund can still promise is its balance less that.
 */
export const fundReservations = pgTable(
  'fund_reservations',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    fundId: uuid('fund_id').notNull(),
    projectId: uuid('project_id').notNull(),
    kind: varchar('kind', { length: 12 }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    bucket: varchar('bucket', { length: 40 }),
    paymentId: uuid('payment_id'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('fund_reservations_id_idx').on(t.id), index('fund_reservations_fund_idx').on(t.fundId), index('fund_reservations_project_idx').on(t.projectId)],
);

/**
 * A county's approval thresholds, in fen: up to `community_up_to_fen` the community decides, up to
 * `township_up_to_fen` the township too, above that the county as well. No row: the defaults.
 */
export const fundApprovalThresholds = pgTable('fund_approval_thresholds', {
  countyCode: varchar('county_code', { length: 6 }).primaryKey(),
  communityUpToFen: bigint('community_up_to_fen', { mode: 'number' }).notNull(),
  townshipUpToFen: bigint('township_up_to_fen', { mode: 'number' }).notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});
