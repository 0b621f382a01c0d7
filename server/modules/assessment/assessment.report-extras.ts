/**
 * What the monthly report adds beside the rankings: the month's early warnings (未诉先办) and its problems
 * (每月一题) — those picked for the month, and the earlier picks with their dispatches this month — and its late
 * cases (超期件, appeals.late.ts). Kept with
 * the report's figures (JSON) so an archived report never changes; the Excel gets one sheet for each.
 */
import type ExcelJS from 'exceljs';
import { and, desc, gte, lt } from 'drizzle-orm';
import { inRegion, type Actor } from '../../platform/access.js';
import { visibleWarnings } from '../../platform/access/assessment.js';
import type { DbOrTx } from '../../platform/db.js';
import { lateCases, type LateCase } from '../appeals/appeals.service.js';
import { dispatchedIn } from '../appeals/appeals.trends.js';
import { namesOf } from '../regions/regions.service.js';
import { listPicks } from './assessment.problems.js';
import { previousMonth } from './assessment.rankings.js';
import { warnings } from './assessment.tables.js';
import { chinaDate } from './assessment.warnings.js';

export interface ReportExtras {
  warnings: { id: string; kind: string; regionCode: string; regionName: string; categoryCodes: string[]; periodStart: string; count: number; baseline: number | null; controlLimit: number | null; status: string }[];
  problems: { id: string; month: string; placeCode: string; placeName: string; categoryCode: string; leadOrgName: string; goal: string; target: number; count: number; dispatched: number }[];
  /** The month's late cases (appeals.late.ts), scoped like the rankings. */
  late: { items: LateCase[]; total: number };
}

export async function reportExtras(db: DbOrTx, actor: Actor, p: { regionCode: string; month: string; from: Date; to: Date }): Promise<ReportExtras> {
  const rows = await db
    .select()
    .from(warnings)
    .where(and(visibleWarnings(actor), inRegion(warnings.regionCode, p.regionCode), gte(warnings.periodStart, chinaDate(p.from)), lt(warnings.periodStart, chinaDate(p.to))))
    .orderBy(desc(warnings.periodStart), warnings.regionCode)
    .limit(100);
  const names = await namesOf(db, rows.map((r) => r.regionCode));
  // This month's picks and those of the five months before (their follow-up).
  let earliest = p.month;
  for (let k = 0; k < 5; k++) earliest = previousMonth(earliest);
  const picks = (await listPicks(db, actor, { regionCode: p.regionCode })).filter((x) => x.month >= earliest && x.month <= p.month);
  const problems = [];
  for (const x of picks) {
    const [dispatched] = await dispatchedIn(db, actor, { place: x.placeCode, category: x.categoryCode, periods: [{ from: p.from, to: p.to }] });
    problems.push({ id: x.id, month: x.month, placeCode: x.placeCode, placeName: x.placeName, categoryCode: x.categoryCode, leadOrgName: x.leadOrgName, goal: x.goal, target: x.target, count: x.count, dispatched });
  }
  const late = await lateCases(db, actor, { from: p.from, to: p.to, regionCode: p.regionCode });
  return {
    late,
    warnings: rows.map((r) => ({ id: r.id, kind: r.kind, regionCode: r.regionCode, regionName: names.get(r.regionCode) ?? r.regionCode, categoryCodes: r.categoryCodes, periodStart: r.periodStart, count: r.count, baseline: r.baseline, controlLimit: r.controlLimit, status: r.status })),
    problems,
  };
}

/** The three sheets of the Excel report (a report archived before these existed has them empty). */
export function addExtraSheets(wb: ExcelJS.Workbook, f: Partial<ReportExtras>) {
  const ws = wb.addWorksheet('预警');
  ws.addRow(['类型', '地点', '类别', '周/季起始', '件数', '常态水平', '控制限', '状态']);
  for (const x of f.warnings ?? []) ws.addRow([x.kind === 'rise' ? '上升' : '季节', x.regionName, x.categoryCodes.join('、'), x.periodStart, x.count, x.baseline ?? '', x.controlLimit ?? '', x.status]);
  ws.getRow(1).font = { bold: true };
  const ps = wb.addWorksheet('每月一题');
  ps.addRow(['选定月', '地点', '类别', '牵头部门', '目标', '每月派单目标', '选定时诉求数', '本月派单']);
  for (const x of f.problems ?? []) ps.addRow([x.month, x.placeName, x.categoryCode, x.leadOrgName, x.goal, x.target, x.count, x.dispatched]);
  ps.getRow(1).font = { bold: true };
  const ls = wb.addWorksheet('超期件');
  ls.addRow(['编号', '类别', '地点', '乡镇（街道）', '责任部门', '办理时限', '办结时间', '超期天数']);
  for (const x of f.late?.items ?? []) ls.addRow([x.number, x.categoryName, x.placeName, x.townshipName, x.orgName ?? '', chinaTime(x.handlingDueAt), x.handledAt ? chinaTime(x.handledAt) : '期末未办结', x.daysLate]);
  if (f.late && f.late.total > f.late.items.length) ls.addRow([`共 ${f.late.total} 件，列出 ${f.late.items.length} 件`]);
  ls.getRow(1).font = { bold: true };
}

/** 2026-11-14 17:30 in China time. */
function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
