import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { appealEvaluations, appealParts, appealRequests, appeals } from './appeals.tables.js';
import { assessmentMonth } from './appeals.metrics.js';

let env: TestEnv;
let w: AppealWorld;
let seq = 0;
const cst = (s: string) => new Date(`${s}+08:00`);

/** An appeal row with just the fields the figures read. */
async function row(o: Partial<typeof appeals.$inferInsert> & { channel: string }) {
  const id = randomUUID();
  seq++;
  await env.database.db.insert(appeals).values({
    id,
    number: `360802-20261101-${String(seq).padStart(4, '0')}`,
    status: 'in_progress',
    regionCode: '360802004001001',
    townshipCode: '360802004',
    gridCode: '360802004001001',
    requesterKind: 'anonymous',
    title: `t${seq}`,
    content: 'c',
    categoryCode: '0302',
    token: `tok${seq}-${id.slice(0, 8)}`,
    acceptedAt: cst('2026-11-05T10:00:00'),
    ...o,
  });
  return id;
}

async function rate(appealId: string, rating: string, at: string, round = 0, solved?: boolean) {
  await env.database.db.insert(appealEvaluations).values({
    appealId,
    round,
    kind: 'requester',
    rating,
    solved: rating === 'unreachable' ? null : solved ?? rating !== 'dissatisfied',
    method: 'callback',
    by: 'test',
    at: cst(at),
  });
  // As the service does when it records a rating.
  await env.database.db
    .update(appeals)
    .set({ lastRating: rating, lastSolved: rating === 'unreachable' ? null : solved ?? rating !== 'dissatisfied', lastRatedAt: cst(at) })
    .where(eq(appeals.id, appealId));
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const due = { responseDueAt: cst('2026-11-05T12:00:00'), handlingDueAt: cst('2026-11-14T17:30:00') };
  const a1 = await row({ channel: 'visit', status: 'closed', onSpot: true, handledAt: cst('2026-11-05T10:00:00'), handlingMinutes: 0, closedAt: cst('2026-11-06T09:00:00') });
  const a2 = await row({
    channel: 'hotline',
    status: 'closed',
    handlingOrgId: w.orgs.urban,
    dispatchedAt: cst('2026-11-05T10:30:00'),
    signedAt: cst('2026-11-05T11:00:00'),
    handledAt: cst('2026-11-10T10:00:00'),
    handlingMinutes: 600,
    closedAt: cst('2026-11-12T10:00:00'),
    reworkCount: 1,
    ...due,
  });
  const a3 = await row({
    channel: 'qr',
    status: 'feedback_given',
    handlingOrgId: w.orgs.urban,
    dispatchedAt: cst('2026-11-05T10:30:00'),
    signedAt: cst('2026-11-05T15:00:00'),
    handledAt: cst('2026-11-20T10:00:00'),
    handlingMinutes: 1200,
    ...due,
  });
  const a4 = await row({ channel: 'patrol', status: 'dispatched', handlingOrgId: w.orgs.urban, dispatchedAt: cst('2026-11-05T10:30:00'), ...due });
  const a5 = await row({
    channel: 'visit',
    status: 'in_progress',
    handlingOrgId: w.orgs.urban,
    dispatchedAt: cst('2026-11-28T10:30:00'),
    signedAt: cst('2026-11-28T11:00:00'),
    responseDueAt: cst('2026-11-28T12:00:00'),
    handlingDueAt: cst('2026-12-10T17:30:00'),
  });
  await row({ channel: 'hotline', status: 'accepted' });
  const a7 = await row({ channel: 'hotline', status: 'closed', acceptedAt: cst('2026-10-20T10:00:00'), handledAt: cst('2026-10-25T10:00:00'), closedAt: cst('2026-11-02T10:00:00') });
  await row({ channel: 'visit', status: 'merged' });
  // Outside the period entirely.
  await row({ channel: 'visit', status: 'accepted', acceptedAt: cst('2026-12-01T00:00:00') });

  // What was dispatched to 城管局 is what its handlers see.
  for (const [id, status] of [[a2, 'handled'], [a3, 'handled'], [a4, 'dispatched'], [a5, 'in_progress']] as const) {
    await env.database.db.insert(appealParts).values({ appealId: id, orgId: w.orgs.urban, role: 'lead', status, dispatchedAt: cst('2026-11-05T10:30:00') });
  }
  await env.database.db.insert(appealRequests).values({ id: randomUUID(), appealId: a4, kind: 'deferral', reason: '等待汛期结束', status: 'approved', requestedBy: 'x' });
  await rate(a1, 'satisfied', '2026-11-06T09:00:00');
  await rate(a2, 'dissatisfied', '2026-11-08T09:00:00', 0);
  await rate(a2, 'basically_satisfied', '2026-11-11T09:00:00', 1);
  await rate(a3, 'dissatisfied', '2026-11-21T09:00:00');
  await rate(a7, 'unreachable', '2026-11-01T09:00:00');
});
afterAll(() => env.close());

const NOV = 'from=2026-10-31T16:00:00.000Z&to=2026-11-30T16:00:00.000Z';

describe('assessment figures', () => {
  it('match the hand-computed case exactly', async () => {

    const res = await w.as.dispatcher.inject({ url: `/api/appeals/metrics?${NOV}` });
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json().totals;
    expect(t).toMatchObject({
      accepted: 6,
      due: 5,
      handled: 3,
      handledOnTime: 2,
      deferred: 1,
      responseValid: 5,
      respondedOnTime: 3,
      fieldCollected: 3,
      onSpot: 1,
      closed: 3,
      closedReworked: 1,
      evaluations: 3,
      solved: 2,
      satisfied: 1,
      basicallySatisfied: 1,
    });
    expect(t.closureRate).toBe(0.6);
    expect(t.onTimeRate).toBe(0.5);
    expect(t.responseRate).toBe(0.6);
    expect(t.resolutionRate).toBe(0.6667);
    expect(t.satisfactionRate).toBe(0.6333); // (1 + 0.9 × 1) ÷ 3
    expect(t.compositeScore).toBe(0.6467); // 0.1 × 0.6 + 0.5 × 2/3 + 0.4 × 1.9/3
    expect(t.onSpotRate).toBe(0.3333);
    expect(t.reworkRate).toBe(0.3333);
    expect(t.avgHandlingHours).toBe(10);
  });

  it('takes another county’s weights and the same month as a month parameter', async () => {
    const res = (await w.as.dispatcher.inject({ url: `/api/appeals/metrics?month=2026-11&wResponse=0.3&wResolution=0.35&wSatisfaction=0.35` })).json();
    expect(res.totals.compositeScore).toBe(Math.round((0.3 * 0.6 + 0.35 * (2 / 3) + 0.35 * (1.9 / 3)) * 10000) / 10000);
    const bad = await w.as.dispatcher.inject({ url: `/api/appeals/metrics?month=2026-11&wResponse=0.5&wResolution=0.5&wSatisfaction=0.5` });
    expect(bad.statusCode).toBe(400);
  });

  it('groups by channel, organisation and region', async () => {
    const byChannel = (await w.as.dispatcher.inject({ url: `/api/appeals/metrics?${NOV}&groupBy=channel` })).json();
    const visit = byChannel.groups.find((g: { key: string }) => g.key === 'visit');
    expect(visit).toMatchObject({ name: '入户走访', accepted: 2, onSpot: 1, fieldCollected: 2, onSpotRate: 0.5 });
    const byOrg = (await w.as.dispatcher.inject({ url: `/api/appeals/metrics?${NOV}&groupBy=org` })).json();
    expect(byOrg.groups.find((g: { key: string }) => g.key === w.orgs.urban)).toMatchObject({ name: '吉州区城市管理局', accepted: 4, handled: 2 });
    const byRegion = (await w.as.dispatcher.inject({ url: `/api/appeals/metrics?${NOV}&groupBy=region` })).json();
    // The township's two communities, the one where nothing happened too.
    expect(byRegion.groups).toEqual([expect.objectContaining({ key: '360802004001', name: '上阳明路居委会', accepted: 6 }), expect.objectContaining({ key: '360802004002', name: '习溪桥居委会', accepted: 0 })]);
  });

  it('runs assessment months from the 19th to the 18th', () => {
    const m = assessmentMonth('2026-11', 19);
    expect(m.from.toISOString()).toBe('2026-11-18T16:00:00.000Z');
    expect(m.to.toISOString()).toBe('2026-12-18T16:00:00.000Z');
  });

  it('counts only what the caller may see (cross-scope)', async () => {
    const other = (await w.as.otherDispatcher.inject({ url: `/api/appeals/metrics?${NOV}` })).json();
    expect(other.totals.accepted).toBe(0);
    expect((await w.as.otherDispatcher.inject({ url: `/api/appeals/metrics?${NOV}&regionCode=360802004` })).statusCode).toBe(404);
    const handler = (await w.as.handler.inject({ url: `/api/appeals/metrics?${NOV}` })).json();
    expect(handler.totals.accepted).toBe(4); // only what was dispatched to 城管局
    const gw: Session = (await signIn(env, ['grid_worker'], '360802004001001')).session;
    expect((await gw.inject({ url: `/api/appeals/metrics?${NOV}` })).statusCode).toBe(403);
  });

  it('reads the same figures from the per-day figures kept with each change as from the appeals themselves', async () => {
    // Whole China days over whole counties read the kept figures; a period a minute earlier reads the
    // appeals (no appeal here moves in or out with that minute).
    const minute = 60_000;
    const earlier = (q: string) => q.replace(/(from|to)=([^&]+)/g, (_, k: string, v: string) => `${k}=${new Date(Date.parse(v) - minute).toISOString()}`);
    const same = async (s: Session, q: string) => {
      const kept = (await s.inject({ url: `/api/appeals/metrics?${q}` })).json();
      const read = (await s.inject({ url: `/api/appeals/metrics?${earlier(q)}` })).json();
      expect({ ...kept, period: null }).toEqual({ ...read, period: null });
      return kept;
    };
    expect((await same(w.as.leader, NOV)).totals).toMatchObject({ accepted: 6, due: 5, deferred: 1, closed: 3, evaluations: 3, handlingMinutesSum: 1800 });
    const byCounty = await same(w.as.admin, `${NOV}&groupBy=region&regionCode=3608`);
    expect(byCounty.groups).toEqual([expect.objectContaining({ key: '360802', accepted: 6, handled: 3, solved: 2 }), expect.objectContaining({ key: '360803', accepted: 0 })]);
    await same(w.as.admin, `${NOV}&groupBy=region`);

    // A case the leader owns outside their county counts for them too.
    const own = await row({ channel: 'hotline', status: 'accepted', regionCode: '360803001001001', townshipCode: '360803001', gridCode: '360803001001001', leaderUserId: w.as.leaderId });
    expect((await same(w.as.leader, NOV)).totals.accepted).toBe(7);
    // Changes reach the kept figures: handled, re-placed, merged.
    const handled = { status: 'handled', handledAt: cst('2026-11-20T10:00:00'), handlingMinutes: 120 };
    await env.database.db.update(appeals).set(handled).where(eq(appeals.id, own));
    expect((await same(w.as.leader, NOV)).totals).toMatchObject({ accepted: 7, handled: 4, handlingMinutesSum: 1920 });
    await env.database.db.update(appeals).set({ regionCode: '360802004001001', townshipCode: '360802004', gridCode: '360802004001001' }).where(eq(appeals.id, own));
    expect((await same(w.as.admin, `${NOV}&groupBy=region&regionCode=3608`)).groups).toEqual([expect.objectContaining({ key: '360802', accepted: 7, handled: 4 }), expect.objectContaining({ key: '360803', accepted: 0 })]);
    await env.database.db.update(appeals).set({ status: 'merged' }).where(eq(appeals.id, own));
    expect((await same(w.as.leader, NOV)).totals).toMatchObject({ accepted: 6, handled: 3, handlingMinutesSum: 1800 });
  });

  it('gives a monthly trend: accepted and handled per month (China time), merged appeals left out', async () => {
    // The trend ends with the current month: ask for every month from October 2026 to now.
    const today = new Date(Date.now() + 8 * 3600_000);
    const months = (today.getUTCFullYear() - 2026) * 12 + today.getUTCMonth() - 9 + 1;
    const trend = (await w.as.dispatcher.inject({ url: `/api/appeals/metrics/trend?months=${months}` })).json();
    // From the rows above: a7 accepted 20 Oct and handled 25 Oct; six accepted 5 Nov, of which a1 (on the
    // spot), a2 and a3 handled in November; one accepted 1 Dec; the merged ones not at all.
    const figures: Record<string, { accepted: number; handled: number; onSpot: number }> = {
      '2026-10': { accepted: 1, handled: 1, onSpot: 0 },
      '2026-11': { accepted: 6, handled: 3, onSpot: 1 },
      '2026-12': { accepted: 1, handled: 0, onSpot: 0 },
    };
    const expected = Array.from({ length: months }, (_, i) => new Date(Date.UTC(2026, 9 + i, 1)).toISOString().slice(0, 7));
    expect(trend).toEqual(expected.map((month) => ({ month, ...(figures[month] ?? { accepted: 0, handled: 0, onSpot: 0 }) })));
  });

  it('by region, a township lists its communities, and its own cases as its own row, never beside them as a peer', async () => {
    // August 2026, a month no other test counts: two cases in a community, one placed on the township
    // itself (a hotline case with no community).
    const AUG = 'from=2026-07-31T16:00:00.000Z&to=2026-08-31T16:00:00.000Z';
    const aug = { acceptedAt: cst('2026-08-05T10:00:00') };
    await row({ channel: 'hotline', ...aug });
    await row({ channel: 'hotline', ...aug });
    await row({ channel: 'hotline', ...aug, regionCode: '360802004', gridCode: null });
    for (const url of [`/api/appeals/metrics?${AUG}&groupBy=region&regionCode=360802004`, `/api/appeals/metrics?${AUG}&groupBy=region`]) {
      const res = (await w.as.dispatcher.inject({ url })).json();
      expect(res.totals.accepted).toBe(3);
      expect(res.groups.map((g: { key: string; name: string; accepted: number }) => [g.key, g.name, g.accepted])).toEqual([
        ['360802004001', '上阳明路居委会', 2],
        ['360802004002', '习溪桥居委会', 0],
        ['360802004', '习溪桥街道（本级）', 1],
      ]);
    }
    // The county's children are its townships, with this township's own case inside its row.
    const county = (await w.as.leader.inject({ url: `/api/appeals/metrics?${AUG}&groupBy=region&regionCode=360802` })).json();
    expect(county.groups.map((g: { key: string; accepted: number }) => [g.key, g.accepted])).toEqual([
      ['360802004', 3],
      ['360802001', 0],
    ]);
  });

  it('by region, an area not in the division tree answers its figures with no children, not a 404', async () => {
    const res = await w.as.admin.inject({ url: `/api/appeals/metrics?${NOV}&groupBy=region&regionCode=360802999` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().groups).toEqual([]);
  });
});
