import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appeals } from '../modules/appeals/appeals.tables.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../test/appeal-world.js';
import { createTestEnv, makeHousehold, signIn, type TestEnv } from '../test/helpers.js';
import { createVault } from '../platform/crypto.js';
import { generateDemoFunds } from './funds.js';

let env: TestEnv;
let w: AppealWorld;
const NOW = new Date();
const people = { community: { id: 'c1', name: '李秀兰' }, township: { id: 't1', name: '陈海燕' }, county: { id: 'l1', name: '刘建国' } };

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

describe('the funds demo', () => {
  it('loads a county fund allocated to townships, a dozen projects, one from an appeal accepted in 23 days, and 2.5 million split 4:3:3 — once', async () => {
    const appeal = (await w.as.community.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() })).json();
    expect(appeal.number).toBeTruthy();
    // A resident's appeal of three months ago, in the demo community.
    await env.database.db.update(appeals).set({ createdAt: new Date(NOW.getTime() - 90 * 86_400_000), regionCode: '360802004002' }).where(eq(appeals.id, appeal.id));

    // The demo community's household files: 3, hand-counted (the appeal's project is counted, then corrected to 86).
    for (let i = 0; i < 3; i++) await makeHousehold(env, { gridCode: '360802004002001' });
    const opts = { seed: 7, county: '360802', township: '360802004', community: '360802004002', passwordHash: 'x', now: NOW, people };
    const vault = createVault('test-secret-test-secret-test-secret');
    const first = await generateDemoFunds(env.database, vault, opts);
    expect(first.projects).toBe(15);
    expect(await generateDemoFunds(env.database, vault, opts)).toEqual({ funds: 0, projects: 0, entries: 0 });

    const { session } = await signIn(env, ['leader'], '360802');
    const funds = (await session.inject({ url: '/api/funds?pageSize=200' })).json().items as { name: string; kind: string; balance: { totalFen: number; inFen: number } }[];
    const county = funds.find((f) => f.name === '吉州区社区吹哨专项基金')!;
    expect(county.balance.inFen).toBe(300_000_000);
    // No fund below zero, in total or in any bucket, nor promised beyond its balance.
    for (const f of funds) expect(f.balance.totalFen).toBeGreaterThanOrEqual(0);
    for (const f of funds as unknown as { availableFen: number }[]) expect(f.availableFen).toBeGreaterThanOrEqual(0);
    // Approved projects at work hold what they have not been paid yet; closed ones hold nothing.
    const held = await env.database.query<{ status: string; held: number; left: number }>(
      `select p.status, coalesce(sum(r.amount_fen), 0)::int as held, (p.approved_fen - coalesce((select sum(-e.amount_fen) from fund_entries e where e.project_id = p.id), 0))::int as left
         from fund_projects p left join fund_reservations r on r.project_id = p.id where p.fund_id in (select id from funds where kind = 'whistle') group by p.id`,
    );
    expect(held.some((h) => h.held > 0)).toBe(true);
    for (const h of held) expect(h.held).toBe(h.status === 'closed' || h.status === 'proposed' ? 0 : h.left);
    expect((await session.inject({ url: '/api/funds/approval-thresholds/360802' })).json()).toMatchObject({ custom: true, communityUpToFen: 5_000_000 });

    const page = (await env.app.inject({ url: '/api/public/accounts/places/360802004002' })).json();
    const acct = page.funds.find((f: { kind: string }) => f.kind === 'public_income');
    expect(acct.incomeFen).toBe(250_000_000);
    expect(acct.buckets.map((b: { inFen: number }) => b.inFen)).toEqual([100_000_000, 75_000_000, 75_000_000]);
    expect(acct.buckets.every((b: { balanceFen: number }) => b.balanceFen >= 0)).toBe(true);
    const fixed = page.projects.find((p: { sourceLabel: string | null }) => p.sourceLabel === appeal.number);
    expect(fixed).toMatchObject({ daysToAcceptance: 23, status: 'closed' });

    const figures = (await session.inject({ url: '/api/funds/figures' })).json();
    expect(figures.byStatus.find((s: { status: string }) => s.status === 'proposed').n).toBe(1);
    expect(figures.households).toBeGreaterThan(300);
    // Households benefiting per place, and the appeal's project corrected from the community's count to 86 with a reason.
    expect(figures.perPlace.length).toBeGreaterThan(1);
    const sum = (xs: { households: number }[]) => xs.reduce((n, x) => n + x.households, 0);
    expect(sum(figures.perPlace)).toBe(sum(figures.perFund));
    const corrected = await env.database.query<{ reason: string; data: { from: number; to: number } }>(`select reason, data from fund_project_events where type = 'households'`);
    expect(corrected).toHaveLength(1);
    expect(corrected[0].data.to).toBe(86);
    expect(corrected[0].data.from).toBe(3);
  });
});
