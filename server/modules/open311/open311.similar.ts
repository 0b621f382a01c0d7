/**
 * 多诉统办 over Open311 (an extension to GeoReport v2): the service requests a new one likely repeats,
 * by the appeals' duplicate scorer (appeals.similar.ts). GET similar.{format} lets a client check before
 * posting; a POST's answer carries the same in `similar_service_requests`.
 *
 * Only public facts: the service_request_id, the service code, open or closed, when it was requested,
 * and why it looks the same (same grid, metres apart, days apart, text similarity, same category) —
 * never who asked, their words or their address. Who sees what is `readableAppeals`: a key's scope,
 * or without a key only what residents and integrations submitted. The requester's phone is never part
 * of the comparison, so "the same person asked before" is never disclosed.
 */
import { can, type Actor } from '../../platform/access.js';
import { readableAppeals } from '../../platform/access/appeals.js';
import type { DbOrTx } from '../../platform/db.js';
import { findRepeats, type AppealRow, type Probe } from '../appeals/appeals.service.js';
import { gridAt } from '../grids/grids.locate.js';
import { exists as regionExists } from '../regions/regions.service.js';
import { bad, description as descriptionOf, isoChina, open311Status, text, type Form } from './open311.common.js';
import { listServices } from './open311.services.js';

interface SimilarView {
  service_request_id: string;
  service_code: string;
  status: 'open' | 'closed';
  requested_datetime: string;
  /** The scorer's score in [0, 1]. */
  score: number;
  reasons: { code: string; value: number | null }[];
}

/** The scope a reader's likely repeats come from; a key that may not read appeals reads as no key. */
function scopeOf(reader: Actor | null) {
  return readableAppeals(reader && can(reader, 'appeals.read') ? reader : null);
}

async function repeats(db: DbOrTx, reader: Actor | null, probe: Probe): Promise<SimilarView[]> {
  const found = await findRepeats(db, scopeOf(reader), probe);
  return found.map((f) => ({
    service_request_id: f.row.number,
    service_code: f.row.categoryCode,
    status: open311Status(f.row.status),
    requested_datetime: isoChina(f.row.createdAt),
    score: f.score,
    reasons: f.reasons.filter((r) => r.code !== 'same_requester').map((r) => ({ code: r.code, value: 'value' in r ? r.value : null })),
  }));
}

/** GET similar.{format}: description and a place (lat and long, or a grid's address_id); service_code optional. */
export async function similarRequests(db: DbOrTx, reader: Actor | null, form: Form, now = new Date()): Promise<SimilarView[]> {
  const description = descriptionOf(form);
  const serviceCode = text(form.service_code);
  if (serviceCode && !(await listServices(db)).some((s) => s.service_code === serviceCode)) throw bad(`未知的 service_code ${serviceCode}`, `unknown service_code ${serviceCode}`);
  const lat = text(form.lat);
  const long = text(form.long);
  let location: { lon: number; lat: number } | undefined;
  if (lat !== undefined || long !== undefined) {
    const y = Number(lat);
    const x = Number(long);
    if (lat === undefined || long === undefined || !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(y) > 90 || Math.abs(x) > 180) {
      throw bad('lat 和 long 须同时给出且为有效的经纬度', 'lat and long must both be given as valid coordinates');
    }
    location = { lon: x, lat: y };
  }
  const addressId = text(form.address_id);
  if (addressId !== undefined && !(/^\d{15}$/.test(addressId) && (await regionExists(db, addressId)))) {
    throw bad(`address_id ${addressId} 不是已知的网格代码`, `address_id ${addressId} is not a known grid code`);
  }
  if (!location && !addressId) throw bad('缺少位置：请给出 lat 和 long，或网格的 address_id', 'a place is required: lat and long, or a grid’s address_id');
  const gridCode = addressId ?? (location ? (await gridAt(db, location.lon, location.lat))?.code : undefined);
  return repeats(db, reader, { text: description, categoryCode: serviceCode, lon: location?.lon, lat: location?.lat, gridCode, at: now });
}

/** The likely repeats of a request just registered (the POST's extension), without itself. */
export function similarToCreated(db: DbOrTx, reader: Actor, row: AppealRow): Promise<SimilarView[]> {
  return repeats(db, reader, { text: `${row.title} ${row.content}`, categoryCode: row.categoryCode, lon: row.lon, lat: row.lat, gridCode: row.gridCode, at: row.createdAt, exclude: row.id });
}
