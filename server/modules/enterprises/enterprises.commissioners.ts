/**
 * 企业特派员: accounts designated commissioner for an area, the firms assigned to them, and their visits
 * to those firms — logged like door-to-door visits: what was found, the policies explained, and the
 * problems raised, each of which becomes an enterprise appeal.
 */
import { randomUUID } from 'node:crypto';
import { and, count, countDistinct, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { assertAssignable, authorize, can, scopeCondition, type Actor } from '../../platform/access.js';
import { NONE } from '../../platform/access/deny.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { unknownCodes } from '../categories/categories.service.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import { briefsOf } from '../users/users.service.js';
import { raiseEnterpriseAppeal } from './enterprises.appeals.js';
import { findEnterprise, type Deps } from './enterprises.service.js';
import { commissionerVisits, enterpriseAppeals, enterpriseCommissioners, enterprises } from './enterprises.tables.js';

function visibleCommissioners(actor: Actor): SQL | undefined {
  if (!can(actor, 'enterprises.read')) return NONE;
  return scopeCondition(actor, enterpriseCommissioners.regionCode);
}
function visibleVisits(actor: Actor): SQL | undefined {
  if (!can(actor, 'enterprises.read')) return NONE;
  return scopeCondition(actor, commissionerVisits.regionCode);
}

export async function designate(db: DbOrTx, ctx: RequestContext, input: { userId: string; regionCode: string; orgId?: string; title?: string }) {
  authorize(ctx.actor, 'enterprises.write');
  assertAssignable(ctx.actor, input.regionCode, '特派员服务区域', "The commissioner's area");
  if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  const u = (await briefsOf(db, [input.userId])).get(input.userId);
  if (!u || u.disabled) throw notFound('账号', 'Account');
  if (input.orgId && !(await orgsService.namesOf(db, [input.orgId])).size) throw notFound('部门', 'Department');
  await db.transaction(async (tx) => {
    await tx
      .insert(enterpriseCommissioners)
      .values({ userId: input.userId, regionCode: input.regionCode, orgId: input.orgId ?? null, title: input.title ?? null })
      .onConflictDoUpdate({ target: enterpriseCommissioners.userId, set: { regionCode: input.regionCode, orgId: input.orgId ?? null, title: input.title ?? null } });
    await audit(tx, ctx, { action: 'enterprise.commissioner', targetType: 'user', targetId: input.userId, regionCode: input.regionCode });
  });
  return (await listCommissioners(db, ctx.actor, { userId: input.userId })).items[0];
}

/** The commissioners in the caller's area with the coverage of their firms (visited in the last 365 days). */
export async function listCommissioners(db: DbOrTx, actor: Actor, q: { page?: number; pageSize?: number; userId?: string }) {
  authorize(actor, 'enterprises.read');
  const { page, pageSize, offset } = pageOf(q);
  const where = and(visibleCommissioners(actor), q.userId ? eq(enterpriseCommissioners.userId, q.userId) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(enterpriseCommissioners).where(where).orderBy(enterpriseCommissioners.regionCode, enterpriseCommissioners.userId).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(enterpriseCommissioners).where(where),
  ]);
  const ids = rows.map((r) => r.userId);
  const since = new Date(Date.now() - 365 * 86_400_000);
  const [people, regionNames, firms, visited, visits] = await Promise.all([
    briefsOf(db, ids),
    regionsService.namesOf(db, new Set(rows.map((r) => r.regionCode))),
    ids.length ? db.select({ id: enterprises.commissionerUserId, n: count() }).from(enterprises).where(inArray(enterprises.commissionerUserId, ids)).groupBy(enterprises.commissionerUserId) : [],
    ids.length
      ? db
          .select({ id: enterprises.commissionerUserId, n: countDistinct(commissionerVisits.enterpriseId) })
          .from(commissionerVisits)
          .innerJoin(enterprises, and(eq(enterprises.id, commissionerVisits.enterpriseId), sql`${enterprises.commissionerUserId}::text = ${commissionerVisits.commissionerUserId}`))
          .where(and(inArray(enterprises.commissionerUserId, ids), gte(commissionerVisits.visitedAt, since)))
          .groupBy(enterprises.commissionerUserId)
      : [],
    ids.length
      ? db
          .select({ id: commissionerVisits.commissionerUserId, n: count(), problems: sql<number>`coalesce(sum(jsonb_array_length(${commissionerVisits.problems})), 0)` })
          .from(commissionerVisits)
          .where(inArray(commissionerVisits.commissionerUserId, ids))
          .groupBy(commissionerVisits.commissionerUserId)
      : [],
  ]);
  const by = <T extends { id: string | null }>(xs: T[]) => new Map(xs.map((x) => [x.id ?? '', x]));
  const f = by(firms), v = by(visited), vs = by(visits);
  return {
    items: rows.map((r) => ({
      userId: r.userId,
      name: people.get(r.userId)?.displayName ?? '',
      regionCode: r.regionCode,
      regionName: regionNames.get(r.regionCode) ?? r.regionCode,
      title: r.title,
      firms: Number(f.get(r.userId)?.n ?? 0),
      firmsVisited: Number(v.get(r.userId)?.n ?? 0),
      visits: Number(vs.get(r.userId)?.n ?? 0),
      problemsRaised: Number(vs.get(r.userId)?.problems ?? 0),
    })),
    total: Number(n),
    page,
    pageSize,
  };
}

export interface VisitInput {
  visitedAt?: string;
  findings: string;
  policies?: string[];
  problems?: { content: string; categoryCode: string; urgency?: 'normal' | 'urgent'; amountFen?: number }[];
}

/**
 * A commissioner's visit to a firm. The caller must be a commissioner (403 not_a_commissioner) whose
 * area contains the firm (409 commissioner_outside_area). The visit is written first, with an id for
 * each problem; each problem then becomes an enterprise appeal under that id, so a retry cannot raise
 * one twice.
 */
export async function logVisit(deps: Deps, ctx: RequestContext, enterpriseId: string, input: VisitInput) {
  const db = deps.database.db;
  const firm = await findEnterprise(db, ctx.actor, enterpriseId);
  const [c] = await db.select().from(enterpriseCommissioners).where(eq(enterpriseCommissioners.userId, ctx.actor.id));
  const me = ctx.actor.displayName ?? ctx.actor.name;
  if (!c) throw new AppError('not_a_commissioner', { who: me, whoEn: me });
  if (!firm.regionCode.startsWith(c.regionCode)) throw new AppError('commissioner_outside_area', { who: me, region: firm.regionCode });
  const visitedAt = input.visitedAt ? new Date(input.visitedAt) : new Date();
  if (visitedAt.getTime() > Date.now() + 5 * 60_000) throw new AppError('bad_request', { reason: '走访时间不能晚于现在', reasonEn: 'the visit cannot be in the future' });
  // What the appeals will need, checked before anything is written: a bad problem leaves no visit behind.
  if (input.problems?.length) {
    authorize(ctx.actor, 'appeals.create');
    if (!firm.contactPhoneEnc) throw new AppError('required', { field: '企业联系电话 / contact phone of the firm' });
    const unknown = await unknownCodes(db, input.problems.map((p) => p.categoryCode));
    if (unknown.length) throw new AppError('unknown_value', { field: 'problems.categoryCode', value: unknown.join(', ') });
  }
  const problems = (input.problems ?? []).map((p) => ({ content: p.content, categoryCode: p.categoryCode, appealId: randomUUID() }));
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(commissionerVisits).values({
      id,
      enterpriseId: firm.id,
      regionCode: firm.regionCode,
      commissionerUserId: ctx.actor.id,
      commissionerName: me,
      visitedAt,
      findings: input.findings,
      policies: input.policies ?? [],
      problems,
    });
    await audit(tx, ctx, { action: 'enterprise.visit', targetType: 'enterprise', targetId: firm.id, regionCode: firm.regionCode, details: { visitId: id, problems: problems.length } });
  });
  for (const [i, p] of problems.entries()) {
    const src = input.problems![i];
    await raiseEnterpriseAppeal(deps, ctx, { enterpriseId: firm.id, content: p.content, categoryCode: p.categoryCode, urgency: src.urgency, amountFen: src.amountFen, id: p.appealId, visitId: id });
  }
  return getVisit(db, ctx.actor, id);
}

type VisitRow = typeof commissionerVisits.$inferSelect;
async function visitViews(db: DbOrTx, rows: VisitRow[]) {
  const firmIds = [...new Set(rows.map((r) => r.enterpriseId))];
  const appealIds = rows.flatMap((r) => r.problems.map((p) => p.appealId));
  const [names, numbers] = await Promise.all([
    firmIds.length ? db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(inArray(enterprises.id, firmIds)) : [],
    appealIds.length ? db.select({ id: enterpriseAppeals.appealId, number: enterpriseAppeals.number }).from(enterpriseAppeals).where(inArray(enterpriseAppeals.appealId, appealIds)) : [],
  ]);
  const n = new Map(names.map((x) => [x.id, x.name]));
  const num = new Map(numbers.map((x) => [x.id, x.number]));
  return rows.map((r) => ({
    id: r.id,
    enterprise: { id: r.enterpriseId, name: n.get(r.enterpriseId) ?? '' },
    commissioner: { id: r.commissionerUserId, name: r.commissionerName },
    visitedAt: r.visitedAt.toISOString(),
    findings: r.findings,
    policies: r.policies,
    problems: r.problems.map((p) => ({ ...p, number: num.get(p.appealId) ?? null })),
  }));
}

export async function getVisit(db: DbOrTx, actor: Actor, id: string) {
  authorize(actor, 'enterprises.read');
  const [r] = await db.select().from(commissionerVisits).where(and(eq(commissionerVisits.id, id), visibleVisits(actor)));
  if (!r) throw notFound('走访记录', 'Visit');
  return (await visitViews(db, [r]))[0];
}

export async function listVisits(db: DbOrTx, actor: Actor, q: { page?: number; pageSize?: number; enterpriseId?: string; commissionerUserId?: string }): Promise<PageResult<Awaited<ReturnType<typeof getVisit>>>> {
  authorize(actor, 'enterprises.read');
  const { page, pageSize, offset } = pageOf(q);
  const where = and(
    visibleVisits(actor),
    q.enterpriseId ? eq(commissionerVisits.enterpriseId, q.enterpriseId) : undefined,
    q.commissionerUserId ? eq(commissionerVisits.commissionerUserId, q.commissionerUserId) : undefined,
  );
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(commissionerVisits).where(where).orderBy(desc(commissionerVisits.visitedAt), desc(commissionerVisits.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(commissionerVisits).where(where),
  ]);
  return { items: await visitViews(db, rows), total: Number(n), page, pageSize };
}
