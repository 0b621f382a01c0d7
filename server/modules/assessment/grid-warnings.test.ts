import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeHousehold, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { appeals } from '../appeals/appeals.tables.js';
import { auditLog } from '../../platform/audit.tables.js';
import { installHouseholdDefaults } from '../households/households.config.js';
import { scanRises } from './assessment.warnings.js';
import { warnings } from './assessment.tables.js';

/**
 * 未诉先办 per grid: a rise in one grid that the rest of its community hides is flagged on the grid, once;
 * the grid's minimum count is the county's setting (GET/PUT /api/warnings/thresholds).
 */
let env: TestEnv;
let w: AppealWorld;
let seq = 0;
const DAY = 86_400_000;
const cst = (s: string) => new Date(`${s}+08:00`);
const RISE_WEEK = cst('2026-11-02T00:00:00');
const JOB_NOW = cst('2026-11-09T01:00:00');
const GRID_A = '360802004001001';
const GRID_B = '360802004001002';

function row(grid: string, categoryCode: string, createdAt: Date): typeof appeals.$inferInsert {
  const id = randomUUID();
  seq++;
  return {
    id,
    number: `360802-G-${String(seq).padStart(5, '0')}`,
    status: 'dispatched',
    regionCode: grid,
    townshipCode: grid.slice(0, 9),
    gridCode: grid,
    channel: 'hotline',
    requesterKind: 'anonymous',
    title: `t${seq}`,
    content: 'c',
    categoryCode,
    token: `tok${seq}-${id.slice(0, 8)}`,
    createdAt,
  };
}

/** `n` a week in `grid` for the `weeks` weeks before `end`, then `last` in the week starting at `end`. */
function weekly(grid: string, category: string, weeks: number, n: number, last: number, end = RISE_WEEK) {
  const rows: (typeof appeals.$inferInsert)[] = [];
  for (let k = weeks; k >= 1; k--) for (let i = 0; i < n; i++) rows.push(row(grid, category, new Date(end.getTime() - k * 7 * DAY + i * 3600_000 + 3600_000)));
  for (let i = 0; i < last; i++) rows.push(row(grid, category, new Date(end.getTime() + (i % 6) * DAY + 3600_000)));
  return rows;
}

async function insert(rows: (typeof appeals.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 200) await env.database.db.insert(appeals).values(rows.slice(i, i + 200));
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  await installHouseholdDefaults(env.database.db);
  // 供电 (0902) in 上阳明路居委会: grid B steady at 8 a week (8 again in the week of 2 November); grid A at 1 a
  // week, then 6. The community goes 9 → 14, under its limit (9 + 3·3 = 18); grid A goes 1 → 6, over its own
  // (1 + 3·1 = 4) and over the grid minimum of 4, though under nothing the community would flag.
  await insert([...weekly(GRID_B, '0902', 20, 8, 8), ...weekly(GRID_A, '0902', 20, 1, 6)]);
  await makeHousehold(env, { gridCode: GRID_A, tags: ['dibao'] });
  await makeHousehold(env, { gridCode: GRID_B, tags: ['elderly_alone'] });
});
afterAll(() => env.close());

describe('early warnings per grid', () => {
  let id: string;

  it('a grid rise below the community’s limit is flagged on the grid, once across reruns, and the township is told', async () => {
    expect(await scanRises(env.database, JOB_NOW)).toBe(1);
    expect(await scanRises(env.database, JOB_NOW)).toBe(0);
    const rows = await env.database.db.select().from(warnings).where(like(warnings.key, 'rise:%'));
    expect(rows.map((r) => r.key)).toEqual([`rise:${GRID_A}:0902:2026-11-02`]);
    const list = (await w.as.dispatcher.inject({ url: '/api/warnings' })).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'rise', level: 'grid', regionCode: GRID_A, categoryCodes: ['0902'], count: 6, baseline: 1, controlLimit: 4 });
    id = list.items[0].id;
    expect((await w.as.dispatcher.inject({ url: '/api/warnings?level=grid' })).json().total).toBe(1);
    expect((await w.as.dispatcher.inject({ url: '/api/warnings?level=community' })).json().total).toBe(0);
    expect((await w.as.dispatcher.inject({ url: '/api/warnings?level=street' })).statusCode).toBe(400);
    const notes = (await w.as.dispatcher.inject({ url: '/api/notifications' })).json().items as { title: string; body: string }[];
    expect(notes.filter((n) => n.body === `/warnings/${id}`).map((n) => n.title)).toEqual([expect.stringContaining('网格')]);
    const audits = await env.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id));
    expect(audits.map((a) => a.action)).toEqual(['warning.create']);
  });

  it('the grid warning shows the grid’s appeals and the risk tags of the grid’s households only', async () => {
    const d = (await w.as.dispatcher.inject({ url: `/api/warnings/${id}` })).json();
    expect(d.level).toBe('grid');
    expect(d.appeals).toHaveLength(6);
    expect(d.series.at(-1)).toEqual({ week: '2026-11-02', count: 6, baseline: 1, limit: 4, alarm: true });
    expect(d.tags.map((t: { code: string; households: number }) => [t.code, t.households])).toEqual([['dibao', 1]]);
  });

  it('scope: the community and the county see it, another township and other counties do not, grid workers may not read', async () => {
    expect((await w.as.community.inject({ url: `/api/warnings/${id}` })).statusCode).toBe(200);
    expect((await w.as.leader.inject({ url: '/api/warnings?level=grid' })).json().total).toBe(1);
    expect((await w.as.otherDispatcher.inject({ url: `/api/warnings/${id}` })).statusCode).toBe(404);
    expect((await w.as.otherDispatcher.inject({ url: '/api/warnings?level=grid' })).json().total).toBe(0);
    expect((await w.as.gridWorker.inject({ url: '/api/warnings?level=grid' })).statusCode).toBe(403);
  });

  it('the grid’s minimum count is the county’s setting: admin only, validated, audited, used by the next scan', async () => {
    const before = (await w.as.dispatcher.inject({ url: '/api/warnings/thresholds' })).json();
    expect(before).toMatchObject({ regionCode: '360802', community: 5, grid: 4, source: 'default' });
    expect((await w.as.dispatcher.inject({ method: 'PUT', url: '/api/warnings/thresholds', payload: { community: 5, grid: 7 } })).statusCode).toBe(403);
    const low = await w.as.admin.inject({ method: 'PUT', url: '/api/warnings/thresholds', payload: { regionCode: '360802', community: 5, grid: 1 } });
    expect(low.statusCode).toBe(400);
    expect(low.body).toMatch(/grid/);
    expect((await w.as.admin.inject({ method: 'PUT', url: '/api/warnings/thresholds', payload: { regionCode: '360802', community: 101, grid: 4 } })).statusCode).toBe(400);
    const township = await w.as.admin.inject({ method: 'PUT', url: '/api/warnings/thresholds', payload: { regionCode: '360802004', community: 5, grid: 4 } });
    expect(township.statusCode).toBe(400);
    expect(township.json().error).toBe('county_setting_region');
    const put = await w.as.admin.inject({ method: 'PUT', url: '/api/warnings/thresholds', payload: { regionCode: '360802', community: 10, grid: 7 } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ community: 10, grid: 7, source: 'stored' });
    expect((await w.as.dispatcher.inject({ url: '/api/warnings/thresholds' })).json()).toMatchObject({ community: 10, grid: 7, source: 'stored' });
    const audits = await env.database.db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'warning_thresholds.set'));
    expect(audits.map((a) => a.details)).toEqual([{ before: null, after: { community: 10, grid: 7 } }]);

    // 路灯 (0401) in grid A a week later: 0 → 6; under the county's grid minimum of 7 nothing is raised, at 4 the
    // grid's is (the community's minimum, 10, keeps the community quiet).
    const next = new Date(RISE_WEEK.getTime() + 7 * DAY);
    await insert(Array.from({ length: 6 }, (_, i) => row(GRID_A, '0401', new Date(next.getTime() + (i % 5) * DAY + 3600_000))));
    const later = new Date(JOB_NOW.getTime() + 7 * DAY);
    expect(await scanRises(env.database, later)).toBe(0);
    await w.as.admin.inject({ method: 'PUT', url: '/api/warnings/thresholds', payload: { regionCode: '360802', community: 10, grid: 4 } });
    expect(await scanRises(env.database, later)).toBe(1);
    expect(await scanRises(env.database, later)).toBe(0);
    const grid = (await w.as.dispatcher.inject({ url: '/api/warnings?level=grid' })).json();
    expect(grid.items.map((x: { categoryCodes: string[]; periodStart: string }) => `${x.categoryCodes[0]}@${x.periodStart}`)).toEqual(['0401@2026-11-09', '0902@2026-11-02']);
  });
});
