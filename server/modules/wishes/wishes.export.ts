/**
 * The wishes ledger (微心愿台账) as an Excel workbook, inside the caller's scope: what the wall shows
 * of the person (an initial and an age), the wish, who claimed it, and each step's date — on time or
 * late against the campaign's window. No names, phones or household of the recipient.
 */
import { and, asc, eq } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { visibleWishes } from '../../platform/access/wishes.js';
import { chinaDay } from '../../platform/china-time.js';
import type { DbOrTx } from '../../platform/db.js';
import ExcelJS from '../../platform/xlsx.js';
import * as regionsService from '../regions/regions.service.js';
import * as repo from './wishes.repo.js';
import { communityOf } from './wishes.service.js';
import { wishes } from './wishes.tables.js';
import { HELPER_KIND_NAMES, WISH_STATUS_NAMES, type HelperKind, type WishStatus } from './wishes.workflow.js';

const MAX_ROWS = 20_000;
const day = (d: Date | null) => (d ? chinaDay(d) : '');

export async function wishesWorkbook(db: DbOrTx, actor: Actor, q: { campaignId?: string }): Promise<Buffer> {
  authorize(actor, 'wishes.read');
  const rows = await db
    .select()
    .from(wishes)
    .where(and(visibleWishes(actor), q.campaignId ? eq(wishes.campaignId, q.campaignId) : undefined))
    .orderBy(asc(wishes.campaignId), asc(wishes.regionCode), asc(wishes.collectedAt), asc(wishes.id))
    .limit(MAX_ROWS);
  const [campaigns, helpers, names] = await Promise.all([
    repo.campaignsByIds(db, rows.map((r) => r.campaignId)),
    repo.helpersOf(db, rows.map((r) => r.id)),
    regionsService.namesOf(db, rows.map((r) => communityOf(r.regionCode))),
  ]);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tingsu 听诉';
  const s = wb.addWorksheet('微心愿台账');
  s.columns = [
    { header: '活动', key: 'campaign', width: 18 },
    { header: '社区', key: 'community', width: 18 },
    { header: '称呼', key: 'initial', width: 8 },
    { header: '年龄', key: 'age', width: 6 },
    { header: '类型', key: 'kind', width: 8 },
    { header: '心愿', key: 'content', width: 28 },
    { header: '状态', key: 'status', width: 10 },
    { header: '认领人', key: 'helpers', width: 28 },
    { header: '登记日期', key: 'collected', width: 12 },
    { header: '认领日期', key: 'claimed', width: 12 },
    { header: '圆梦日期', key: 'fulfilledOn', width: 12 },
    { header: '按期', key: 'onTime', width: 8 },
    { header: '确认日期', key: 'confirmed', width: 12 },
    { header: '确认方式', key: 'method', width: 10 },
  ];
  for (const r of rows) {
    const c = campaigns.get(r.campaignId);
    s.addRow({
      campaign: c?.name ?? '',
      community: names.get(communityOf(r.regionCode)) ?? communityOf(r.regionCode),
      initial: r.initial,
      age: r.age,
      kind: r.kind === 'care' ? '关爱' : '物品',
      content: r.content,
      status: WISH_STATUS_NAMES[r.status as WishStatus]?.zh ?? r.status,
      helpers: (helpers.get(r.id) ?? []).map((h) => `${h.name}（${HELPER_KIND_NAMES[h.kind as HelperKind]?.zh ?? h.kind}）`).join('、'),
      collected: day(r.collectedAt),
      claimed: day(r.claimedAt),
      fulfilledOn: r.fulfilledOn ?? '',
      onTime: r.fulfilledOn && c ? (r.fulfilledOn <= c.endsOn ? '按期' : '逾期') : '',
      confirmed: day(r.confirmedAt),
      method: r.confirmMethod === 'signature' ? '手机签名' : r.confirmMethod === 'callback' ? '电话回访' : '',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
