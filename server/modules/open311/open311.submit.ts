/**
 * Submitting a service request: an appeal registered by the key's actor (its roles and region scope
 * apply exactly as in the console), idempotent with the integration's key.
 */
import { authorize, type Actor } from '../../platform/access.js';
import type { RequestContext } from '../../platform/audit.js';
import { normalisePhone } from '../../platform/crypto.js';
import { createAppealOnce, requestHash, STATUS_PUBLIC, type Channel, type Deps } from '../appeals/appeals.service.js';
import { exists as regionExists } from '../regions/regions.service.js';
import { bad, description as descriptionOf, mediaUrl, text, withMedia, type Form } from './open311.common.js';
import { listServices } from './open311.services.js';
import { similarToCreated } from './open311.similar.js';

export interface Created {
  service_request_id: string;
  token: string;
  service_notice: string;
  account_id: string | null;
  /** Extension (多诉统办): the public ids of the requests this one likely repeats, best first (open311.similar.ts). */
  similar_service_requests: string[];
}

function requesterName(form: Form): string | undefined {
  const first = text(form.first_name);
  const last = text(form.last_name);
  if (!first && !last) return undefined;
  // 王 + 秀英 → 王秀英; Latin names keep their order and the space.
  const latin = /[A-Za-z]/.test(`${first ?? ''}${last ?? ''}`);
  const name = latin ? [first, last].filter(Boolean).join(' ') : `${last ?? ''}${first ?? ''}`;
  return name.slice(0, 50);
}

/** The key's name says where the requests come from: a key named for the 12345 hotline registers 12345 appeals. */
function channelOf(actor: Actor): Channel {
  return /12345/.test(actor.name) ? '12345' : 'other';
}

export async function createRequest(deps: Deps, ctx: RequestContext, form: Form, idempotencyKey?: string): Promise<Created[]> {
  const db = deps.database.db;
  authorize(ctx.actor, 'appeals.create');
  const serviceCode = text(form.service_code);
  if (!serviceCode) throw bad('缺少 service_code', 'service_code is required');
  if (!(await listServices(db)).some((s) => s.service_code === serviceCode)) throw bad(`未知的 service_code ${serviceCode}`, `unknown service_code ${serviceCode}`);

  const lat = text(form.lat);
  const long = text(form.long);
  let location: { lon: number; lat: number } | undefined;
  if (lat !== undefined || long !== undefined) {
    const y = Number(lat);
    const x = Number(long);
    if (lat === undefined || long === undefined || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw bad('lat 和 long 须同时给出且为数字', 'lat and long must both be given as numbers');
    }
    location = { lon: x, lat: y };
  }
  const addressString = text(form.address_string);
  const addressId = text(form.address_id);
  if (!location && !addressString && !addressId) {
    throw bad('缺少位置：请给出 lat 和 long、address_string 或 address_id', 'a location is required: lat and long, address_string or address_id');
  }
  if (addressId !== undefined && !(/^(\d{9}|\d{12}|\d{15})$/.test(addressId) && (await regionExists(db, addressId)))) {
    throw bad(`address_id ${addressId} 不是已知的乡镇（街道）、村（社区）或网格代码`, `address_id ${addressId} is not a known township, community or grid code`);
  }
  // Without a point or an address_id, a key bound to a township or below places it in its own area.
  // With a point, the key's area is no fallback: a point elsewhere must answer 403, not be moved here.
  const placeCode = addressId ?? (!location && ctx.actor.regionCode.length >= 9 ? ctx.actor.regionCode : undefined);
  if (!location && !placeCode) {
    throw bad('仅凭 address_string 无法确定位置，请同时给出 lat 和 long 或 address_id', 'address_string alone cannot be located; give lat and long, or address_id');
  }

  const description = descriptionOf(form);
  const phoneRaw = text(form.phone);
  let phone: string | undefined;
  if (phoneRaw !== undefined) {
    phone = normalisePhone(phoneRaw) ?? undefined;
    if (!phone) throw bad('phone 不是有效的中国大陆电话号码', 'phone is not a valid mainland China phone number');
  }
  const media = mediaUrl(text(form.media_url));
  const accountId = text(form.account_id) ?? null;

  // The key is the integration's (its API key's); the request is the form without its credentials.
  const { api_key: _key, idempotency_key: _idem, ...request } = form;
  const idempotency = idempotencyKey ? { scope: `${ctx.actor.kind}:${ctx.actor.id}`, key: idempotencyKey, hash: requestHash(request) } : undefined;
  const { row } = await createAppealOnce(
    deps,
    { ctx, source: 'open311', ip: ctx.ip, idempotency },
    {
      channel: channelOf(ctx.actor),
      // Only a phone makes a requester we can answer; the name goes with it. email and device_id have
      // no place in an appeal and are not kept.
      requester: phone ? { kind: 'resident', name: requesterName(form), phone } : { kind: 'anonymous' },
      content: withMedia(description, media),
      categoryCode: serviceCode,
      location,
      address: addressString?.slice(0, 200),
      placeCode,
    },
  );
  const similar = await similarToCreated(db, ctx.actor, row);
  return [
    {
      service_request_id: row.number,
      token: row.token,
      service_notice: `${STATUS_PUBLIC.registered}。编号 ${row.number}。`,
      account_id: accountId,
      similar_service_requests: similar.map((s) => s.service_request_id),
    },
  ];
}
