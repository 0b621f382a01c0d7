/**
 * The enterprise register (企业名录): firms by their unified social credit code, with the leader, the
 * department and the commissioner answering for each (领导 + 部门 + 企业特派员).
 */
import { randomUUID } from 'node:crypto';
import { eq, and, sql } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { maskPhone, normalisePhone, type Vault } from '../../platform/crypto.js';
import { databaseErrorCode, type Database, type DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import { briefsOf, displayNamesOf } from '../users/users.service.js';
import { checkCreditCode } from './credit-code.js';
import * as repo from './enterprises.repo.js';
import { enterpriseCommissioners, enterprises } from './enterprises.tables.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

type Ref = { id: string; name: string };
export interface EnterpriseView {
  id: string;
  regionCode: string;
  regionName: string;
  creditCode: string;
  name: string;
  industry: string;
  size: string;
  park: string | null;
  address: string | null;
  lon: number | null;
  lat: number | null;
  contactName: string | null;
  contactPhone: string | null;
  commissioner: Ref | null;
  leader: Ref | null;
  department: Ref | null;
  chains: Ref[];
  createdAt: string;
  version: number;
}

async function views(db: DbOrTx, rows: repo.EnterpriseRow[]): Promise<EnterpriseView[]> {
  const userIds = rows.flatMap((r) => [r.commissionerUserId, r.leaderUserId]).filter((x): x is string => !!x);
  const [people, orgNames, regionNames, chainsOf] = await Promise.all([
    displayNamesOf(db, userIds),
    orgsService.namesOf(db, rows.map((r) => r.departmentOrgId).filter((x): x is string => !!x)),
    regionsService.namesOf(db, new Set(rows.map((r) => r.regionCode))),
    repo.chainsOf(db, rows.map((r) => r.id)),
  ]);
  const ref = (id: string | null, names: Map<string, string>) => (id ? { id, name: names.get(id) ?? '' } : null);
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: regionNames.get(r.regionCode) ?? r.regionCode,
    creditCode: r.creditCode,
    name: r.name,
    industry: r.industry,
    size: r.size,
    park: r.park,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    contactName: r.contactName,
    contactPhone: r.contactPhoneMasked,
    commissioner: ref(r.commissionerUserId, people),
    leader: ref(r.leaderUserId, people),
    department: ref(r.departmentOrgId, orgNames),
    chains: chainsOf.get(r.id) ?? [],
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  }));
}

export async function listEnterprises(db: DbOrTx, actor: Actor, query: repo.EnterpriseFilter & { page?: number; pageSize?: number }): Promise<PageResult<EnterpriseView>> {
  authorize(actor, 'enterprises.read');
  const { page, pageSize, offset } = pageOf(query);
  const { rows, total } = await repo.listVisible(db, actor, query, { limit: pageSize, offset });
  return { items: await views(db, rows), total, page, pageSize };
}

/** A firm the caller may see, or 404. */
export async function findEnterprise(db: DbOrTx, actor: Actor, id: string): Promise<repo.EnterpriseRow> {
  authorize(actor, 'enterprises.read');
  const row = await repo.findVisible(db, actor, id);
  if (!row) throw notFound('企业', 'Enterprise');
  return row;
}

export async function getEnterprise(db: DbOrTx, actor: Actor, id: string): Promise<EnterpriseView> {
  return (await views(db, [await findEnterprise(db, actor, id)]))[0];
}

/** The credit code, checked (GB 32100) and normalised, or 400 naming it. */
function validCreditCode(input: string, field = 'creditCode'): string {
  const c = checkCreditCode(input);
  if (!c.ok) throw new AppError('invalid_credit_code', { field, code: input.trim(), reason: c.reason, reasonEn: c.reasonEn }, [{ field: `body.${field}`, rule: 'credit_code' }]);
  return c.code;
}

/** The commissioner may serve the firm: designated, and their area contains the firm's place. */
async function checkCommissioner(db: DbOrTx, userId: string, firmRegion: string): Promise<void> {
  const [c] = await db.select().from(enterpriseCommissioners).where(eq(enterpriseCommissioners.userId, userId));
  const name = (await displayNamesOf(db, [userId])).get(userId) ?? userId;
  if (!c) throw new AppError('not_a_commissioner', { who: name, whoEn: name });
  if (!firmRegion.startsWith(c.regionCode)) throw new AppError('commissioner_outside_area', { who: name, region: firmRegion });
}

async function checkPeople(db: DbOrTx, input: { leaderUserId?: string | null; departmentOrgId?: string | null }) {
  if (input.leaderUserId) {
    const u = (await briefsOf(db, [input.leaderUserId])).get(input.leaderUserId);
    if (!u || u.disabled) throw notFound('领导账号', 'Leader account');
  }
  if (input.departmentOrgId && !(await orgsService.namesOf(db, [input.departmentOrgId])).size) throw notFound('部门', 'Department');
}

export interface EnterpriseInput {
  creditCode: string;
  name: string;
  industry: string;
  size: string;
  regionCode: string;
  park?: string;
  address?: string;
  location?: { lon: number; lat: number };
  contactName?: string;
  contactPhone?: string;
  commissionerUserId?: string;
  leaderUserId?: string;
  departmentOrgId?: string;
}

/** Checks an input row and builds the row to insert (no write). Shared by the form and the import. */
export async function prepare(deps: Deps, actor: Actor, input: EnterpriseInput): Promise<typeof enterprises.$inferInsert> {
  const db = deps.database.db;
  const creditCode = validCreditCode(input.creditCode);
  assertAssignable(actor, input.regionCode, '企业所在地', "The firm's place");
  if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  let phone: string | null = null;
  if (input.contactPhone?.trim()) {
    phone = normalisePhone(input.contactPhone);
    if (!phone) throw new AppError('invalid_phone', { field: 'contactPhone', reason: '格式不正确', reasonEn: 'it is not a mobile or landline number' });
  }
  const prior = await repo.byCreditCode(db, creditCode);
  if (prior) throw new AppError('enterprise_duplicate', { code: creditCode, name: prior.name });
  if (input.commissionerUserId) await checkCommissioner(db, input.commissionerUserId, input.regionCode);
  await checkPeople(db, input);
  return {
    id: randomUUID(),
    regionCode: input.regionCode,
    creditCode,
    name: input.name.trim(),
    industry: input.industry,
    size: input.size,
    park: input.park?.trim() || null,
    address: input.address?.trim() || null,
    lon: input.location?.lon ?? null,
    lat: input.location?.lat ?? null,
    contactName: input.contactName?.trim() || null,
    contactPhoneEnc: phone ? deps.vault.encrypt(phone) : null,
    contactPhoneIndex: phone ? deps.vault.blindIndex('phone', phone) : null,
    contactPhoneMasked: phone ? maskPhone(phone) : null,
    commissionerUserId: input.commissionerUserId ?? null,
    leaderUserId: input.leaderUserId ?? null,
    departmentOrgId: input.departmentOrgId ?? null,
    createdBy: actor.id,
  };
}

/** A unique violation on the credit code (two registrations racing) is the same 409 as the check. */
export function duplicateOnRace(err: unknown, code: string): never {
  if (databaseErrorCode(err) === '23505') throw new AppError('enterprise_duplicate', { code, name: '' });
  throw err;
}

export async function createEnterprise(deps: Deps, ctx: RequestContext, input: EnterpriseInput): Promise<EnterpriseView> {
  authorize(ctx.actor, 'enterprises.write');
  const row = await prepare(deps, ctx.actor, input);
  // The row and its audit entry land together or not at all.
  const created = await deps.database.db
    .transaction(async (tx) => {
      const [r] = await tx.insert(enterprises).values(row).returning();
      await audit(tx, ctx, { action: 'enterprise.create', targetType: 'enterprise', targetId: r.id, regionCode: r.regionCode, details: { creditCode: r.creditCode } });
      return r;
    })
    .catch((err: unknown) => duplicateOnRace(err, row.creditCode));
  return (await views(deps.database.db, [created]))[0];
}

export interface AssignInput {
  version: number;
  commissionerUserId?: string | null;
  leaderUserId?: string | null;
  departmentOrgId?: string | null;
}

/** 领导 + 部门 + 企业特派员: who answers for the firm. The commissioner must serve the firm's area. */
export async function assign(deps: Deps, ctx: RequestContext, id: string, input: AssignInput): Promise<EnterpriseView> {
  authorize(ctx.actor, 'enterprises.write');
  const db = deps.database.db;
  const firm = await findEnterprise(db, ctx.actor, id);
  if (input.commissionerUserId) await checkCommissioner(db, input.commissionerUserId, firm.regionCode);
  await checkPeople(db, input);
  const set: Partial<typeof enterprises.$inferInsert> = {};
  if (input.commissionerUserId !== undefined) set.commissionerUserId = input.commissionerUserId;
  if (input.leaderUserId !== undefined) set.leaderUserId = input.leaderUserId;
  if (input.departmentOrgId !== undefined) set.departmentOrgId = input.departmentOrgId;
  const row = await db.transaction(async (tx) => {
    const [r] = await tx
      .update(enterprises)
      .set({ ...set, version: sql`${enterprises.version} + 1` })
      .where(and(eq(enterprises.id, id), eq(enterprises.version, input.version)))
      .returning();
    if (!r) throw new AppError('stale_version');
    await audit(tx, ctx, { action: 'enterprise.assign', targetType: 'enterprise', targetId: id, regionCode: r.regionCode, details: { fields: Object.keys(set) } });
    return r;
  });
  return (await views(db, [row]))[0];
}
