/**
 * The public wish wall (心愿墙): no account. It shows no name, household, phone or photo of the
 * recipient — an initial (小李), an age, the wish, the community — and, for helpers, what they are and
 * a masked name (a unit's name in full). Thanks appear once published.
 */
import type { DbOrTx } from '../../platform/db.js';
import { maskName } from '../../platform/crypto.js';
import { notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import * as regionsService from '../regions/regions.service.js';
import * as repo from './wishes.repo.js';
import { communityOf } from './wishes.service.js';
import { HELPER_KIND_NAMES, WISH_STATUS_NAMES, type HelperKind, type WishStatus } from './wishes.workflow.js';

export interface PublicCampaign {
  id: string;
  name: string;
  regionName: string;
  startsOn: string;
  endsOn: string;
  progress: repo.Progress;
}

export async function campaigns(db: DbOrTx): Promise<PublicCampaign[]> {
  const rows = await repo.publicCampaigns(db, 50);
  const [names, progress] = await Promise.all([regionsService.namesOf(db, rows.map((r) => r.regionCode)), repo.progressOf(db, rows.map((r) => r.id))]);
  return rows.map((r) => ({ id: r.id, name: r.name, regionName: names.get(r.regionCode) ?? '', startsOn: r.startsOn, endsOn: r.endsOn, progress: progress.get(r.id) ?? repo.NO_PROGRESS }));
}

export interface PublicWish {
  id: string;
  initial: string;
  age: number;
  kind: string;
  content: string;
  community: string;
  status: string;
  statusText: string;
  helpers: string[];
  thanks: string | null;
}

const helperLabel = (kind: HelperKind, name: string) => `${HELPER_KIND_NAMES[kind].zh} ${kind === 'unit' ? name : maskName(name)}`;

export async function wall(db: DbOrTx, q: { campaignId: string; page?: number; pageSize?: number }): Promise<PageResult<PublicWish>> {
  if (!(await repo.campaignsByIds(db, [q.campaignId])).size) throw notFound('心愿活动', 'Wish campaign');
  const { page, pageSize, offset } = pageOf(q);
  const { rows, total } = await repo.publicWishes(db, q.campaignId, { limit: pageSize, offset });
  const [helpers, names] = await Promise.all([repo.helpersOf(db, rows.map((r) => r.id)), regionsService.namesOf(db, rows.map((r) => communityOf(r.regionCode)))]);
  const items = rows.map((r) => ({
    id: r.id,
    initial: r.initial,
    age: r.age,
    kind: r.kind,
    content: r.content,
    community: names.get(communityOf(r.regionCode)) ?? '',
    status: r.status,
    statusText: WISH_STATUS_NAMES[r.status as WishStatus].zh,
    helpers: (helpers.get(r.id) ?? []).map((h) => helperLabel(h.kind as HelperKind, h.name)),
    thanks: r.status === 'thanked' ? r.thanks : null,
  }));
  return { items, total, page, pageSize };
}
