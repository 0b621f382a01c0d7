/**
 * The monthly report (月度考核报告): made once per county and assessment month by the 'assessment.report'
 * job (keyed by county and month), archived with its figures as JSON, its Excel generated from them, and
 * the county's leaders notified. A printable HTML page in the console stands for the PDF.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, desc, eq, sql } from 'drizzle-orm';
import { authorize, SYSTEM_ACTOR, type Actor } from '../../platform/access.js';
import { visibleReports } from '../../platform/access/assessment.js';
import { audit, systemContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { enqueue } from '../../platform/jobs.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { metrics } from '../appeals/appeals.metrics.js';
import { leadersFor } from '../users/users.service.js';
import { assessmentMonthOf, assessmentPeriod, DEFAULT_START_DAY, previousMonth, rankings, type Rankings } from './assessment.rankings.js';
import { assessmentReports } from './assessment.tables.js';
import { addExtraSheets, reportExtras, type ReportExtras } from './assessment.report-extras.js';

export const REPORT_JOB = 'assessment.report';
export const SCAN_JOB = 'assessment.reports';

type ReportRow = typeof assessmentReports.$inferSelect;

export interface ReportSummary {
  id: string;
  regionCode: string;
  month: string;
  startDay: number;
  periodFrom: string;
  periodTo: string;
  createdAt: string;
}

function summary(r: ReportRow): ReportSummary {
  return { id: r.id, regionCode: r.regionCode, month: r.month, startDay: r.startDay, periodFrom: r.periodFrom.toISOString(), periodTo: r.periodTo.toISOString(), createdAt: r.createdAt.toISOString() };
}

/** The counties where something happened in [from, to) (appeals accepted, closed or rated), walking down from the provinces. */
async function activeCounties(db: DbOrTx, from: Date, to: Date): Promise<string[]> {
  const out: string[] = [];
  const walk = async (code: string | undefined): Promise<void> => {
    const m = await metrics(db, SYSTEM_ACTOR, { from, to, regionCode: code, groupBy: 'region' });
    for (const g of m.groups) {
      if (g.accepted + g.closed + g.evaluations === 0 || g.key.length <= (code?.length ?? 0)) continue;
      if (g.key.length === 6) out.push(g.key);
      else if (g.key.length < 6) await walk(g.key);
    }
  };
  await walk(undefined);
  return out;
}

/**
 * The recurring scan: once the last assessment month has ended, one keyed job per county with appeals
 * in it to make its report. The key, and the report row once made, make a second scan (or another
 * instance) a no-op for that county and month.
 */
export async function queueMonthlyReports(database: Database, now: Date, startDay = DEFAULT_START_DAY): Promise<number> {
  const month = previousMonth(assessmentMonthOf(now, startDay));
  const { from, to } = assessmentPeriod(month, startDay);
  let queued = 0;
  for (const county of await activeCounties(database.db, from, to)) {
    const done = await database.db.select({ id: assessmentReports.id }).from(assessmentReports).where(and(eq(assessmentReports.regionCode, county), eq(assessmentReports.month, month))).limit(1);
    if (done.length) continue;
    await enqueue(database.db, { kind: REPORT_JOB, key: `${REPORT_JOB}:${county}:${month}`, payload: { regionCode: county, month, startDay } });
    queued++;
  }
  return queued;
}

/**
 * Makes one county's report for one month, exactly once: the row is unique per county and month, so a
 * retried job finds it made and neither writes nor notifies again. Returns the report's id.
 */
export async function makeReport(
  database: Database,
  p: { regionCode: string; month: string; startDay?: number; notify?: boolean },
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ id: string; created: boolean }> {
  const startDay = p.startDay ?? DEFAULT_START_DAY;
  const { from, to } = assessmentPeriod(p.month, startDay);
  // The rankings, and beside them the month's warnings and problems (assessment.report-extras.ts).
  const figures = { ...(await rankings(database.db, actor, { month: p.month, startDay, regionCode: p.regionCode })), ...(await reportExtras(database.db, actor, { regionCode: p.regionCode, month: p.month, from, to })) };
  return database.db.transaction(async (tx) => {
    const id = randomUUID();
    const [row] = await tx
      .insert(assessmentReports)
      .values({ id, regionCode: p.regionCode, month: p.month, startDay, periodFrom: from, periodTo: to, figures, createdBy: actor.id })
      .onConflictDoNothing()
      .returning({ id: assessmentReports.id });
    if (!row) {
      const [existing] = await tx.select({ id: assessmentReports.id }).from(assessmentReports).where(and(eq(assessmentReports.regionCode, p.regionCode), eq(assessmentReports.month, p.month)));
      return { id: existing.id, created: false };
    }
    await audit(tx, systemContext('job', actor), { action: 'assessment_report.create', targetType: 'assessment_report', targetId: id, regionCode: p.regionCode, details: { month: p.month } });
    if (p.notify === false) return { id, created: true };
    const leaders = await leadersFor(tx, p.regionCode);
    await notifyUsers(
      tx,
      leaders.map((l) => l.id),
      { kind: 'assessment_report', title: `${p.month} 月度考核报告已生成 / The ${p.month} assessment report is ready`, body: `/assessment/reports/${id}` },
    );
    return { id, created: true };
  });
}

/** A report's figures: the rankings and, from December 2026, the warnings and problems. */
export type ReportFigures = Rankings & Partial<ReportExtras>;

export async function listReports(db: DbOrTx, actor: Actor, q: { page?: number; pageSize?: number }): Promise<PageResult<ReportSummary>> {
  authorize(actor, 'assessment.read');
  const { page, pageSize, offset } = pageOf(q);
  const where = visibleReports(actor);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(assessmentReports).where(where).orderBy(desc(assessmentReports.month), assessmentReports.regionCode).limit(pageSize).offset(offset),
    db.select({ n: sql<number>`count(*)` }).from(assessmentReports).where(where),
  ]);
  return { items: rows.map(summary), total: Number(n), page, pageSize };
}

export async function getReport(db: DbOrTx, actor: Actor, id: string): Promise<ReportSummary & { figures: ReportFigures }> {
  authorize(actor, 'assessment.read');
  const [row] = await db.select().from(assessmentReports).where(and(eq(assessmentReports.id, id), visibleReports(actor))).limit(1);
  if (!row) throw notFound('考核报告', 'Assessment report');
  return { ...summary(row), figures: row.figures as ReportFigures };
}

/** The latest report the caller sees (the leader's workbench), or null. */
export async function latestReport(db: DbOrTx, actor: Actor): Promise<(ReportSummary & { figures: ReportFigures }) | null> {
  authorize(actor, 'assessment.read');
  const [row] = await db.select().from(assessmentReports).where(visibleReports(actor)).orderBy(desc(assessmentReports.month), desc(assessmentReports.createdAt)).limit(1);
  return row ? { ...summary(row), figures: row.figures as ReportFigures } : null;
}

const pct = (x: number | null) => (x === null ? '' : Math.round(x * 1000) / 10);

/** The report as an Excel workbook: the totals, the areas' and departments' rankings and the evaluations. */
export async function reportWorkbook(db: DbOrTx, actor: Actor, id: string): Promise<{ month: string; buffer: Buffer }> {
  const r = await getReport(db, actor, id);
  const f = r.figures;
  const wb = new ExcelJS.Workbook();
  const header = ['排名', '名称', '受理量', '应办结', '办结率%', '结案率%', '按期办结率%', '响应率%', '解决率%', '满意率%', '综合得分', '就地解决率%', '返工率%', '平均办理时长(小时)'];
  const sheet = (title: string, rows: Rankings['areas']) => {
    const ws = wb.addWorksheet(title);
    ws.addRow(header);
    for (const x of rows) {
      ws.addRow([x.ranks.compositeScore ?? '', x.name, x.accepted, x.due, pct(x.closureRate), pct(x.caseClosingRate), pct(x.onTimeRate), pct(x.responseRate), pct(x.resolutionRate), pct(x.satisfactionRate), x.compositeScore === null ? '' : Math.round(x.compositeScore * 1000) / 10, pct(x.onSpotRate), pct(x.reworkRate), x.avgHandlingHours ?? '']);
    }
    ws.getRow(1).font = { bold: true };
  };
  const totals = wb.addWorksheet('总体');
  totals.addRow(['考核月', r.month, '起止', `${r.periodFrom} — ${r.periodTo}`]);
  totals.addRow(['受理量', f.totals.accepted, '办结率%', pct(f.totals.closureRate), '结案率%', pct(f.totals.caseClosingRate), '综合得分', f.totals.compositeScore === null ? '' : Math.round(f.totals.compositeScore * 1000) / 10]);
  sheet('乡镇排名', f.areas);
  sheet('部门排名', f.departments);
  const ev = wb.addWorksheet('乡镇评价部门');
  ev.addRow(['部门', '好', '一般', '差', '合计', '好评率%']);
  for (const e of f.evaluations) ev.addRow([e.name, e.good, e.fair, e.poor, e.total, pct(e.goodRate)]);
  addExtraSheets(wb, f);
  if (f.petitions) {
    // 信访 this period against the same period last year, per township (reports made before it lack it).
    const pe = wb.addWorksheet('信访同比');
    pe.addRow(['乡镇', '本期', '去年同期', '同比%']);
    for (const p of f.petitions.areas) pe.addRow([p.name, p.thisPeriod, p.lastYear, pct(p.change)]);
    pe.addRow(['合计', f.petitions.totals.thisPeriod, f.petitions.totals.lastYear, pct(f.petitions.totals.change)]);
  }
  return { month: r.month, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
