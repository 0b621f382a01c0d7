import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { bytea, createdAt, ts, updatedAt } from '../../platform/columns.js';

/** A visiting window of 错时听诉 (晨访, 午访, 日间, 夜访): China local time, HH:MM. */
export interface VisitWindow {
  code: string;
  name: string;
  nameEn: string;
  start: string;
  end: string;
}

/**
 * Visit rules per region: '' is the installation's default, a county (or any division) code overrides
 * it for its subtree; the longest matching code wins. Household intervals come from the households
 * module's visit rules (type, tags, risk).
 */
export const visitSettings = pgTable('visit_settings', {
  regionCode: varchar('region_code', { length: 15 }).primaryKey(),
  /** Households each grid worker visits per working day (≥ 10 in 吉安). */
  dailyQuota: integer('daily_quota').notNull().default(10),
  /** Township and village cadres cover every household once in this many days (half a year). */
  cadreCoverageDays: integer('cadre_coverage_days').notNull().default(182),
  /** A check-in farther than this from the household's location is flagged. */
  farMeters: integer('far_meters').notNull().default(300),
  windows: jsonb('windows').$type<VisitWindow[]>().notNull(),
  /** Household type → preferred window code (农耕户 morning, 留守户 noon, 务工户 evening …). */
  typeWindows: jsonb('type_windows').$type<Record<string, string>>().notNull(),
  updatedAt: updatedAt(),
  updatedBy: text('updated_by'),
});

/** One worker's plan for one day; the items are the households to visit, in order. */
export const visitPlans = pgTable(
  'visit_plans',
  {
    id: uuid('id').primaryKey(),
    workerId: uuid('worker_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    /** The worker's first grid: the plan's scope key (supervisors of that area see it). */
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    quota: integer('quota').notNull(),
    /** job (the morning run) | on_demand */
    source: varchar('source', { length: 16 }).notNull(),
    createdAt: createdAt(),
  },
  // The day first: a morning's plans go into one corner of the index, not all over it.
  (t) => [uniqueIndex('visit_plans_date_worker_uq').on(t.date, t.workerId), index('visit_plans_grid_date_idx').on(t.gridCode, t.date)],
);

export const visitPlanItems = pgTable(
  'visit_plan_items',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id').notNull(),
    /** The plan's date, kept on the item so "who has this household today" is one index lookup. */
    date: date('date', { mode: 'string' }).notNull(),
    householdId: uuid('household_id').notNull(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    window: varchar('window', { length: 16 }).notNull(),
    seq: integer('seq').notNull(),
    /** Why the household is on the plan, in words (zh) and as codes (vulnerable, overdue, never, nobody_home, early, swap). */
    reason: text('reason').notNull(),
    reasonCodes: text('reason_codes').array().notNull().default([]),
    /** planned | visited | nobody_home | swapped_out */
    status: varchar('status', { length: 16 }).notNull().default('planned'),
    visitId: uuid('visit_id'),
    swappedFor: uuid('swapped_for'),
    swapReason: text('swap_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    index('visit_plan_items_plan_idx').on(t.planId, t.seq),
    index('visit_plan_items_grid_date_idx').on(t.gridCode, t.date),
    // A household is on at most one worker's plan a day (a swapped-out item frees it).
    uniqueIndex('visit_plan_items_date_household_uq').on(t.date, t.householdId).where(sql`status <> 'swapped_out'`),
  ],
);

/**
 * A visit (入户走访) as logged on the phone. `clientId` is the phone's idempotency key: a retried
 * submission finds the visit it already made. `gridCode` is the scope key, captured at check-in.
 */
export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey(),
    clientId: varchar('client_id', { length: 64 }).notNull(),
    householdId: uuid('household_id').notNull(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    workerId: text('worker_id').notNull(),
    workerName: text('worker_name').notNull(),
    /** A visit by a township or village cadre (counts toward their half-year coverage). */
    byCadre: boolean('by_cadre').notNull().default(false),
    planItemId: uuid('plan_item_id'),
    window: varchar('window', { length: 16 }),
    checkInAt: ts('check_in_at').notNull(),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    accuracyM: integer('accuracy_m'),
    /** Metres from the household's recorded location, when both are known. */
    distanceM: integer('distance_m'),
    /** met | nobody_home */
    outcome: varchar('outcome', { length: 16 }).notNull(),
    metWith: text('met_with'),
    situation: text('situation'),
    /** nothing | on_spot | appeal | file_change | service | dispute */
    finding: varchar('finding', { length: 16 }).notNull(),
    findingNote: text('finding_note'),
    /** 矛盾排查: the dispute found at the door (a neighbours' or family quarrel …), in the worker's words. */
    disputeSummary: text('dispute_summary'),
    /** The mediation case opened from this visit (转人民调解), written by the mediation module in the case's transaction. */
    mediationCaseId: uuid('mediation_case_id'),
    mediationCaseNumber: varchar('mediation_case_number', { length: 32 }),
    /** 定点 fixed_point | 上门 home | 代办 proxy | 帮办 assist */
    serviceKind: varchar('service_kind', { length: 16 }),
    appealId: uuid('appeal_id'),
    appealNumber: varchar('appeal_number', { length: 32 }),
    /** The appeal (or on-the-spot record) the visit raised, kept until the appeal exists. */
    pendingAppeal: jsonb('pending_appeal').$type<Record<string, unknown>>(),
    /** For a file change: applied | conflict | discarded; the change itself while it waits. */
    changeStatus: varchar('change_status', { length: 16 }),
    pendingChange: jsonb('pending_change').$type<Record<string, unknown>>(),
    /** far_from_household | late_sync | no_location */
    flags: text('flags').array().notNull().default([]),
    photoCount: integer('photo_count').notNull().default(0),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('visits_worker_client_uq').on(t.workerId, t.clientId),
    index('visits_grid_time_idx').on(t.gridCode, t.checkInAt),
    index('visits_household_time_idx').on(t.householdId, t.checkInAt),
    index('visits_worker_time_idx').on(t.workerId, t.checkInAt),
    index('visits_time_idx').on(t.checkInAt),
    // Disputes are a few in a thousand visits: the figures count them over any period from this index alone.
    index('visits_dispute_time_idx').on(t.checkInAt, t.gridCode).where(sql`finding = 'dispute'`),
  ],
);

export const visitPhotos = pgTable(
  'visit_photos',
  {
    id: uuid('id').primaryKey(),
    visitId: uuid('visit_id').notNull(),
    seq: integer('seq').notNull(),
    filename: text('filename').notNull(),
    mime: varchar('mime', { length: 64 }).notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('visit_photos_visit_idx').on(t.visitId, t.seq)],
);

/**
 * Each household's visiting state, kept by the visits module as visits arrive, so planning and
 * coverage read one row per household instead of its whole visit history.
 */
export const householdVisitState = pgTable(
  'household_visit_state',
  {
    householdId: uuid('household_id').primaryKey(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    /** The last visit where somebody was met. */
    lastVisitAt: ts('last_visit_at'),
    lastCadreVisitAt: ts('last_cadre_visit_at'),
    lastAttemptAt: ts('last_attempt_at'),
    /** Windows tried with nobody home since the last visit that met somebody. */
    nobodyHomeWindows: text('nobody_home_windows').array().notNull().default([]),
    visits: integer('visits').notNull().default(0),
  },
  (t) => [
    index('household_visit_state_grid_idx').on(t.gridCode, t.lastVisitAt),
    // What the planner reads of each household, from the index alone (the morning run reads them all).
    index('household_visit_state_planner_idx').on(t.householdId, t.lastVisitAt, t.nobodyHomeWindows),
  ],
);

/**
 * Visit counts per grid and month (China time), kept in the visit's own transaction, so coverage over
 * whole months reads about a row per grid and month instead of a year of visits. A visit counts in
 * the grid it was made in. Each township has rows of its own with its grids' sums, so a city's
 * figures read a few hundred townships rather than twenty thousand grids.
 */
export const visitGridMonths = pgTable(
  'visit_grid_months',
  {
    /** A grid (15 digits), or a township (9 digits) holding the sums of its grids for wide areas. */
    code: varchar('code', { length: 15 }).notNull(),
    /** YYYY-MM */
    month: varchar('month', { length: 7 }).notNull(),
    /** Visits that met somebody. */
    met: integer('met').notNull().default(0),
    nobodyHome: integer('nobody_home').notNull().default(0),
    /** Visits by grid workers (not cadres): the quota's numerator. */
    workerVisits: integer('worker_visits').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.code, t.month] }),
    // A city reads its townships' rows only: by the code's length first (grids and townships interleave in the key).
    index('visit_grid_months_level_idx').on(sql`length(${t.code})`, t.code, t.month),
  ],
);

/**
 * Distinct households visited, in a shape that sums over any run of whole months: a household counts
 * once for each month it was met in, under the month it was last met before (`since`; '' when that is
 * more than twelve months earlier, or never). The households met in months A..B are then the rows with
 * A ≤ month ≤ B and since < A: each household's first month met inside the run, exactly once.
 */
export const visitGridFirsts = pgTable(
  'visit_grid_firsts',
  {
    /** A grid, or a township (the sums of its grids). */
    code: varchar('code', { length: 15 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    since: varchar('since', { length: 7 }).notNull(),
    households: integer('households').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.code, t.month, t.since] }), index('visit_grid_firsts_level_idx').on(sql`length(${t.code})`, t.code, t.month, t.since)],
);

/**
 * Household figures of every area (grid, village, township, county, city, province, all: `code` of
 * 15, 12, 9, 6, 4, 2 or 0 digits), refreshed by the `visits.figures` job: counting a county's or a
 * city's million household files on each request is too slow, so wide areas read these and say when
 * they were counted. Areas of a township or smaller are always counted live.
 */
export const visitAreaFigures = pgTable(
  'visit_area_figures',
  {
    code: varchar('code', { length: 15 }).primaryKey(),
    households: integer('households').notNull(),
    vulnerable: integer('vulnerable').notNull(),
    vulnerableOverdue: integer('vulnerable_overdue').notNull(),
    neverVisited: integer('never_visited').notNull(),
    /** Full-time workers and 大组长 with a grid in the area. */
    workers: integer('workers').notNull(),
    countedAt: ts('counted_at').notNull(),
  },
  (t) => [index('visit_area_figures_level_idx').on(sql`length(${t.code})`, t.code)],
);
