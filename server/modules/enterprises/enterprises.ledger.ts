/**
 * The enterprise appeals ledger (企业诉求台账) of a period as a workbook: one row an appeal with its firm,
 * first contact, each tier's due and met times and state, the solution and any withdrawal; a second
 * sheet with the period's figures per tier. No personal data: firms' contacts are not in it.
 */
import { authorize, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import ExcelJS from '../../platform/xlsx.js';
import { listEnterpriseAppealRows } from './enterprises.appeals.js';
import { figures } from './enterprises.figures.js';
import { figuresBy, type BreakdownRow } from './enterprises.breakdown.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One sheet of the figures by commissioner, department or park. */
function breakdownSheet(wb: ExcelJS.Workbook, title: string, items: BreakdownRow[]) {
  const ws = wb.addWorksheet(title);
  ws.columns = [
    { header: title.slice(1), key: 'name', width: 28 },
    { header: '受理', key: 'accepted', width: 8 },
    { header: '结案', key: 'closed', width: 8 },
    { header: '撤回', key: 'withdrawn', width: 8 },
    { header: '按时响应率', key: 'responseRate', width: 12 },
    { header: '平均响应（分钟）', key: 'avgResponseMinutes', width: 16 },
    { header: '平均结案（小时）', key: 'avgClosureHours', width: 16 },
    { header: '有效评价', key: 'evaluations', width: 10 },
    { header: '满意', key: 'satisfied', width: 8 },
    { header: '基本满意', key: 'basicallySatisfied', width: 10 },
    { header: '不满意', key: 'dissatisfied', width: 8 },
    { header: '满意率', key: 'satisfactionRate', width: 10 },
    { header: '走访', key: 'visits', width: 8 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of items) {
    ws.addRow({ ...r, responseRate: r.responseRate === null ? '' : pct(r.responseRate), satisfactionRate: r.satisfactionRate === null ? '' : pct(r.satisfactionRate), avgResponseMinutes: r.avgResponseMinutes ?? '', avgClosureHours: r.avgClosureHours ?? '', visits: r.visits ?? '' });
  }
}

const STATES: Record<string, string> = { on_time: '按时', late: '超时完成', overdue: '已超时', running: '计时中', withdrawn: '已撤回' };
const TIERS: Record<string, string> = { respond: '响应', solution: '提出方案', close: '办结' };
const MAX_ROWS = 20_000;

const china = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export async function ledgerWorkbook(db: DbOrTx, actor: Actor, q: { from: string; to: string }): Promise<Buffer> {
  authorize(actor, 'enterprises.read');
  const f = await figures(db, actor, q);
  const rows = await listEnterpriseAppealRows(db, actor, { from: new Date(`${q.from}T00:00:00+08:00`), to: new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000), limit: MAX_ROWS });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业诉求台账');
  ws.columns = [
    { header: '编号', key: 'number', width: 22 },
    { header: '企业', key: 'firm', width: 30 },
    { header: '诉求', key: 'title', width: 40 },
    { header: '状态', key: 'status', width: 12 },
    { header: '首接负责人', key: 'firstContact', width: 14 },
    { header: '受理时间', key: 'received', width: 18 },
    ...Object.entries(TIERS).flatMap(([k, zh]) => [
      { header: `${zh}期限`, key: `${k}Due`, width: 18 },
      { header: `${zh}完成`, key: `${k}Met`, width: 18 },
      { header: `${zh}情况`, key: `${k}State`, width: 10 },
    ]),
    { header: '解决方案', key: 'solution', width: 40 },
    { header: '涉及金额（万元）', key: 'amount', width: 14 },
    { header: '撤回时间', key: 'withdrawn', width: 18 },
    { header: '撤回提出方', key: 'askedBy', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const a of rows) {
    const tiers = Object.fromEntries(a.tiers.flatMap((t) => [[`${t.tier}Due`, china(t.dueAt)], [`${t.tier}Met`, china(t.metAt)], [`${t.tier}State`, STATES[t.state] ?? t.state]]));
    ws.addRow({
      number: a.number,
      firm: a.enterprise.name,
      title: a.title,
      status: a.status,
      firstContact: a.firstContact.name,
      received: china(a.receivedAt),
      ...tiers,
      solution: a.solution ?? '',
      amount: a.amountFen ? a.amountFen / 1_000_000 : '',
      withdrawn: china(a.withdrawnAt),
      askedBy: a.withdrawAskedBy === 'department' ? '部门' : a.withdrawAskedBy === 'firm' ? '企业' : '',
    });
  }
  const sum = wb.addWorksheet('时限统计');
  sum.columns = [
    { header: '时限档', key: 'tier', width: 12 },
    { header: '应完成', key: 'due', width: 10 },
    { header: '已完成', key: 'met', width: 10 },
    { header: '按时', key: 'onTime', width: 10 },
    { header: '超时未完成', key: 'overdue', width: 12 },
  ];
  for (const t of f.tiers) sum.addRow({ ...t, tier: TIERS[t.tier] });
  sum.addRow([]);
  sum.addRow(['受理', f.appeals.accepted]);
  sum.addRow(['结案', f.appeals.closed]);
  sum.addRow(['撤回', f.appeals.withdrawn]);
  sum.addRow(['其中部门要求撤回', f.appeals.withdrawnAskedByDepartment]);
  sum.addRow(['特派员走访', f.visits.visits]);
  sum.addRow(['有效评价', f.satisfaction.evaluations]);
  sum.addRow(['满意率', f.satisfaction.rate === null ? '' : pct(f.satisfaction.rate)]);
  for (const [dimension, title] of [['commissioner', '按特派员'], ['department', '按部门'], ['park', '按园区']] as const) {
    breakdownSheet(wb, title, (await figuresBy(db, actor, { dimension, from: q.from, to: q.to })).items);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
