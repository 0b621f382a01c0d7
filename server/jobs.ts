import type { FastifyInstance } from 'fastify';
import { JobRunner } from './platform/jobs.js';
import { scanDeadlines } from './modules/appeals/appeals.jobs.js';
import { deliverOutbox, webhookSender } from './modules/notifications/notifications.service.js';
import { localParts } from './modules/calendar/calendar.time.js';
import { IMPORT_JOB, runImportJob } from './modules/households/households.import.js';
import { makeDailyPlans } from './modules/visits/visits.plans.js';
import { refreshAreaFigures } from './modules/visits/visits.counters.js';
import { planOccurrences, PLAN_JOB } from './modules/meetings/meetings.series.js';
import { OVERDUE_JOB, warnOverdueActions } from './modules/meetings/meetings.overdue.js';
import { REMINDER_JOB, sendReminders } from './modules/meetings/meetings.reminders.js';
import { CONFIRMATION_JOB, runConfirmationJob } from './modules/mediation/mediation.act.js';
import { REFERRAL_JOB, runReferralJob } from './modules/mediation/mediation.referral.js';
import { pushUnclaimedWishes } from './modules/volunteers/volunteers.push.js';
import { makeReport, queueMonthlyReports, REPORT_JOB, runWarnings, SCAN_JOB, WARNINGS_JOB } from './modules/assessment/assessment.service.js';
import { SEND_JOB as REMINDERS_JOB, sendDueReminders } from './modules/reminders/reminders.job.js';

/**
 * How long one message stays claimed: twice what the gateway may take, and a little more for the commit
 * after it, so a message is never sent by two at once; a killed instance's message returns after this.
 */
export const messageLeaseMs = (smsTimeoutMs: number) => 2 * smsTimeoutMs + 5_000;

/**
 * The background jobs every instance runs; the jobs table makes each run happen once across
 * instances. Each kind runs in its own lane (platform/jobs.ts), so a slow one never delays the others.
 */
export function createJobRunner(app: FastifyInstance): JobRunner {
  const deps = { database: app.database, vault: app.vault };
  const sender = app.config.smsWebhookUrl ? webhookSender(app.config.smsWebhookUrl, { timeoutMs: app.config.smsTimeoutMs }) : null;
  return new JobRunner(
    app.database,
    {
      'appeals.deadlines': async (_p, { now, signal }) => {
        await scanDeadlines(deps, now, { signal, log: app.log });
      },
      'outbox.deliver': async (_p, { now, signal }) => {
        await deliverOutbox(app.database, app.vault, sender, now, { log: app.log, signal, leaseMs: messageLeaseMs(app.config.smsTimeoutMs) });
      },
      // Each morning from 06:00 China time, every full-time grid worker's plan for the day; later
      // runs that day only fill in workers who got grids since (plans already made stay).
      'visits.plans': async (_p, { now }) => {
        const { ymd, minute } = localParts(now);
        if (minute < 6 * 60) return;
        const made = await makeDailyPlans(app.database, ymd);
        if (made) app.log.info({ date: ymd, plans: made }, 'daily visit plans made');
      },
      // The household figures that supervision of counties and cities reads (too many files to count per request).
      'visits.figures': async (_p, { now }) => {
        await refreshAreaFigures(app.database, now);
      },
      // Meeting occurrences made ahead (for one new series, or every active series); idempotent per series and date.
      [PLAN_JOB]: async (payload, { now }) => {
        const made = await planOccurrences(app.database, now, typeof payload.seriesId === 'string' ? payload.seriesId : undefined);
        if (made) app.log.info({ occurrences: made }, 'meeting occurrences made');
      },
      // Late meeting actions: the owner and convener warned, later the leaders (once each).
      [OVERDUE_JOB]: async (_p, { now }) => {
        const done = await warnOverdueActions(app.database, now);
        if (done.warned || done.escalated) app.log.info(done, 'late meeting actions warned');
      },
      // SMS reminders: a meeting's participants the day before, an action's owner days before its deadline (once each).
      [REMINDER_JOB]: async (_p, { now }) => {
        const sent = await sendReminders(app.database, app.vault, now);
        if (sent.participants || sent.owners) app.log.info(sent, 'meeting reminders sent');
      },
      // Near a wish campaign's end, its unclaimed wishes are pushed to the units paired with each community.
      'volunteers.wishes': async (_p, { now }) => {
        const sent = await pushUnclaimedWishes(deps, now);
        if (sent) app.log.info({ units: sent }, 'unclaimed wishes pushed to paired units');
      },
      // After each assessment month ends, one keyed report job per county (made once, leaders notified).
      [SCAN_JOB]: async (_p, { now }) => {
        await queueMonthlyReports(app.database, now);
      },
      // 未诉先办: last week's rises per community and category, and the seasons begun (each warning once, by its key).
      [WARNINGS_JOB]: async (_p, { now }) => {
        const made = await runWarnings(app.database, now);
        if (made.rises || made.seasons) app.log.info(made, 'early warnings raised');
      },
      [REPORT_JOB]: async (payload) => {
        await makeReport(app.database, { regionCode: String(payload.regionCode), month: String(payload.month), startDay: Number(payload.startDay) || undefined });
      },
      // 小闹钟: dated items of household files and firms remind the person or firm and their grid worker, once per threshold.
      [REMINDERS_JOB]: async (_p, { now, signal }) => {
        const done = await sendDueReminders(app.database, app.vault, now, { signal });
        if (done.items) app.log.info(done, 'reminders sent');
      },
      // 人民调解: the judicial-confirmation window of each agreement (warned before it lapses, then lapsed).
      [CONFIRMATION_JOB]: async (payload, { now }) => {
        await runConfirmationJob(deps, payload, now);
      },
      // 诉前委派: a court's referral warned a working day before its acceptance deadline, then marked overdue (once each).
      [REFERRAL_JOB]: async (payload, { now }) => {
        await runReferralJob(deps, payload, now);
      },
      // Household roster imports, queued by the upload (the file is stored with the job).
      [IMPORT_JOB]: async (payload, job) => {
        await runImportJob({ database: app.database, pii: app.vault }, payload, job);
      },
    },
    [
      { kind: 'appeals.deadlines', everyMs: 60_000 },
      { kind: 'outbox.deliver', everyMs: app.config.outboxEveryMs },
      { kind: 'visits.plans', everyMs: 15 * 60_000 },
      { kind: 'visits.figures', everyMs: 10 * 60_000 },
      { kind: PLAN_JOB, everyMs: 6 * 3600_000 },
      { kind: OVERDUE_JOB, everyMs: 3600_000 },
      { kind: REMINDER_JOB, everyMs: 30 * 60_000 },
      { kind: 'volunteers.wishes', everyMs: 30 * 60_000 },
      { kind: SCAN_JOB, everyMs: 60 * 60_000 },
      { kind: WARNINGS_JOB, everyMs: 60 * 60_000 },
      { kind: REMINDERS_JOB, everyMs: 60 * 60_000 },
    ],
    { leaseMs: app.config.jobLeaseMs, pollMs: app.config.jobPollMs, log: app.log, autorun: app.config.jobs },
  );
}
