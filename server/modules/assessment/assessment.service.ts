export { assessmentMonthOf, assessmentPeriod } from './assessment.rankings.js';
export { makeReport, queueMonthlyReports, REPORT_JOB, SCAN_JOB } from './assessment.reports.js';
export { runWarnings, WARNINGS_JOB } from './assessment.warnings.js';
