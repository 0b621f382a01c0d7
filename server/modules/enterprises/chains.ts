/**
 * 链长制: industrial chains with their 链长 (a leader), lead and responsible departments, member firms,
 * key projects, and chain problems (断点 break, 漏点 gap, 痛点 pain) tracked to closure with an owner and
 * a deadline. A chain problem's steps are the table PROBLEM_ACTIONS, applied by one function.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { assertAssignable, authorize, can, scopeCondition, type Actor } from '../../platform/access.js';
import { NONE } from '../../platform/access/deny.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound, type ErrorCode } from '../../platform/errors.js';
import { localParts } from '../calendar/calendar.time.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import { briefsOf, displayNamesOf } from '../users/users.service.js';
import { chainMembers, chainProblems, chainProjects, chains, enterprises } from './enterprises.tables.js';
import { visibleEnterprises } from '../../platform/access/enterprises.js';

type ProblemStatus = 'open' | 'in_progress' | 'closed';
export type ProblemAction = 'start' | 'close' | 'reopen';

/** A chain problem's workflow as data: from, to, who, the refusal. Buttons come from the same rows. */
const PROBLEM_ACTIONS: Record<ProblemAction, { from: readonly ProblemStatus[]; to: ProblemStatus; by: 'owner_or_chain' | 'chain'; needsResolution: boolean; refused: ErrorCode }> = {
  start: { from: ['open'], to: 'in_progress', by: 'owner_or_chain', needsResolution: false, refused: 'chain_problem_closed' },
  close: { from: ['open', 'in_progress'], to: 'closed', by: 'owner_or_chain', needsResolution: true, refused: 'chain_problem_closed' },
  reopen: { from: ['closed'], to: 'in_progress', by: 'chain', needsResolution: false, refused: 'conflict' },
};

function visibleChains(actor: Actor): SQL | undefined {
  if (!can(actor, 'enterprises.read')) return NONE;
  return scopeCondition(actor, chains.regionCode);
}

type ChainRow = typeof chains.$inferSelect;
type ProblemRow = typeof chainProblems.$inferSelect;

const today = () => localParts(new Date()).ymd;

async function chainViews(db: DbOrTx, rows: ChainRow[]) {
  const ids = rows.map((r) => r.id);
  const orgIds = rows.flatMap((r) => [r.leadOrgId, ...r.responsibleOrgIds]);
  const [people, orgNames, members, projects, problems] = await Promise.all([
    displayNamesOf(db, rows.map((r) => r.leaderUserId)),
    orgsService.namesOf(db, orgIds),
    ids.length ? db.select({ id: chainMembers.chainId, n: count() }).from(chainMembers).where(inArray(chainMembers.chainId, ids)).groupBy(chainMembers.chainId) : [],
    ids.length ? db.select({ id: chainProjects.chainId, n: count(), fen: sql<number>`coalesce(sum(${chainProjects.investmentFen}), 0)` }).from(chainProjects).where(inArray(chainProjects.chainId, ids)).groupBy(chainProjects.chainId) : [],
    ids.length
      ? db
          .select({
            id: chainProblems.chainId,
            open: sql<number>`count(*) filter (where ${chainProblems.status} <> 'closed')`,
            closed: sql<number>`count(*) filter (where ${chainProblems.status} = 'closed')`,
            overdue: sql<number>`count(*) filter (where ${chainProblems.status} <> 'closed' and ${chainProblems.deadline} < ${today()})`,
          })
          .from(chainProblems)
          .where(inArray(chainProblems.chainId, ids))
          .groupBy(chainProblems.chainId)
      : [],
  ]);
  const m = new Map(members.map((x) => [x.id, Number(x.n)]));
  const p = new Map(projects.map((x) => [x.id, x]));
  const pr = new Map(problems.map((x) => [x.id, x]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    regionCode: r.regionCode,
    leader: { id: r.leaderUserId, name: people.get(r.leaderUserId) ?? '' },
    leadOrg: { id: r.leadOrgId, name: orgNames.get(r.leadOrgId) ?? '' },
    responsibleOrgs: r.responsibleOrgIds.map((id) => ({ id, name: orgNames.get(id) ?? '' })),
    members: m.get(r.id) ?? 0,
    projects: Number(p.get(r.id)?.n ?? 0),
    investmentFen: Number(p.get(r.id)?.fen ?? 0),
    problemsOpen: Number(pr.get(r.id)?.open ?? 0),
    problemsClosed: Number(pr.get(r.id)?.closed ?? 0),
    problemsOverdue: Number(pr.get(r.id)?.overdue ?? 0),
  }));
}

export async function listChains(db: DbOrTx, actor: Actor, q: { leaderUserId?: string } = {}) {
  authorize(actor, 'enterprises.read');
  const rows = await db
    .select()
    .from(chains)
    .where(and(visibleChains(actor), q.leaderUserId ? eq(chains.leaderUserId, q.leaderUserId) : undefined))
    .orderBy(asc(chains.name));
  return chainViews(db, rows);
}

async function findChain(db: DbOrTx, actor: Actor, id: string): Promise<ChainRow> {
  authorize(actor, 'enterprises.read');
  const [r] = await db.select().from(chains).where(and(eq(chains.id, id), visibleChains(actor)));
  if (!r) throw notFound('产业链', 'Industrial chain');
  return r;
}

/** Who may act on a chain: the 链长, whoever may write chains in its area, the lead department's people. */
function onChain(actor: Actor, c: ChainRow): boolean {
  return actor.id === c.leaderUserId || can(actor, 'chains.write') || (!!actor.orgId && (actor.orgId === c.leadOrgId || c.responsibleOrgIds.includes(actor.orgId)));
}

function problemActions(actor: Actor, c: ChainRow, p: ProblemRow): ProblemAction[] {
  return (Object.keys(PROBLEM_ACTIONS) as ProblemAction[]).filter((a) => {
    const rule = PROBLEM_ACTIONS[a];
    if (!rule.from.includes(p.status as ProblemStatus)) return false;
    return rule.by === 'chain' ? actor.id === c.leaderUserId || can(actor, 'chains.write') : onChain(actor, c) || actor.orgId === p.ownerOrgId;
  });
}

async function problemViews(db: DbOrTx, actor: Actor, c: ChainRow, rows: ProblemRow[]) {
  const names = await orgsService.namesOf(db, rows.map((r) => r.ownerOrgId));
  const t = today();
  return rows.map((r) => ({
    id: r.id,
    chainId: r.chainId,
    kind: r.kind,
    title: r.title,
    owner: { id: r.ownerOrgId, name: names.get(r.ownerOrgId) ?? '' },
    deadline: r.deadline,
    status: r.status,
    overdue: r.status !== 'closed' && r.deadline < t,
    resolution: r.resolution,
    closedAt: r.closedAt?.toISOString() ?? null,
    version: r.version,
    actions: problemActions(actor, c, r),
  }));
}

export async function getChain(db: DbOrTx, actor: Actor, id: string) {
  const c = await findChain(db, actor, id);
  const [[chain], firms, projects, problems] = await Promise.all([
    chainViews(db, [c]),
    db
      .select({ id: enterprises.id, name: enterprises.name, industry: enterprises.industry, size: enterprises.size, park: enterprises.park, role: chainMembers.role })
      .from(chainMembers)
      .innerJoin(enterprises, eq(enterprises.id, chainMembers.enterpriseId))
      .where(and(eq(chainMembers.chainId, id), visibleEnterprises(actor)))
      .orderBy(asc(chainMembers.role), asc(enterprises.name)),
    db.select().from(chainProjects).where(eq(chainProjects.chainId, id)).orderBy(asc(chainProjects.createdAt)),
    db.select().from(chainProblems).where(eq(chainProblems.chainId, id)).orderBy(asc(chainProblems.status), asc(chainProblems.deadline)),
  ]);
  return {
    chain,
    firms,
    projects: projects.map((p) => ({ id: p.id, name: p.name, investmentFen: p.investmentFen, status: p.status })),
    problems: await problemViews(db, actor, c, problems),
  };
}

export async function createChain(db: DbOrTx, ctx: RequestContext, input: { name: string; regionCode: string; leaderUserId: string; leadOrgId: string; responsibleOrgIds?: string[] }) {
  authorize(ctx.actor, 'chains.write');
  assertAssignable(ctx.actor, input.regionCode, '产业链所属区域', "The chain's region");
  if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  const leader = (await briefsOf(db, [input.leaderUserId])).get(input.leaderUserId);
  if (!leader || leader.disabled) throw notFound('链长账号', 'Chain leader account');
  const orgIds = [input.leadOrgId, ...(input.responsibleOrgIds ?? [])];
  const known = await orgsService.namesOf(db, orgIds);
  const missing = orgIds.find((o) => !known.has(o));
  if (missing) throw notFound(`部门 ${missing} `, `Department ${missing}`);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(chains).values({ id, name: input.name, regionCode: input.regionCode, leaderUserId: input.leaderUserId, leadOrgId: input.leadOrgId, responsibleOrgIds: input.responsibleOrgIds ?? [], createdBy: ctx.actor.id });
    await audit(tx, ctx, { action: 'chain.create', targetType: 'chain', targetId: id, regionCode: input.regionCode });
  });
  return (await chainViews(db, [await findChain(db, ctx.actor, id)]))[0];
}

function assertOnChain(actor: Actor, c: ChainRow) {
  if (!onChain(actor, c)) throw new AppError('forbidden');
}

export async function addMembers(db: DbOrTx, ctx: RequestContext, id: string, input: { enterpriseIds: string[]; role?: 'leading' | 'member' }) {
  const c = await findChain(db, ctx.actor, id);
  assertOnChain(ctx.actor, c);
  const ids = [...new Set(input.enterpriseIds)];
  const found = await db.select({ id: enterprises.id }).from(enterprises).where(and(inArray(enterprises.id, ids), visibleEnterprises(ctx.actor)));
  const missing = ids.find((x) => !found.some((f) => f.id === x));
  if (missing) throw notFound(`企业 ${missing} `, `Enterprise ${missing}`);
  await db.transaction(async (tx) => {
    await tx.insert(chainMembers).values(ids.map((enterpriseId) => ({ chainId: id, enterpriseId, role: input.role ?? 'member' }))).onConflictDoNothing();
    await audit(tx, ctx, { action: 'chain.members', targetType: 'chain', targetId: id, regionCode: c.regionCode, details: { added: ids.length } });
  });
  return getChain(db, ctx.actor, id);
}

export async function addProject(db: DbOrTx, ctx: RequestContext, id: string, input: { name: string; investmentFen: number; status: string }) {
  const c = await findChain(db, ctx.actor, id);
  assertOnChain(ctx.actor, c);
  await db.transaction(async (tx) => {
    const pid = randomUUID();
    await tx.insert(chainProjects).values({ id: pid, chainId: id, name: input.name, investmentFen: input.investmentFen, status: input.status });
    await audit(tx, ctx, { action: 'chain.project', targetType: 'chain', targetId: id, regionCode: c.regionCode, details: { projectId: pid } });
  });
  return getChain(db, ctx.actor, id);
}

/** A chain problem, with its owner (a department, required) and its deadline. */
export async function addProblem(db: DbOrTx, ctx: RequestContext, id: string, input: { kind: string; title: string; ownerOrgId: string; deadline: string }) {
  const c = await findChain(db, ctx.actor, id);
  assertOnChain(ctx.actor, c);
  if (!(await orgsService.namesOf(db, [input.ownerOrgId])).size) throw notFound('责任单位', 'Owner department');
  const pid = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(chainProblems).values({ id: pid, chainId: id, regionCode: c.regionCode, kind: input.kind, title: input.title, ownerOrgId: input.ownerOrgId, deadline: input.deadline, status: 'open', createdBy: ctx.actor.id });
    await audit(tx, ctx, { action: 'chain.problem', targetType: 'chain_problem', targetId: pid, regionCode: c.regionCode, details: { chainId: id, kind: input.kind } });
  });
  const [row] = await db.select().from(chainProblems).where(eq(chainProblems.id, pid));
  return (await problemViews(db, ctx.actor, c, [row]))[0];
}

/** Applies a row of PROBLEM_ACTIONS: the state must allow it (409), the caller must be on the chain or own it. */
export async function actOnProblem(db: DbOrTx, ctx: RequestContext, problemId: string, action: ProblemAction, input: { version: number; resolution?: string }) {
  authorize(ctx.actor, 'enterprises.read');
  const [p] = await db.select().from(chainProblems).where(and(eq(chainProblems.id, problemId), scopeCondition(ctx.actor, chainProblems.regionCode)));
  if (!p) throw notFound('链上问题', 'Chain problem');
  const c = await findChain(db, ctx.actor, p.chainId);
  const rule = PROBLEM_ACTIONS[action];
  if (!rule.from.includes(p.status as ProblemStatus)) {
    throw rule.refused === 'conflict' ? new AppError('conflict', { reason: '该问题尚未销号', reasonEn: 'This problem is not closed' }) : new AppError(rule.refused);
  }
  if (!problemActions(ctx.actor, c, p).includes(action)) throw new AppError('forbidden');
  if (rule.needsResolution && !input.resolution?.trim()) throw new AppError('required', { field: 'resolution' });
  const row = await db.transaction(async (tx) => {
    const [u] = await tx
      .update(chainProblems)
      .set({
        status: rule.to,
        version: sql`${chainProblems.version} + 1`,
        ...(rule.to === 'closed' ? { closedAt: new Date(), resolution: input.resolution!.trim() } : {}),
        ...(action === 'reopen' ? { closedAt: null } : {}),
      })
      .where(and(eq(chainProblems.id, problemId), eq(chainProblems.version, input.version)))
      .returning();
    if (!u) throw new AppError('stale_version');
    await audit(tx, ctx, { action: `chain_problem.${action}`, targetType: 'chain_problem', targetId: problemId, regionCode: p.regionCode });
    return u;
  });
  return (await problemViews(db, ctx.actor, c, [row]))[0];
}
