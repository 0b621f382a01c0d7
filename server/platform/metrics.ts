import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppError } from './errors.js';

/**
 * Whether a connection's own peer address (never a forwarded header) is loopback or private:
 * 127/8, ::1, 10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10 (and their IPv4-mapped forms).
 */
export function isInternalAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (isIP(a) === 4) {
    const [x, y] = a.split('.').map(Number);
    return x === 127 || x === 10 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 169 && y === 254);
  }
  if (isIP(a) === 6) return a === '::1' || /^f[cd][0-9a-f]{2}:/.test(a) || /^fe[89ab][0-9a-f]:/.test(a);
  return false;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Who may read /metrics: with TINGSU_METRICS_TOKEN, whoever sends it as a Bearer token; without one,
 * only connections from loopback or private addresses that did not come through a proxy (a request
 * a reverse proxy forwards arrives from 127.0.0.1 too, but carries its forwarding headers).
 */
function assertMayReadMetrics(req: FastifyRequest, token: string | undefined): void {
  if (token) {
    const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(sent), digest(token))) throw new AppError('metrics_unauthorized');
    return;
  }
  const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => req.headers[h] !== undefined);
  if (forwarded || !isInternalAddress(req.socket.remoteAddress)) throw new AppError('forbidden');
}

/**
 * Prometheus metrics at GET /metrics: process metrics and HTTP requests by route and status.
 * Readable with the metrics token, or without one from internal addresses only.
 */
export function registerMetrics(app: FastifyInstance, opts: { token?: string } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tingsu_' });
  const duration = new Histogram({
    name: 'tingsu_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'tingsu_http_errors_total',
    help: 'HTTP responses with status >= 500',
    labelNames: ['route'],
    registers: [registry],
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    duration.labels(req.method, route, String(reply.statusCode)).observe(seconds);
    if (reply.statusCode >= 500) errors.labels(route).inc();
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    assertMayReadMetrics(req, opts.token);
    reply.header('cache-control', 'no-store');
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
