import ExcelJS from 'exceljs';
import { desc } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Db } from '../../platform/db.js';
import { listCategories } from '../categories/categories.service.js';
import { filterCondition, searchedPhone, type AppealFilter } from './appeals.inbox.js';
import { CHANNEL_NAMES, type Channel } from './appeals.register.js';
import type { Deps } from './appeals.repo.js';
import { appeals } from './appeals.tables.js';
import { STATUS_NAMES, type Status } from './appeals.workflow.js';
import { maskName, maskPhone } from '../../platform/crypto.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { pathNamesOf } from '../regions/regions.service.js';
import { chinaDateTime } from '../../platform/china-time.js';

const EXPORT_LIMIT = 100_000;

const URGENCY_NAMES: Record<string, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };

/** The filtered ledger (台账) as an Excel workbook; contacts masked. */
/** `readDb` (`req.readDb`: the replica when there is one) serves the rows; an audit entry goes to the primary. */
export async function exportLedger(deps: Deps, ctx: RequestContext, f: AppealFilter, readDb: Db = deps.database.db): Promise<Buffer> {
  const actor: Actor = ctx.actor;
  authorize(actor, 'appeals.export');
  const db = readDb;
  const rows = await db.select().from(appeals).where(filterCondition(deps.vault, actor, f, new Date())).orderBy(desc(appeals.createdAt)).limit(EXPORT_LIMIT);
  const cats = new Map((await listCategories(db, actor)).map((c) => [c.code, c.name]));
  const [orgs, paths] = await Promise.all([orgNamesOf(db, rows.map((r) => r.handlingOrgId).filter((x): x is string => !!x)), pathNamesOf(db, [...new Set(rows.map((r) => r.regionCode))])]);
  // The place by name, below the city (吉州区 / 习溪桥街道 / 上阳明路居委会 / 网格…); its code in the next column.
  const place = (code: string) => {
    const parts = (paths.get(code) ?? '').split(' / ').filter(Boolean);
    return parts.length ? parts.slice(Math.min(2, parts.length - 1)).join(' / ') : code;
  };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tingsu 听诉';
  const ws = wb.addWorksheet('诉求台账');
  ws.columns = [
    { header: '编号', key: 'number', width: 24 },
    { header: '登记时间', key: 'createdAt', width: 20 },
    { header: '渠道', key: 'channel', width: 10 },
    { header: '类别', key: 'category', width: 14 },
    { header: '紧急程度', key: 'urgency', width: 8 },
    { header: '标题', key: 'title', width: 30 },
    { header: '内容', key: 'content', width: 50 },
    { header: '诉求人', key: 'requester', width: 12 },
    { header: '联系电话', key: 'phone', width: 14 },
    { header: '所在区域', key: 'region', width: 36 },
    { header: '区划代码', key: 'regionCode', width: 17 },
    { header: '承办单位', key: 'org', width: 20 },
    { header: '状态', key: 'status', width: 10 },
    { header: '办理时限', key: 'due', width: 20 },
    { header: '办结时间', key: 'handledAt', width: 20 },
    { header: '就地解决', key: 'onSpot', width: 8 },
    { header: '重办次数', key: 'rework', width: 8 },
    { header: '办理结果', key: 'result', width: 40 },
  ];
  ws.getRow(1).font = { bold: true };
  const local = chinaDateTime;
  for (const a of rows) {
    ws.addRow({
      number: a.number,
      createdAt: local(a.createdAt),
      channel: CHANNEL_NAMES[a.channel as Channel] ?? a.channel,
      category: cats.get(a.categoryCode) ?? a.categoryCode,
      urgency: URGENCY_NAMES[a.urgency] ?? a.urgency,
      title: a.title,
      content: a.content,
      requester: a.requesterNameEnc ? maskName(deps.vault.decrypt(a.requesterNameEnc)) : a.enterpriseName ?? '匿名',
      phone: a.requesterPhoneEnc ? maskPhone(deps.vault.decrypt(a.requesterPhoneEnc)) : '',
      region: place(a.regionCode),
      regionCode: a.regionCode,
      org: a.handlingOrgId ? orgs.get(a.handlingOrgId) ?? '' : '',
      status: STATUS_NAMES[a.status as Status]?.zh ?? a.status,
      due: local(a.handlingDueAt),
      handledAt: local(a.handledAt),
      onSpot: a.onSpot ? '是' : '',
      rework: a.reworkCount,
      result: a.result ?? '',
    });
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  await audit(deps.database.db, ctx, { action: 'appeal.export', targetType: 'appeal', details: {
      rows: rows.length,
      // Words searched for and a phone may be personal: the words are only marked as used, the phone masked.
      filter: { ...f, q: f.q ? '…' : undefined, phone: f.phone !== undefined ? maskPhone(searchedPhone(f.phone)) : undefined, ids: f.ids ? f.ids.length : undefined },
    } });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
