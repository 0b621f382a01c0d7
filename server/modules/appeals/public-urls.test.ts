import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, publicBaseUrl } from '../../config.js';
import { createTestEnv, makeFixtureTree, signIn, type TestEnv } from '../../test/helpers.js';

// Absolute links on posters and in Open311 discovery come from configuration, never the Host header.
const FORGED = { host: 'evil.example.com', 'x-forwarded-host': 'evil.example.com' };
const GRID = '360802004001001';

describe('links without TINGSU_PUBLIC_URL', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await makeFixtureTree(env.database);
  });
  afterAll(() => env.close());

  it('a forged Host header reaches neither the QR link, nor the QR image, nor Open311 discovery', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    const info = await session.inject({ url: `/api/qr/${GRID}`, headers: FORGED });
    expect(info.statusCode).toBe(200);
    expect(info.json().url).toBe(`http://localhost:${env.app.config.port}/r/${GRID}`);
    // The image encodes the same link whatever Host the request names.
    const honest = await session.inject({ url: `/api/qr/${GRID}/png` });
    const forged = await session.inject({ url: `/api/qr/${GRID}/png`, headers: FORGED });
    expect(forged.statusCode).toBe(200);
    expect(forged.rawPayload.equals(honest.rawPayload)).toBe(true);
    const other = await session.inject({ url: `/api/qr/${GRID}/png`, headers: { host: 'other.example.org' } });
    expect(other.rawPayload.equals(honest.rawPayload)).toBe(true);

    const discovery = await env.app.inject({ url: '/open311/v2/discovery.json', headers: FORGED });
    expect(discovery.statusCode).toBe(200);
    expect(discovery.body).not.toContain('evil.example.com');
    expect(discovery.json().endpoints[0].url).toBe(`http://localhost:${env.app.config.port}/open311/v2`);
  });
});

describe('links with TINGSU_PUBLIC_URL', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ publicUrl: 'https://tingsu.example.gov.cn' });
    await makeFixtureTree(env.database);
  });
  afterAll(() => env.close());

  it('builds every absolute link from the configured public address', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    expect((await session.inject({ url: `/api/qr/${GRID}`, headers: FORGED })).json().url).toBe(`https://tingsu.example.gov.cn/r/${GRID}`);
    const discovery = (await env.app.inject({ url: '/open311/v2/discovery.xml', headers: FORGED })).body;
    expect(discovery).toContain('<url>https://tingsu.example.gov.cn/open311/v2</url>');
    expect(discovery).not.toContain('evil.example.com');
  });

  it('reads the address from the environment and refuses one that is not http(s)', () => {
    expect(publicBaseUrl(loadConfig({ TINGSU_PUBLIC_URL: 'https://a.example.cn/' }, { memoryDb: true }))).toBe('https://a.example.cn');
    expect(publicBaseUrl(loadConfig({ HOST: '10.0.0.5', PORT: '9000' }, { memoryDb: true }))).toBe('http://10.0.0.5:9000');
    expect(() => loadConfig({ TINGSU_PUBLIC_URL: 'javascript:alert(1)' }, { memoryDb: true })).toThrow(/TINGSU_PUBLIC_URL/);
  });
});
