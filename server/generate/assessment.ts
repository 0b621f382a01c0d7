/**
 * Demo monthly assessment reports: the last twelve completed assessment months of the demo county, each
 * computed from the demo appeals by the same code the monthly job runs (nothing invented). Only the latest
 * notifies the leaders, as the job would have done month by month.
 */
import type { Database } from '../platform/db.js';
import { assessmentMonthOf, makeReport } from '../modules/assessment/assessment.service.js';
import { assessmentWeights } from '../modules/assessment/assessment.tables.js';

function monthsBefore(yyyymm: string, k: number): string {
  const [y, m] = yyyymm.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - k, 1));
  return d.toISOString().slice(0, 7);
}

export async function generateAssessmentReports(database: Database, county: string, now: Date, months = 12): Promise<number> {
  // The county's administrator chose 响应 0.30, 解决 0.35, 满意 0.35 (DOMAIN.md §11's other county): the
  // reports and the rankings use them; the rankings page names them and lets the admin change them.
  await database.db.insert(assessmentWeights).values({ regionCode: county, response: 0.3, resolution: 0.35, satisfaction: 0.35, updatedBy: 'system' }).onConflictDoNothing();
  const current = assessmentMonthOf(now);
  let made = 0;
  for (let k = months; k >= 1; k--) {
    const r = await makeReport(database, { regionCode: county, month: monthsBefore(current, k), notify: k === 1 });
    if (r.created) made++;
  }
  return made;
}
