import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { appealEvaluations, appeals } from '../appeals/appeals.tables.js';
import { jobs } from '../../platform/jobs.tables.js';
import { assessmentMonthOf, assessmentPeriod, makeReport, queueMonthlyReports } from './assessment.service.js';
import { rankBy } from './assessment.rankings.js';

let env: TestEnv;
let w: AppealWorld;
let seq = 0;
const cst = (s: string) => new Date(`${s}+08:00`);

/** An appeal row with just the fields the figures read (as the appeals' own metrics test does). */
async function row(o: Partial<typeof appeals.$inferInsert>) {
  const id = randomUUID();
  seq++;
  await env.database.db.insert(appeals).values({
    id,
    number: `360802-20261105-${String(seq).padStart(4, '0')}`,
    status: 'in_progress',
    regionCode: '360802004001001',
    townshipCode: '360802004',
    gridCode: '360802004001001',
    channel: 'hotline',
    requesterKind: 'anonymous',
    title: `t${seq}`,
    content: 'c',
    categoryCode: '0302',
    token: `tok${seq}-${id.slice(0, 8)}`,
    acceptedAt: cst('2026-11-05T10:00:00'),
    responseDueAt: cst('2026-11-05T12:00:00'),
    handlingDueAt: cst('2026-11-14T17:30:00'),
    dispatchedAt: cst('2026-11-05T10:30:00'),
    ...o,
  });
  return id;
}

async function evaluate(appealId: string, kind: 'requester' | 'township', rating: string, at: string, extra: { solved?: boolean; orgId?: string } = {}) {
  await env.database.db.insert(appealEvaluations).values({ appealId, round: 0, kind, rating, solved: extra.solved ?? null, method: 'callback', orgId: extra.orgId, by: 'test', at: cst(at) });
  if (kind === 'requester') await env.database.db.update(appeals).set({ lastRating: rating, lastSolved: extra.solved ?? null, lastRatedAt: cst(at) }).where(eq(appeals.id, appealId));
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const { urban, housing } = w.orgs;
  // 习溪桥 (360802004), both to the urban bureau: one handled on time and closed, rated 满意 and solved;
  // one handled late, not closed, rated 不满意.
  const a1 = await row({ handlingOrgId: urban, signedAt: cst('2026-11-05T11:00:00'), handledAt: cst('2026-11-10T10:00:00'), status: 'closed', closedAt: cst('2026-11-12T10:00:00') });
  const a2 = await row({ handlingOrgId: urban, signedAt: cst('2026-11-05T11:30:00'), handledAt: cst('2026-11-16T10:00:00'), status: 'feedback_given' });
  await evaluate(a1, 'requester', 'satisfied', '2026-11-13T09:00:00', { solved: true });
  await evaluate(a2, 'requester', 'dissatisfied', '2026-11-17T09:00:00', { solved: false });
  await evaluate(a1, 'township', 'good', '2026-11-12T09:00:00', { orgId: urban });
  await evaluate(a2, 'township', 'poor', '2026-11-17T09:00:00', { orgId: urban });
  // 白塘 (360802001), to housing: signed late, handled on time, closed, rated 基本满意 and solved.
  const b = { regionCode: '360802001001001', townshipCode: '360802001', gridCode: '360802001001001' };
  const b1 = await row({ ...b, handlingOrgId: housing, signedAt: cst('2026-11-05T15:00:00'), handledAt: cst('2026-11-08T10:00:00'), status: 'closed', closedAt: cst('2026-11-09T10:00:00') });
  await evaluate(b1, 'requester', 'basically_satisfied', '2026-11-10T09:00:00', { solved: true });
  await evaluate(b1, 'township', 'fair', '2026-11-09T09:00:00', { orgId: housing });
  // The month's edges (China time): the 19th of October opens November, the 19th of November opens December.
  await row({ ...b, acceptedAt: cst('2026-10-19T00:00:00'), dispatchedAt: null, handlingDueAt: cst('2026-12-30T00:00:00') });
  await row({ ...b, acceptedAt: cst('2026-10-18T23:59:59'), dispatchedAt: null });
  await row({ ...b, acceptedAt: cst('2026-11-19T00:00:00'), dispatchedAt: null });
});
afterAll(() => env.close());

describe('the assessment month', () => {
  it('runs from the 19th of the month before to the 18th, China time (the day configurable)', () => {
    expect(assessmentPeriod('2026-11')).toEqual({ from: new Date('2026-10-18T16:00:00Z'), to: new Date('2026-11-18T16:00:00Z') });
    expect(assessmentPeriod('2026-01')).toEqual({ from: new Date('2025-12-18T16:00:00Z'), to: new Date('2026-01-18T16:00:00Z') });
    expect(assessmentPeriod('2026-03', 26)).toEqual({ from: new Date('2026-02-25T16:00:00Z'), to: new Date('2026-03-25T16:00:00Z') });
    expect(assessmentPeriod('2026-11', 1)).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
    expect(assessmentMonthOf(cst('2026-11-18T23:59:59'))).toBe('2026-11');
    expect(assessmentMonthOf(cst('2026-11-19T00:00:00'))).toBe('2026-12');
    expect(assessmentMonthOf(cst('2026-12-19T00:00:00'))).toBe('2027-01');
    expect(assessmentMonthOf(cst('2026-12-19T00:00:00'), 1)).toBe('2026-12');
  });

  it('ranks with ties sharing a rank, lower-is-better figures reversed, no figure no rank', () => {
    const rows = [{ v: 0.5 }, { v: 0.9 }, { v: 0.5 }, { v: null }];
    expect(rankBy(rows, 'v')).toEqual([2, 1, 2, null]);
    expect(rankBy(rows, 'v', true)).toEqual([1, 3, 1, null]);
  });
});

describe('GET /api/assessment/rankings', () => {
  it('ranks the townships and departments by hand-computed figures, with 结案率 beside 办结率', async () => {
    const res = await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-11' });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.period).toEqual({ from: '2026-10-18T16:00:00.000Z', to: '2026-11-18T16:00:00.000Z' });
    const [first, second] = r.areas;
    // 白塘: b1 and the appeal of 19 October (not due: its limit runs past the month) → 办结 1/1,
    // 结案 1/1, 响应 0/1 (signed late), 解决 1/1, 满意 0.9, composite 0.1·0 + 0.5·1 + 0.4·0.9 = 0.86.
    expect(first).toMatchObject({ key: '360802001', accepted: 2, due: 1, closureRate: 1, caseClosingRate: 1, responseRate: 0, resolutionRate: 1, satisfactionRate: 0.9, compositeScore: 0.86 });
    // 习溪桥: 办结 2/2, 结案 1/2, 按期 1/2, 响应 2/2, 解决 1/2, 满意 1/2 → 0.1 + 0.25 + 0.2 = 0.55.
    expect(second).toMatchObject({ key: '360802004', accepted: 2, due: 2, closureRate: 1, caseClosingRate: 0.5, onTimeRate: 0.5, responseRate: 1, resolutionRate: 0.5, satisfactionRate: 0.5, compositeScore: 0.55 });
    expect(first.ranks).toMatchObject({ compositeScore: 1, closureRate: 1, caseClosingRate: 1, responseRate: 2 });
    expect(second.ranks).toMatchObject({ compositeScore: 2, closureRate: 1, caseClosingRate: 2, responseRate: 1 });
    // Townships with nothing this month are listed without a rank, after the ranked ones.
    expect(r.areas.slice(2).every((a: { ranks: { compositeScore: null } }) => a.ranks.compositeScore === null)).toBe(true);

    expect(r.departments.map((d: { key: string }) => d.key)).toEqual([w.orgs.housing, w.orgs.urban]);
    expect(r.departments[1]).toMatchObject({ accepted: 2, compositeScore: 0.55, ranks: { compositeScore: 2 } });
    // The townships' evaluations of the departments, totalled per department.
    expect(r.evaluations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ orgId: w.orgs.urban, good: 1, fair: 0, poor: 1, total: 2, goodRate: 0.5 }),
        expect.objectContaining({ orgId: w.orgs.housing, good: 0, fair: 1, poor: 0, total: 1 }),
      ]),
    );
  });

  it('uses configurable weights and start day', async () => {
    const r = (await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-11&wResponse=0.3&wResolution=0.35&wSatisfaction=0.35' })).json();
    // 习溪桥: 0.3·1 + 0.35·0.5 + 0.35·0.5 = 0.65; 白塘: 0 + 0.35 + 0.315 = 0.665.
    expect(r.areas.slice(0, 2).map((a: { key: string; compositeScore: number }) => [a.key, a.compositeScore])).toEqual([
      ['360802001', 0.665],
      ['360802004', 0.65],
    ]);
    // The calendar month of November: the appeals of 18 and 19 October are outside, the one of 19 November inside.
    const cal = (await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-11&startDay=1' })).json();
    expect(cal.areas.find((a: { key: string }) => a.key === '360802001').accepted).toBe(2);
    const dec = (await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-12' })).json();
    expect(dec.areas.find((a: { key: string }) => a.key === '360802001').accepted).toBe(1);
  });

  it('refuses bad input (400), other roles (403) and areas outside the caller (404)', async () => {
    expect((await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-13' })).statusCode).toBe(400);
    expect((await w.as.leader.inject({ url: '/api/assessment/rankings' })).statusCode).toBe(400);
    const weights = await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-11&wResponse=0.5', headers: { 'accept-language': 'en' } });
    expect(weights.statusCode).toBe(400);
    expect(weights.json().error).toBe('metrics_weights_sum');
    expect((await w.as.handler.inject({ url: '/api/assessment/rankings?month=2026-11' })).statusCode).toBe(403);
    expect((await w.as.otherDispatcher.inject({ url: '/api/assessment/rankings?month=2026-11&regionCode=360802004' })).statusCode).toBe(404);
    // A township's own dispatcher sees its communities ranked, never the neighbour's.
    const own = (await w.as.otherDispatcher.inject({ url: '/api/assessment/rankings?month=2026-11' })).json();
    expect(own.areas.every((a: { key: string }) => a.key.startsWith('360802001'))).toBe(true);
  });
});

describe('the monthly report', () => {
  it('is made once per county and month, archived, sent to the leaders, and read back with its Excel', async () => {
    const first = await makeReport(env.database, { regionCode: '360802', month: '2026-11' });
    const again = await makeReport(env.database, { regionCode: '360802', month: '2026-11' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });

    const notes = (await w.as.leader.inject({ url: '/api/notifications?pageSize=50' })).json();
    expect(notes.items.filter((n: { kind: string }) => n.kind === 'assessment_report')).toHaveLength(1);

    const latest = (await w.as.leader.inject({ url: '/api/assessment/reports/latest' })).json();
    expect(latest).toMatchObject({ id: first.id, month: '2026-11', regionCode: '360802' });
    expect(latest.figures.areas[0]).toMatchObject({ key: '360802001', compositeScore: 0.86 });
    const list = (await w.as.leader.inject({ url: '/api/assessment/reports' })).json();
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([first.id]);
    const xlsx = await w.as.leader.inject({ url: `/api/assessment/reports/${first.id}/excel` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // Another county's staff do not see it.
    expect((await w.as.otherHandler.inject({ url: `/api/assessment/reports/${first.id}` })).statusCode).toBe(403);
    const { signIn } = await import('../../test/helpers.js');
    const { session: yuanzhou } = await signIn(env, ['leader'], '360902');
    expect((await yuanzhou.inject({ url: `/api/assessment/reports/${first.id}` })).statusCode).toBe(404);
    expect((await yuanzhou.inject({ url: '/api/assessment/reports/latest' })).json()).toBeNull();
  });

  it('is queued by the monthly scan with a key per county and month, once, only where something happened', async () => {
    // November is made for 吉州区 and nothing happened elsewhere: nothing to queue.
    expect(await queueMonthlyReports(env.database, cst('2026-11-20T08:00:00'))).toBe(0);
    // December (19 Nov – 18 Dec) has the appeal of 19 November in 白塘: 吉州区's report is queued, once.
    const now = cst('2026-12-19T08:00:00');
    expect(await queueMonthlyReports(env.database, now)).toBe(1);
    expect(await queueMonthlyReports(env.database, now)).toBe(1);
    const keys = (await env.database.db.select({ key: jobs.key }).from(jobs).where(like(jobs.key, 'assessment.report:%'))).map((j) => j.key);
    expect(keys).toEqual(['assessment.report:360802:2026-12']);
    await makeReport(env.database, { regionCode: '360802', month: '2026-12' });
    expect(await queueMonthlyReports(env.database, now)).toBe(0);
  });
});
