import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { createTestEnv, signIn, type TestEnv } from '../test/helpers.js';

const TDT = 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=0123456789abcdef';
const TDT_LABELS = TDT.replace('vec_w', 'cva_w').replace('LAYER=vec', 'LAYER=cva');
const boot = (env: Record<string, string>) => loadConfig(env, { memoryDb: true });

describe('TINGSU_MAP_TILES', () => {
  it('takes 天地图 with its key or a self-hosted XYZ server, and defaults the subdomains and attribution', () => {
    expect(boot({}).mapTiles).toBeUndefined();
    expect(boot({ TINGSU_MAP_TILES: TDT, TINGSU_MAP_TILES_ANNOTATION: TDT_LABELS }).mapTiles).toEqual({
      url: TDT,
      annotationUrl: TDT_LABELS,
      subdomains: '01234567',
      attribution: '天地图',
      maxZoom: 18,
    });
    expect(boot({ TINGSU_MAP_TILES: 'http://10.1.2.3:8081/tiles/{z}/{x}/{y}.png', TINGSU_MAP_ATTRIBUTION: '吉安市自然资源局', TINGSU_MAP_MAX_ZOOM: '17' }).mapTiles).toEqual({
      url: 'http://10.1.2.3:8081/tiles/{z}/{x}/{y}.png',
      subdomains: 'abc',
      attribution: '吉安市自然资源局',
      maxZoom: 17,
    });
  });

  it('stops the boot with a message naming the variable on a bad template', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ TINGSU_MAP_TILES: 'tiles.example.org/{z}/{x}/{y}.png' }, /TINGSU_MAP_TILES/],
      [{ TINGSU_MAP_TILES: 'https://tiles.example.org/tile.png' }, /\{z\}/],
      [{ TINGSU_MAP_TILES: 'ftp://tiles.example.org/{z}/{x}/{y}.png' }, /http/],
      [{ TINGSU_MAP_TILES: 'https://tiles.example.org/{z}/{x}/{y}.png?key={apikey}' }, /\{apikey\}/],
      [{ TINGSU_MAP_TILES: 'https://tiles.{s}.example.org/{z}/{x}/{y}.png' }, /\{s\}/],
      [{ TINGSU_MAP_TILES: TDT.replace('&tk=0123456789abcdef', '') }, /tk=/],
      [{ TINGSU_MAP_TILES_ANNOTATION: TDT_LABELS }, /TINGSU_MAP_TILES_ANNOTATION/],
      [{ TINGSU_MAP_TILES: TDT, TINGSU_MAP_TILES_ANNOTATION: 'javascript:alert(1)//{z}{x}{y}' }, /TINGSU_MAP_TILES_ANNOTATION/],
      [{ TINGSU_MAP_TILES: TDT, TINGSU_MAP_ATTRIBUTION: '<img src=x onerror=alert(1)>' }, /TINGSU_MAP_ATTRIBUTION/],
      [{ TINGSU_MAP_TILES: TDT, TINGSU_MAP_SUBDOMAINS: 't0,t1' }, /TINGSU_MAP_SUBDOMAINS/],
      [{ TINGSU_MAP_TILES: TDT, TINGSU_MAP_MAX_ZOOM: '30' }, /TINGSU_MAP_MAX_ZOOM/],
    ];
    for (const [env, message] of bad) {
      let err: unknown;
      try {
        boot(env);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(env)).toBeInstanceOf(ConfigError);
      expect((err as Error).message, JSON.stringify(env)).toMatch(message);
      expect((err as Error).message).toMatch(/配置错误/);
    }
  });
});

describe('GET /api/config', () => {
  let env: TestEnv;
  let plain: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ mapTiles: boot({ TINGSU_MAP_TILES: TDT, TINGSU_MAP_TILES_ANNOTATION: TDT_LABELS }).mapTiles });
    plain = await createTestEnv();
  }, 240_000);
  afterAll(async () => {
    await env.close();
    await plain.close();
  });

  it('gives a signed-in console the tile layers, and lets the page load their images', async () => {
    const { session } = await signIn(env, ['dispatcher'], '360802004');
    const res = await session.inject({ url: '/api/config' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ map: { tiles: { url: TDT, annotationUrl: TDT_LABELS, subdomains: '01234567', attribution: '天地图', maxZoom: 18 } } });
    expect(String(res.headers['content-security-policy'])).toMatch(/img-src 'self' data: blob: https:\/\/\*\.tianditu\.gov\.cn(;|$)/);
    expect((await env.app.inject({ url: '/api/config' })).statusCode).toBe(401);
  });

  it('says there is no base map when none is configured (the offline demo), and allows no outside images', async () => {
    const { session } = await signIn(plain, ['grid_worker'], '360802004001');
    const res = await session.inject({ url: '/api/config' });
    expect(res.json()).toEqual({ map: { tiles: null } });
    expect(String(res.headers['content-security-policy'])).toMatch(/img-src 'self' data: blob:(;|$)/);
  });
});
