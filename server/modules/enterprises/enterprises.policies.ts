/**
 * Policy documents (惠企政策) with the industries and sizes they apply to, pushed to the matching firms
 * of the publisher's area in one transaction, each delivery with its read receipt.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { assertAssignable, authorize, can, inRegion, scopeCondition, type Actor } from '../../platform/access.js';
import { NONE } from '../../platform/access/deny.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as regionsService from '../regions/regions.service.js';
import { findEnterprise } from './enterprises.service.js';
import { enterprisePolicies, enterprises, policyDeliveries } from './enterprises.tables.js';

function visiblePolicies(actor: Actor) {
  if (!can(actor, 'enterprises.read')) return NONE;
  return scopeCondition(actor, enterprisePolicies.regionCode);
}

type PolicyRow = typeof enterprisePolicies.$inferSelect;

async function views(db: DbOrTx, rows: PolicyRow[]) {
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await db
        .select({ id: policyDeliveries.policyId, delivered: count(), read: sql<number>`count(${policyDeliveries.readAt})` })
        .from(policyDeliveries)
        .where(inArray(policyDeliveries.policyId, ids))
        .groupBy(policyDeliveries.policyId)
    : [];
  const by = new Map(counts.map((c) => [c.id, c]));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    title: r.title,
    summary: r.summary,
    industries: r.industries,
    sizes: r.sizes,
    createdAt: r.createdAt.toISOString(),
    delivered: Number(by.get(r.id)?.delivered ?? 0),
    read: Number(by.get(r.id)?.read ?? 0),
  }));
}

export async function listPolicies(db: DbOrTx, actor: Actor) {
  authorize(actor, 'enterprises.read');
  return views(db, await db.select().from(enterprisePolicies).where(visiblePolicies(actor)).orderBy(desc(enterprisePolicies.createdAt)).limit(200));
}

/** Publishes a policy and pushes it to every firm of the region whose industry and size it names. */
export async function publishPolicy(db: DbOrTx, ctx: RequestContext, input: { regionCode: string; title: string; summary: string; industries?: string[]; sizes?: string[] }) {
  authorize(ctx.actor, 'enterprises.write');
  assertAssignable(ctx.actor, input.regionCode, '政策适用区域', "The policy's region");
  if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  const industries = [...new Set(input.industries ?? [])];
  const sizes = [...new Set(input.sizes ?? [])];
  const id = randomUUID();
  const now = new Date();
  const row = await db.transaction(async (tx) => {
    const [p] = await tx.insert(enterprisePolicies).values({ id, regionCode: input.regionCode, title: input.title, summary: input.summary, industries, sizes, createdBy: ctx.actor.id }).returning();
    const matching = and(
      inRegion(enterprises.regionCode, input.regionCode),
      industries.length ? inArray(enterprises.industry, industries) : undefined,
      sizes.length ? inArray(enterprises.size, sizes) : undefined,
    );
    await tx.execute(sql`insert into ${policyDeliveries} (policy_id, enterprise_id, delivered_at)
      select ${id}::uuid, ${enterprises.id}, ${now.toISOString()}::timestamptz from ${enterprises} where ${matching ?? sql`true`}`);
    const [{ n }] = await tx.select({ n: count() }).from(policyDeliveries).where(eq(policyDeliveries.policyId, id));
    await audit(tx, ctx, { action: 'enterprise.policy', targetType: 'policy', targetId: id, regionCode: input.regionCode, details: { delivered: Number(n) } });
    return p;
  });
  return (await views(db, [row]))[0];
}

/** The policies pushed to a firm, with their receipts. */
export async function policiesOf(db: DbOrTx, actor: Actor, enterpriseId: string) {
  const firm = await findEnterprise(db, actor, enterpriseId);
  const rows = await db
    .select({ id: enterprisePolicies.id, title: enterprisePolicies.title, summary: enterprisePolicies.summary, deliveredAt: policyDeliveries.deliveredAt, readAt: policyDeliveries.readAt })
    .from(policyDeliveries)
    .innerJoin(enterprisePolicies, eq(enterprisePolicies.id, policyDeliveries.policyId))
    .where(eq(policyDeliveries.enterpriseId, firm.id))
    .orderBy(desc(policyDeliveries.deliveredAt));
  return rows.map((r) => ({ ...r, deliveredAt: r.deliveredAt.toISOString(), readAt: r.readAt?.toISOString() ?? null }));
}

/** The firm has read the policy (a commissioner or the desk records the receipt): once. */
export async function recordReceipt(db: DbOrTx, ctx: RequestContext, policyId: string, enterpriseId: string) {
  const firm = await findEnterprise(db, ctx.actor, enterpriseId);
  if (!ctx.actor.roles.some((r) => r === 'commissioner' || r === 'admin' || r === 'dispatcher' || r === 'community_staff')) throw new AppError('forbidden');
  await db.transaction(async (tx) => {
    const [d] = await tx.select().from(policyDeliveries).where(and(eq(policyDeliveries.policyId, policyId), eq(policyDeliveries.enterpriseId, firm.id)));
    if (!d) throw notFound('推送记录', 'Delivery');
    const [u] = await tx
      .update(policyDeliveries)
      .set({ readAt: new Date(), readBy: ctx.actor.id })
      .where(and(eq(policyDeliveries.policyId, policyId), eq(policyDeliveries.enterpriseId, firm.id), isNull(policyDeliveries.readAt)))
      .returning();
    if (!u) throw new AppError('conflict', { reason: '该企业已确认阅读此政策', reasonEn: 'The firm has already read this policy' });
    await audit(tx, ctx, { action: 'enterprise.policy_read', targetType: 'policy', targetId: policyId, regionCode: firm.regionCode, details: { enterpriseId: firm.id } });
  });
  return policiesOf(db, ctx.actor, firm.id);
}
