/**
 * The demo's firms, commissioners, chains and enterprise appeals, checked on the demo workspace
 * generate.test.ts loads (loading the demo is the suite's most expensive setup, so it happens once).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../platform/crypto.js';
import { login, type TestEnv } from '../test/helpers.js';
import { DEMO_PASSWORD, DEMO_SEED } from './demo.js';
import { generateEnterprises } from './enterprises.js';
import { checkCreditCode } from '../modules/enterprises/credit-code.js';

export function demoEnterprisesSuite(envOf: () => TestEnv) {
  describe('demo enterprises', () => {
    let env: TestEnv;
    beforeAll(() => {
      env = envOf();
    });

    // The demo's year only: generate.test.ts also generates a year of 2024 appeals on this database.
    it('has a few hundred firms with valid codes, three chains, a year of visits and linked enterprise appeals', async () => {
      const q = env.database.query.bind(env.database);
      const firms = await q<{ credit_code: string; park: string }>('select credit_code, park from enterprises');
      expect(firms.length).toBe(320);
      expect(firms.every((f) => checkCreditCode(f.credit_code).ok)).toBe(true);
      expect(new Set(firms.map((f) => f.park)).size).toBe(2);
      const chains = await q<{ name: string }>('select name from chains order by name');
      expect(chains.map((c) => c.name).sort()).toEqual(['电子信息产业链', '装备制造产业链', '锂电新能源产业链'].sort());
      const [{ n: visits, days }] = await q<{ n: string; days: string }>(`select count(*) as n, extract(day from max(visited_at) - min(visited_at)) as days from commissioner_visits`);
      expect(Number(visits)).toBeGreaterThan(250);
      expect(Number(days)).toBeGreaterThan(300);
      const [loan] = await q<{ status: string; amount_fen: string; visit_id: string | null }>('select status, amount_fen, visit_id from enterprise_appeals where amount_fen is not null');
      expect(loan).toMatchObject({ status: 'closed' });
      expect(Number(loan.amount_fen)).toBe(3_500_000_000);
      expect(loan.visit_id).not.toBeNull();
      const [{ n: linked }] = await q<{ n: string }>(`select count(*) as n from enterprise_appeals`);
      const [{ n: channel }] = await q<{ n: string }>(`select count(*) as n from appeals where requester_kind = 'enterprise' and region_code like '360802%' and created_at > now() - interval '366 days'`);
      expect(Number(linked)).toBe(Number(channel));
      expect(Number(linked)).toBeGreaterThan(10);
      const [pol] = await q<{ n: string; read: string; future: string }>(`select count(*) as n, count(read_at) as read, count(*) filter (where read_at > now()) as future from policy_deliveries`);
      expect(Number(pol.n)).toBeGreaterThan(100);
      expect(Number(pol.read)).toBeGreaterThan(0);
      expect(Number(pol.future)).toBe(0);
    });

    it('lets the demo commissioner and the chain leader see their work', async () => {
      const commissioner = await login(env.app, 'commissioner', DEMO_PASSWORD);
      const mine = (await commissioner.inject({ url: '/api/enterprise-commissioners' })).json();
      expect(mine.items.length).toBe(8);
      const leader = await login(env.app, 'leader', DEMO_PASSWORD);
      const chains = (await leader.inject({ url: '/api/chains?mine=true' })).json();
      expect(chains.map((c: { name: string }) => c.name)).toEqual(['电子信息产业链']);
      expect(chains[0].members).toBeGreaterThan(50);
      const figures = (await leader.inject({ url: `/api/enterprise-figures?from=2000-01-01&to=2099-12-31` })).json();
      expect(figures.appeals.accepted).toBeGreaterThan(10);
    });

    it('withdraws as the appeals workflow does, keeps ratings and departments, and gives firms business disputes', async () => {
      const q = env.database.query.bind(env.database);
      // Every withdrawn enterprise row is a withdrawn appeal with its event, and the other way round.
      const wd = await q<{ ea: string; appeal: string; event: string }>(`
        select count(*) filter (where ea.withdrawn_at is not null) as ea, count(*) filter (where a.status = 'withdrawn') as appeal,
          count(*) filter (where exists (select 1 from appeal_events e where e.appeal_id = a.id and e.type = 'withdrawn' and e.note = ea.withdraw_reason)) as event
        from enterprise_appeals ea join appeals a on a.id = ea.appeal_id`);
      expect(Number(wd[0].ea)).toBeGreaterThanOrEqual(3);
      const [{ n: asked }] = await q<{ n: string }>(`select count(*) as n from enterprise_appeals where withdraw_asked_by = 'department' and withdrawn_at > now() - interval '1 hour'`);
      expect(Number(asked)).toBeGreaterThan(0);
      expect([wd[0].appeal, wd[0].event].map(Number)).toEqual([Number(wd[0].ea), Number(wd[0].ea)]);
      const [k] = await q<{ rated: string; dept: string }>(`select count(rating) as rated, count(handling_org_id) as dept from enterprise_appeals`);
      expect(Number(k.rated)).toBeGreaterThan(0);
      expect(Number(k.dept)).toBeGreaterThan(0);
      const leader = await login(env.app, 'leader', DEMO_PASSWORD);
      const parks = (await leader.inject({ url: '/api/enterprise-figures/by?dimension=park&from=2000-01-01&to=2099-12-31' })).json();
      expect(parks.items.length, JSON.stringify(parks)).toBe(2);
      expect(parks.items.some((p: { satisfactionRate: number | null }) => p.satisfactionRate !== null)).toBe(true);
      // The federation's staff see the disputes they referred on the firm's page.
      const federation = await login(env.app, 'federation', DEMO_PASSWORD);
      const firms = await q<{ id: string }>(`select distinct e.id from enterprises e join mediation_parties p on p.credit_code = e.credit_code`);
      expect(firms.length, 'firms with disputes').toBeGreaterThanOrEqual(3);
      const d = (await federation.inject({ url: `/api/enterprises/${firms[0].id}/disputes` })).json();
      expect(d.readable).toBe(true);
      expect(d.total).toBeGreaterThan(0);
    });

    it('runs again without adding anything', async () => {
      const again = await generateEnterprises(env.database, createVault(env.config.secret), { seed: DEMO_SEED, county: '360802', leaderUserId: undefined, passwordHash: 'x', now: new Date() });
      expect(again.firms).toBe(0);
    });
  });
}
