/**
 * Demo monthly assessment reports: the last twelve completed assessment months of the demo county, each
 * computed from the demo appeals by the same code the monthly job runs (nothing invented). Only the latest
 * notifies the leaders, as the job would have done month by month.
 */
import type { Database } from '../platform/db.js';
import { assessmentMonthOf, makeReport } from '../modules/assessment/assessment.service.js';

function monthsBefore(yyyymm: string, k: number): string {
  const [y, m] = yyyymm.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - k, 1));
  return d.toISOString().slice(0, 7);
}

export async function generateAssessmentReports(database: Database, county: string, now: Date, months = 12): Promise<number> {
  const current = assessmentMonthOf(now);
  let made = 0;
  for (let k = months; k >= 1; k--) {
    const r = await makeReport(database, { regionCode: county, month: monthsBefore(current, k), notify: k === 1 });
    if (r.created) made++;
  }
  return made;
}
