import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import { visibleEnterprises } from '../../platform/access/enterprises.js';
import type { DbOrTx } from '../../platform/db.js';
import { chainMembers, chains, enterprises } from './enterprises.tables.js';

export type EnterpriseRow = typeof enterprises.$inferSelect;

export interface EnterpriseFilter {
  q?: string;
  park?: string;
  industry?: string;
  size?: string;
  commissionerUserId?: string;
  chainId?: string;
}

/** Every query here is scoped by the access rule: a row outside it is never read. */
export async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<EnterpriseRow | undefined> {
  const [row] = await db
    .select()
    .from(enterprises)
    .where(and(eq(enterprises.id, id), visibleEnterprises(actor)))
    .limit(1);
  return row;
}

function filterOf(f: EnterpriseFilter): SQL[] {
  const c: SQL[] = [];
  if (f.q?.trim()) {
    const q = `%${f.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    c.push(or(ilike(enterprises.name, q), ilike(enterprises.creditCode, q))!);
  }
  if (f.park) c.push(eq(enterprises.park, f.park));
  if (f.industry) c.push(eq(enterprises.industry, f.industry));
  if (f.size) c.push(eq(enterprises.size, f.size));
  if (f.commissionerUserId) c.push(eq(enterprises.commissionerUserId, f.commissionerUserId));
  if (f.chainId) c.push(sql`exists (select 1 from ${chainMembers} where ${chainMembers.enterpriseId} = ${enterprises.id} and ${chainMembers.chainId} = ${f.chainId})`);
  return c;
}

export async function listVisible(db: DbOrTx, actor: Actor, f: EnterpriseFilter, page: { limit: number; offset: number }): Promise<{ rows: EnterpriseRow[]; total: number }> {
  const where = and(visibleEnterprises(actor), ...filterOf(f));
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(enterprises).where(where).orderBy(desc(enterprises.createdAt), desc(enterprises.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(enterprises).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function byCreditCode(db: DbOrTx, code: string): Promise<EnterpriseRow | undefined> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.creditCode, code)).limit(1);
  return row;
}

export async function chainsOf(db: DbOrTx, ids: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if (!ids.length) return out;
  const rows = await db
    .select({ enterpriseId: chainMembers.enterpriseId, id: chains.id, name: chains.name })
    .from(chainMembers)
    .innerJoin(chains, eq(chains.id, chainMembers.chainId))
    .where(inArray(chainMembers.enterpriseId, ids));
  for (const r of rows) out.set(r.enterpriseId, [...(out.get(r.enterpriseId) ?? []), { id: r.id, name: r.name }]);
  return out;
}
