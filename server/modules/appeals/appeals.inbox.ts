/**
 * The inbox: its boxes (收件箱), the list's filters (with the search by the requester's phone through
 * the blind index, audited), each row's clock and deadline, and the counts per box.
 */
import { affectedCounts } from './appeals.affected.js';
import { and, asc, count, desc, eq, gte, inArray, isNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { authorize, inRegion, assertInScope, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { maskName, maskPhone, normalisePhone, type Vault } from '../../platform/crypto.js';
import { outer, renderedSelect, rows as sqlRows, type DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { pageOf } from '../../platform/schemas.js';
import { gridNameSql } from '../grids/grids.service.js';
import { namesOf as orgNamesOf, orgNameSql } from '../orgs/orgs.service.js';
import { divisionPathSql, pathNamesOf } from '../regions/regions.service.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import { limitResolver, limitsSelection, resolverOf, type LimitResolver } from './appeals.limits.js';
import { PRESSING } from './appeals.oversight.js';
import { searchTerms } from './appeals.search.js';
import { type AppealRow, type Deps } from './appeals.repo.js';
import { appealAffected, appealEvents, appealParts, appealRequests, appeals } from './appeals.tables.js';
import { OPEN_STATUSES, type Status } from './appeals.workflow.js';
export const BOXES = [
  'all',
  'to_accept',
  'to_dispatch',
  'to_sign',
  'in_progress',
  'fast_track',
  'to_feedback',
  'to_evaluate',
  'due_soon',
  'overdue',
  'leader_cases',
  'needs_placement',
  'requests',
  'mine',
] as const;
export type Box = (typeof BOXES)[number];

export interface AppealFilter {
  box?: Box;
  status?: Status[];
  channel?: string;
  categoryCode?: string;
  urgency?: string;
  regionCode?: string;
  orgId?: string;
  q?: string;
  from?: string;
  to?: string;
  /** The requester's full phone number: matched through its blind index, the search audited. */
  phone?: string;
  /** Only these appeals (an export of the rows selected in the inbox). */
  ids?: string[];
  page?: number;
  pageSize?: number;
}

const OPEN_HANDLING = ['dispatched', 'in_progress'];

function boxCondition(actor: Actor, box: Box, now: Date): SQL | undefined {
  const myPart = (status: string) =>
    actor.orgId ? sql`exists (select 1 from ${appealParts} p where p.appeal_id = ${outer(appeals.id)} and p.org_id = ${actor.orgId} and p.status = ${status})` : sql`false`;
  switch (box) {
    case 'all':
      return undefined;
    case 'to_accept':
      return eq(appeals.status, 'registered');
    case 'to_dispatch':
      return eq(appeals.status, 'accepted');
    case 'to_sign':
      return myPart('dispatched');
    case 'in_progress':
      return actor.roles.includes('handler') && actor.roles.length === 1 ? myPart('in_progress') : inArray(appeals.status, OPEN_HANDLING);
    case 'fast_track':
      // 即诉即办: simple appeals being handled, due the end of the working day they came in.
      return and(eq(appeals.fastTrack, true), actor.roles.includes('handler') && actor.roles.length === 1 ? or(myPart('dispatched'), myPart('in_progress')) : inArray(appeals.status, OPEN_HANDLING));
    case 'to_feedback':
      return eq(appeals.status, 'handled');
    case 'to_evaluate':
      return eq(appeals.status, 'feedback_given');
    case 'due_soon':
      // 即将超期 (黄牌): past the warning point, not yet past the limit, the clock running.
      return and(inArray(appeals.status, OPEN_HANDLING), isNull(appeals.pausedAt), lte(appeals.warnAt, now), gte(appeals.handlingDueAt, now));
    case 'overdue':
      return and(inArray(appeals.status, OPEN_HANDLING), isNull(appeals.pausedAt), lt(appeals.handlingDueAt, now));
    case 'leader_cases':
      return and(eq(appeals.leaderUserId, actor.id), inArray(appeals.status, OPEN_STATUSES));
    case 'needs_placement':
      return and(eq(appeals.needsPlacement, true), inArray(appeals.status, OPEN_STATUSES));
    case 'requests':
      return sql`exists (select 1 from ${appealRequests} r where r.appeal_id = ${outer(appeals.id)} and r.status = 'pending')`;
    case 'mine':
      return eq(appeals.reporterUserId, actor.id);
  }
}

/**
 * A requester's phone as searched for: the full number, normalised as it was when the appeal was
 * registered (the blind index's key), or a clear 400. A part of a number cannot be searched: the
 * number is stored only encrypted, and found only through its keyed index.
 */
export function searchedPhone(raw: string): string {
  const phone = normalisePhone(raw);
  if (!phone) {
    throw new AppError(
      'invalid_phone',
      { field: 'phone', reason: '请输入完整的 11 位手机号或带区号的固定电话', reasonEn: 'enter the full 11-digit mobile number, or a landline with its area code' },
      { field: 'phone' },
    );
  }
  return phone;
}

/**
 * Whether a box's own condition already confines it to what the caller sees: a department's handler
 * (that role alone) sees the appeals with a part for their organisation, and its signing, in-progress
 * and fast-track boxes are parts of their organisation in a given status. Repeating the visibility rule
 * there added a second semi-join on the parts that cost the planner milliseconds on every page and count.
 */
function boxConfinesToOwnParts(actor: Actor, box: Box): boolean {
  const handlerOnly = actor.kind === 'user' && !!actor.orgId && actor.roles.length === 1 && actor.roles[0] === 'handler';
  return handlerOnly && (box === 'to_sign' || box === 'in_progress' || box === 'fast_track');
}

/** The inbox's condition for a filter; `vault` is needed only to search by phone (boxes alone pass null). */
export function filterCondition(vault: Vault | null, actor: Actor, f: AppealFilter, now: Date): SQL | undefined {
  const box = f.box ?? 'all';
  const conds: (SQL | undefined)[] = [boxConfinesToOwnParts(actor, box) ? undefined : visibleAppeals(actor), boxCondition(actor, box, now)];
  if (f.phone !== undefined) {
    if (!vault) throw new Error('filterCondition: a phone search needs the vault');
    conds.push(eq(appeals.requesterPhoneIndex, vault.blindIndex('phone', searchedPhone(f.phone))));
  }
  if (f.ids?.length) conds.push(inArray(appeals.id, f.ids));
  if (f.status?.length) conds.push(inArray(appeals.status, f.status));
  if (f.channel) conds.push(eq(appeals.channel, f.channel));
  if (f.categoryCode) conds.push(like(appeals.categoryCode, `${f.categoryCode.replace(/[\\%_]/g, '')}%`));
  if (f.urgency) conds.push(eq(appeals.urgency, f.urgency));
  if (f.regionCode) {
    assertInScope(actor, f.regionCode, '区域', 'Region');
    conds.push(inRegion(appeals.regionCode, f.regionCode));
  }
  if (f.orgId) conds.push(sql`exists (select 1 from ${appealParts} p where p.appeal_id = ${outer(appeals.id)} and p.org_id = ${f.orgId})`);
  if (f.from) conds.push(gte(appeals.createdAt, new Date(f.from)));
  if (f.to) conds.push(lte(appeals.createdAt, new Date(f.to)));
  if (f.q?.trim()) {
    const q = f.q.trim();
    if (/^\d{6}-\d{8}-\d{4}$/.test(q)) conds.push(eq(appeals.number, q));
    else {
      // Chinese full-text: every word of the query (jieba) must appear in the title, content or address.
      for (const term of searchTerms(q)) {
        const p = `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
        conds.push(or(like(appeals.title, p), like(appeals.content, p), like(appeals.address, p), like(appeals.number, p)));
      }
    }
  }
  return and(...conds);
}

export type Clock = 'green' | 'yellow' | 'red' | 'paused' | null;

export function clockOf(a: Pick<AppealRow, 'status' | 'pausedAt' | 'handlingDueAt' | 'warnAt' | 'responseDueAt' | 'signedAt'>, now: Date): Clock {
  if (!OPEN_HANDLING.includes(a.status) || !a.handlingDueAt) return null;
  if (a.pausedAt) return 'paused';
  if (a.handlingDueAt < now || (!a.signedAt && a.responseDueAt && a.responseDueAt < now)) return 'red';
  if (a.warnAt && a.warnAt < now) return 'yellow';
  return 'green';
}

type Deadline = { stage: 'accept' | 'handling'; at: string; state: Exclude<Clock, null> } | null;

/**
 * The deadline a desk works by: while the appeal waits to be accepted, its 受理时限 (yellow from the
 * 80% warning); while it is handled, the handling clock. Nothing runs in between (accepted, not yet
 * dispatched) or after.
 */
function deadlineOf(a: AppealRow, now: Date): Deadline {
  if (a.status === 'registered' && a.acceptDueAt) {
    const state = a.acceptDueAt < now ? 'red' : a.acceptWarnAt && a.acceptWarnAt < now ? 'yellow' : 'green';
    return { stage: 'accept', at: a.acceptDueAt.toISOString(), state };
  }
  const clock = clockOf(a, now);
  return clock && a.handlingDueAt ? { stage: 'handling', at: a.handlingDueAt.toISOString(), state: clock } : null;
}

/** 催办 and 督办 per appeal, counted from the timeline (the events are the record). */
async function pressingCounts(db: DbOrTx, ids: string[]) {
  const out = new Map<string, { urged: number; supervised: number }>();
  if (!ids.length) return out;
  const rows = await db
    .select({ appealId: appealEvents.appealId, type: appealEvents.type, n: count() })
    .from(appealEvents)
    .where(and(inArray(appealEvents.appealId, ids), inArray(appealEvents.type, Object.values(PRESSING))))
    .groupBy(appealEvents.appealId, appealEvents.type);
  for (const r of rows) {
    const c = out.get(r.appealId) ?? { urged: 0, supervised: 0 };
    c[r.type as 'urged' | 'supervised'] = Number(r.n);
    out.set(r.appealId, c);
  }
  return out;
}

/** What a list row names and counts beside the appeal's own columns. */
interface ListLabels {
  regionName: string;
  handlingOrgName: string | null;
  urgeCount: number;
  superviseCount: number;
  affected: number;
}

/**
 * The page's select, rendered once at load: the appeal's columns and what a row names and counts beside
 * them (`ListLabels`: the same names and counts `listViews` reads in a second round), as SQL over the row.
 */
const PAGE = (() => {
  const pressed = (type: string) => {
    if (!/^[a-z_]+$/.test(type)) throw new Error(`pressing type ${type}`);
    return sql`(select count(*)::int from ${appealEvents} where ${appealEvents.appealId} = ${outer(appeals.id)} and ${appealEvents.type} = ${sql.raw(`'${type}'`)})`;
  };
  return renderedSelect(appeals, {
    regionName: sql`concat_ws(' / ', ${divisionPathSql(appeals.regionCode)}, ${gridNameSql(appeals.regionCode)})`,
    handlingOrgName: orgNameSql(appeals.handlingOrgId),
    urgeCount: pressed(PRESSING.urge),
    superviseCount: pressed(PRESSING.supervise),
    affected: sql`(select count(*)::int from ${appealAffected} where ${appealAffected.appealId} = ${outer(appeals.id)})`,
  } satisfies Record<keyof ListLabels, SQL>);
})();

type Limits = LimitResolver;

export async function listViews(deps: Deps, db: DbOrTx, rows: AppealRow[], now: Date) {
  const [orgNames, regionNames, pressed, limits, affected] = await Promise.all([
    orgNamesOf(db, rows.map((r) => r.handlingOrgId).filter((x): x is string => !!x)),
    pathNamesOf(db, [...new Set(rows.map((r) => r.regionCode))]),
    pressingCounts(db, rows.map((r) => r.id)),
    limitResolver(db),
    affectedCounts(db, rows.map((r) => r.id)),
  ]);
  return rows.map((a) =>
    listView(deps, a, limits, now, {
      regionName: regionNames.get(a.regionCode) ?? a.regionCode,
      handlingOrgName: a.handlingOrgId ? orgNames.get(a.handlingOrgId) ?? null : null,
      urgeCount: pressed.get(a.id)?.urged ?? 0,
      superviseCount: pressed.get(a.id)?.supervised ?? 0,
      affected: affected.get(a.id) ?? 0,
    }),
  );
}

function listView(deps: Deps, a: AppealRow, limits: Limits, now: Date, labels: ListLabels) {
  return {
    id: a.id,
    number: a.number,
    title: a.title,
    channel: a.channel,
    status: a.status,
    categoryCode: a.categoryCode,
    urgency: a.urgency,
    tags: a.tags,
    regionCode: a.regionCode,
    regionName: labels.regionName,
    gridCode: a.gridCode,
    needsPlacement: a.needsPlacement,
    handlingOrgId: a.handlingOrgId,
    handlingOrgName: a.handlingOrgId ? labels.handlingOrgName : null,
    leaderUserId: a.leaderUserId,
    whistled: a.whistled,
    onSpot: a.onSpot,
    fastTrack: a.fastTrack,
    reworkCount: a.reworkCount,
    urgeCount: labels.urgeCount,
    superviseCount: labels.superviseCount,
    affected: labels.affected,
    masterId: a.masterId,
    requesterKind: a.requesterKind,
    requesterName: a.requesterNameEnc ? maskName(deps.vault.decrypt(a.requesterNameEnc)) : a.enterpriseName,
    requesterPhone: a.requesterPhoneEnc ? maskPhone(deps.vault.decrypt(a.requesterPhoneEnc)) : null,
    createdAt: a.createdAt.toISOString(),
    responseDueAt: a.responseDueAt?.toISOString() ?? null,
    handlingDueAt: a.handlingDueAt?.toISOString() ?? null,
    handledAt: a.handledAt?.toISOString() ?? null,
    closedAt: a.closedAt?.toISOString() ?? null,
    clock: clockOf(a, now),
    timeLimit:
      a.status === 'registered'
        ? { stage: 'accept' as const, ...limits.accept(a.channel) }
        : a.status === 'not_accepted' || a.status === 'merged' || a.status === 'withdrawn'
          ? null
          : { stage: 'handling' as const, ...limits.handling(a.categoryCode, a.urgency) },
    deadline: deadlineOf(a, now),
    version: a.version,
  };
}

export async function listAppeals(deps: Deps, ctx: RequestContext, f: AppealFilter) {
  const actor = ctx.actor;
  authorize(actor, 'appeals.read');
  const db = deps.database.db;
  const now = new Date();
  const { page, pageSize, offset } = pageOf(f);
  const where = filterCondition(deps.vault, actor, f, now);
  const order = f.box === 'overdue' || f.box === 'due_soon' || f.box === 'in_progress' || f.box === 'to_sign' || f.box === 'fast_track' ? [asc(appeals.handlingDueAt), asc(appeals.id)] : [desc(appeals.createdAt), desc(appeals.id)];
  // One round of two statements: the page with its names and counts (`PAGE_SELECT`), and the box's
  // total with the time limits beside it (a third statement for two small tables cost a connection, a
  // parse and a plan per page). The page's ids are chosen first, so the labels are computed for its rows
  // only, never for rows an OFFSET skips.
  const orderSql = sql.join(order, sql`, `);
  const [raws, [{ n, ...limitRows }]] = await Promise.all([
    sqlRows<Record<string, unknown>>(
      db,
      sql`${PAGE.select} ${appeals} inner join (select ${appeals.id} from ${appeals} where ${where ?? sql`true`} order by ${orderSql} limit ${pageSize} offset ${offset}) as page on ${appeals.id} = page.id order by ${orderSql}`,
    ),
    db.select({ n: count(), ...limitsSelection() }).from(appeals).where(where),
  ]);
  const rows = raws.map((raw) => {
    const r = PAGE.read(raw);
    return Object.assign(r, { regionName: r.regionName as string, handlingOrgName: r.handlingOrgName as string | null, urgeCount: Number(r.urgeCount), superviseCount: Number(r.superviseCount), affected: Number(r.affected) });
  });
  const limits = resolverOf(limitRows);
  if (f.phone !== undefined) {
    // Looking a person up by their phone is a search of personal data: who, when, the number masked,
    // and what it found. Never the digits (the audit log is read by administrators).
    await audit(db, ctx, {
      action: 'appeal.search_by_phone',
      targetType: 'appeal',
      targetId: rows.length === 1 && Number(n) === 1 ? rows[0].id : null,
      details: { by: 'phone', value: maskPhone(searchedPhone(f.phone)), matches: Number(n), appealIds: rows.slice(0, 20).map((r) => r.id) },
    });
  }
  return { items: rows.map((a) => listView(deps, a, limits, now, a)), total: Number(n), page, pageSize };
}

/** The boxes (inbox tabs) an account has by its roles, in the order the tabs show them. */
export function inboxBoxes(actor: Actor): Box[] {
  const boxes: Box[] = [];
  const r = actor.roles;
  if (r.includes('dispatcher') || r.includes('community_staff') || r.includes('admin')) boxes.push('to_accept');
  if (r.includes('dispatcher') || r.includes('admin')) boxes.push('to_dispatch', 'needs_placement', 'requests');
  if (r.includes('handler')) boxes.push('to_sign');
  boxes.push('in_progress');
  if (r.some((x) => x === 'dispatcher' || x === 'admin' || x === 'handler' || x === 'community_staff' || x === 'leader')) boxes.push('fast_track');
  if (r.includes('dispatcher') || r.includes('community_staff') || r.includes('admin') || r.includes('grid_worker')) boxes.push('to_feedback', 'to_evaluate');
  boxes.push('due_soon', 'overdue');
  if (r.includes('leader')) boxes.push('leader_cases');
  if (r.includes('grid_worker') || r.includes('community_staff')) boxes.push('mine');
  return boxes;
}

/** How many appeals wait in each box the caller has. */
export async function inboxCounts(deps: Deps, actor: Actor): Promise<Partial<Record<Box, number>>> {
  authorize(actor, 'appeals.read');
  const db = deps.database.db;
  const now = new Date();
  const out: Partial<Record<Box, number>> = {};
  for (const b of inboxBoxes(actor)) {
    const [{ n }] = await db.select({ n: count() }).from(appeals).where(filterCondition(deps.vault, actor, { box: b }, now));
    out[b] = Number(n);
  }
  return out;
}
