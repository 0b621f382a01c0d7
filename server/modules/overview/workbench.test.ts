import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeHousehold, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { overdueAppeals } from '../../test/overdue.js';

let env: TestEnv;
let w: AppealWorld;

type Detail = { id: string; version: number; status: string; [k: string]: unknown };
type Box = { box: string; count: number; items: { id: string; number: string; deadline: string | null; deadlineKind: string | null }[] };
type Bench = { boxes: Box[]; visits: null | { planned: number; visited: number; nobodyHome: number; quota: number; date: string }; figures: null | Record<string, unknown> };

async function ok(s: Session, a: Detail, action: string, body: Record<string, unknown> = {}): Promise<Detail> {
  const res = await s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function register(): Promise<Detail> {
  const res = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() });
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function dispatched(): Promise<Detail> {
  const a = await ok(w.as.dispatcher, await register(), 'accept');
  return ok(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban });
}

async function bench(s: Session): Promise<Bench> {
  const res = await s.inject({ url: '/api/workbench' });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const counts = (b: Bench) => Object.fromEntries(b.boxes.map((x) => [x.box, x.count]));

/** The rows the inbox lists in a box (every page of it). */
async function inboxRows(s: Session, box: string): Promise<{ total: number; ids: string[] }> {
  const ids: string[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const res = await s.inject({ url: `/api/appeals?box=${box}&pageSize=200&page=${page}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    total = body.total;
    ids.push(...body.items.map((i: { id: string }) => i.id));
    if (body.items.length < 200) break;
  }
  return { total, ids };
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  // A household on the grid worker's grid, so today's plan has a visit in it.
  await makeHousehold(env, { gridCode: '360802004001001' });
  // 待受理 ×2, 待派遣 ×1.
  await register();
  await register();
  await ok(w.as.dispatcher, await register(), 'accept');
  // 待签收: one fresh; two overdue (not signed for either).
  await dispatched();
  await overdueAppeals(env.database, w, 2);
  // 办理中, past its warning point: 即将超期.
  const soon = await ok(w.as.handler, await dispatched(), 'sign');
  await env.database.query(`update appeals set warn_at = now() - interval '1 hour', handling_due_at = now() + interval '2 days' where id = $1`, [soon.id]);
  // An extension waiting for the dispatcher's decision; a leader case.
  const ext = await ok(w.as.handler, await dispatched(), 'sign');
  await ok(w.as.handler, ext, 'request_extension', { reason: '需采购特殊规格井盖', amount: 3, unit: 'working_days' });
  const lead = await dispatched();
  await ok(w.as.dispatcher, lead, 'assign_leader', { leaderUserId: w.as.leaderId });
  // 待反馈 and 待评价 (待回访).
  await ok(w.as.handler, await ok(w.as.handler, await dispatched(), 'sign'), 'handle', { result: '已更换井盖' });
  const fed = await ok(w.as.handler, await ok(w.as.handler, await dispatched(), 'sign'), 'handle', { result: '已清理' });
  await ok(w.as.dispatcher, fed, 'feedback');
}, 240_000);
afterAll(() => env.close());

describe('workbench', () => {
  it('shows each role what waits for it, with the most pressing first', async () => {
    const d = await bench(w.as.dispatcher);
    expect(counts(d)).toEqual({ to_accept: 2, to_dispatch: 1, due_soon: 1, overdue: 2, to_feedback: 1, to_evaluate: 1, requests: 1, needs_placement: 0 });
    expect(d.visits).toBeNull();
    expect(d.figures).toBeNull();
    // The overdue box lists the most overdue first (overdueAppeals makes the first the most overdue).
    const overdue = d.boxes.find((b) => b.box === 'overdue')!;
    expect(overdue.items).toHaveLength(2);
    expect(overdue.items.every((i) => i.deadlineKind === 'handling')).toBe(true);
    expect(Date.parse(overdue.items[0].deadline!)).toBeLessThan(Date.parse(overdue.items[1].deadline!));

    const h = await bench(w.as.handler);
    // 城管局: the fresh dispatch and the two overdue ones wait to be signed for, as do the leader case; four are running.
    expect(counts(h)).toEqual({ to_sign: 4, in_progress: 2, due_soon: 1, overdue: 2 });
    expect(h.boxes[0].items.every((i) => i.deadlineKind === 'response')).toBe(true);

    const l = await bench(w.as.leader);
    expect(counts(l)).toEqual({ leader_cases: 1, due_soon: 1, overdue: 2 });
    expect(l.figures).not.toBeNull();

    const g = await bench(w.as.gridWorker);
    expect(Object.keys(counts(g))).toEqual(['due_soon', 'overdue', 'to_feedback', 'to_evaluate']);
    expect(g.visits).not.toBeNull();
  });

  it('counts exactly the rows the linked inbox shows, for every box of every role', async () => {
    const sessions: [string, Session][] = Object.entries(w.as).filter((e): e is [string, Session] => typeof e[1] !== 'string');
    let nonZero = 0;
    for (const [name, s] of sessions) {
      const b = await bench(s);
      expect(b.boxes.length, name).toBeGreaterThan(0);
      for (const box of b.boxes) {
        const rows = await inboxRows(s, box.box);
        expect({ who: name, box: box.box, count: rows.total }).toEqual({ who: name, box: box.box, count: box.count });
        expect(rows.ids).toHaveLength(box.count);
        // The pressing few are rows of that box, as many as it has up to three.
        expect(box.items.length).toBe(Math.min(3, box.count));
        for (const i of box.items) expect(rows.ids, `${name} ${box.box}`).toContain(i.id);
        if (box.count > 0) nonZero++;
      }
    }
    expect(nonZero).toBeGreaterThan(10);
  });

  it('shows nothing of this township to a dispatcher or department of another', async () => {
    const mine = new Set((await bench(w.as.dispatcher)).boxes.flatMap((b) => b.items.map((i) => i.id)));
    expect(mine.size).toBeGreaterThan(0);
    for (const s of [w.as.otherDispatcher, w.as.otherHandler]) {
      const b = await bench(s);
      for (const box of b.boxes) {
        expect(box.count, box.box).toBe(0);
        expect(box.items).toEqual([]);
      }
    }
    // Another township's dispatcher has the dispatcher's boxes, all empty.
    expect(Object.keys(counts(await bench(w.as.otherDispatcher)))).toContain('to_accept');
  });

  it('gives the grid worker today’s visits as the phone app plans them', async () => {
    const b = await bench(w.as.gridWorker);
    const today = (await w.as.gridWorker.inject({ url: '/api/visits/today' })).json();
    expect(b.visits).toEqual({
      date: today.date,
      workingDay: today.workingDay,
      quota: today.quota,
      planned: today.counts.planned,
      visited: today.counts.visited,
      nobodyHome: today.counts.nobodyHome,
    });
  });

  it('gives the leader the area’s figures of the month from the statistics’ own functions', async () => {
    const b = await bench(w.as.leader);
    const f = b.figures as { month: string; accepted: number; onTimeRate: number | null; satisfactionRate: number | null; overdueNow: number; byArea: { code: string; accepted: number }[]; trend: { month: string }[] };
    const m = (await w.as.leader.inject({ url: `/api/appeals/metrics?month=${f.month}&groupBy=region` })).json();
    expect(f.accepted).toBe(m.totals.accepted);
    expect(f.accepted).toBeGreaterThan(0);
    expect(f.onTimeRate).toBe(m.totals.onTimeRate);
    expect(f.satisfactionRate).toBe(m.totals.satisfactionRate);
    expect(f.byArea.map((a) => [a.code, a.accepted])).toEqual(m.groups.map((g: { key: string; accepted: number }) => [g.key, g.accepted]));
    expect(f.overdueNow).toBe((await inboxRows(w.as.leader, 'overdue')).total);
    expect(f.trend).toHaveLength(6);
    expect(f.trend.at(-1)!.month).toBe(f.month);
    // Nobody else's home page carries the area's figures, the administrator's aside.
    expect((await bench(w.as.dispatcher)).figures).toBeNull();
    expect((await bench(w.as.admin)).figures).not.toBeNull();
  });

  it('opens on an empty desk, not a refusal, for roles outside the appeal loop (mediators, commissioners)', async () => {
    for (const role of ['mediator', 'commissioner'] as const) {
      const { session } = await signIn(env, [role], '360802004');
      const res = await session.inject({ url: '/api/workbench' });
      expect(res.statusCode, role).toBe(200);
      expect(res.json()).toMatchObject({ boxes: [], visits: null, figures: null, chains: [] });
    }
  });

  it('asks for a session', async () => {
    expect((await env.app.inject({ url: '/api/workbench' })).statusCode).toBe(401);
  });
});
