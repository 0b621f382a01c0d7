/**
 * What the monthly report adds beside the rankings: the month's early warnings (未诉先办) and its problems
 * (每月一题) — those picked for the month, and the earlier picks with their dispatches this month. Kept with
 * the report's figures (JSON) so an archived report never changes; the Excel gets one sheet for each.
 */
import type ExcelJS from 'exceljs';
import { and, desc, gte, lt } from 'drizzle-orm';
import { inRegion, type Actor } from '../../platform/access.js';
import { visibleWarnings } from '../../platform/access/assessment.js';
import type { DbOrTx } from '../../platform/db.js';
import { dispatchedIn } from '../appeals/appeals.trends.js';
import { namesOf } from '../regions/regions.service.js';
import { listPicks } from './assessment.problems.js';
import { previousMonth } from './assessment.rankings.js';
import { warnings } from './assessment.tables.js';
import { chinaDate } from './assessment.warnings.js';

export interface ReportExtras {
  warnings: { id: string; kind: string; regionCode: string; regionName: string; categoryCodes: string[]; periodStart: string; count: number; baseline: number | null; controlLimit: number | null; status: string }[];
  problems: { id: string; month: string; placeCode: string; placeName: string; categoryCode: string; leadOrgName: string; goal: string; target: number; count: number; dispatched: number }[];
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
  return {
    warnings: rows.map((r) => ({ id: r.id, kind: r.kind, regionCode: r.regionCode, regionName: names.get(r.regionCode) ?? r.regionCode, categoryCodes: r.categoryCodes, periodStart: r.periodStart, count: r.count, baseline: r.baseline, controlLimit: r.controlLimit, status: r.status })),
    problems,
  };
}

/** The two sheets of the Excel report (a report archived before these existed has neither). */
export function addExtraSheets(wb: ExcelJS.Workbook, f: Partial<ReportExtras>) {
  const ws = wb.addWorksheet('预警');
  ws.addRow(['类型', '地点', '类别', '周/季起始', '件数', '常态水平', '控制限', '状态']);
  for (const x of f.warnings ?? []) ws.addRow([x.kind === 'rise' ? '上升' : '季节', x.regionName, x.categoryCodes.join('、'), x.periodStart, x.count, x.baseline ?? '', x.controlLimit ?? '', x.status]);
  ws.getRow(1).font = { bold: true };
  const ps = wb.addWorksheet('每月一题');
  ps.addRow(['选定月', '地点', '类别', '牵头部门', '目标', '每月派单目标', '选定时诉求数', '本月派单']);
  for (const x of f.problems ?? []) ps.addRow([x.month, x.placeName, x.categoryCode, x.leadOrgName, x.goal, x.target, x.count, x.dispatched]);
  ps.getRow(1).font = { bold: true };
}
