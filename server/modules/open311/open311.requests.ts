/**
 * Reading service requests: an appeal as Open311 shows it, only its public fields. Without an api_key
 * the exact place is not published (see `views`); who reads what is `readableAppeals`.
 */
import { SYSTEM_ACTOR, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { feedAppeals, latestPublicTexts, numberByToken, type AppealRow, type Deps } from '../appeals/appeals.service.js';
import { listCategories } from '../categories/categories.service.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { namesOf as regionNamesOf } from '../regions/regions.service.js';
import { bad, CLOSED, dateWindow, isoChina, list, MAX_RESULTS, Open311Error, open311Status, splitMedia } from './open311.common.js';

interface RequestView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** About 100 m: three decimals of a degree. */
function roundedDegrees(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 1000;
}

/** The community and grid (or the township) an appeal lies in: the codes whose names stand for its address. */
function areaCodes(regionCode: string): string[] {
  if (regionCode.length >= 15) return [regionCode.slice(0, 12), regionCode];
  return [regionCode];
}

/**
 * Without an api_key (exact = false) a resident's submission is published without its exact place:
 * the point is rounded to about 100 m and the address is the community and grid's names, never the
 * street, building or room the resident typed. A key's holder reads the exact values.
 */
async function views(db: DbOrTx, rows: AppealRow[], exact: boolean): Promise<RequestView[]> {
  if (!rows.length) return [];
  const [cats, orgNames, townships, areas, noteOf] = await Promise.all([
    listCategories(db, SYSTEM_ACTOR),
    orgNamesOf(db, rows.map((r) => r.handlingOrgId).filter((x): x is string => !!x)),
    regionNamesOf(db, rows.map((r) => r.townshipCode)),
    exact ? new Map<string, string>() : regionNamesOf(db, [...new Set(rows.flatMap((r) => areaCodes(r.regionCode)))]),
    // The latest plain words the requester was told, per appeal.
    latestPublicTexts(db, rows.map((r) => r.id)),
  ]);
  const catNames = new Map(cats.map((c) => [c.code, c.name]));
  return rows.map((a) => {
    const { description, mediaUrl: media } = splitMedia(a.content);
    return {
      service_request_id: a.number,
      status: open311Status(a.status),
      status_notes: noteOf.get(a.id) ?? null,
      service_name: catNames.get(a.categoryCode) ?? a.categoryCode,
      service_code: a.categoryCode,
      description,
      // The handling organisation once dispatched; before that, the township (街道/乡镇) that accepts it.
      agency_responsible: (a.handlingOrgId ? orgNames.get(a.handlingOrgId) : undefined) ?? townships.get(a.townshipCode) ?? null,
      service_notice: null,
      requested_datetime: isoChina(a.createdAt),
      updated_datetime: isoChina(a.updatedAt),
      expected_datetime: a.handlingDueAt ? isoChina(a.handlingDueAt) : null,
      address: exact ? a.address : areaCodes(a.regionCode).map((c) => areas.get(c)).filter(Boolean).join(' ') || null,
      address_id: a.regionCode,
      zipcode: null,
      lat: exact ? a.lat : roundedDegrees(a.lat),
      long: exact ? a.lon : roundedDegrees(a.lon),
      media_url: media,
    };
  });
}

interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

export async function listRequests(deps: Deps, actor: Actor | null, q: RequestQuery, now = new Date()): Promise<RequestView[]> {
  const db = deps.database.db;
  const ids = list(q.service_request_id);
  if (ids.length) {
    // The spec: service_request_id overrides every other argument.
    if (ids.length > MAX_RESULTS) throw bad(`一次最多查询 ${MAX_RESULTS} 个编号`, `at most ${MAX_RESULTS} service_request_id values`);
    return views(db, await feedAppeals(db, actor, { numbers: ids, limit: MAX_RESULTS }), actor !== null);
  }
  const statuses = list(q.status).map((s) => s.toLowerCase());
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw bad('status 应为 open 或 closed', 'status must be open or closed');
  const oneSide = statuses.length && !(statuses.includes('open') && statuses.includes('closed'));
  const { from, to } = dateWindow(q.start_date, q.end_date, now);
  const rows = await feedAppeals(db, actor, {
    categoryCodes: list(q.service_code),
    statuses: oneSide ? { in: CLOSED, not: statuses[0] !== 'closed' } : undefined,
    createdFrom: from,
    createdTo: to,
    limit: MAX_RESULTS,
  });
  return views(db, rows, actor !== null);
}

export async function getRequest(deps: Deps, actor: Actor | null, id: string): Promise<RequestView[]> {
  const db = deps.database.db;
  const rows = await feedAppeals(db, actor, { numbers: [id], limit: 1 });
  if (!rows.length) throw new Open311Error(404, `服务请求 ${id} 不存在`, `Service request ${id} not found`);
  return views(db, rows, actor !== null);
}

/**
 * The token handed out at submission, exchanged for the service request id. The token itself is the
 * credential: a 24-byte random value only its submitter was given.
 */
export async function byToken(deps: Deps, token: string): Promise<{ service_request_id: string; token: string }[]> {
  const number = await numberByToken(deps.database.db, token);
  if (!number) throw new Open311Error(404, '令牌不存在', `Token ${token} not found`);
  return [{ service_request_id: number, token }];
}
