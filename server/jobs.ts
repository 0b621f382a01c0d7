import type { FastifyInstance } from 'fastify';
import { JobRunner } from './platform/jobs.js';
import { scanDeadlines } from './modules/appeals/appeals.jobs.js';
import { deliverOutbox, webhookSender } from './modules/notifications/notifications.service.js';

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
    },
    [
      { kind: 'appeals.deadlines', everyMs: 60_000 },
      { kind: 'outbox.deliver', everyMs: 30_000 },
    ],
    app.log,
  );
}
