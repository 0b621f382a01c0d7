import { boolean, index, integer, jsonb, pgTable, serial, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea, createdAt, regionCode, ts } from '../../platform/columns.js';

/** A participant as a series or an occurrence lists them: a party, and who stands for it. */
export interface ParticipantSpec {
  party: string;
  /** The role as lists show it (3栋居民代表). */
  label: string;
  userId?: string | null;
  orgId?: string | null;
  /** A resident representative picked from the household files. */
  personId?: string | null;
  /** A resident representative's name and mobile, vault-encrypted (meetings.people.ts). */
  nameEnc?: string | null;
  nameMasked?: string | null;
  phoneEnc?: string | null;
  phoneMasked?: string | null;
}

/** When a series meets: monthly on day N, every N weeks on a weekday, or the Nth weekday of the month. */
export type Recurrence =
  | { freq: 'monthly_day'; day: number }
  | { freq: 'weekly'; interval: number; weekday: number }
  | { freq: 'monthly_nth_weekday'; nth: number; weekday: number };

/**
 * Meeting kinds (楼栋会, 红色议事会, 政协协商, ...): configurable rows, not regional. Each gives its default
 * parties, its quorum as a fraction of the invited members and its usual cadence.
 */
export const meetingKinds = pgTable('meeting_kinds', {
  id: uuid('id').primaryKey(),
  code: varchar('code', { length: 40 }).notNull().unique(),
  name: text('name').notNull(),
  defaultParties: jsonb('default_parties').$type<string[]>().notNull().default([]),
  quorumNum: integer('quorum_num').notNull().default(2),
  quorumDen: integer('quorum_den').notNull().default(3),
  cadence: varchar('cadence', { length: 20 }).notNull().default('monthly'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/** A recurring meeting held at a place (region code) and convened by an organisation. */
export const meetingSeries = pgTable(
  'meeting_series',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    kindId: uuid('kind_id').notNull().references(() => meetingKinds.id),
    title: text('title').notNull(),
    convenerOrgId: uuid('convener_org_id'),
    rule: jsonb('rule').$type<Recurrence>().notNull(),
    startDate: varchar('start_date', { length: 10 }).notNull(),
    endDate: varchar('end_date', { length: 10 }),
    startTime: varchar('start_time', { length: 5 }).notNull().default('19:00'),
    /** Move an occurrence that falls on a day off (holiday or weekend on the working calendar) to the next working day. */
    moveOffDays: boolean('move_off_days').notNull().default(true),
    participants: jsonb('participants').$type<ParticipantSpec[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('meeting_series_region_idx').on(t.regionCode)],
);

/** One meeting (an occurrence of a series, or a single meeting). */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    seriesId: uuid('series_id').references(() => meetingSeries.id),
    kindId: uuid('kind_id').notNull().references(() => meetingKinds.id),
    title: text('title').notNull(),
    /** The date the rule gave (the idempotency key with the series); `date` is where it is held. */
    ruleDate: varchar('rule_date', { length: 10 }),
    date: varchar('date', { length: 10 }).notNull(),
    startTime: varchar('start_time', { length: 5 }).notNull().default('19:00'),
    movedReason: text('moved_reason'),
    status: varchar('status', { length: 20 }).notNull().default('scheduled'),
    statusReason: text('status_reason'),
    quorumNum: integer('quorum_num').notNull(),
    quorumDen: integer('quorum_den').notNull(),
    minutes: text('minutes'),
    heldAt: ts('held_at'),
    /** The secret in the sign-in QR code shown on the meeting's screen (made on request). */
    signToken: varchar('sign_token', { length: 64 }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('meetings_region_idx').on(t.regionCode, t.date), uniqueIndex('meetings_series_rule_date_uq').on(t.seriesId, t.ruleDate)],
);

/** The meeting's timeline: each workflow step, who took it and why. */
export const meetingEvents = pgTable(
  'meeting_events',
  {
    id: serial('id').primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id),
    action: varchar('action', { length: 30 }).notNull(),
    fromStatus: varchar('from_status', { length: 20 }),
    toStatus: varchar('to_status', { length: 20 }),
    reason: text('reason'),
    actorId: text('actor_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('meeting_events_meeting_idx').on(t.meetingId)],
);

/** Who is invited to a meeting and whether they signed in. */
export const meetingParticipants = pgTable(
  'meeting_participants',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id),
    party: varchar('party', { length: 30 }).notNull(),
    label: text('label').notNull(),
    userId: uuid('user_id'),
    orgId: uuid('org_id'),
    /** A resident representative's name and mobile, sealed in the vault, each beside its masked form. */
    nameEnc: text('name_enc'),
    /** A resident representative picked from the household files. */
    personId: uuid('person_id'),
    nameMasked: varchar('name_masked', { length: 40 }),
    phoneEnc: text('phone_enc'),
    phoneMasked: varchar('phone_masked', { length: 24 }),
    signedInAt: ts('signed_in_at'),
    signedInVia: varchar('signed_in_via', { length: 10 }),
  },
  (t) => [index('meeting_participants_meeting_idx').on(t.meetingId)],
);

export const meetingTopics = pgTable(
  'meeting_topics',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id),
    regionCode: regionCode().notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    source: varchar('source', { length: 20 }).notNull(),
    categoryCode: varchar('category_code', { length: 20 }),
    appealCount: integer('appeal_count'),
    proposerUserId: uuid('proposer_user_id'),
    /** A resident who proposed it at the door (a grid worker's visit): the person of the household files, the name masked only. */
    proposerPersonId: uuid('proposer_person_id'),
    proposerNameMasked: varchar('proposer_name_masked', { length: 40 }),
    visitId: uuid('visit_id'),
    status: varchar('status', { length: 20 }).notNull().default('proposed'),
    reason: text('reason'),
    /** 政协协商: collected → researched (a research report) → consulted → concluded (the outcome). */
    stage: varchar('stage', { length: 20 }).notNull().default('collected'),
    researchReport: text('research_report'),
    outcome: text('outcome'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('meeting_topics_meeting_idx').on(t.meetingId)],
);

export const meetingDecisions = pgTable(
  'meeting_decisions',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id),
    topicId: uuid('topic_id').references(() => meetingTopics.id),
    regionCode: regionCode().notNull(),
    text: text('text').notNull(),
    method: varchar('method', { length: 20 }).notNull(),
    votesFor: integer('votes_for'),
    votesAgainst: integer('votes_against'),
    votesAbstain: integer('votes_abstain'),
    present: integer('present').notNull(),
    invited: integer('invited').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('meeting_decisions_meeting_idx').on(t.meetingId)],
);

export const meetingActions = pgTable(
  'meeting_actions',
  {
    id: uuid('id').primaryKey(),
    decisionId: uuid('decision_id').notNull().references(() => meetingDecisions.id),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id),
    seriesId: uuid('series_id'),
    regionCode: regionCode().notNull(),
    title: text('title').notNull(),
    ownerOrgId: uuid('owner_org_id'),
    ownerUserId: uuid('owner_user_id'),
    deadline: varchar('deadline', { length: 10 }).notNull(),
    progress: integer('progress').notNull().default(0),
    status: varchar('status', { length: 20 }).notNull().default('planned'),
    reason: text('reason'),
    proposerUserId: uuid('proposer_user_id'),
    doneAt: ts('done_at'),
    /** When the owner and the convener were warned that the deadline passed; escalated to leaders later. */
    warnedAt: ts('warned_at'),
    /** Sent into the appeal loop: the action then follows that appeal's outcome. */
    appealId: uuid('appeal_id'),
    escalatedAt: ts('escalated_at'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('meeting_actions_region_idx').on(t.regionCode, t.deadline), index('meeting_actions_meeting_idx').on(t.meetingId), index('meeting_actions_appeal_idx').on(t.appealId)],
);

/** Dated progress updates of an action (append-only). */
export const meetingActionUpdates = pgTable(
  'meeting_action_updates',
  {
    id: serial('id').primaryKey(),
    actionId: uuid('action_id').notNull().references(() => meetingActions.id),
    at: ts('at').notNull().defaultNow(),
    progress: integer('progress').notNull(),
    status: varchar('status', { length: 20 }).notNull(),
    note: text('note'),
    actorId: text('actor_id').notNull(),
  },
  (t) => [index('meeting_action_updates_action_idx').on(t.actionId)],
);

/**
 * Reminders sent (SMS through the outbox, and a console notice): one row per (meeting, participant) the
 * day before, and per (action, days-before threshold) for its owner. The unique key makes each once.
 */
export const meetingReminders = pgTable(
  'meeting_reminders',
  {
    id: serial('id').primaryKey(),
    kind: varchar('kind', { length: 12 }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    recipientKey: varchar('recipient_key', { length: 80 }).notNull(),
    /** How many were texted (0: nobody of that recipient has a mobile on file; the console notice still went). */
    texts: integer('texts').notNull().default(0),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('meeting_reminders_uq').on(t.kind, t.subjectId, t.recipientKey)],
);

/**
 * Photos of a meeting's minutes and of an action's progress, decoded and re-encoded on the way in
 * (metadata such as EXIF and GPS dropped). Minutes' photos stay inside; progress photos are public.
 */
export const meetingFiles = pgTable(
  'meeting_files',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id').notNull(),
    actionId: uuid('action_id'),
    updateId: integer('update_id'),
    kind: varchar('kind', { length: 12 }).notNull(),
    filename: text('filename').notNull(),
    mime: varchar('mime', { length: 64 }).notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('meeting_files_meeting_idx').on(t.meetingId), index('meeting_files_action_idx').on(t.actionId)],
);
