import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { tileImageSources, type Config } from './config.js';
import { clientConfigRoutes } from './platform/client-config.js';
import { registerAuth } from './platform/auth.js';
import { createVault, type Vault } from './platform/crypto.js';
import { openDatabase, type Database } from './platform/db.js';
import { frameworkError, registerErrorHandling } from './platform/error-handler.js';
import { loggerOptions } from './platform/logger.js';
import { registerMetrics } from './platform/metrics.js';
import { packagePath } from './platform/paths.js';
import { registerRateLimits } from './platform/rate-limit.js';
import { registerReads } from './platform/reads.js';
import { schemaCompilers } from './platform/schema-compilers.js';
import { ErrorResponse, finiteNumbers } from './platform/schemas.js';
import type { JobRunner } from './platform/jobs.js';
import { createJobRunner } from './jobs.js';
import { appealsRoutes } from './modules/appeals/appeals.routes.js';
import { installShippedCalendars, setWorkHours } from './modules/calendar/calendar.service.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { publicRoutes, qrRoutes } from './modules/appeals/public.routes.js';
import { metricsRoutes } from './modules/appeals/metrics.routes.js';
import { limitsRoutes } from './modules/appeals/limits.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { buildingsRoutes } from './modules/buildings/buildings.routes.js';
import { categoriesRoutes } from './modules/categories/categories.routes.js';
import { gridsRoutes } from './modules/grids/grids.routes.js';
// Hands regions' place tree its grid leaves; every process that builds the app, or imports it (the CLI), has them.
import './modules/grids/grids.leaves.js';
import { householdImportRoutes } from './modules/households/households.import.routes.js';
import { householdsRoutes } from './modules/households/households.routes.js';
import { orgsRoutes } from './modules/orgs/orgs.routes.js';
import { overviewRoutes } from './modules/overview/overview.routes.js';
import { regionsRoutes } from './modules/regions/regions.routes.js';
import { authRoutes, usersRoutes, apiKeysRoutes } from './modules/users/users.routes.js';
import { actorResolver } from './modules/users/users.service.js';
import { open311Routes } from './modules/open311/open311.routes.js';
import { visitsRoutes } from './modules/visits/visits.routes.js';
import { meetingsRoutes } from './modules/meetings/meetings.routes.js';
import { mediationRoutes } from './modules/mediation/mediation.routes.js';
import { listCases as listMediationCases } from './modules/mediation/mediation.service.js';
import { provideFirmDisputes } from './modules/enterprises/enterprises.disputes.js';
import { wishesRoutes } from './modules/wishes/wishes.routes.js';
import { volunteersRoutes } from './modules/volunteers/volunteers.routes.js';
import { helperSessionResolver } from './modules/volunteers/volunteers.helper-auth.js';
import { helperRoutes } from './modules/volunteers/volunteers.helper.routes.js';
import { fundsRoutes } from './modules/funds/funds.routes.js';
import { enterprisesRoutes } from './modules/enterprises/enterprises.routes.js';
import { assessmentRoutes } from './modules/assessment/assessment.routes.js';
import { disclosureRoutes } from './modules/disclosure/disclosure.routes.js';
import { remindersRoutes } from './modules/reminders/reminders.routes.js';
// new-module: imports (scripts/new-module.ts adds a new module's route plugin above this line)

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: Config;
    vault: Vault;
    /** Background jobs: started by `serve` when TINGSU_JOBS is on; modules enqueue work and kick it. */
    jobs: JobRunner;
  }
}


function hops(n: number) {
  return (_addr: string, i: number) => i < n;
}

const WEB_DIR = packagePath('dist', 'web');

/** How long /healthz waits for the database before answering 503. */
const HEALTH_TIMEOUT_MS = 3_000;

/**
 * Builds the whole application: platform plugins, then modules. Boot (listen, signals) lives in
 * main.ts; tests call this with an in-memory database and use app.inject.
 */
/** A client's X-Request-Id is kept only when short and plain; anything else gets a fresh id. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export async function buildApp(config: Config, opts: { database?: Database; logStream?: NodeJS.WritableStream } = {}): Promise<FastifyInstance> {
  const database = opts.database ?? (await openDatabase(config));
  const app = Fastify({
    logger: loggerOptions(config, opts.logStream),
    // A hop count trusts that many proxies nearest to us (as proxy-addr does for a number).
    trustProxy: typeof config.trustProxy === 'number' ? hops(config.trustProxy) : config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    frameworkErrors: frameworkError,
    ajv: { customOptions: { allErrors: true, removeAdditional: true, coerceTypes: 'array', useDefaults: true }, plugins: [finiteNumbers] },
    schemaController: { compilersFactory: schemaCompilers },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('database', database);
  app.decorate('config', config);
  app.decorate('vault', createVault(config.secret));
  setWorkHours(config.workHours);
  await installShippedCalendars(database.db);
  app.decorate('jobs', createJobRunner(app));
  app.addHook('onClose', async () => {
    // Running jobs finish (their leases renewed meanwhile) before the database closes.
    await app.jobs.stop();
    if (!opts.database) await database.close();
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  registerErrorHandling(app);
  app.addSchema(ErrorResponse);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The base map's tiles (TINGSU_MAP_TILES), when configured, are images from the tile server.
        imgSrc: ["'self'", 'data:', 'blob:', ...tileImageSources(config.mapTiles)],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.cookieSecure,
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tingsu 听诉 API',
        version: '0.1.0',
        description: 'Grid-based grassroots governance. Errors: { error, message, details? }; zh-CN by default, English with Accept-Language: en.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tingsu_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'tsk_… keys from `tingsu apikey create`' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  // Limits apply per route (the residents' pages, Open311, sign-in); nothing is limited unless a
  // route asks. Counted in the database, so they hold across instances.
  registerRateLimits(app, database.db);
  // Staff sessions first; a cookie that is none of theirs may be a helper's phone session.
  const staff = actorResolver(database);
  const helperSession = helperSessionResolver(database);
  registerAuth(app, { fromSession: async (hash) => (await staff.fromSession(hash)) ?? helperSession(hash), fromApiKey: staff.fromApiKey });
  registerMetrics(app, { token: config.metricsToken });
  // req.readDb: the read replica for lag-tolerant reads, the primary after the caller's own writes.
  registerReads(app);

  app.get(
    '/healthz',
    { config: { public: true }, schema: { hide: true } },
    async (_req, reply) => {
      // Bounded: a load balancer's probe must get its 503 even when the database hangs rather than refuses.
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          database.query('select 1'),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('health check timed out')), HEALTH_TIMEOUT_MS))),
        ]);
        return { status: 'ok', database: database.kind };
      } catch {
        return reply.status(503).header('retry-after', 5).send({ status: 'unavailable', database: database.kind });
      } finally {
        clearTimeout(timer);
      }
    },
  );

  await app.register(
    async (api) => {
      await api.register(clientConfigRoutes(config));
      await api.register(authRoutes);
      await api.register(usersRoutes);
      await api.register(apiKeysRoutes);
      await api.register(regionsRoutes);
      await api.register(gridsRoutes);
      await api.register(buildingsRoutes);
      await api.register(householdsRoutes);
      await api.register(householdImportRoutes);
      await api.register(orgsRoutes);
      await api.register(categoriesRoutes);
      await api.register(auditRoutes);
      await api.register(overviewRoutes);
      await api.register(appealsRoutes);
      await api.register(metricsRoutes);
      await api.register(limitsRoutes);
      await api.register(calendarRoutes);
      await api.register(notificationsRoutes);
      await api.register(publicRoutes);
      await api.register(qrRoutes);
      await api.register(visitsRoutes);
      await api.register(meetingsRoutes);
      await api.register(mediationRoutes);
      await api.register(wishesRoutes);
      await api.register(volunteersRoutes);
      await api.register(helperRoutes);
      await api.register(fundsRoutes);
      await api.register(enterprisesRoutes);
      // A firm's page lists its business disputes: mediation's own case list (and visibility), by party.
      provideFirmDisputes((db, actor, q) => listMediationCases(db, actor, { partyCreditCode: q.creditCode, page: q.page, pageSize: q.pageSize }));
      await api.register(assessmentRoutes);
      await api.register(disclosureRoutes);
      await api.register(remindersRoutes);
      // new-module: routes (scripts/new-module.ts registers a new module's plugin above this line)
    },
    { prefix: '/api' },
  );
  await app.register(open311Routes, { prefix: '/open311/v2' });

  if (config.serveWeb && existsSync(WEB_DIR)) {
    await app.register(fastifyStatic, { root: WEB_DIR, wildcard: false, index: ['index.html'] });
    // Client-side routes: any other GET outside /api answers the console's page.
    app.get('/*', { schema: { hide: true }, config: { public: true } }, (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      return reply.type('text/html').sendFile('index.html');
    });
  }

  return app;
}
