/**
 * People who help: 在职党员 registering (报到) with their residential community, volunteers, social
 * workers and donors; units paired with communities (结对共建) and their duties (职责清单); volunteer
 * teams. Staff register them in the console; phones are sealed in the vault and shown masked.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNotNull, like, sql, sum } from 'drizzle-orm';
import { assertAssignable, authorize, inRegion, type Actor } from '../../platform/access.js';
import { visibleHelpers, visibleTeams, visibleUnits } from '../../platform/access/volunteers.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Vault } from '../../platform/crypto.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { maskPhone, parsePhone } from '../../platform/personal-data.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import * as regionsService from '../regions/regions.service.js';
import { doneClaims, wishDeeds } from '../wishes/wishes.helpers.js';
import { activitySignups, helpers, needs, pairedUnits, unitDuties, volunteerTeams } from './volunteers.tables.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

type HelperRow = typeof helpers.$inferSelect;
type UnitRow = typeof pairedUnits.$inferSelect;

function sealPhone(vault: Vault, raw: string | undefined, field: string) {
  if (!raw?.trim()) return { phoneEnc: null, phoneBidx: null, phoneMasked: null };
  const p = parsePhone(raw);
  if ('problem' in p) throw new AppError('invalid_phone', { field, reason: '格式不正确', reasonEn: 'wrong format' });
  return { phoneEnc: vault.encrypt(p.phone), phoneBidx: vault.blindIndex('phone', p.digits), phoneMasked: maskPhone(p.phone) };
}

async function mustExist(db: DbOrTx, code: string) {
  if (!(await regionsService.exists(db, code))) throw notFound(`区域 ${code} `, `Region ${code}`);
}

export async function findHelper(db: DbOrTx, actor: Actor, id: string): Promise<HelperRow> {
  const [row] = await db.select().from(helpers).where(and(eq(helpers.id, id), visibleHelpers(actor)));
  if (!row) throw notFound('志愿者/党员', 'Helper');
  return row;
}

export async function findUnit(db: DbOrTx, actor: Actor, id: string): Promise<UnitRow> {
  const [row] = await db.select().from(pairedUnits).where(and(eq(pairedUnits.id, id), visibleUnits(actor)));
  if (!row) throw notFound('结对单位', 'Paired unit');
  return row;
}

async function findTeam(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await db.select().from(volunteerTeams).where(and(eq(volunteerTeams.id, id), visibleTeams(actor)));
  if (!row) throw notFound('志愿服务队', 'Volunteer team');
  return row;
}

/**
 * Per paired unit: the fulfilled wishes it was recorded as claimant of, or its members claimed; each wish
 * once per unit, however many of them claimed it.
 */
export async function memberWishDeeds(db: DbOrTx, unitIds: string[], range?: { from: Date; to: Date }): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!unitIds.length) return out;
  const members = await db.select({ id: helpers.id, unitId: helpers.unitId }).from(helpers).where(inArray(helpers.unitId, unitIds));
  const unitOf = new Map(members.map((h) => [h.id, h.unitId!]));
  const claims = await doneClaims(db, { helperIds: members.map((h) => h.id), unitIds }, range);
  const wishesOf = new Map<string, Set<string>>();
  for (const c of claims) {
    const unit = c.unitId ?? (c.helperId ? unitOf.get(c.helperId) : undefined);
    if (unit) wishesOf.set(unit, (wishesOf.get(unit) ?? new Set()).add(c.wishId));
  }
  for (const [unit, ws] of wishesOf) out.set(unit, ws.size);
  return out;
}

/** Deeds (confirmed needs, and fulfilled wishes they claimed on their phone, each once) and recorded minutes per helper. */
export async function tallies(db: DbOrTx, ids: string[]) {
  if (!ids.length) return { deeds: new Map<string, number>(), minutes: new Map<string, number>() };
  const [d, w, m] = await Promise.all([
    db.select({ id: needs.helperId, n: count() }).from(needs).where(and(inArray(needs.helperId, ids), eq(needs.status, 'confirmed'))).groupBy(needs.helperId),
    wishDeeds(db, ids),
    db.select({ id: activitySignups.helperId, n: sum(activitySignups.minutes) }).from(activitySignups).where(inArray(activitySignups.helperId, ids)).groupBy(activitySignups.helperId),
  ]);
  const deeds = new Map(w);
  for (const r of d) deeds.set(r.id!, (deeds.get(r.id!) ?? 0) + Number(r.n));
  return { deeds, minutes: new Map(m.map((r) => [r.id, Number(r.n ?? 0)])) };
}

export async function helperViews(db: DbOrTx, rows: HelperRow[]) {
  const ids = rows.map((r) => r.id);
  const unitIds = [...new Set(rows.map((r) => r.unitId).filter((x): x is string => !!x))];
  const teamIds = [...new Set(rows.map((r) => r.teamId).filter((x): x is string => !!x))];
  const [names, units, teams, t] = await Promise.all([
    regionsService.namesOf(db, rows.map((r) => r.regionCode)),
    unitIds.length ? db.select({ id: pairedUnits.id, name: pairedUnits.name }).from(pairedUnits).where(inArray(pairedUnits.id, unitIds)) : [],
    teamIds.length ? db.select({ id: volunteerTeams.id, name: volunteerTeams.name }).from(volunteerTeams).where(inArray(volunteerTeams.id, teamIds)) : [],
    tallies(db, ids),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const teamName = new Map(teams.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    kind: r.kind,
    name: r.name,
    phone: r.phoneMasked,
    workUnit: r.workUnit,
    unitId: r.unitId,
    unitName: r.unitId ? unitName.get(r.unitId) ?? null : null,
    teamId: r.teamId,
    teamName: r.teamId ? teamName.get(r.teamId) ?? null : null,
    skills: r.skills,
    hoursOffered: r.hoursOffered,
    status: r.status,
    deeds: t.deeds.get(r.id) ?? 0,
    minutes: t.minutes.get(r.id) ?? 0,
    registeredAt: r.registeredAt.toISOString(),
    version: r.version,
  }));
}

export interface RegisterInput {
  regionCode: string;
  kind: string;
  name: string;
  phone?: string;
  workUnit?: string;
  unitId?: string;
  teamId?: string;
  skills?: string[];
  hoursOffered?: number;
}

/** 报到: staff register a party member (or a volunteer, social worker, donor) with a community. */
export async function registerHelper(deps: Deps, ctx: RequestContext, input: RegisterInput) {
  authorize(ctx.actor, 'volunteers.write');
  assertAssignable(ctx.actor, input.regionCode, '报到社区', 'The community');
  const db = deps.database.db;
  await mustExist(db, input.regionCode);
  const phone = sealPhone(deps.vault, input.phone, 'phone');
  const id = randomUUID();
  await db.transaction(async (tx) => {
    if (input.unitId) await findUnit(tx, ctx.actor, input.unitId);
    if (input.teamId) await findTeam(tx, ctx.actor, input.teamId);
    if (phone.phoneBidx) {
      const [dup] = await tx.select({ id: helpers.id }).from(helpers).where(and(eq(helpers.phoneBidx, phone.phoneBidx), eq(helpers.status, 'active'))).limit(1);
      if (dup) throw new AppError('duplicate', { what: '该电话号码的报到记录', whatEn: 'A registration with this phone', value: phone.phoneMasked ?? '' });
    }
    await tx.insert(helpers).values({
      id,
      regionCode: input.regionCode,
      kind: input.kind,
      name: input.name.trim(),
      ...phone,
      workUnit: input.workUnit?.trim() || null,
      unitId: input.unitId ?? null,
      teamId: input.teamId ?? null,
      skills: [...new Set((input.skills ?? []).map((s) => s.trim()).filter(Boolean))],
      hoursOffered: input.hoursOffered ?? 0,
      createdBy: ctx.actor.id,
    });
    await audit(tx, ctx, { action: 'helper.register', targetType: 'helper', targetId: id, regionCode: input.regionCode, details: { kind: input.kind } });
  });
  return getHelper(deps, ctx.actor, id);
}

export async function getHelper(deps: Deps, actor: Actor, id: string) {
  authorize(actor, 'volunteers.read');
  return (await helperViews(deps.database.db, [await findHelper(deps.database.db, actor, id)]))[0];
}

export async function listHelpers(deps: Deps, actor: Actor, q: { page?: number; pageSize?: number; kind?: string; teamId?: string; unitId?: string; within?: string; q?: string }): Promise<PageResult<Awaited<ReturnType<typeof helperViews>>[number]>> {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(q);
  const text = q.q?.trim();
  const digits = text?.replace(/\D/g, '') ?? '';
  const where = and(
    visibleHelpers(actor),
    q.kind ? eq(helpers.kind, q.kind) : undefined,
    q.teamId ? eq(helpers.teamId, q.teamId) : undefined,
    q.unitId ? eq(helpers.unitId, q.unitId) : undefined,
    q.within ? inRegion(helpers.regionCode, q.within) : undefined,
    text ? (digits.length >= 7 ? eq(helpers.phoneBidx, deps.vault.blindIndex('phone', digits)) : like(helpers.name, `${text.replace(/[%_\\]/g, '\\$&')}%`)) : undefined,
  );
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(helpers).where(where).orderBy(desc(helpers.registeredAt), desc(helpers.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(helpers).where(where),
  ]);
  return { items: await helperViews(db, rows), total: Number(n), page, pageSize };
}

// ---------------------------------------------------------------------------------------------
// Paired units (结对共建) and their duties

async function unitViews(db: DbOrTx, rows: UnitRow[]) {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const [names, members, ownDeeds, memberDeeds, duties] = await Promise.all([
    regionsService.namesOf(db, rows.map((r) => r.regionCode)),
    db.select({ id: helpers.unitId, n: count() }).from(helpers).where(and(inArray(helpers.unitId, ids), eq(helpers.status, 'active'))).groupBy(helpers.unitId),
    db.select({ id: needs.unitId, n: count() }).from(needs).where(and(inArray(needs.unitId, ids), eq(needs.status, 'confirmed'))).groupBy(needs.unitId),
    db.select({ id: helpers.unitId, n: count() }).from(needs).innerJoin(helpers, eq(helpers.id, needs.helperId)).where(and(inArray(helpers.unitId, ids), eq(needs.status, 'confirmed'))).groupBy(helpers.unitId),
    db.select().from(unitDuties).where(inArray(unitDuties.unitId, ids)).orderBy(unitDuties.createdAt),
  ]);
  const m = new Map(members.map((r) => [r.id, Number(r.n)]));
  const d = await memberWishDeeds(db, ids);
  for (const r of [...ownDeeds, ...memberDeeds]) d.set(r.id!, (d.get(r.id!) ?? 0) + Number(r.n));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    name: r.name,
    kind: r.kind,
    contactName: r.contactName,
    phone: r.phoneMasked,
    pairedSince: r.pairedSince,
    members: m.get(r.id) ?? 0,
    deeds: d.get(r.id) ?? 0,
    duties: duties.filter((x) => x.unitId === r.id).map((x) => ({ id: x.id, title: x.title, detail: x.detail })),
    version: r.version,
  }));
}

export async function createUnit(deps: Deps, ctx: RequestContext, input: { regionCode: string; name: string; kind: string; contactName?: string; phone?: string; pairedSince: string }) {
  authorize(ctx.actor, 'volunteers.write');
  assertAssignable(ctx.actor, input.regionCode, '结对社区', 'The community');
  const db = deps.database.db;
  await mustExist(db, input.regionCode);
  const phone = sealPhone(deps.vault, input.phone, 'phone');
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: pairedUnits.id }).from(pairedUnits).where(and(eq(pairedUnits.regionCode, input.regionCode), eq(pairedUnits.name, input.name.trim())));
    if (dup) throw new AppError('duplicate', { what: '该社区的结对单位', whatEn: 'A paired unit of this community', value: input.name.trim() });
    await tx.insert(pairedUnits).values({ id, regionCode: input.regionCode, name: input.name.trim(), kind: input.kind, contactName: input.contactName?.trim() || null, phoneEnc: phone.phoneEnc, phoneMasked: phone.phoneMasked, pairedSince: input.pairedSince, createdBy: ctx.actor.id });
    await audit(tx, ctx, { action: 'paired_unit.create', targetType: 'paired_unit', targetId: id, regionCode: input.regionCode });
  });
  return getUnit(deps, ctx.actor, id);
}

export async function getUnit(deps: Deps, actor: Actor, id: string) {
  authorize(actor, 'volunteers.read');
  return (await unitViews(deps.database.db, [await findUnit(deps.database.db, actor, id)]))[0];
}

export async function listUnits(deps: Deps, actor: Actor, q: { page?: number; pageSize?: number }) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(q);
  const where = visibleUnits(actor);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(pairedUnits).where(where).orderBy(pairedUnits.regionCode, pairedUnits.name).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(pairedUnits).where(where),
  ]);
  return { items: await unitViews(db, rows), total: Number(n), page, pageSize };
}

/** 职责清单: a duty the unit undertakes for its community. */
export async function addDuty(deps: Deps, ctx: RequestContext, unitId: string, input: { title: string; detail?: string }) {
  authorize(ctx.actor, 'volunteers.write');
  const db = deps.database.db;
  await db.transaction(async (tx) => {
    const unit = await findUnit(tx, ctx.actor, unitId);
    const id = randomUUID();
    await tx.insert(unitDuties).values({ id, unitId, regionCode: unit.regionCode, title: input.title.trim(), detail: input.detail?.trim() || null });
    await audit(tx, ctx, { action: 'paired_unit.duty', targetType: 'paired_unit', targetId: unitId, regionCode: unit.regionCode, details: { dutyId: id } });
  });
  return getUnit(deps, ctx.actor, unitId);
}

// ---------------------------------------------------------------------------------------------
// Volunteer teams

export async function createTeam(deps: Deps, ctx: RequestContext, input: { regionCode: string; name: string; purpose?: string }) {
  authorize(ctx.actor, 'volunteers.write');
  assertAssignable(ctx.actor, input.regionCode, '服务队所在区域', 'The team’s area');
  const db = deps.database.db;
  await mustExist(db, input.regionCode);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: volunteerTeams.id }).from(volunteerTeams).where(and(eq(volunteerTeams.regionCode, input.regionCode), eq(volunteerTeams.name, input.name.trim())));
    if (dup) throw new AppError('duplicate', { what: '该区域的志愿服务队', whatEn: 'A team of this area', value: input.name.trim() });
    await tx.insert(volunteerTeams).values({ id, regionCode: input.regionCode, name: input.name.trim(), purpose: input.purpose?.trim() || null, createdBy: ctx.actor.id });
    await audit(tx, ctx, { action: 'volunteer_team.create', targetType: 'volunteer_team', targetId: id, regionCode: input.regionCode });
  });
  return (await listTeams(deps, ctx.actor, { pageSize: 200 })).items.find((t) => t.id === id)!;
}

export async function listTeams(deps: Deps, actor: Actor, q: { page?: number; pageSize?: number }) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(q);
  const where = visibleTeams(actor);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(volunteerTeams).where(where).orderBy(volunteerTeams.regionCode, volunteerTeams.name).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(volunteerTeams).where(where),
  ]);
  const ids = rows.map((r) => r.id);
  const [names, members, minutes] = await Promise.all([
    regionsService.namesOf(db, rows.map((r) => r.regionCode)),
    ids.length ? db.select({ id: helpers.teamId, n: count() }).from(helpers).where(and(inArray(helpers.teamId, ids), eq(helpers.status, 'active'))).groupBy(helpers.teamId) : [],
    ids.length
      ? db
          .select({ id: helpers.teamId, n: sql<number>`coalesce(sum(${activitySignups.minutes}), 0)` })
          .from(activitySignups)
          .innerJoin(helpers, eq(helpers.id, activitySignups.helperId))
          .where(and(inArray(helpers.teamId, ids), isNotNull(activitySignups.minutes)))
          .groupBy(helpers.teamId)
      : [],
  ]);
  const m = new Map(members.map((r) => [r.id, Number(r.n)]));
  const mm = new Map(minutes.map((r) => [r.id, Number(r.n)]));
  return {
    items: rows.map((r) => ({ id: r.id, regionCode: r.regionCode, regionName: names.get(r.regionCode) ?? r.regionCode, name: r.name, purpose: r.purpose, members: m.get(r.id) ?? 0, minutes: mm.get(r.id) ?? 0 })),
    total: Number(n),
    page,
    pageSize,
  };
}
