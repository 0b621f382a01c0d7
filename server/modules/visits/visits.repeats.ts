/**
 * 多诉统办 at the door: while a grid worker writes up a resident's problem on the phone, the appeals of
 * the worker's grids it likely repeats (appeals' scorer, appeals.similar.ts); and, instead of a new
 * appeal, 我也遇到 — the resident counted as affected by the appeal already open, told its outcome by
 * SMS when it is handled (appeals.affected.ts). One per phone per appeal, as on the QR page.
 *
 * The worker's grids are those assigned to them; a cadre with none (community staff on a visit) is
 * given the household's own grid.
 */
import { authorize, codeInScope } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { normalisePhone } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { addAffectedAtVisit, similarInGrids } from '../appeals/appeals.service.js';
import { findHousehold, reachableMembers, type HouseholdRow } from '../households/households.service.js';
import { gridsOfWorker } from './visits.households.js';
import type { Deps } from './visits.submission.js';

async function gridsFor(deps: Deps, ctx: RequestContext, household: HouseholdRow): Promise<string[]> {
  const own = (await gridsOfWorker(deps.database.db, ctx.actor.id)).filter((g) => codeInScope(ctx.actor, g));
  return own.length ? own : [household.gridCode];
}

interface RepeatsQuery {
  householdId: string;
  content: string;
  categoryCode?: string;
  lon?: number;
  lat?: number;
}

export async function visitRepeats(deps: Deps, ctx: RequestContext, q: RepeatsQuery) {
  authorize(ctx.actor, 'visits.log');
  const household = await findHousehold(deps.database.db, ctx.actor, q.householdId);
  const grids = await gridsFor(deps, ctx, household);
  return similarInGrids(deps, ctx, grids, { text: q.content, categoryCode: q.categoryCode, lon: q.lon, lat: q.lat, gridCode: household.gridCode, at: new Date() });
}

/** The phone the resident is told the outcome on: the one given, else the household's (as a visit's appeal takes it). */
async function residentPhone(deps: Deps, ctx: RequestContext, household: HouseholdRow, given?: string): Promise<string> {
  if (given !== undefined) {
    const phone = normalisePhone(given);
    if (!phone) throw new AppError('invalid_phone', { field: 'phone', reason: '格式不正确', reasonEn: 'it is not a mobile or landline number' }, { field: 'phone' });
    return phone;
  }
  for (const m of await reachableMembers(deps.database.db, household.id)) {
    if (!m.phoneEnc) continue;
    const phone = normalisePhone(deps.vault.decrypt(m.phoneEnc));
    if (!phone) continue;
    await audit(deps.database.db, ctx, { action: 'visit.requester_contact', targetType: 'person', targetId: m.id, regionCode: household.gridCode, details: { field: 'phone', for: 'appeal.affected' } });
    return phone;
  }
  throw new AppError('visit_no_resident_phone', {}, { field: 'phone' });
}

export async function visitMeToo(deps: Deps, ctx: RequestContext, p: { householdId: string; appealId: string; phone?: string }) {
  authorize(ctx.actor, 'visits.log');
  const household = await findHousehold(deps.database.db, ctx.actor, p.householdId);
  const grids = await gridsFor(deps, ctx, household);
  const phone = await residentPhone(deps, ctx, household, p.phone);
  const r = await addAffectedAtVisit(deps, ctx, { appealId: p.appealId, grids, phone, householdId: household.id });
  return { number: r.number, affected: r.affected };
}
