/**
 * The demo's appeals: a year of 吉州区's appeals up to the moment the demo loads, lived on the real
 * calendar and limits (appeal-life.ts), handled by the county's departments, raised by the residents
 * on file — and, pinned on top, the work each demo account finds on its desk today: appeals waiting to
 * be accepted and dispatched, to be signed for, running, nearly due and overdue, a leader case handled
 * jointly with a duplicate merged into it, an extension waiting for approval, outcomes waiting for
 * feedback and rating, and a rework.
 */
import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { inRegion } from '../platform/access.js';
import type { Vault } from '../platform/crypto.js';
import { rows, type Database } from '../platform/db.js';
import { appeals } from '../modules/appeals/appeals.tables.js';
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { appealCategories } from '../modules/categories/categories.tables.js';
import { installShippedCalendars, workCalendar } from '../modules/calendar/calendar.service.js';
import { people } from '../modules/households/households.tables.js';
import { outbox } from '../modules/notifications/notifications.tables.js';
import { orgCategories, orgs } from '../modules/orgs/orgs.tables.js';
import { users } from '../modules/users/users.tables.js';
import { workingMinutesBefore } from './appeal-life.clock.js';
import type { Rating, StopAt, Step } from './appeal-life.js';
import { generateAppealHistory } from './appeals.js';
import type { Pinned, Requester } from './appeals.setting.js';
import { warningPins } from './warnings.js';

/**
 * 吉安市 collected about 114,000 problems in 2025 (docs/DOMAIN.md §2) over 13 counties, an even share
 * of about 8,800 each; 吉州区, the city's urban core, takes a little more: 9,000 a year.
 */
export const DEMO_APPEALS_PER_YEAR = 9_000;

const DAY = 86_400_000;

export interface DemoAppealsSummary {
  appeals: number;
  events: number;
  messages: number;
  notices: number;
}

export interface DemoDesks {
  county: string;
  /** The demo grid worker's grid, in the community staff's community, in the dispatcher's township. */
  grid: string;
  /** Another grid of the same community. */
  neighbourGrid: string;
  /** The 大组长's village grid (rural), if any. */
  ruralGrid?: string;
}

interface Pin {
  grid: string | null;
  township?: string;
  channel: string;
  category: string;
  /** Where its life stops; none: lived to the end (closed). */
  stopAt?: StopAt;
  /** Working minutes before now of each step (registration: `created`). */
  at: Partial<Record<Step | 'created', number>>;
  firstRating?: Rating;
  requestExtension?: boolean;
  leader?: boolean;
  joint?: boolean;
  duplicateAt?: number;
}

/** The desks' current work, in working minutes before now (a working day is 420 minutes). */
function desks(d: DemoDesks): Pin[] {
  const g = d.grid;
  const n = d.neighbourGrid;
  const pins: Pin[] = [
    // Waiting to be accepted (待受理), one outside every grid (待落格).
    { grid: g, channel: 'qr', category: '0103', stopAt: 'registered', at: { created: 20 } },
    { grid: g, channel: 'hotline', category: '0301', stopAt: 'registered', at: { created: 70 } },
    { grid: null, township: g.slice(0, 9), channel: '12345', category: '0201', stopAt: 'registered', at: { created: 150 } },
    { grid: n, channel: 'listening_point', category: '0401', stopAt: 'registered', at: { created: 45 } },
    // Accepted, waiting to be dispatched (待派遣).
    { grid: g, channel: 'hotline', category: '0203', stopAt: 'accepted', at: { created: 100, accepted: 90 } },
    { grid: n, channel: '12345', category: '0502', stopAt: 'accepted', at: { created: 160, accepted: 140 } },
    // Dispatched, not signed for (待签收): one fresh, one past its response limit.
    { grid: g, channel: 'hotline', category: '0101', stopAt: 'dispatched', at: { created: 120, accepted: 110, dispatched: 60 } },
    { grid: n, channel: 'qr', category: '0104', stopAt: 'dispatched', at: { created: 400, accepted: 390, dispatched: 300 } },
    // In progress: on time, nearly due (黄牌), overdue (红牌).
    { grid: g, channel: 'visit', category: '0301', stopAt: 'in_progress', at: { created: 700, accepted: 690, dispatched: 600, signed: 560 } },
    { grid: g, channel: 'photo', category: '0302', stopAt: 'in_progress', at: { created: 2700, accepted: 2690, dispatched: 2600, signed: 2550 } },
    { grid: g, channel: 'hotline', category: '0303', stopAt: 'in_progress', at: { created: 3500, accepted: 3490, dispatched: 3400, signed: 3350 } },
    { grid: n, channel: '12345', category: '0701', stopAt: 'in_progress', at: { created: 3600, accepted: 3580, dispatched: 3500, signed: 3450 } },
    // A leader case (领导包案) handled jointly (联办), with a duplicate merged into it (并案).
    { grid: g, channel: 'petition', category: '0105', stopAt: 'in_progress', at: { created: 1300, accepted: 1290, dispatched: 1200, signed: 1150 }, leader: true, joint: true, duplicateAt: 900 },
    // The handler asks for more time (延期申请待审批).
    { grid: g, channel: 'hotline', category: '0304', stopAt: 'in_progress', at: { created: 1900, accepted: 1890, dispatched: 1800, signed: 1750 }, requestExtension: true },
    // Handled, waiting for feedback (待反馈); fed back, waiting for the rating (待评价).
    { grid: g, channel: 'patrol', category: '0106', stopAt: 'handled', at: { created: 2100, accepted: 2095, dispatched: 2000, signed: 1950, handled: 100 } },
    { grid: n, channel: 'hotline', category: '0802', stopAt: 'handled', at: { created: 1500, accepted: 1490, dispatched: 1400, signed: 1380, handled: 200 } },
    { grid: g, channel: 'qr', category: '0102', stopAt: 'feedback_given', at: { created: 620, accepted: 610, dispatched: 600, signed: 580, handled: 400, feedback: 300 } },
    { grid: n, channel: 'visit', category: '1302', stopAt: 'feedback_given', at: { created: 2500, accepted: 2495, dispatched: 2400, signed: 2350, handled: 800, feedback: 700 } },
    // 即诉即办: a consultation that came in more than a working day ago, still open: past its same-day limit.
    { grid: g, channel: 'hotline', category: '1202', stopAt: 'in_progress', at: { created: 700, accepted: 695, dispatched: 690, signed: 680 } },
    // Reworked (重办) after an unsatisfied rating, running its second round.
    { grid: g, channel: 'hotline', category: '0101', stopAt: 'in_progress', at: { created: 4100, accepted: 4090, dispatched: 4000, signed: 3950, handled: 2000, feedback: 1900, rated: 1500 }, firstRating: 'dissatisfied' },
  ];
  // Last year's petitions (信访) in the community, so the mediation figures compare this year with the
  // same period last year (about 12 to 17 months ago: 252 to 369 working days).
  for (let k = 0; k < 14; k++) pins.push({ grid: k % 3 ? g : n, channel: 'petition', category: k % 2 ? '0601' : '0604', at: { created: 420 * (252 + 9 * k) } });
  const r = d.ruralGrid;
  if (r) {
    pins.push(
      { grid: r, channel: 'hotline', category: '0401', stopAt: 'registered', at: { created: 30 } },
      { grid: r, channel: 'hotline', category: '0702', stopAt: 'in_progress', at: { created: 2900, accepted: 2890, dispatched: 2800, signed: 2780 } },
      { grid: r, channel: 'patrol', category: '0303', stopAt: 'handled', at: { created: 1600, accepted: 1595, dispatched: 1500, signed: 1480, handled: 150 } },
      { grid: r, channel: 'hotline', category: '0805', stopAt: 'feedback_given', at: { created: 2200, accepted: 2190, dispatched: 2100, signed: 2080, handled: 500, feedback: 420 } },
    );
  }
  return pins;
}

/** The demo's simple categories (即诉即办): 办事咨询, 政策咨询. */
const DEMO_SIMPLE_CATEGORIES = ['1202', '1001'];

/**
 * Loads the year once: a county that already has appeals is left as it is (the demo is idempotent).
 */
export async function generateDemoAppeals(
  database: Database,
  vault: Vault,
  opts: { seed: number; now: Date; desks: DemoDesks; count?: number; onProgress?: (done: number, total: number) => void },
): Promise<DemoAppealsSummary> {
  const db = database.db;
  const county = opts.desks.county;
  const [{ n: present }] = await db.select({ n: count() }).from(appeals).where(inRegion(appeals.regionCode, county));
  if (Number(present) > 0) return { appeals: 0, events: 0, messages: 0, notices: 0 };
  // 即诉即办: 办事咨询 and 政策咨询 are simple, answered the same working day; the year is lived by that rule.
  await installDemoTaxonomy(db);
  await db.update(appealCategories).set({ simple: true }).where(inArray(appealCategories.code, DEMO_SIMPLE_CATEGORIES));

  const depts = await db
    .select({ id: orgs.id, name: orgs.name, category: orgCategories.categoryCode })
    .from(orgs)
    .innerJoin(orgCategories, eq(orgCategories.orgId, orgs.id))
    .where(and(eq(orgs.kind, 'department'), eq(orgs.regionCode, county)))
    .orderBy(asc(orgs.createdAt), asc(orgs.name), asc(orgCategories.categoryCode));
  const names = new Map(depts.map((o) => [o.id, o.name]));
  const byCategory = new Map<string, string>();
  for (const o of depts) if (!byCategory.has(o.category)) byCategory.set(o.category, o.id);
  // A category no department lists goes to the one handling its family, else to the 信访局 (9901).
  const orgFor = (_county: string, cat: string) =>
    byCategory.get(cat) ?? depts.find((o) => o.category.startsWith(cat.slice(0, 2)))?.id ?? byCategory.get('9901') ?? null;

  // Requesters: adults on file with a phone, by grid.
  const requesters = new Map<string, Requester[]>();
  for (const p of await db
    .select({ gridCode: people.gridCode, name: people.name, phoneEnc: people.phoneEnc, phoneBidx: people.phoneBidx, phoneMasked: people.phoneMasked })
    .from(people)
    .where(and(inRegion(people.gridCode, county), isNotNull(people.phoneEnc), eq(people.status, 'active'), sql`${people.birthDate} <= '2006-01-01'`))
    .orderBy(asc(people.id))) {
    if (!p.phoneEnc || !p.phoneBidx || !p.phoneMasked) continue;
    if (!requesters.has(p.gridCode)) requesters.set(p.gridCode, []);
    requesters.get(p.gridCode)!.push({ name: p.name, phoneEnc: p.phoneEnc, phoneIndex: p.phoneBidx, phoneLast4: p.phoneMasked.slice(-4), phoneHint: p.phoneMasked });
  }
  const leaders = (
    await db
      .select({ id: users.id, name: users.displayName, regionCode: users.regionCode })
      .from(users)
      .where(and(sql`'leader' = any(${users.roles})`, eq(users.disabled, false)))
      .orderBy(asc(users.username))
  ).filter((l) => county.startsWith(l.regionCode) || l.regionCode.startsWith(county));

  await installShippedCalendars(db);
  const cal = await workCalendar(db);
  const now = opts.now.getTime();
  const before = (minutes: number) => workingMinutesBefore(cal, now, minutes);
  const pinned: Pinned[] = desks(opts.desks).map((p) => {
    const plan: Partial<Record<Step, number>> = {};
    for (const k of ['accepted', 'dispatched', 'signed', 'handled', 'feedback', 'rated'] as Step[]) if (p.at[k] !== undefined) plan[k] = before(p.at[k]!);
    // Registration is the requester's: at any hour; the desks' steps fall in working time.
    const created = p.stopAt === 'registered' ? now - p.at.created! * 60_000 : before(p.at.created!);
    return {
      created,
      gridCode: p.grid,
      townshipCode: p.township,
      channel: p.channel,
      categoryCode: p.category,
      life: { plan, stopAt: p.stopAt, firstRating: p.firstRating, requestExtension: p.requestExtension },
      leader: p.leader,
      joint: p.joint,
      duplicateAt: p.duplicateAt ? before(p.duplicateAt) : undefined,
    };
  });

  // 未诉先办: two surges in the demo community for the early warnings (generate/warnings.ts).
  pinned.push(...warningPins(opts.desks.grid, now));
  const r = await generateAppealHistory(
    database,
    vault,
    {
      within: county,
      orgFor,
      coOrgsOf: () => [...names.keys()],
      orgName: (id) => names.get(id) ?? '承办单位',
      requesters,
      leaders,
      pinned,
    },
    { count: opts.count ?? DEMO_APPEALS_PER_YEAR, from: now - 365 * DAY, to: now, seed: opts.seed, onProgress: opts.onProgress },
  );
  // The year before: its petitions (信访) only, a little more than this year's, so the assessment shows
  // 信访 against the same period last year (DOMAIN.md §11, Ji'an −16.6%) for the last half year's reports.
  // Created 560 to 368 days ago, lived to now; their days never meet the year above's, so the daily
  // numbers cannot collide.
  const petitionsBefore = Math.round(((opts.count ?? DEMO_APPEALS_PER_YEAR) * 0.02 * 1.2 * 192) / 365);
  const earlier = await generateAppealHistory(
    database,
    vault,
    { within: county, orgFor, coOrgsOf: () => [...names.keys()], orgName: (id) => names.get(id) ?? '承办单位', requesters, leaders },
    { count: petitionsBefore, from: now - 560 * DAY, to: now, createdUntil: now - 368 * DAY, seed: opts.seed + 1, channels: [['petition', 1]] },
  );
  r.appeals += earlier.appeals;
  r.events += earlier.events;
  r.messages += earlier.messages;
  const notices = await generateDemoNotices(database, county, opts.now);
  return { ...r, notices };
}

/** What the county holds now, for the demo's summary on a second start. */
export async function demoAppealCounts(database: Database, county: string): Promise<{ appeals: number; messages: number }> {
  const db = database.db;
  const [[a], [m]] = await Promise.all([
    db.select({ n: count() }).from(appeals).where(inRegion(appeals.regionCode, county)),
    db.select({ n: count() }).from(outbox).where(inRegion(outbox.regionCode, county)),
  ]);
  return { appeals: Number(a.n), messages: Number(m.n) };
}

/** The notices the workflow sends staff (appeals.service.ts, appeals.jobs.ts), by timeline step. */
const NOTICES: [type: string, kind: string, title: string][] = [
  ['registered', 'appeal.new', '新诉求待受理：'],
  ['dispatched', 'appeal.dispatched', '新派遣待签收：'],
  ['whistled', 'appeal.whistle', '社区吹哨，请报到：'],
  ['response_overdue', 'appeal.response_overdue', '超时未签收：'],
  ['deadline_warning', 'appeal.deadline_warning', '即将超期（黄牌）：'],
  ['overdue', 'appeal.overdue', '已超期（红牌）：'],
  ['leader_assigned', 'appeal.leader_case', '领导包案：'],
  ['extension_requested', 'appeal.request', '延期申请待审批：'],
  ['handled', 'appeal.handled', '已办结待反馈：'],
  ['feedback', 'appeal.feedback', '办理结果反馈：'],
  ['reworked', 'appeal.rework', '重办：'],
];

/**
 * The last two weeks' notices to the staff they concern — the township's dispatchers, the handling
 * departments' handlers, the owning leader, the grid's workers and the community's staff — the older
 * ones read. Written from the timeline in one statement, as the steps would have written them.
 */
async function generateDemoNotices(database: Database, county: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - 14 * DAY);
  const read = new Date(now.getTime() - 2 * DAY);
  const values = sql.join(
    NOTICES.map(([type, kind, title]) => sql`(${type}, ${kind}, ${title})`),
    sql`, `,
  );
  const [{ n }] = await rows<{ n: number }>(
    database.db,
    sql`
    with inserted as (insert into notifications (user_id, at, kind, title, body, appeal_id, read_at)
    select u.id, e.at, n.kind, n.title || a.title, a.number, a.id, case when e.at < ${read.toISOString()}::timestamptz then e.at + interval '2 hours' end
    from appeal_events e
    join appeals a on a.id = e.appeal_id
    join (values ${values}) as n(type, kind, title) on n.type = e.type
    join users u on u.disabled = false and (
         (e.type in ('registered', 'response_overdue', 'overdue', 'extension_requested', 'handled') and 'dispatcher' = any(u.roles) and u.region_code = a.township_code)
      or (e.type in ('dispatched', 'whistled', 'response_overdue', 'deadline_warning', 'overdue', 'reworked') and 'handler' = any(u.roles)
          and exists (select 1 from appeal_parts p where p.appeal_id = a.id and p.org_id = u.org_id))
      or (e.type in ('leader_assigned', 'overdue') and u.id = a.leader_user_id)
      or (e.type = 'feedback' and a.status <> 'merged' and (
            exists (select 1 from grid_workers w where w.grid_code = a.grid_code and w.user_id = u.id)
            or ('community_staff' = any(u.roles) and u.region_code = substr(a.grid_code, 1, 12)))))
    where e.at >= ${since.toISOString()}::timestamptz and a.region_code like ${county + '%'}
    returning 1)
    select count(*)::int as n from inserted`,
  );
  return Number(n);
}
