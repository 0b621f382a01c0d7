/**
 * The demo's year of appeals, checked through the API as each demo account. Run from generate.test.ts
 * on the demo workspace that file loads: loading the demo is the suite's most expensive setup, so it
 * happens once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type DemoScale } from './demo.js';
import { login, type TestEnv } from '../test/helpers.js';

type Session = Awaited<ReturnType<typeof login>>;

async function json<T = Record<string, unknown>>(s: Session, url: string): Promise<T> {
  const res = await s.inject({ url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json() as T;
}

export function demoAppealsSuite(envOf: () => TestEnv, scale: DemoScale) {
  // The thresholds for the demo's 9,000 appeals a year (more than 5,000 accepted, 1,000 from residents on file), at the scale loaded.
  const most = (scale.appealsPerYear * 5) / 9;
  const onFile = scale.appealsPerYear / 9;
  describe('the demo workspace is a living one: a year of 吉州区 appeals', { timeout: 60_000 }, () => {
    let env: TestEnv;
    const as: Record<string, Session> = {};
    beforeAll(async () => {
      env = envOf();
      for (const u of ['admin', 'leader', 'dispatcher', 'handler', 'community', 'grid', 'dazuzhang']) as[u] = await login(env.app, u, DEMO_PASSWORD);
    }, 120_000);

    it('has several thousand appeals over the last twelve months, from every channel, numbered uniquely', async () => {
      const q = env.database.query.bind(env.database);
      const [y] = await q<{ n: number; first: string; last: string; channels: number; future: number }>(`
        select count(*)::int as n, min(created_at) as first, max(created_at) as last, count(distinct channel)::int as channels,
               (select count(*)::int from appeal_events where at > now()) as future
        from appeals`);
      expect(y.n).toBeGreaterThan(most);
      expect(y.channels).toBe(10);
      expect(Date.now() - new Date(y.first).getTime()).toBeGreaterThan(360 * 86_400_000);
      expect(Date.now() - new Date(y.last).getTime()).toBeLessThan(86_400_000);
      expect(y.future).toBe(0);
      const dup = await q(`select number from appeals group by number having count(*) > 1`);
      expect(dup).toHaveLength(0);
      const [bad] = await q<{ n: number }>(`select count(*)::int as n from appeals
        where closed_at < handled_at or handled_at < accepted_at or signed_at < dispatched_at or dispatched_at < accepted_at or accepted_at < created_at`);
      expect(bad.n).toBe(0);
      // Requesters are residents on file: their phone's blind index finds them in the household files.
      const [known] = await q<{ n: number }>(`select count(*)::int as n from appeals a where exists (select 1 from people p where p.phone_bidx = a.requester_phone_index)`);
      expect(known.n).toBeGreaterThan(onFile);
    });

    it('covers every state of the workflow, overdue and nearly due among them', async () => {
      const admin = as.admin;
      for (const status of ['registered', 'accepted', 'not_accepted', 'dispatched', 'in_progress', 'handled', 'feedback_given', 'closed', 'merged']) {
        const page = await json<{ total: number }>(admin, `/api/appeals?status=${status}&pageSize=1`);
        expect(page.total, status).toBeGreaterThan(0);
      }
      const running = await json<{ items: { clock: string; reworkCount: number; leaderUserId: string | null }[] }>(admin, '/api/appeals?box=in_progress&pageSize=100');
      expect(running.items.some((a) => a.clock === 'red')).toBe(true);
      expect(running.items.some((a) => a.clock === 'yellow')).toBe(true);
      expect((await json<{ total: number }>(admin, '/api/appeals?box=overdue&pageSize=1')).total).toBeGreaterThan(0);
      // An appeal waiting to be accepted has its 受理时限 (from its channel's limit), as a new one gets.
      const [waiting] = await env.database.query<{ all: number; clocked: number }>(
        `select count(*)::int as all, count(*) filter (where accept_due_at > created_at and accept_warn_at < accept_due_at)::int as clocked from appeals where status = 'registered'`,
      );
      expect(waiting.all).toBeGreaterThan(0);
      expect(waiting.clocked).toBe(waiting.all);
      const [mix] = await env.database.query<{ reworked: number; joint: number; leader: number; on_spot: number }>(`select
        (select count(*)::int from appeals where rework_count > 0 and status = 'in_progress') as reworked,
        (select count(distinct appeal_id)::int from appeal_parts where role = 'co') as joint,
        (select count(*)::int from appeals where leader_user_id is not null) as leader,
        (select count(*)::int from appeals where on_spot) as on_spot`);
      expect(mix.reworked).toBeGreaterThan(0);
      expect(mix.joint).toBeGreaterThan(0);
      expect(mix.leader).toBeGreaterThan(0);
      expect(mix.on_spot).toBeGreaterThan(100);
    });

    it('puts work in every demo account’s inbox', async () => {
      const inbox = async (u: string) => json<Record<string, number>>(as[u], '/api/appeals/inbox');
      const d = await inbox('dispatcher');
      for (const box of ['to_accept', 'to_dispatch', 'needs_placement', 'requests', 'in_progress', 'to_feedback', 'to_evaluate', 'overdue']) expect(d[box], `dispatcher ${box}`).toBeGreaterThan(0);
      const h = await inbox('handler');
      for (const box of ['to_sign', 'in_progress', 'overdue']) expect(h[box], `handler ${box}`).toBeGreaterThan(0);
      const c = await inbox('community');
      for (const box of ['to_accept', 'in_progress', 'to_feedback', 'to_evaluate', 'overdue']) expect(c[box], `community ${box}`).toBeGreaterThan(0);
      const g = await inbox('grid');
      for (const box of ['in_progress', 'to_feedback', 'to_evaluate', 'overdue', 'mine']) expect(g[box], `grid ${box}`).toBeGreaterThan(0);
      const l = await inbox('leader');
      for (const box of ['leader_cases', 'in_progress', 'overdue']) expect(l[box], `leader ${box}`).toBeGreaterThan(0);
      const z = await inbox('dazuzhang');
      for (const box of ['to_accept', 'in_progress', 'to_feedback', 'to_evaluate']) expect(z[box], `dazuzhang ${box}`).toBeGreaterThan(0);
      expect(Object.values(await inbox('admin')).some((n) => n > 0)).toBe(true);
      // And the notices the steps sent them.
      for (const u of ['dispatcher', 'handler', 'leader', 'community', 'grid']) {
        const n = await json<{ total: number; unread: number }>(as[u], '/api/notifications?pageSize=1');
        expect(n.total, `${u} notifications`).toBeGreaterThan(0);
      }

      // The handler's list is the department's own work, and a leader case shows its joint handling and merged duplicate.
      const signing = await json<{ items: { handlingOrgName: string }[] }>(as.handler, '/api/appeals?box=to_sign&pageSize=20');
      expect(signing.items.every((a) => a.handlingOrgName === '吉州区城市管理局')).toBe(true);
      const cases = await json<{ items: { id: string }[] }>(as.leader, '/api/appeals?box=leader_cases&pageSize=50');
      const details = await Promise.all(cases.items.map((a) => json<{ parts: unknown[]; merged: unknown[]; events: { type: string }[] }>(as.leader, `/api/appeals/${a.id}`)));
      const pinned = details.find((x) => x.parts.length > 1 && x.merged.length > 0);
      expect(pinned).toBeDefined();
      expect(pinned!.events.map((e) => e.type)).toEqual(expect.arrayContaining(['registered', 'accepted', 'dispatched', 'leader_assigned', 'instructed', 'signed', 'part_signed', 'merged_in']));
    });

    it('opens every demo account on a workbench with real work', async () => {
      type Bench = { boxes: { box: string; count: number; items: unknown[] }[]; visits: { planned: number } | null; figures: { accepted: number } | null };
      for (const u of ['admin', 'leader', 'dispatcher', 'handler', 'community', 'grid', 'dazuzhang']) {
        const b = await json<Bench>(as[u], '/api/workbench');
        const waiting = b.boxes.filter((x) => x.count > 0);
        expect(waiting.length, `${u}: boxes with work`).toBeGreaterThan(0);
        expect(waiting.every((x) => x.items.length > 0), `${u}: pressing items`).toBe(true);
      }
      const counts = async (u: string) => Object.fromEntries((await json<Bench>(as[u], '/api/workbench')).boxes.map((x) => [x.box, x.count]));
      const d = await counts('dispatcher');
      for (const box of ['to_accept', 'to_dispatch', 'due_soon', 'overdue', 'to_feedback', 'to_evaluate', 'requests']) expect(d[box], `dispatcher ${box}`).toBeGreaterThan(0);
      const h = await counts('handler');
      for (const box of ['to_sign', 'in_progress', 'overdue']) expect(h[box], `handler ${box}`).toBeGreaterThan(0);
      expect((await counts('leader')).leader_cases).toBeGreaterThan(0);
      const leader = await json<Bench>(as.leader, '/api/workbench');
      expect(leader.figures?.accepted).toBeGreaterThan(0);
      const grid = await json<Bench>(as.grid, '/api/workbench');
      expect(grid.visits).not.toBeNull();
    });

    it('has the messages the workflow sent in the outbox: sent, failed and queued', async () => {
      for (const u of ['admin', 'dispatcher']) {
        const page = await json<{ total: number; items: { body: string; recipient: string }[] }>(as[u], '/api/outbox?pageSize=5');
        expect(page.total, u).toBeGreaterThan(0);
        expect(page.items[0].body).toMatch(/^【听诉】/);
        expect(page.items[0].recipient).toMatch(/\*{4}\d{4}$/);
      }
      for (const status of ['sent', 'failed', 'pending']) {
        expect((await json<{ total: number }>(as.admin, `/api/outbox?status=${status}&pageSize=1`)).total, status).toBeGreaterThan(0);
      }
    });

    it('fills the statistics for every account that reads them', async () => {
      const to = new Date().toISOString();
      const from = new Date(Date.now() - 365 * 86_400_000).toISOString();
      for (const u of ['admin', 'leader', 'dispatcher', 'handler', 'community']) {
        const m = await json<{ totals: Record<string, number> }>(as[u], `/api/appeals/metrics?from=${from}&to=${to}`);
        expect(m.totals.accepted, u).toBeGreaterThan(0);
        expect(m.totals.closed, u).toBeGreaterThan(0);
      }
      const county = await json<{ totals: Record<string, number> }>(as.leader, `/api/appeals/metrics?from=${from}&to=${to}`);
      expect(county.totals.accepted).toBeGreaterThan(most);
      expect(county.totals.closureRate).toBeGreaterThan(0.8);
      expect(county.totals.satisfactionRate).toBeGreaterThan(0.8);
      expect(county.totals.onSpotRate).toBeGreaterThan(0.2);
      const trend = await json<{ accepted: number }[]>(as.leader, '/api/appeals/metrics/trend?months=12');
      expect(trend.filter((m) => m.accepted > 0).length).toBeGreaterThanOrEqual(12);
    });

    it('lets a requester follow an appeal by its number and the last four digits of the phone', async () => {
      const [a] = await env.database.query<{ number: string; last4: string }>(
        `select number, requester_phone_last4 as last4 from appeals where status = 'closed' and requester_phone_last4 is not null order by number limit 1`,
      );
      const res = await env.app.inject({ url: `/api/public/track?number=${a.number}&last4=${a.last4}` });
      expect(res.statusCode).toBe(200);
      const t = res.json();
      expect(t.status).toBe('closed');
      expect(t.timeline.length).toBeGreaterThanOrEqual(5);
    });
  });
}
