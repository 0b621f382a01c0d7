/**
 * Where every table would live on a distributed PostgreSQL (Citus): docs/distributed.md explains the plan;
 * distribution.test.ts checks the schema against it. Nothing here runs in the application.
 *
 * - `distributed`: sharded by county. The distribution column would be `county_code`, the first six digits
 *   of the column named in `by` (a grid's, village's, township's or county's code; a city's or the
 *   province's own rows keep their shorter code and land on a shard of their own). Every primary key,
 *   unique constraint and foreign key to another distributed table must include `by` (then adding
 *   `county_code` to it is mechanical), or be listed in `exceptions` with the reason and what to do.
 *   A table without such a column names its parent in `via` and says in `missing` how it gets one.
 * - `reference`: small, read everywhere, rarely written: copied whole to every node.
 * - `local`: kept on the coordinator only (per-instance machinery: sessions, jobs, rate limits).
 */
type Exceptions = Record<string, string>;

export type Placement =
  | { kind: 'distributed'; by: string; exceptions?: Exceptions }
  | { kind: 'distributed'; by: null; via: string; missing: string; exceptions?: Exceptions }
  | { kind: 'reference'; why: string }
  | { kind: 'local'; why: string };

/** The name a primary key goes by in `exceptions`. */
export const PRIMARY_KEY = 'primary key';
/** The name a foreign key goes by in `exceptions`: `fk:<columns>-><table>`. */
const fkName = (columns: string[], table: string) => `fk:${columns.join('+')}->${table}`;

const UUID_ID =
  'a random uuid, unique by construction: the key becomes (county_code, id) with no change of meaning; a lookup by id alone goes to every shard, so the routes must pass the county (the record’s scope, which every query already checks)';
const uuidPk: Exceptions = { [PRIMARY_KEY]: UUID_ID };
const D = (by: string, exceptions: Exceptions = uuidPk): Placement => ({ kind: 'distributed', by, exceptions });
const child = (via: string, exceptions?: Exceptions): Placement => ({
  kind: 'distributed',
  by: null,
  via,
  missing: `no county column: gains county_code copied from its ${via} row on insert, added to its keys; co-located with ${via}`,
  exceptions,
});
const R = (why: string): Placement => ({ kind: 'reference', why });
const L = (why: string): Placement => ({ kind: 'local', why });
const SETTINGS = 'settings: a few rows per county or fewer, read by every request of its kind';

export const DISTRIBUTION: Record<string, Placement> = {
  // Shared vocabularies and settings.
  regions: R('the division tree (23,959 rows for 江西): every scope check and name lookup joins it'),
  appeal_categories: R('the category tree, a few hundred rows'),
  calendar_days: R('the working-day calendar, one row a day'),
  appeal_accept_limits: R(SETTINGS),
  appeal_time_limits: R(SETTINGS),
  household_tags: R('the tag vocabulary'),
  visit_rules: R(SETTINGS),
  visit_settings: R(SETTINGS),
  assessment_weights: R(SETTINGS),
  warning_rules: R(SETTINGS),
  warning_thresholds: R(SETTINGS),
  duplicate_settings: R(SETTINGS),
  fund_approval_thresholds: R(SETTINGS),
  enterprise_clock_tiers: R(SETTINGS),
  meeting_kinds: R('the kinds of meeting, a few rows'),
  reminder_kinds: R('the kinds of dated item, a few rows'),
  grid_revision: R('one counter row, bumped when any grid changes (rare); read by every point-to-grid cache'),
  orgs: R('organisations (departments, centres): thousands of rows, some at city or province level, joined by every inbox'),
  org_categories: R('which organisation handles which category: joined by every dispatch'),
  users: R(
    'accounts (about 150,000 at province scale): sign-in knows a username, not a county, and usernames are unique province-wide; last_login_at is written on each sign-in, which on a reference table is a write to every node: move it to sessions first',
  ),
  api_keys: R('API keys: a handful, looked up by hash with no county'),
  mediators: R('mediators, a few thousand, picked from any county case'),
  enterprise_policies: R('policies issued at any level and delivered to enterprises of many counties'),
  chains: R('industrial chains (产业链) span counties; a few dozen'),
  chain_members: R('members of the chains: small, joined with chains'),
  chain_projects: R('projects of the chains: small'),

  // Per-instance machinery.
  sessions: L('sign-in sessions, looked up by token hash on every request; could be distributed by token_hash later'),
  helper_sessions: L('volunteer sign-in sessions, as sessions'),
  rate_limits: L('throttling counters'),
  jobs: L('the job queue: claimed by any instance, keyed by job key'),
  job_files: L('files of jobs'),
  appeal_idempotency_keys: L('short-lived idempotency keys of intake, keyed by the caller'),
  notifications: L('a user’s inbox, keyed by user: could be distributed by user_id, not co-located with county data'),
  outbox: L('the delivery queue polled by the sender'),

  // Appeals: the largest tables with visits and households.
  appeals: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    appeals_number_uq: 'the number begins with the county code (360802-20261122-0042): unique (county_code, number) is the same constraint',
    appeals_token_uq:
      'the public tracking token is looked up with no county: keep a small table distributed by token (token → county_code, appeal id) written in the same transaction, or prefix tokens with the county code',
  }),
  appeal_day_figures: D('county_code', {}),
  appeal_sequences: D('prefix', {}),
  appeal_affected: child('appeals'),
  appeal_attachments: child('appeals'),
  appeal_evaluations: child('appeals'),
  appeal_events: child('appeals'),
  appeal_parts: child('appeals'),
  appeal_requests: child('appeals'),
  enterprise_appeals: D('region_code', { [PRIMARY_KEY]: 'appeal_id, one row per appeal: becomes (county_code, appeal_id), co-located with appeals' }),

  // Households and people.
  households: D('grid_code', {
    [PRIMARY_KEY]: UUID_ID,
    households_address_key_uq: 'the key begins with the village code or a building id, both inside one county: unique (county_code, address_key) is the same constraint',
  }),
  people: D('grid_code', {
    [PRIMARY_KEY]: UUID_ID,
    people_id_number_bidx_uq:
      'an ID number is unique across the province, not per county: keep a table distributed by id_number_bidx (→ county_code, person id) written in the same transaction (a two-shard commit) when a person is added or moves county',
  }),
  household_members: child('households'),
  household_events: D('grid_code'),
  record_changes: D('grid_code'),
  import_jobs: D('region_code'),
  import_job_errors: child('import_jobs'),
  import_job_rows: child('import_jobs'),
  buildings: D('grid_code', { [PRIMARY_KEY]: UUID_ID }),
  compounds: D('grid_code', { [PRIMARY_KEY]: UUID_ID }),

  // Grids.
  grids: D('code', {}),
  grid_workers: D('grid_code', {}),
  grid_changes: D('grid_code'),
  grid_duties: D('grid_code'),

  // Visits.
  visits: D('grid_code', {
    [PRIMARY_KEY]: UUID_ID,
    visits_worker_client_uq: 'the offline client’s own id, random per device: unique (county_code, worker_id, client_id) is as good',
  }),
  visit_photos: child('visits'),
  visit_plans: D('grid_code', {
    [PRIMARY_KEY]: UUID_ID,
    visit_plans_date_worker_uq:
      'one plan a worker a day: with county_code added a worker with grids in two counties could get two plans a day; the planner plans a worker once (its grids are of one county today), so the service keeps the rule',
  }),
  visit_plan_items: D('grid_code', {
    [PRIMARY_KEY]: UUID_ID,
    visit_plan_items_date_household_uq: 'a household lies in one county: unique (county_code, date, household_id) is the same constraint',
  }),
  household_visit_state: D('grid_code', { [PRIMARY_KEY]: 'household_id, one row per household: becomes (county_code, household_id), co-located with households' }),
  visit_area_figures: D('code', {}),
  visit_grid_months: D('code', {}),
  visit_grid_firsts: D('code', {}),

  // Assessment and warnings.
  assessment_reports: D('region_code'),
  month_problems: D('region_code'),
  warnings: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    warnings_key_uq: 'the key names its community or region (rise:<community>:…, season:<rule>:<region>:…): unique (county_code, key) is the same constraint',
  }),

  // Disclosure, enterprises, funds.
  disclosure_requests: D('region_code'),
  disclosure_events: child('disclosure_requests'),
  enterprises: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    enterprises_credit_code_uq:
      'the unified social credit code (统一社会信用代码) is national: keep a table distributed by credit_code (→ county_code, enterprise id) written in the same transaction',
  }),
  enterprise_commissioners: D('region_code', { [PRIMARY_KEY]: 'user_id, one row per commissioner account: becomes (county_code, user_id)' }),
  commissioner_visits: D('region_code'),
  chain_problems: D('region_code'),
  policy_deliveries: child('enterprises'),
  funds: D('region_code'),
  fund_projects: D('region_code'),
  fund_entries: D('region_code', {
    [PRIMARY_KEY]:
      'seq, the ledger’s one global order: becomes (county_code, seq); a sequence still hands out increasing numbers, but the guard of migration 0026 (an entry may only follow the latest of its fund) must then compare within the fund’s county, which it does since a fund lies in one county',
    fund_entries_id_idx: UUID_ID,
    fund_entries_reverses_idx: 'an entry reverses an entry of the same fund, so of the same county: unique (county_code, reverses_id) is the same constraint',
  }),
  fund_reservations: child('funds', { fund_reservations_id_idx: UUID_ID }),
  fund_payments: child('fund_projects'),
  fund_files: child('fund_projects'),
  fund_project_events: child('fund_projects'),

  // Mediation.
  mediation_cases: D('region_code'),
  mediation_agreements: child('mediation_cases'),
  mediation_attachments: child('mediation_cases'),
  mediation_checks: child('mediation_cases'),
  mediation_events: child('mediation_cases'),
  mediation_parties: child('mediation_cases'),
  mediation_sessions: child('mediation_cases'),

  // Meetings: the only tables with declared foreign keys.
  meeting_series: D('region_code'),
  meetings: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    meetings_series_rule_date_uq: 'a series lies in one region: unique (county_code, series_id, rule_date) is the same constraint',
    [fkName(['series_id'], 'meeting_series')]: 'a meeting and its series share a region: the key becomes (county_code, series_id) → meeting_series (county_code, id)',
  }),
  meeting_topics: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    [fkName(['meeting_id'], 'meetings')]: 'becomes (county_code, meeting_id) → meetings (county_code, id)',
  }),
  meeting_decisions: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    [fkName(['meeting_id'], 'meetings')]: 'becomes (county_code, meeting_id) → meetings (county_code, id)',
    [fkName(['topic_id'], 'meeting_topics')]: 'becomes (county_code, topic_id) → meeting_topics (county_code, id)',
  }),
  meeting_actions: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    [fkName(['meeting_id'], 'meetings')]: 'becomes (county_code, meeting_id) → meetings (county_code, id)',
    [fkName(['decision_id'], 'meeting_decisions')]: 'becomes (county_code, decision_id) → meeting_decisions (county_code, id)',
  }),
  meeting_action_updates: child('meeting_actions'),
  meeting_events: child('meetings'),
  meeting_participants: child('meetings'),
  meeting_files: child('meetings'),
  meeting_reminders: child('meetings'),

  // Reminders, volunteers, wishes.
  dated_items: D('region_code'),
  reminder_sends: child('dated_items'),
  helpers: D('region_code'),
  helper_codes: child('helpers'),
  volunteer_teams: D('region_code'),
  volunteer_activities: D('region_code'),
  activity_signups: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    activity_signups_uq: 'a signup lies in its activity’s region: unique (county_code, activity_id, helper_id) is the same constraint',
  }),
  paired_units: D('region_code'),
  unit_duties: D('region_code'),
  needs: D('region_code'),
  resources: D('region_code'),
  wish_campaigns: D('region_code'),
  wishes: D('region_code', {
    [PRIMARY_KEY]: UUID_ID,
    wishes_person_campaign_uq: 'a person lies in one county: unique (county_code, campaign_id, person_id) is the same constraint',
  }),
  wish_events: child('wishes'),
  wish_helpers: child('wishes'),
  wish_photos: child('wishes'),
  wish_pushes: child('wish_campaigns'),

  // The audit log: large and append-only.
  audit_log: D('region_code', {
    [PRIMARY_KEY]: 'a bigserial: becomes (county_code, id); rows with no region (system actions, region_code empty) all land on one shard, which is acceptable for their number',
  }),
};

export interface TableShape {
  name: string;
  columns: string[];
  /** Each primary key or unique constraint/index, by the name `exceptions` uses, with its columns (null for an expression). */
  keys: { name: string; columns: (string | null)[] }[];
  foreignKeys: { columns: string[]; table: string; foreignColumns: string[] }[];
}

/** Every breach of the rules above, in words; an empty list when the schema keeps them. */
export function checkDistribution(tables: TableShape[], plan: Record<string, Placement>): string[] {
  const problems: string[] = [];
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const t of tables) if (!plan[t.name]) problems.push(`${t.name}: not classified (distributed, reference or local) in server/platform/distribution.ts`);
  for (const name of Object.keys(plan)) if (!byName.has(name)) problems.push(`${name}: classified but no such table`);
  for (const t of tables) {
    const p = plan[t.name];
    if (!p) continue;
    for (const fk of t.foreignKeys) {
      const target = plan[fk.table];
      if (!target) continue;
      if (p.kind === 'reference' && target.kind !== 'reference') problems.push(`${t.name}: a reference table may only reference reference tables (→ ${fk.table})`);
      if (p.kind === 'local' && target.kind === 'distributed') problems.push(`${t.name}: a local table cannot reference a distributed table (→ ${fk.table})`);
      if (p.kind === 'distributed' && target.kind === 'local') problems.push(`${t.name}: a distributed table cannot reference a local table (→ ${fk.table})`);
    }
    if (p.kind !== 'distributed') continue;
    const used = new Set<string>();
    const need = (key: string, what: string) => {
      if (p.exceptions?.[key]) used.add(key);
      else problems.push(`${t.name}: ${what}`);
    };
    if (p.by === null) {
      const parent = plan[p.via];
      if (!parent || parent.kind !== 'distributed') problems.push(`${t.name}: via ${p.via}, which is not a distributed table`);
      if (!p.missing.trim()) problems.push(`${t.name}: no county column and no reason`);
      if (t.columns.some((c) => c === 'county_code' || c === 'region_code' || c === 'grid_code')) {
        problems.push(`${t.name}: has a county-bearing column now: name it in "by" instead of via ${p.via}`);
      }
    } else {
      if (!t.columns.includes(p.by)) problems.push(`${t.name}: distributed by ${p.by}, which is not one of its columns`);
      for (const k of t.keys) {
        if (!k.columns.includes(p.by)) need(k.name, `${k.name === PRIMARY_KEY ? 'the primary key' : `unique ${k.name}`} (${k.columns.map((c) => c ?? '(expression)').join(', ')}) lacks ${p.by}: include it or list it in exceptions with the reason`);
      }
      for (const fk of t.foreignKeys) {
        const target = plan[fk.table];
        if (target?.kind !== 'distributed') continue;
        const targetBy = target.by;
        if (targetBy === null || !fk.columns.includes(p.by) || !fk.foreignColumns.includes(targetBy)) {
          need(fkName(fk.columns, fk.table), `the foreign key (${fk.columns.join(', ')}) → ${fk.table} lacks the county column on both sides: include it or list it in exceptions`);
        }
      }
    }
    if (p.by === null) {
      // A child's keys all change with the column it gains: its exceptions only have to name keys it has.
      const names = new Set([...t.keys.map((k) => k.name), ...t.foreignKeys.map((fk) => fkName(fk.columns, fk.table))]);
      for (const k of Object.keys(p.exceptions ?? {})) if (names.has(k)) used.add(k);
    }
    for (const k of Object.keys(p.exceptions ?? {})) {
      if (!used.has(k)) problems.push(`${t.name}: exception "${k}" no longer applies: remove it`);
      else if (!p.exceptions![k].trim()) problems.push(`${t.name}: exception "${k}" gives no reason`);
    }
  }
  return problems;
}
