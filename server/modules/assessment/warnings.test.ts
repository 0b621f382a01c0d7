import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeHousehold, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { appeals } from '../appeals/appeals.tables.js';
import { auditLog } from '../../platform/audit.tables.js';
import { installHouseholdDefaults } from '../households/households.config.js';
import { detect } from './assessment.detect.js';
import { scanRises, scanSeasons, weekStartOf } from './assessment.warnings.js';
import { makeReport } from './assessment.service.js';

let env: TestEnv;
let w: AppealWorld;
let seq = 0;
const DAY = 86_400_000;
const cst = (s: string) => new Date(`${s}+08:00`);
/** The rise's week: Monday 2026-11-02 (China time); the job runs the Monday after. */
const RISE_WEEK = cst('2026-11-02T00:00:00');
const JOB_NOW = cst('2026-11-09T01:00:00');

function appealRow(o: Partial<typeof appeals.$inferInsert>): typeof appeals.$inferInsert {
  const id = randomUUID();
  seq++;
  return {
    id,
    number: `360802-W-${String(seq).padStart(5, '0')}`,
    status: 'dispatched',
    regionCode: '360802004001001',
    townshipCode: '360802004',
    gridCode: '360802004001001',
    channel: 'hotline',
    requesterKind: 'anonymous',
    title: `t${seq}`,
    content: 'c',
    categoryCode: '0902',
    token: `tok${seq}-${id.slice(0, 8)}`,
    ...o,
  };
}

async function insert(rows: (typeof appeals.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 200) await env.database.db.insert(appeals).values(rows.slice(i, i + 200));
}

/** `n` appeals on each of the `weeks` weeks before `end` (one a day from Monday), plus `last` in the week starting at `end`. */
function weekly(o: Partial<typeof appeals.$inferInsert>, weeks: number, n: number, last: number, end = RISE_WEEK) {
  const rows: (typeof appeals.$inferInsert)[] = [];
  for (let k = weeks; k >= 1; k--) for (let i = 0; i < n; i++) rows.push(appealRow({ ...o, createdAt: new Date(end.getTime() - k * 7 * DAY + i * 3600_000 + 3600_000) }));
  for (let i = 0; i < last; i++) rows.push(appealRow({ ...o, createdAt: new Date(end.getTime() + (i % 6) * DAY + 3600_000) }));
  return rows;
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  await installHouseholdDefaults(env.database.db);
  // 供电 (0902) in 上阳明路居委会 (360802004001): 2 a week for 20 weeks, then 12 in the week of 2 November.
  // 供水 (0901) in the same community: a flat 6 a week, 6 again that week (no rise).
  await insert([...weekly({ categoryCode: '0902' }, 20, 2, 12), ...weekly({ categoryCode: '0901' }, 20, 6, 6)]);
  // Two households with 低保 and one living alone in the community; one 低保 in another township (not counted).
  await makeHousehold(env, { gridCode: '360802004001001', tags: ['dibao'] });
  await makeHousehold(env, { gridCode: '360802004001001', tags: ['dibao', 'elderly_alone'] });
  await makeHousehold(env, { gridCode: '360802001001001', tags: ['dibao'] });
});
afterAll(() => env.close());

describe('detection (assessment.detect.ts)', () => {
  it('finds an injected rise; a flat seasonal series raises nothing', () => {
    const seasonal = Array.from({ length: 156 }, (_, t) => Math.round(8 + 5 * Math.cos((2 * Math.PI * ((t % 52) - 30)) / 52)));
    expect(detect(seasonal, 'seasonal').filter((p) => p.alarm)).toEqual([]);
    const risen = [...seasonal];
    risen[140] += 12;
    const points = detect(risen, 'seasonal');
    expect(points.map((p, i) => (p.alarm ? i : -1)).filter((i) => i >= 0)).toEqual([140]);
    // Hand-computed (EWMA while there is less than a year): a level of 2, the limit 2 + 3·√2 = 6.24.
    const short = [...Array(20).fill(2), 12];
    expect(detect(short, 'seasonal')[20]).toEqual({ count: 12, baseline: 2, limit: 6.24, alarm: true });
    // A quiet place does not alarm on 0 → 3 (below the minimum of 5).
    expect(detect([...Array(20).fill(0), 3], 'ewma')[20].alarm).toBe(false);
  });

  it('weeks start on Monday, China time', () => {
    expect(weekStartOf(cst('2026-11-08T23:59:00'))).toEqual(RISE_WEEK);
    expect(weekStartOf(cst('2026-11-02T00:00:00'))).toEqual(RISE_WEEK);
  });
});

describe('early warnings through HTTP', () => {
  let warningId: string;
  let gridWarningId: string;
  let otherTownship: Session;

  it('the weekly job raises the rise once, notifies the township desk and nobody else', async () => {
    // The appeals all lie in one grid: its rise is raised on the community and on the grid.
    expect(await scanRises(env.database, JOB_NOW)).toBe(2);
    expect(await scanRises(env.database, JOB_NOW)).toBe(0);
    expect((await w.as.dispatcher.inject({ url: '/api/warnings' })).json().total).toBe(2);
    const grid = (await w.as.dispatcher.inject({ url: '/api/warnings?level=grid' })).json();
    expect(grid.items).toEqual([expect.objectContaining({ level: 'grid', regionCode: '360802004001001', count: 12, baseline: 2, controlLimit: 6.24 })]);
    gridWarningId = grid.items[0].id;
    const list = await w.as.dispatcher.inject({ url: '/api/warnings?level=community' });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(1);
    const [item] = list.json().items;
    expect(item).toMatchObject({ kind: 'rise', level: 'community', regionCode: '360802004001', categoryCodes: ['0902'], periodStart: '2026-11-02', periodEnd: '2026-11-08', count: 12, baseline: 2, controlLimit: 6.24, status: 'open' });
    warningId = item.id;
    const notes = await w.as.dispatcher.inject({ url: '/api/notifications' });
    expect(notes.json().items.map((n: { body: string }) => n.body)).toContain(`/warnings/${warningId}`);
    const others = await w.as.otherDispatcher.inject({ url: '/api/notifications' });
    expect(others.json().items.map((n: { body: string }) => n.body)).not.toContain(`/warnings/${warningId}`);
  });

  it('a warning shows its series, the appeals behind it and the tag counts of the place (no households named)', async () => {
    const res = await w.as.dispatcher.inject({ url: `/api/warnings/${warningId}` });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.series.at(-1)).toEqual({ week: '2026-11-02', count: 12, baseline: 2, limit: 6.24, alarm: true });
    expect(d.series.at(-2)).toMatchObject({ week: '2026-10-26', count: 2, alarm: false });
    expect(d.appeals).toHaveLength(12);
    expect(d.tags).toEqual([
      { code: 'dibao', name: '低保', nameEn: 'minimum living allowance', vulnerable: true, households: 2 },
      { code: 'elderly_alone', name: '独居老人', nameEn: 'elderly living alone', vulnerable: true, households: 1 },
    ]);
    expect(res.body).not.toMatch(/householdId|"address"/);
  });

  it('outside scope a warning does not exist; the county sees it; a grid worker may not read warnings', async () => {
    otherTownship = w.as.otherDispatcher;
    expect((await otherTownship.inject({ url: `/api/warnings/${warningId}` })).statusCode).toBe(404);
    expect((await otherTownship.inject({ url: '/api/warnings' })).json().total).toBe(0);
    expect((await otherTownship.inject({ method: 'POST', url: `/api/warnings/${warningId}/acknowledge`, payload: {} })).statusCode).toBe(404);
    const { session: yuanzhou } = await signIn(env, ['leader'], '360902');
    expect((await yuanzhou.inject({ url: `/api/warnings/${warningId}` })).statusCode).toBe(404);
    expect((await w.as.leader.inject({ url: `/api/warnings/${warningId}` })).statusCode).toBe(200);
    expect((await w.as.gridWorker.inject({ url: '/api/warnings' })).statusCode).toBe(403);
  });

  it('acknowledge, then handle with a note, each once and audited', async () => {
    const ack = await w.as.dispatcher.inject({ method: 'POST', url: `/api/warnings/${warningId}/acknowledge`, payload: {} });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().status).toBe('acknowledged');
    const again = await w.as.dispatcher.inject({ method: 'POST', url: `/api/warnings/${warningId}/acknowledge`, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('warning_not_acknowledgeable');
    const noNote = await w.as.dispatcher.inject({ method: 'POST', url: `/api/warnings/${warningId}/handle`, payload: { note: ' ' } });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error).toBe('warning_note_required');
    const handled = await w.as.dispatcher.inject({ method: 'POST', url: `/api/warnings/${warningId}/handle`, payload: { note: '供电所已排查线路，加装变压器' } });
    expect(handled.json()).toMatchObject({ status: 'handled', note: '供电所已排查线路，加装变压器' });
    expect((await w.as.dispatcher.inject({ method: 'POST', url: `/api/warnings/${warningId}/handle`, payload: {} })).json().error).toBe('warning_not_handleable');
    expect((await w.as.community.inject({ method: 'POST', url: `/api/warnings/${warningId}/handle`, payload: {} })).statusCode).toBe(403);
    const audits = await env.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, warningId));
    expect(audits.map((a) => a.action).sort()).toEqual(['warning.acknowledge', 'warning.create', 'warning.handle']);
    const open = (await w.as.dispatcher.inject({ url: '/api/warnings?status=open' })).json();
    expect(open.items.map((x: { id: string }) => x.id)).toEqual([gridWarningId]);
  });

  it('the monthly report of the month (19 Oct – 18 Nov) lists the warning', async () => {
    const { id } = await makeReport(env.database, { regionCode: '360802', month: '2026-11', notify: false });
    const r = (await w.as.leader.inject({ url: `/api/assessment/reports/${id}` })).json();
    expect(r.figures.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: warningId, kind: 'rise', periodStart: '2026-11-02', count: 12, status: 'handled' }),
        expect.objectContaining({ id: gridWarningId, kind: 'rise', periodStart: '2026-11-02', count: 12, status: 'open' }),
      ]),
    );
    expect(r.figures.warnings).toHaveLength(2);
  });

  it('a seasonal rule warns each township of its county once a season, with last season’s count', async () => {
    await insert([0, 1, 2].map((i) => appealRow({ categoryCode: '0901', createdAt: cst(`2025-07-1${i}T10:00:00`) })));
    const bad = await w.as.admin.inject({ method: 'POST', url: '/api/warnings/rules', payload: { regionCode: '360802', name: '高温', fromDay: '13-01', toDay: '08-31', categoryCodes: ['0901'], message: 'm' } });
    expect(bad.statusCode).toBe(400);
    expect((await w.as.dispatcher.inject({ method: 'POST', url: '/api/warnings/rules', payload: { regionCode: '360802004', name: '高温', fromDay: '06-01', toDay: '08-31', categoryCodes: ['0901'], message: 'm' } })).statusCode).toBe(403);
    const rule = await w.as.admin.inject({
      method: 'POST',
      url: '/api/warnings/rules',
      payload: { regionCode: '360802', name: '高温', fromDay: '06-01', toDay: '08-31', categoryCodes: ['0901', '0902'], message: '高温季节，注意供水供电保障，关注独居老人' },
    });
    expect(rule.statusCode).toBe(200);
    expect((await w.as.dispatcher.inject({ url: '/api/warnings/rules' })).json().map((r: { name: string }) => r.name)).toContain('高温');
    expect(await scanSeasons(env.database, cst('2026-05-31T12:00:00'))).toBe(0);
    const made = await scanSeasons(env.database, cst('2026-07-01T09:00:00'));
    expect(made).toBeGreaterThanOrEqual(2);
    expect(await scanSeasons(env.database, cst('2026-07-02T09:00:00'))).toBe(0);
    const mine = (await w.as.dispatcher.inject({ url: '/api/warnings?kind=season' })).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({ regionCode: '360802004', periodStart: '2026-06-01', periodEnd: '2026-08-31', count: 3, message: '高温季节，注意供水供电保障，关注独居老人' });
    const created = await env.database.db.select({ id: auditLog.id }).from(auditLog).where(like(auditLog.action, 'warning_rule.%'));
    expect(created).toHaveLength(1);
    // A season across the new year belongs to the year it starts in.
    const winter = await w.as.admin.inject({ method: 'POST', url: '/api/warnings/rules', payload: { regionCode: '360802004', name: '冬季', fromDay: '12-01', toDay: '02-28', categoryCodes: ['0401'], message: '冬季困难群众取暖' } });
    expect(winter.statusCode).toBe(200);
    expect(await scanSeasons(env.database, cst('2027-01-10T09:00:00'))).toBe(1);
    const seasons = (await w.as.dispatcher.inject({ url: '/api/warnings?kind=season' })).json().items;
    expect(seasons[0]).toMatchObject({ periodStart: '2026-12-01', periodEnd: '2027-02-28', message: '冬季困难群众取暖' });
  });
});
