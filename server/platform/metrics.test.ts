import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { registerErrorHandling } from './error-handler.js';
import { isInternalAddress, registerMetrics } from './metrics.js';

async function appWith(token?: string) {
  const app = Fastify();
  registerErrorHandling(app);
  registerMetrics(app, { token });
  await app.ready();
  return app;
}

const TOKEN = 'm3tr1cs-t0ken-for-tests-0123456789';

describe('/metrics access', () => {
  it('without a token: answers loopback and private addresses only, never a proxied request', async () => {
    const app = await appWith();
    expect((await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics', remoteAddress: '::ffff:192.168.1.9' })).statusCode).toBe(200);
    const outside = await app.inject({ url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(outside.statusCode).toBe(403);
    expect(outside.body).not.toContain('tingsu_');
    expect((await app.inject({ url: '/metrics', remoteAddress: '2001:db8::1' })).statusCode).toBe(403);
    // A reverse proxy on the same machine connects from 127.0.0.1 but says whom it forwards.
    const proxied = await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(proxied.statusCode).toBe(403);
    await app.close();
  });

  it('with TINGSU_METRICS_TOKEN: needs the Bearer token from any address, internal ones included', async () => {
    const app = await appWith(TOKEN);
    const none = await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toBe('metrics_unauthorized');
    expect((await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } })).statusCode).toBe(401);
    const ok = await app.inject({ url: '/metrics', remoteAddress: '203.0.113.7', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('tingsu_http_request_duration_seconds');
    await app.close();
  });

  it('reads the token from the environment and refuses a short one, naming the variable', () => {
    expect(loadConfig({ TINGSU_METRICS_TOKEN: TOKEN }, { memoryDb: true }).metricsToken).toBe(TOKEN);
    expect(() => loadConfig({ TINGSU_METRICS_TOKEN: 'short' }, { memoryDb: true })).toThrow(/TINGSU_METRICS_TOKEN/);
  });

  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '::1', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) expect(isInternalAddress(a), a).toBe(true);
    for (const a of ['172.32.0.1', '8.8.8.8', '2001:db8::1', '::ffff:8.8.8.8', '', undefined]) expect(isInternalAddress(a), String(a)).toBe(false);
  });
});
