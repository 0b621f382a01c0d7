import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from './access.js';
import type { RequestContext } from './audit.js';
import { AppError } from './errors.js';

export const SESSION_COOKIE = 'tingsu_session';
const CSRF_HEADER = 'x-csrf-token';

interface SessionInfo {
  tokenHash: string;
  csrfToken: string;
}

/** How the platform finds who is calling; provided by the users module. */
export interface ActorResolver {
  fromSession(tokenHash: string): Promise<{ actor: Actor; session: SessionInfo } | null>;
  fromApiKey(keyHash: string): Promise<Actor | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
  }
  interface FastifyContextConfig {
    /** The route answers without a signed-in caller (login, health, the public pages). */
    public?: boolean;
    /** The route serves a helper's phone session (role `helper`); every other route refuses one with 403. */
    helper?: boolean;
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function clientIp(req: FastifyRequest): string | null {
  return req.ip ?? null;
}

/** The context a service receives: the actor and where the request came from. */
export function requestContext(req: FastifyRequest): RequestContext {
  if (!req.actor) throw new AppError('unauthenticated');
  return {
    actor: req.actor,
    ip: clientIp(req),
    userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
    requestId: req.id,
    via: 'http',
  };
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h === 'string' && h.toLowerCase().startsWith('bearer ')) return h.slice(7).trim();
  const k = req.headers['x-api-key'];
  return typeof k === 'string' ? k.trim() : null;
}

/**
 * Resolves the caller on every /api request. Deny by default: a route answers 401 unless it is
 * declared public. Cookie-authenticated writes need the session's CSRF token in X-CSRF-Token.
 */
export function registerAuth(app: FastifyInstance, resolver: ActorResolver) {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const url = req.url;
    const isApi = url.startsWith('/api/');
    if (!isApi) return;
    const isPublic = req.routeOptions.config?.public === true;

    const key = bearer(req);
    if (key) {
      const actor = await resolver.fromApiKey(sha256(key));
      if (!actor) throw new AppError('invalid_api_key');
      req.actor = actor;
      return; // API keys are not ambient credentials: no CSRF check.
    }

    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      const found = await resolver.fromSession(sha256(token));
      if (found) {
        req.actor = found.actor;
        req.session = found.session;
      }
    }
    if (!req.actor) {
      if (isPublic) return;
      throw new AppError('unauthenticated');
    }
    // Deny by default for helpers' phone sessions: only the routes made for them, and the public ones.
    if (req.actor.kind === 'helper' && req.routeOptions.config?.helper !== true && !isPublic) throw new AppError('forbidden');
    // Public writes (sign-in, the residents' pages) do not act on the caller's session.
    if (!SAFE_METHODS.has(req.method) && !isPublic) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !req.session || !safeEqual(sent, req.session.csrfToken)) {
        throw new AppError('csrf_failed');
      }
    }
  });
}
