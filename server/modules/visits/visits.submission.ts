/**
 * What the phone submits for a visit (入户走访), and the checks made before anything is saved: the
 * check-in time, the finding's own fields, the photos.
 */
import type { FilePatch } from '../households/households.service.js';
import { authorize, type Actor } from '../../platform/access.js';
import { type Vault } from '../../platform/crypto.js';
import { type Database, type DbOrTx } from '../../platform/db.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { checkPhotos, type Photo } from '../appeals/appeals.service.js';
import { unknownCodes } from '../categories/categories.service.js';
import { activeTagCodes, HOUSEHOLD_TYPE_CODES, RISK_LEVEL_CODES } from '../households/households.config.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

export const FINDINGS = ['nothing', 'on_spot', 'appeal', 'file_change', 'service', 'dispute'] as const;
export const SERVICE_KINDS = { fixed_point: '定点服务', home: '上门服务', proxy: '代办', assist: '帮办' } as const;
export const FINDING_NAMES: Record<(typeof FINDINGS)[number], string> = { nothing: '无异常', on_spot: '就地解决', appeal: '新诉求', file_change: '更新户档案', service: '服务', dispute: '矛盾纠纷' };
export const MAX_VISIT_PHOTOS = 4;
/** A phone clock may run a little fast; later than this ahead of the server is refused. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;
/** Received this long after the check-in: flagged 补传 (synced late) for supervisors to see. */
export const LATE_SYNC_MS = 24 * 3600_000;
/** Older than this is a phone's clock gone wrong, not a visit waiting to sync. */
const MAX_AGE_MS = 366 * 86_400_000;

export interface VisitSubmission {
  clientId: string;
  householdId: string;
  planItemId?: string;
  checkInAt: string;
  location?: { lon: number; lat: number; accuracy?: number };
  outcome: 'met' | 'nobody_home';
  metWith?: string;
  situation?: string;
  finding: (typeof FINDINGS)[number];
  findingNote?: string;
  serviceKind?: keyof typeof SERVICE_KINDS;
  appeal?: { content: string; categoryCode: string; urgency?: 'normal' | 'urgent' };
  onSpot?: { content: string; result: string; categoryCode: string };
  fileChange?: { version: number; reason: string; patch: FilePatch };
  /** 矛盾排查: a dispute found at the door (a neighbours' or family quarrel …), for 人民调解 to take up. */
  dispute?: { summary: string };
  photos?: { filename: string; mime: string; data: string }[];
}


/** Metres between two points (haversine). */
export function distanceMeters(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.sqrt(s)));
}

export function decodePhotos(input: VisitSubmission['photos']): Photo[] {
  const list = input ?? [];
  if (list.length > MAX_VISIT_PHOTOS) throw badRequest(`每次走访最多 ${MAX_VISIT_PHOTOS} 张照片 / at most ${MAX_VISIT_PHOTOS} photos a visit`, { field: 'photos' });
  const photos = list.map((p) => ({ filename: p.filename, mime: p.mime, data: Buffer.from(p.data, 'base64') }));
  checkPhotos(photos);
  return photos;
}

export async function checkSubmission(db: DbOrTx, actor: Actor, input: VisitSubmission, now: Date): Promise<Date> {
  const at = new Date(input.checkInAt);
  if (Number.isNaN(at.getTime())) throw badRequest('走访时间格式不正确 / checkInAt is not a date-time', { field: 'checkInAt' });
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw badRequest('走访时间晚于当前时间，请检查手机时间设置 / checkInAt is in the future; check the phone’s clock', { field: 'checkInAt' });
  }
  if (now.getTime() - at.getTime() > MAX_AGE_MS) {
    throw badRequest('走访时间早于一年前，请检查手机时间设置 / checkInAt is more than a year ago; check the phone’s clock', { field: 'checkInAt' });
  }
  if (input.outcome === 'nobody_home' && input.finding !== 'nothing') {
    throw badRequest('无人在家时只能登记“无异常” / a visit with nobody home records no finding', { field: 'finding' });
  }
  const need = (ok: unknown, field: string, what: string) => {
    if (!ok) throw new AppError('required', { field: `${what} / ${field}` });
  };
  const knownCategory = async (code: string, field: string) => {
    if ((await unknownCodes(db, [code])).length) throw new AppError('unknown_value', { field: `诉求类别 / ${field}`, value: code });
  };
  switch (input.finding) {
    case 'appeal':
      need(input.appeal?.content.trim(), 'appeal.content', '诉求内容');
      need(input.appeal?.categoryCode, 'appeal.categoryCode', '诉求类别');
      await knownCategory(input.appeal!.categoryCode, 'appeal.categoryCode');
      authorize(actor, 'appeals.create');
      break;
    case 'on_spot':
      need(input.onSpot?.content.trim(), 'onSpot.content', '问题内容');
      need(input.onSpot?.result.trim(), 'onSpot.result', '解决情况');
      need(input.onSpot?.categoryCode, 'onSpot.categoryCode', '问题类别');
      await knownCategory(input.onSpot!.categoryCode, 'onSpot.categoryCode');
      // 就地解决 is recorded by the grid worker or the community (the appeal loop's rule).
      if (!actor.roles.includes('grid_worker') && !actor.roles.includes('community_staff')) throw new AppError('forbidden');
      break;
    case 'service':
      need(input.serviceKind, 'serviceKind', '服务方式（定点、上门、代办、帮办）');
      break;
    case 'dispute':
      need(input.dispute?.summary.trim(), 'dispute.summary', '矛盾纠纷情况');
      break;
    case 'file_change': {
      authorize(actor, 'households.write');
      need(input.fileChange, 'fileChange', '户档案修改');
      need(input.fileChange!.reason.trim(), 'fileChange.reason', '修改理由');
      const p = input.fileChange!.patch;
      if (!Object.values(p).some((v) => v !== undefined)) throw badRequest('没有要修改的内容 / the file change is empty', { field: 'fileChange.patch' });
      if (p.type !== undefined && !(HOUSEHOLD_TYPE_CODES as string[]).includes(p.type)) throw new AppError('unknown_value', { field: '户类型 / type', value: p.type });
      if (p.riskLevel !== undefined && !(RISK_LEVEL_CODES as string[]).includes(p.riskLevel)) throw new AppError('unknown_value', { field: '风险等级 / riskLevel', value: p.riskLevel });
      if (p.tags) {
        const active = await activeTagCodes(db);
        const unknown = p.tags.filter((t) => !active.has(t));
        if (unknown.length) throw new AppError('unknown_value', { field: '标签 / tags', value: unknown.join('、') });
      }
      break;
    }
  }
  return at;
}
