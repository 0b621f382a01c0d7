import { bigint, boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea, createdAt, regionCode, updatedAt } from '../../platform/columns.js';

/**
 * 人民调解: a mediation case belongs to one mediation body (an org of a body kind) and lies in the
 * body's region, captured when the case is made. Who sees it: server/platform/access/mediation.ts
 * (the body, the township's 司法所, the referring court's room).
 */
export const mediationCases = pgTable(
  'mediation_cases',
  {
    id: uuid('id').primaryKey(),
    number: varchar('number', { length: 32 }).notNull(),
    bodyId: uuid('body_id').notNull(),
    regionCode: regionCode().notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    // appeal | visit | application | court | federation
    source: varchar('source', { length: 16 }).notNull(),
    /** The appeal or visit the case came from. */
    sourceRef: uuid('source_ref'),
    /** The court's room (or federation) that referred it: it sees the case. */
    referringOrgId: uuid('referring_org_id'),
    kind: varchar('kind', { length: 24 }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
    // low | medium | high
    risk: varchar('risk', { length: 8 }).notNull().default('low'),
    /** to_violence | to_petition: what the dispute could turn into. */
    riskKinds: jsonb('risk_kinds').$type<string[]>().notNull().default([]),
    mediatorId: uuid('mediator_id'),
    /** The next session as planned: the mediator's phone lists the day's. */
    nextSessionOn: date('next_session_on', { mode: 'string' }),
    nextSessionPlace: text('next_session_place'),
    /** The next step's due time (acceptance, conclusion, performance), on the working calendar. */
    stepDueAt: timestamp('step_due_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    /** court | arbitration | department, with the name of where it went. */
    referredTo: varchar('referred_to', { length: 16 }),
    referredName: text('referred_name'),
    /** Judicial confirmation (Art. 33): none | applied | accepted | granted | refused | lapsed. */
    confirmation: varchar('confirmation', { length: 12 }).notNull().default('none'),
    confirmationDueOn: date('confirmation_due_on', { mode: 'string' }),
    confirmationWarned: boolean('confirmation_warned').notNull().default(false),
    /** 诉前委派: a court's referral warned the body once (a working day before the acceptance deadline). */
    referralWarned: boolean('referral_warned').notNull().default(false),
    /** 诉前委派 not accepted by its deadline: marked once, the court and the 司法所 told. */
    referralOverdueAt: timestamp('referral_overdue_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('mediation_cases_region_idx').on(t.regionCode, t.createdAt), index('mediation_cases_body_idx').on(t.bodyId, t.status), index('mediation_cases_next_session_idx').on(t.nextSessionOn)],
);

/**
 * Parties. A resident from the household files by person id; an outsider with a name and a contact;
 * an enterprise by name and credit code (the enterprise register links here later: `enterpriseId`).
 * Personal names and phones only through the vault: encrypted, blind-indexed, masked.
 */
export const mediationParties = pgTable(
  'mediation_parties',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    // applicant | respondent
    side: varchar('side', { length: 12 }).notNull(),
    // person | outsider | enterprise
    kind: varchar('kind', { length: 12 }).notNull(),
    personId: uuid('person_id'),
    nameEnc: text('name_enc'),
    nameMasked: varchar('name_masked', { length: 64 }).notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: varchar('phone_bidx', { length: 64 }),
    phoneMasked: varchar('phone_masked', { length: 32 }),
    enterpriseName: text('enterprise_name'),
    creditCode: varchar('credit_code', { length: 18 }),
    enterpriseId: uuid('enterprise_id'),
    representativeEnc: text('representative_enc'),
    representativeMasked: varchar('representative_masked', { length: 64 }),
  },
  (t) => [index('mediation_parties_case_idx').on(t.caseId), index('mediation_parties_phone_idx').on(t.phoneBidx)],
);

/** Mediators: respected elders, old party members, lawyers; an account is optional. */
export const mediators = pgTable(
  'mediators',
  {
    id: uuid('id').primaryKey(),
    bodyId: uuid('body_id').notNull(),
    regionCode: regionCode().notNull(),
    name: text('name').notNull(),
    userId: uuid('user_id'),
    specialities: jsonb('specialities').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('mediators_body_idx').on(t.bodyId)],
);

/** 调解会: date, place, who came, notes by the 三步三讲 steps (诉困难 → 找症结 → 促和解). */
export const mediationSessions = pgTable(
  'mediation_sessions',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    attendees: text('attendees').notNull(),
    notes: jsonb('notes').$type<{ hardship: string; crux: string; reconcile: string }>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_sessions_case_idx').on(t.caseId, t.heldOn)],
);

/** The agreement (Art. 29), versioned: a revision is a new row with the next version. */
export const mediationAgreements = pgTable(
  'mediation_agreements',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    version: integer('version').notNull(),
    facts: text('facts').notNull(),
    responsibilities: jsonb('responsibilities').$type<{ partyId: string; text: string }[]>().notNull(),
    manner: text('manner').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_agreements_case_idx').on(t.caseId, t.version)],
);

/** Performance checks (Art. 31), dated: ongoing | performed | failed. */
export const mediationChecks = pgTable(
  'mediation_checks',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    checkedOn: date('checked_on', { mode: 'string' }).notNull(),
    result: varchar('result', { length: 12 }).notNull(),
    note: text('note').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_checks_case_idx').on(t.caseId)],
);

/** The case's timeline: every step, who, when, from and to. */
export const mediationEvents = pgTable(
  'mediation_events',
  {
    id: serial('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    type: varchar('type', { length: 32 }).notNull(),
    fromStatus: varchar('from_status', { length: 16 }),
    toStatus: varchar('to_status', { length: 16 }),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mediation_events_case_idx').on(t.caseId, t.id)],
);

/** Photos of a session, the signed copy of an agreement (scanned or photographed), a check's evidence. */
export const mediationAttachments = pgTable(
  'mediation_attachments',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    /** The step it came with: hold_session, agree, revise_agreement, check, performed, failed. */
    step: varchar('step', { length: 32 }).notNull(),
    /** The agreement's version it belongs to: the signed copies (step agree, revise_agreement or signed_copy). */
    agreementVersion: integer('agreement_version'),
    filename: text('filename').notNull(),
    mime: varchar('mime', { length: 64 }).notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_attachments_case_idx').on(t.caseId)],
);
