import { sql } from 'drizzle-orm';
import { bigint, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, regionCode, ts } from '../../platform/columns.js';

/**
 * The enterprise register (企业名录). A firm is identified by its unified social credit code (GB 32100);
 * its region code (township, village or grid where it sits) is its scope key. The contact's phone is
 * kept only in the vault (encrypted + blind index), with a masked copy for display.
 */
export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    creditCode: varchar('credit_code', { length: 18 }).notNull(),
    name: text('name').notNull(),
    industry: varchar('industry', { length: 32 }).notNull(),
    size: varchar('size', { length: 16 }).notNull(), // large | medium | small | micro
    park: text('park'),
    address: text('address'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    contactPhoneIndex: varchar('contact_phone_index', { length: 64 }),
    contactPhoneMasked: varchar('contact_phone_masked', { length: 24 }),
    /** 领导 + 部门 + 企业特派员: the leader, the department and the commissioner answering for the firm. */
    commissionerUserId: uuid('commissioner_user_id'),
    leaderUserId: uuid('leader_user_id'),
    departmentOrgId: uuid('department_org_id'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_uq').on(t.creditCode),
    index('enterprises_region_idx').on(t.regionCode, t.createdAt),
    index('enterprises_commissioner_idx').on(t.commissionerUserId),
  ],
);

/** 企业特派员: an account designated commissioner for an area (the firms it may be assigned to). */
export const enterpriseCommissioners = pgTable('enterprise_commissioners', {
  userId: uuid('user_id').primaryKey(),
  regionCode: regionCode().notNull(),
  orgId: uuid('org_id'),
  title: text('title'),
  createdAt: createdAt(),
});

/**
 * An appeal whose requester is a firm (企业诉求), beside the appeal itself: first-contact ownership
 * (首接负责) and the enterprise clock tiers (respond, propose a solution, close), each with its due time
 * and the time it was met.
 */
export const enterpriseAppeals = pgTable(
  'enterprise_appeals',
  {
    appealId: uuid('appeal_id').primaryKey(),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: regionCode().notNull(),
    /** The appeal's number, title and status, kept in step by the appeals' status hook (lists read one table). */
    number: varchar('number', { length: 32 }).notNull(),
    title: text('title').notNull(),
    status: varchar('status', { length: 24 }).notNull(),
    /** Whoever received it owns it until it is dispatched. */
    firstContactUserId: text('first_contact_user_id').notNull(),
    firstContactName: text('first_contact_name').notNull(),
    receivedAt: ts('received_at').notNull(),
    releasedAt: ts('released_at'),
    visitId: uuid('visit_id'),
    respondDueAt: ts('respond_due_at').notNull(),
    solutionDueAt: ts('solution_due_at').notNull(),
    closeDueAt: ts('close_due_at').notNull(),
    respondedAt: ts('responded_at'),
    solutionAt: ts('solution_at'),
    solution: text('solution'),
    closedAt: ts('closed_at'),
    /** Financing and the like: the amount coordinated for the firm, in fen. */
    amountFen: bigint('amount_fen', { mode: 'number' }),
    withdrawnAt: ts('withdrawn_at'),
    withdrawReason: text('withdraw_reason'),
    /** Who asked for the withdrawal: the firm itself, or a department (a known abuse, audited monthly). */
    withdrawAskedBy: varchar('withdraw_asked_by', { length: 16 }),
    /** The handling department (the appeal's lead organisation), kept in step by the status hook. */
    handlingOrgId: uuid('handling_org_id'),
    /** The requester's latest rating (满意 / 基本满意 / 不满意 / 无法联系) as of the appeal's last move. */
    rating: varchar('rating', { length: 24 }),
    ratedAt: ts('rated_at'),
  },
  (t) => [index('enterprise_appeals_firm_idx').on(t.enterpriseId), index('enterprise_appeals_region_idx').on(t.regionCode, t.receivedAt)],
);

/** The enterprise clock tiers, configurable: tier → amount and unit (calendar units). */
export const enterpriseClockTiers = pgTable('enterprise_clock_tiers', {
  tier: varchar('tier', { length: 16 }).primaryKey(), // respond | solution | close
  amount: integer('amount').notNull(),
  unit: varchar('unit', { length: 16 }).notNull(),
});

/** A commissioner's visit to a firm: what was found, the policies explained, the problems raised. */
export const commissionerVisits = pgTable(
  'commissioner_visits',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: regionCode().notNull(),
    commissionerUserId: text('commissioner_user_id').notNull(),
    commissionerName: text('commissioner_name').notNull(),
    visitedAt: ts('visited_at').notNull(),
    findings: text('findings').notNull(),
    policies: text('policies').array().notNull().default(sql`'{}'::text[]`),
    /** The problems raised, each with the appeal it became. */
    problems: jsonb('problems').$type<{ content: string; categoryCode: string; appealId: string }[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index('commissioner_visits_firm_idx').on(t.enterpriseId, t.visitedAt), index('commissioner_visits_region_idx').on(t.regionCode, t.visitedAt), index('commissioner_visits_user_idx').on(t.commissionerUserId, t.visitedAt)],
);

/** 链长制: an industrial chain with its 链长, lead department and responsible departments. */
export const chains = pgTable('chains', {
  id: uuid('id').primaryKey(),
  regionCode: regionCode().notNull(),
  name: text('name').notNull(),
  leaderUserId: uuid('leader_user_id').notNull(),
  leadOrgId: uuid('lead_org_id').notNull(),
  responsibleOrgIds: uuid('responsible_org_ids').array().notNull().default(sql`'{}'::uuid[]`),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

export const chainMembers = pgTable(
  'chain_members',
  {
    chainId: uuid('chain_id').notNull(),
    enterpriseId: uuid('enterprise_id').notNull(),
    role: varchar('role', { length: 16 }).notNull().default('member'), // leading | member
  },
  (t) => [primaryKey({ columns: [t.chainId, t.enterpriseId] }), index('chain_members_firm_idx').on(t.enterpriseId)],
);

export const chainProjects = pgTable(
  'chain_projects',
  {
    id: uuid('id').primaryKey(),
    chainId: uuid('chain_id').notNull(),
    name: text('name').notNull(),
    investmentFen: bigint('investment_fen', { mode: 'number' }).notNull(),
    status: varchar('status', { length: 16 }).notNull(), // planned | building | done
    createdAt: createdAt(),
  },
  (t) => [index('chain_projects_chain_idx').on(t.chainId)],
);

/** 断点 (break), 漏点 (gap), 痛点 (pain): tracked to closure with an owner and a deadline. */
export const chainProblems = pgTable(
  'chain_problems',
  {
    id: uuid('id').primaryKey(),
    chainId: uuid('chain_id').notNull(),
    regionCode: regionCode().notNull(),
    kind: varchar('kind', { length: 8 }).notNull(),
    title: text('title').notNull(),
    ownerOrgId: uuid('owner_org_id').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: varchar('status', { length: 16 }).notNull(), // open | in_progress | closed
    resolution: text('resolution'),
    closedAt: ts('closed_at'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('chain_problems_chain_idx').on(t.chainId, t.status)],
);

/** A policy document (惠企政策) with the industries and sizes it applies to; pushed to matching firms. */
export const enterprisePolicies = pgTable(
  'enterprise_policies',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** Empty: every industry (size). */
    industries: text('industries').array().notNull().default(sql`'{}'::text[]`),
    sizes: text('sizes').array().notNull().default(sql`'{}'::text[]`),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('enterprise_policies_region_idx').on(t.regionCode, t.createdAt)],
);

/** A policy pushed to a firm, and its read receipt (recorded by the commissioner or the firm's contact staff). */
export const policyDeliveries = pgTable(
  'policy_deliveries',
  {
    policyId: uuid('policy_id').notNull(),
    enterpriseId: uuid('enterprise_id').notNull(),
    deliveredAt: ts('delivered_at').notNull(),
    readAt: ts('read_at'),
    readBy: text('read_by'),
  },
  (t) => [primaryKey({ columns: [t.policyId, t.enterpriseId] }), index('policy_deliveries_firm_idx').on(t.enterpriseId)],
);
