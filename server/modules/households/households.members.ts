/**
 * The members of a household file: adding and editing people, moving them between households (or away,
 * or deceased) with their stay history, and keeping the head and the member count right.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { householdsVisible } from '../../platform/access/households.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, conflict } from '../../platform/errors.js';
import { findById as findUserById } from '../users/users.repo.js';
import { RELATIONS } from './households.config.js';
import { creationChanges, diff, recordChange } from './households.history.js';
import { householdMembers, households, people } from './households.tables.js';
import { appendHouseholdEvent } from './households.timeline.js';
import { checkPerson, personHistory, sealPerson, throwProblem, type PersonInput } from './people.fields.js';
import { type ChangeMeta, fieldsZh } from './households.edit.js';
import { findHousehold, findPerson } from './households.search.js';
import { type Deps, type PersonRow, type PersonView, personView } from './households.views.js';

// ---------------------------------------------------------------------------------------------
// People

async function assertIdFree(db: DbOrTx, actor: Actor, bidx: string | null | undefined, exceptId?: string): Promise<void> {
  if (!bidx) return;
  const [other] = await db.select({ id: people.id, gridCode: people.gridCode }).from(people).where(eq(people.idNumberBidx, bidx));
  if (other && other.id !== exceptId) {
    // Only someone who may see the other record learns that it exists and where; anyone else hears
    // that the number cannot be added here, as for any other refusal.
    const visible = await db.select({ id: people.id }).from(people).where(and(eq(people.id, other.id), householdsVisible(actor, people.gridCode)));
    if (!visible.length) throw new AppError('id_number_not_addable');
    throw new AppError('duplicate', { what: '身份证号码', whatEn: 'The ID number', value: '已登记' }, { personId: other.id });
  }
}

/** A concurrent write of the same ID number meets the unique index: the same answer as assertIdFree's. */
export function idNumberTaken(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code;
  const constraint = e?.cause?.constraint ?? e?.constraint ?? e?.cause?.message ?? '';
  return code === '23505' && String(constraint).includes('people_id_number_bidx_uq') ? new AppError('id_number_not_addable') : null;
}

async function refreshHousehold(tx: DbOrTx, householdId: string): Promise<void> {
  await tx
    .update(households)
    .set({ memberCount: sql`(select count(*) from ${people} where ${people.householdId} = ${householdId})::int` })
    .where(eq(households.id, householdId));
}

async function assertHeadFree(tx: DbOrTx, householdId: string, relation: string | null, personId?: string): Promise<void> {
  if (relation !== 'head') return;
  const [h] = await tx.select({ head: households.headPersonId }).from(households).where(eq(households.id, householdId));
  if (h?.head && h.head !== personId) {
    throw conflict('该户已有户主，请先修改原户主的关系', 'The household already has a head; change the current head’s relation first');
  }
}

async function setHead(tx: DbOrTx, householdId: string, personId: string, relation: string | null): Promise<void> {
  if (relation === 'head') await tx.update(households).set({ headPersonId: personId }).where(eq(households.id, householdId));
  else await tx.update(households).set({ headPersonId: null }).where(and(eq(households.id, householdId), eq(households.headPersonId, personId)));
}

export interface PersonCreate extends PersonInput {
  name: string;
  reason?: string | null;
}

export async function addMember(deps: Deps, ctx: RequestContext, householdId: string, input: PersonCreate): Promise<PersonView> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const h = await findHousehold(db, ctx.actor, householdId);
  if (h.status !== 'active') throw conflict('户档案已注销', 'The household file is archived');
  const { values, problems } = checkPerson(input);
  if (!values) throwProblem(problems[0]);
  const cols = sealPerson(deps.pii, values);
  await assertIdFree(db, ctx.actor, cols.idNumberBidx);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await assertHeadFree(tx, householdId, values.relation);
    await assertIdFree(tx, ctx.actor, cols.idNumberBidx);
    await tx.insert(people).values({ id, householdId, gridCode: h.gridCode, ...cols });
    await tx.insert(householdMembers).values({ personId: id, householdId, relation: values.relation, reason: input.reason ?? null });
    await setHead(tx, householdId, id, values.relation);
    await refreshHousehold(tx, householdId);
    const after = personHistory({ ...cols, status: 'active', userId: null, householdId });
    await recordChange(tx, ctx, { entityType: 'person', entityId: id, householdId, gridCode: h.gridCode, version: 1, action: 'create', changes: creationChanges(after), reason: input.reason });
    await appendHouseholdEvent(tx, {
      householdId,
      gridCode: h.gridCode,
      source: 'households',
      kind: 'member.joined',
      summary: `新增成员：${values.name}${values.relation ? `（${RELATIONS[values.relation].zh}）` : ''}`,
      refType: 'person',
      refId: id,
      actor: ctx.actor,
    });
    await audit(tx, ctx, { action: 'person.create', targetType: 'person', targetId: id, regionCode: h.gridCode });
  }).catch((err: unknown) => {
    throw idNumberTaken(err) ?? err;
  });
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return personView(row);
}

export async function getPerson(deps: Deps, actor: Actor, id: string) {
  const db = deps.database.db;
  const p = await findPerson(db, actor, id);
  const stays = await db
    .select({ householdId: householdMembers.householdId, relation: householdMembers.relation, joinedAt: householdMembers.joinedAt, leftAt: householdMembers.leftAt, reason: householdMembers.reason, address: households.address, gridCode: households.gridCode })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(eq(householdMembers.personId, id))
    .orderBy(asc(householdMembers.joinedAt), asc(householdMembers.id));
  return {
    ...personView(p),
    residences: stays.map((s) => ({ ...s, joinedAt: s.joinedAt.toISOString(), leftAt: s.leftAt?.toISOString() ?? null })),
  };
}

export interface PersonPatch extends PersonInput {
  version: number;
  userId?: string | null;
  reason?: string | null;
}

/** Applies new person fields: the one write path for edits and reverts. */
export async function applyPerson(deps: Deps, tx: DbOrTx, ctx: RequestContext, current: PersonRow, input: PersonInput & { userId?: string | null }, version: number, meta: ChangeMeta): Promise<boolean> {
  const merged: PersonInput = {
    name: input.name ?? current.name,
    relation: input.relation !== undefined ? input.relation : current.relation,
    idNumber: input.idNumber !== undefined ? input.idNumber : current.idNumberEnc ? deps.pii.decrypt(current.idNumberEnc) : null,
    phone: input.phone !== undefined ? input.phone : current.phoneEnc ? deps.pii.decrypt(current.phoneEnc) : null,
    // Birth date and sex follow a new ID number unless given with it.
    birthDate: input.birthDate !== undefined ? input.birthDate : input.idNumber ? null : current.birthDate,
    sex: input.sex !== undefined ? input.sex : input.idNumber ? null : current.sex,
  };
  const { values, problems } = checkPerson(merged);
  if (!values) throwProblem(problems[0]);
  const sealed = sealPerson(deps.pii, values);
  // Unchanged sealed values keep their ciphertext, so the history does not show a change.
  const cols = {
    ...sealed,
    ...(sealed.idNumberBidx === current.idNumberBidx ? { idNumberEnc: current.idNumberEnc, idNumberMasked: current.idNumberMasked } : {}),
    ...(sealed.phoneBidx === current.phoneBidx ? { phoneEnc: current.phoneEnc, phoneMasked: current.phoneMasked } : {}),
  };
  const userId = input.userId !== undefined ? input.userId : current.userId;
  if (userId && userId !== current.userId) {
    if (!(await findUserById(tx, userId))) throw new AppError('unknown_value', { field: 'body.userId', value: userId });
  }
  const changes = diff(personHistory(current), personHistory({ ...current, ...cols, userId }));
  if (!changes.length) return false;
  await assertIdFree(tx, ctx.actor, cols.idNumberBidx, current.id);
  if (current.householdId) await assertHeadFree(tx, current.householdId, values.relation, current.id);
  const [u] = await tx
    .update(people)
    .set({ ...cols, userId, updatedAt: new Date(), version: sql`${people.version} + 1` })
    .where(and(eq(people.id, current.id), eq(people.version, version)))
    .returning({ version: people.version });
  if (!u) throw new AppError('stale_version');
  const fields = changes.map((c) => c.field);
  if (current.householdId) {
    if (fields.includes('relation')) {
      await setHead(tx, current.householdId, current.id, values.relation);
      await tx.update(householdMembers).set({ relation: values.relation }).where(and(eq(householdMembers.personId, current.id), isNull(householdMembers.leftAt)));
    }
    await appendHouseholdEvent(tx, {
      householdId: current.householdId,
      gridCode: current.gridCode,
      source: 'households',
      kind: meta.action === 'revert' ? 'member.reverted' : 'member.changed',
      summary: `${meta.action === 'revert' ? '撤销成员信息修改' : '修改成员信息'}：${values.name}（${fieldsZh(fields)}）`,
      refType: 'person',
      refId: current.id,
      data: { fields },
      actor: ctx.actor,
    });
  }
  await recordChange(tx, ctx, { entityType: 'person', entityId: current.id, householdId: current.householdId, gridCode: current.gridCode, version: u.version, action: meta.action, changes, reason: meta.reason, revertOf: meta.revertOf, importJobId: meta.importJobId });
  await audit(tx, ctx, { action: `person.${meta.action}`, targetType: 'person', targetId: current.id, regionCode: current.gridCode, details: { changed: fields } });
  return true;
}

export async function updatePerson(deps: Deps, ctx: RequestContext, id: string, patch: PersonPatch): Promise<PersonView> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const current = await findPerson(db, ctx.actor, id);
  const { version, reason, ...input } = patch;
  await db.transaction((tx) => applyPerson(deps, tx, ctx, current, input, version, { action: 'update', reason })).catch((err: unknown) => {
    throw idNumberTaken(err) ?? err;
  });
  return personView((await db.select().from(people).where(eq(people.id, id)))[0]);
}

/**
 * Moves a person to another household (or out of every household: moved away, deceased), keeping the
 * stay history. The one write path for moves and their reverts.
 */
export async function applyMove(
  tx: DbOrTx,
  ctx: RequestContext,
  current: PersonRow,
  to: { householdId: string | null; relation: string | null; status: string; gridCode: string },
  version: number,
  meta: ChangeMeta,
): Promise<void> {
  const before = personHistory(current);
  const after = { ...before, householdId: to.householdId, relation: to.relation, status: to.status };
  const changes = diff(before, after);
  if (!changes.length) return;
  if (to.householdId) await assertHeadFree(tx, to.householdId, to.relation, current.id);
  const [u] = await tx
    .update(people)
    .set({ householdId: to.householdId, relation: to.relation, status: to.status, gridCode: to.gridCode, updatedAt: new Date(), version: sql`${people.version} + 1` })
    .where(and(eq(people.id, current.id), eq(people.version, version)))
    .returning({ version: people.version });
  if (!u) throw new AppError('stale_version');
  const now = new Date();
  if (current.householdId) {
    await tx
      .update(householdMembers)
      .set({ leftAt: now, reason: meta.reason ?? null })
      .where(and(eq(householdMembers.personId, current.id), eq(householdMembers.householdId, current.householdId), isNull(householdMembers.leftAt)));
    await setHead(tx, current.householdId, current.id, null);
    await refreshHousehold(tx, current.householdId);
    await appendHouseholdEvent(tx, {
      householdId: current.householdId,
      gridCode: current.gridCode,
      source: 'households',
      kind: 'member.left',
      summary: `成员迁出：${current.name}${to.status === 'deceased' ? '（已故）' : ''}`,
      refType: 'person',
      refId: current.id,
      actor: ctx.actor,
      at: now,
    });
  }
  if (to.householdId) {
    await tx.insert(householdMembers).values({ personId: current.id, householdId: to.householdId, relation: to.relation, joinedAt: now, reason: meta.reason ?? null });
    await setHead(tx, to.householdId, current.id, to.relation);
    await refreshHousehold(tx, to.householdId);
    await appendHouseholdEvent(tx, {
      householdId: to.householdId,
      gridCode: to.gridCode,
      source: 'households',
      kind: 'member.joined',
      summary: `成员迁入：${current.name}${to.relation ? `（${RELATIONS[to.relation as keyof typeof RELATIONS]?.zh ?? to.relation}）` : ''}`,
      refType: 'person',
      refId: current.id,
      actor: ctx.actor,
      at: now,
    });
  }
  await recordChange(tx, ctx, { entityType: 'person', entityId: current.id, householdId: to.householdId ?? current.householdId, gridCode: to.gridCode, version: u.version, action: meta.action === 'update' ? 'move' : meta.action, changes, reason: meta.reason, revertOf: meta.revertOf, importJobId: meta.importJobId });
  await audit(tx, ctx, { action: `person.${meta.action === 'update' ? 'move' : meta.action}`, targetType: 'person', targetId: current.id, regionCode: to.gridCode, details: { changed: changes.map((c) => c.field) } });
}

export async function movePerson(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { version: number; householdId?: string | null; relation?: string | null; status?: 'moved_out' | 'deceased'; reason?: string | null },
): Promise<PersonView> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const current = await findPerson(db, ctx.actor, id);
  let to: { householdId: string | null; relation: string | null; status: string; gridCode: string };
  if (input.householdId) {
    const h = await findHousehold(db, ctx.actor, input.householdId);
    if (h.status !== 'active') throw conflict('目标户档案已注销', 'The target household file is archived');
    const relation = input.relation ?? null;
    if (relation && !(relation in RELATIONS)) throw new AppError('unknown_value', { field: 'body.relation', value: relation });
    to = { householdId: h.id, relation, status: 'active', gridCode: h.gridCode };
  } else {
    if (!input.status) throw new AppError('required', { field: 'body.status' }, [{ field: 'body.status', rule: 'required' }]);
    to = { householdId: null, relation: null, status: input.status, gridCode: current.gridCode };
  }
  await db.transaction((tx) => applyMove(tx, ctx, current, to, input.version, { action: 'update', reason: input.reason }));
  return personView((await db.select().from(people).where(eq(people.id, id)))[0]);
}

/**
 * The active members of a household who might be reached by phone, the head first, then by age:
 * sealed phones, for a use case that passed its border already (an appeal raised by a visit).
 */
export async function reachableMembers(db: DbOrTx, householdId: string): Promise<{ id: string; name: string; phoneEnc: string | null }[]> {
  const [h] = await db.select({ head: households.headPersonId }).from(households).where(eq(households.id, householdId));
  return db
    .select({ id: people.id, name: people.name, phoneEnc: people.phoneEnc })
    .from(people)
    .where(and(eq(people.householdId, householdId), eq(people.status, 'active')))
    .orderBy(sql`${people.id} = ${h?.head ?? null} desc`, asc(people.birthDate));
}
