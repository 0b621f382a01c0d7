/**
 * 人民调解: the bodies and their mediators (caseload), and the lookup of household-file people a
 * mediator picks as parties.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { authorize, SYSTEM_ACTOR, type Actor } from '../../platform/access.js';
import { partiesOf, partyLookupArea, visibleMediators } from '../../platform/access/mediation.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import * as households from '../households/households.service.js';
import * as orgsService from '../orgs/orgs.service.js';
import { BODY_KINDS } from './mediation.schemas.js';
import { actorOrg, bodyFor, OPEN } from './mediation.service.js';
import { mediationCases, mediators } from './mediation.tables.js';

/**
 * A mediator picks a party from the household files: people of the body's region whose name starts
 * with `q`, with the minimum (masked name, household, grid). Audited as a search of personal data.
 */
export async function lookupPeople(db: Database, ctx: RequestContext, q: { bodyId?: string; q: string }) {
  authorize(ctx.actor, 'mediation.write');
  const bodyId = q.bodyId ?? ctx.actor.orgId;
  if (!bodyId) throw new AppError('required', { field: 'bodyId' });
  const body = await bodyFor(db.db, ctx.actor, bodyId);
  const area = partyLookupArea(ctx.actor, body, await actorOrg(db.db, ctx.actor));
  if (!area) throw new AppError('forbidden');
  const items = await households.partyCandidates(db.db, area, q.q);
  await audit(db.db, ctx, { action: 'mediation.people_search', targetType: 'person', targetId: items.length === 1 ? items[0].personId : undefined, regionCode: area, details: { by: 'name_prefix', bodyId: body.id, matches: items.length, personIds: items.map((i) => i.personId) } });
  return { items };
}


export async function listBodies(db: DbOrTx, actor: Actor) {
  authorize(actor, 'mediation.read');
  const out = [];
  for (const kind of BODY_KINDS) {
    const page = await orgsService.listOrgs(db, SYSTEM_ACTOR, { kind, regionCode: actor.regionCode || undefined, active: true, pageSize: 200 });
    out.push(...page.items);
  }
  const ids = out.map((o) => o.id);
  const open = ids.length
    ? await db.select({ bodyId: mediationCases.bodyId, n: count() }).from(mediationCases).where(and(inArray(mediationCases.bodyId, ids), inArray(mediationCases.status, OPEN))).groupBy(mediationCases.bodyId)
    : [];
  const openBy = new Map(open.map((o) => [o.bodyId, Number(o.n)]));
  return out.map((o) => ({ id: o.id, name: o.name, kind: o.kind as (typeof BODY_KINDS)[number], regionCode: o.regionCode, regionName: o.regionName, openCases: openBy.get(o.id) ?? 0 }));
}

export async function listMediators(db: DbOrTx, actor: Actor, q: { bodyId?: string }) {
  authorize(actor, 'mediation.read');
  const rows = await db
    .select()
    .from(mediators)
    .where(and(visibleMediators(actor), eq(mediators.active, true), q.bodyId ? eq(mediators.bodyId, q.bodyId) : undefined))
    .orderBy(mediators.bodyId, mediators.name);
  const ids = rows.map((r) => r.id);
  const loads = ids.length
    ? await db
        .select({ id: mediationCases.mediatorId, open: sql<number>`count(*) filter (where ${inArray(mediationCases.status, OPEN)})`, total: count() })
        .from(mediationCases)
        .where(and(isNotNull(mediationCases.mediatorId), inArray(mediationCases.mediatorId, ids)))
        .groupBy(mediationCases.mediatorId)
    : [];
  const load = new Map(loads.map((l) => [l.id, l]));
  const names = await orgsService.namesOf(db, rows.map((r) => r.bodyId));
  return rows.map((m) => ({
    id: m.id,
    bodyId: m.bodyId,
    bodyName: names.get(m.bodyId) ?? '',
    name: m.name,
    userId: m.userId,
    specialities: m.specialities,
    openCases: Number(load.get(m.id)?.open ?? 0),
    totalCases: Number(load.get(m.id)?.total ?? 0),
  }));
}

export async function createMediator(database: Database, ctx: RequestContext, input: { bodyId: string; name: string; userId?: string | null; specialities: string[] }) {
  authorize(ctx.actor, 'mediation.write');
  const body = await bodyFor(database.db, ctx.actor, input.bodyId);
  const parties = partiesOf(ctx.actor, { bodyId: body.id, referringOrgId: null, regionCode: body.regionCode }, await actorOrg(database.db, ctx.actor));
  if (!parties.has('body') && !parties.has('supervisor')) throw new AppError('forbidden');
  const id = randomUUID();
  await database.db.transaction(async (tx) => {
    await tx.insert(mediators).values({ id, bodyId: body.id, regionCode: body.regionCode, name: input.name, userId: input.userId ?? null, specialities: input.specialities });
    await audit(tx, ctx, { action: 'mediation.mediator.create', targetType: 'mediator', targetId: id, regionCode: body.regionCode, details: { bodyId: body.id } });
  });
  return (await listMediators(database.db, { ...SYSTEM_ACTOR }, { bodyId: body.id })).find((m) => m.id === id)!;
}
