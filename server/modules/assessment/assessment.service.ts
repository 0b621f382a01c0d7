export { assessmentMonthOf, assessmentPeriod, DEFAULT_START_DAY, rankings, type Rankings } from './assessment.rankings.js';
export { getReport, latestReport, listReports, makeReport, queueMonthlyReports, REPORT_JOB, reportWorkbook, SCAN_JOB } from './assessment.reports.js';
