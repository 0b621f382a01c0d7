/**
 * Visits (入户走访): the module's use cases, one file per group — the submission and its checks,
 * recording a visit (visits.record.ts), what a visit raises (an appeal, a file change: visits.followups.ts),
 * and reading visits (visits.read.ts). Other modules import from here.
 */
export * from './visits.submission.js';
export * from './visits.record.js';
export * from './visits.followups.js';
export * from './visits.read.js';
