import type { FastifyInstance } from 'fastify';
import { JobRunner } from './platform/jobs.js';
import { scanDeadlines } from './modules/appeals/appeals.jobs.js';
import { deliverOutbox, webhookSender } from './modules/notifications/notifications.service.js';
import { localParts } from './modules/calendar/calendar.time.js';
import { makeDailyPlans } from './modules/visits/visits.plans.js';
import { refreshAreaFigures } from './modules/visits/visits.counters.js';

/** The background jobs every instance runs; the jobs table makes each run happen once across instances. */
export function createJobRunner(app: FastifyInstance): JobRunner {
  const deps = { database: app.database, vault: app.vault };
  const sender = app.config.smsWebhookUrl ? webhookSender(app.config.smsWebhookUrl) : null;
  return new JobRunner(
    app.database,
    {
      'appeals.deadlines': async (_p, { now }) => {
        await scanDeadlines(deps, now);
      },
      'outbox.deliver': async (_p, { now }) => {
        await deliverOutbox(app.database, app.vault, sender, now, app.log);
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
    },
    [
      { kind: 'appeals.deadlines', everyMs: 60_000 },
      { kind: 'outbox.deliver', everyMs: 30_000 },
      { kind: 'visits.plans', everyMs: 15 * 60_000 },
      { kind: 'visits.figures', everyMs: 10 * 60_000 },
    ],
    app.log,
  );
}
