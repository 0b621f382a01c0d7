import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicBaseUrl } from '../../config.js';
import { createTestEnv, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { numberSequence } from './appeals.numbers.js';

let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

type Detail = { id: string; version: number; status: string; actions: string[]; [k: string]: unknown };

async function register(s: Session, extra: Record<string, unknown> = {}): Promise<Detail> {
  const res = await s.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(extra) });
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function step(s: Session, a: Detail, action: string, body: Record<string, unknown> = {}) {
  return s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
}

async function ok(s: Session, a: Detail, action: string, body: Record<string, unknown> = {}): Promise<Detail> {
  const res = await step(s, a, action, body);
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** registered → accepted → dispatched to 城管局 → signed */
async function dispatched(extra: Record<string, unknown> = {}, dispatch: Record<string, unknown> = {}): Promise<Detail> {
  let a = await register(w.as.gridWorker, extra);
  a = await ok(w.as.dispatcher, a, 'accept');
  return ok(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban, ...dispatch });
}

async function reload(s: Session, a: { id: string }): Promise<Detail> {
  return (await s.inject({ url: `/api/appeals/${a.id}` })).json();
}

describe('the closed loop', () => {
  it('goes from registration to closure with double feedback and double evaluation', async () => {
    let a = await register(w.as.gridWorker);
    expect(a.status).toBe('registered');
    expect(a.number).toMatch(/^360802-\d{8}-\d{4}$/);
    expect(a.gridCode).toBe('360802004001001');
    expect(a.requesterName).toBe('王**');
    expect(a.requesterPhone).toBe('138****1234');
    expect(a.actions).not.toContain('resume');
    const mine = (await w.as.gridWorker.inject({ url: '/api/appeals?box=mine' })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(a.id);

    a = await ok(w.as.dispatcher, a, 'accept');
    expect(a.status).toBe('accepted');
    a = await ok(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban, note: '请尽快处置' });
    expect(a.status).toBe('dispatched');
    expect(a.handlingDueAt).not.toBeNull();
    expect(a.responseDueAt).not.toBeNull();
    expect(a.clock).toBe('green');

    // The department sees it in its inbox, with the actions it may take.
    const inbox = (await w.as.handler.inject({ url: '/api/appeals?box=to_sign' })).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(a.id);
    const seen = await reload(w.as.handler, a);
    expect(seen.actions).toEqual(expect.arrayContaining(['sign', 'return', 'note']));
    expect(seen.actions).not.toContain('dispatch');

    a = await ok(w.as.handler, seen, 'sign');
    expect(a.status).toBe('in_progress');
    a = await ok(w.as.handler, a, 'note', { note: '已到现场查看，订购新井盖' });
    a = await ok(w.as.handler, a, 'handle', { result: '已更换新井盖并设置警示' });
    expect(a.status).toBe('handled');

    a = await ok(w.as.dispatcher, a, 'feedback');
    expect(a.status).toBe('feedback_given');
    a = await ok(w.as.dispatcher, a, 'evaluate', { rating: 'satisfied', method: 'callback' });
    expect(a.status).toBe('feedback_given'); // waits for the township's evaluation of the department
    a = await ok(w.as.dispatcher, a, 'evaluate_org', { rating: 'good', verified: true });
    expect(a.status).toBe('closed');
    expect(a.closedAt).not.toBeNull();

    const types = (a.events as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(['registered', 'accepted', 'dispatched', 'signed', 'note', 'handled', 'feedback', 'rated', 'org_evaluated', 'closed']);
    // Double feedback: the requester's messages, and the grid worker's notification.
    const [{ n }] = await env.database.query<{ n: string }>('select count(*) as n from outbox where appeal_id = $1', [a.id]);
    expect(Number(n)).toBe(2); // registration receipt + result
    const notes = (await w.as.gridWorker.inject({ url: '/api/notifications' })).json();
    expect(notes.items.some((x: { kind: string; appealId: string }) => x.kind === 'appeal.feedback' && x.appealId === a.id)).toBe(true);
  });

  it('answers integrations that prefer it with just the id, number, status and version', async () => {
    const res = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(), headers: { prefer: 'return=minimal' } });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json()).sort()).toEqual(['id', 'number', 'status', 'version']);
    expect(res.headers['preference-applied']).toBe('return=minimal');
  });

  it('registers the number, first event, receipt, desk notifications and audit entry together, without gaps in the numbering', async () => {
    const a = await register(w.as.gridWorker);
    const day = (a.number as string).slice(0, 15);
    const q = env.database.query.bind(env.database);
    // The first event and the receipt carry the number the database assigned.
    expect((a.events as { type: string; publicText: string }[])[0]).toMatchObject({ type: 'registered', publicText: `您的诉求已登记，编号 ${a.number}。` });
    const sms = await q<{ body: string }>('select body from outbox where appeal_id = $1', [a.id]);
    const link = `${publicBaseUrl(env.app.config)}/r/track?number=${a.number}`;
    expect(sms.map((m) => m.body)).toEqual([`【听诉】您的诉求已登记，编号 ${a.number}，查询时需填手机号后四位。查询进度：${link}`]);
    // Both desks hear of it: the township's dispatchers and the community's staff.
    for (const s of [w.as.dispatcher, w.as.community]) {
      const notes = (await s.inject({ url: '/api/notifications' })).json();
      expect(notes.items.find((x: { appealId: string }) => x.appealId === a.id)).toMatchObject({ kind: 'appeal.new', body: a.number });
    }
    const log = (await w.as.admin.inject({ url: `/api/audit?action=appeal.create&targetId=${a.id}` })).json();
    expect(log.items[0].details).toEqual({ number: a.number, channel: 'visit' });

    // A registration that fails (an id already taken) registers nothing and may leave a gap in the
    // serials (the county's sequence is not rolled back); the next one's serial is higher; past 9999
    // every digit stays.
    const { createAppeal } = await import('./appeals.service.js');
    const deps = { database: env.database, vault: env.app.vault };
    const input = { channel: 'qr' as const, requester: { kind: 'anonymous' as const }, content: '路灯不亮', categoryCode: '0205', placeCode: '360802004001001' };
    await expect(createAppeal(deps, { ctx: null, source: 'public' }, { ...input, id: a.id })).rejects.toThrow();
    const next = await createAppeal(deps, { ctx: null, source: 'public' }, input);
    expect(next.number.slice(0, 15)).toBe(day);
    expect(Number(next.number.slice(16))).toBeGreaterThan(Number((a.number as string).slice(16)));
    expect(next).toMatchObject({ status: 'registered', regionCode: '360802004001001', requesterKind: 'anonymous', tags: [], version: 1 });
    expect(next.createdAt).toBeInstanceOf(Date);
    await q(`select setval('${numberSequence('360802')}', 9999)`);
    expect((await createAppeal(deps, { ctx: null, source: 'public' }, input)).number).toBe(`${day}-10000`);
  });

  it('records the loop when a grid worker solves it on the spot', async () => {
    const a = await register(w.as.gridWorker, { solvedOnSpot: { result: '当场帮助联系物业疏通' }, categoryCode: '0205' });
    expect(a.status).toBe('handled');
    expect(a.onSpot).toBe(true);
    let b = await ok(w.as.gridWorker, a, 'feedback');
    b = await ok(w.as.gridWorker, b, 'evaluate', { rating: 'basically_satisfied', method: 'staff' });
    expect(b.status).toBe('closed');
  });

  it('refuses illegal and stale steps with 409 and says why', async () => {
    const a = await register(w.as.gridWorker);
    const sign = await step(w.as.dispatcher, a, 'feedback');
    expect(sign.statusCode).toBe(409);
    expect(sign.json().message).toBe('当前状态「已登记」不能执行「反馈」');
    const en = await w.as.dispatcher.inject({
      method: 'POST',
      url: `/api/appeals/${a.id}/actions/feedback`,
      payload: { version: a.version },
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().message).toBe('An appeal that is registered cannot give feedback');
    const accepted = await ok(w.as.dispatcher, a, 'accept');
    const stale = await step(w.as.dispatcher, a, 'accept'); // old version
    expect(stale.statusCode).toBe(409);
    const staleDispatch = await step(w.as.dispatcher, { ...accepted, version: a.version }, 'dispatch', { leadOrgId: w.orgs.urban });
    expect(staleDispatch.json().error).toBe('stale_version');
    const noReason = await step(w.as.dispatcher, accepted, 'reject', { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    // Nothing changed by the refused steps.
    const now = await reload(w.as.dispatcher, a);
    expect(now.status).toBe('accepted');
    expect(now.version).toBe(accepted.version);
  });

  it('lets each step only to those who may take it', async () => {
    const a = await dispatched();
    expect((await step(w.as.coHandler, a, 'sign')).statusCode).toBe(404); // not dispatched to them: invisible
    expect((await step(w.as.dispatcher, a, 'sign')).statusCode).toBe(403);
    expect((await step(w.as.gridWorker, a, 'sign')).statusCode).toBe(403);
    // The state machine answers first: handling needs a signed appeal.
    expect((await step(w.as.handler, a, 'handle', { result: 'x' })).statusCode).toBe(409);
    const signed = await ok(w.as.handler, a, 'sign');
    expect((await step(w.as.handler, signed, 'feedback')).statusCode).toBe(409);
  });

  it('says no to an appeal without grounds and tells the requester', async () => {
    const a = await register(w.as.gridWorker);
    const r = await ok(w.as.dispatcher, a, 'reject', { reason: '属于司法诉讼程序中的事项，请通过法院途径解决' });
    expect(r.status).toBe('not_accepted');
    const rows = await env.database.query<{ body: string }>('select body from outbox where appeal_id = $1 order by id', [a.id]);
    expect(rows.at(-1)!.body).toContain('不予受理');
    expect((await step(w.as.dispatcher, r, 'accept')).statusCode).toBe(409);
  });
});

describe('rework, returns, joint handling, merge, whistle, leader cases', () => {
  it('sends a dissatisfied appeal back to the same handler and counts it', async () => {
    let a = await ok(w.as.handler, await dispatched(), 'sign');
    a = await ok(w.as.handler, a, 'handle', { result: '已处理' });
    a = await ok(w.as.dispatcher, a, 'feedback');
    a = await ok(w.as.dispatcher, a, 'evaluate', { rating: 'dissatisfied', method: 'callback', note: '井盖还是松动' });
    expect(a.status).toBe('in_progress');
    expect(a.reworkCount).toBe(1);
    expect(a.handlingOrgId).toBe(w.orgs.urban);
    a = await ok(w.as.handler, await reload(w.as.handler, a), 'handle', { result: '重新固定井盖，加装防坠网' });
    a = await ok(w.as.dispatcher, a, 'feedback');
    a = await ok(w.as.dispatcher, a, 'evaluate', { rating: 'satisfied', method: 'callback' });
    a = await ok(w.as.dispatcher, a, 'evaluate_org', { rating: 'fair', verified: true });
    expect(a.status).toBe('closed');
    // Round 0: the dissatisfied rating (rework at once); round 1: the requester's and the township's.
    expect((a.evaluations as { round: number }[]).map((e) => e.round)).toEqual([0, 1, 1]);
  });

  it('reworks after a failed verification', async () => {
    let a = await ok(w.as.handler, await dispatched(), 'sign');
    a = await ok(w.as.handler, a, 'handle', { result: '已处理' });
    a = await ok(w.as.dispatcher, a, 'feedback');
    a = await ok(w.as.dispatcher, a, 'evaluate', { rating: 'satisfied', method: 'callback' });
    a = await ok(w.as.dispatcher, a, 'evaluate_org', { rating: 'poor', verified: false, note: '现场核查未整改' });
    expect(a.status).toBe('in_progress');
    expect(a.reworkCount).toBe(1);
  });

  it('takes a return back to the dispatcher, who routes it again', async () => {
    const a = await dispatched();
    const r = await ok(w.as.handler, a, 'return', { reason: '井盖属于住建局管理的小区内部设施' });
    expect(r.status).toBe('accepted');
    expect(r.handlingOrgId).toBeNull();
    expect((await w.as.handler.inject({ url: `/api/appeals/${a.id}` })).json().actions).toEqual([]);
    const again = await ok(w.as.dispatcher, r, 'dispatch', { leadOrgId: w.orgs.housing });
    expect(again.handlingOrgName).toBe('吉州区住房和城乡建设局');
  });

  it('handles jointly: the appeal is handled when every part is', async () => {
    let a = await dispatched({}, { coOrgs: [{ orgId: w.orgs.housing, task: '协调小区物业配合' }] });
    expect((a.parts as unknown[]).length).toBe(2);
    a = await ok(w.as.handler, a, 'sign');
    const early = await step(w.as.handler, a, 'handle', { result: '已更换' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('吉州区住房和城乡建设局');
    let co = await reload(w.as.coHandler, a);
    co = await ok(w.as.coHandler, co, 'sign');
    co = await ok(w.as.coHandler, co, 'handle', { result: '物业已配合' });
    expect(co.status).toBe('in_progress');
    a = await ok(w.as.handler, co, 'handle', { result: '已更换新井盖' });
    expect(a.status).toBe('handled');
  });

  it('merges duplicates: they follow the master and every requester hears the outcome', async () => {
    let master = await ok(w.as.handler, await dispatched(), 'sign');
    const dup = await ok(w.as.dispatcher, await register(w.as.gridWorker, { requester: { kind: 'resident', name: '李四', phone: '13907960000' } }), 'accept');
    const merged = await ok(w.as.dispatcher, dup, 'merge', { masterId: master.id });
    expect(merged.status).toBe('merged');
    expect((merged.master as { id: string }).id).toBe(master.id);
    master = await ok(w.as.handler, await reload(w.as.handler, master), 'handle', { result: '已修复' });
    master = await ok(w.as.dispatcher, master, 'feedback');
    const toDup = await env.database.query<{ body: string }>('select body from outbox where appeal_id = $1 order by id', [dup.id]);
    expect(toDup.at(-1)!.body).toContain('已并案办结');
    master = await ok(w.as.dispatcher, master, 'evaluate', { rating: 'satisfied', method: 'callback' });
    master = await ok(w.as.dispatcher, master, 'evaluate_org', { rating: 'good' });
    expect(master.status).toBe('closed');
    expect((await reload(w.as.dispatcher, dup)).closedAt).not.toBeNull();
  });

  it('lets the community blow the whistle straight to a department, which must report', async () => {
    const a = await ok(w.as.community, await register(w.as.gridWorker), 'accept');
    const wd = await ok(w.as.community, a, 'whistle', { target: w.orgs.urban, reason: '井盖问题反复出现，需要部门报到' });
    expect(wd.status).toBe('dispatched');
    expect(wd.whistled).toBe(true);
    const notes = (await w.as.handler.inject({ url: '/api/notifications' })).json();
    expect(notes.items.some((n: { kind: string; appealId: string }) => n.kind === 'appeal.whistle' && n.appealId === a.id)).toBe(true);
  });

  it('lets the community blow the whistle to the township, which then dispatches', async () => {
    const a = await ok(w.as.community, await register(w.as.gridWorker), 'accept');
    const wt = await ok(w.as.community, a, 'whistle', { target: 'township', reason: '涉及多个部门，社区协调不了' });
    expect(wt.status).toBe('accepted');
    expect(wt.whistled).toBe(true);
    const notes = (await w.as.dispatcher.inject({ url: '/api/notifications?unread=true' })).json();
    expect(notes.items.some((n: { kind: string; appealId: string }) => n.kind === 'appeal.whistle' && n.appealId === a.id)).toBe(true);
    const d = await ok(w.as.dispatcher, wt, 'dispatch', { leadOrgId: w.orgs.urban });
    expect(d.status).toBe('dispatched');
  });

  it('puts a leader case on the leader’s desk until it closes', async () => {
    const a = await dispatched();
    const choices = (await w.as.dispatcher.inject({ url: `/api/appeals/${a.id}/leaders` })).json();
    expect(choices.map((c: { id: string }) => c.id)).toContain(w.as.leaderId);
    const l = await ok(w.as.dispatcher, a, 'assign_leader', { leaderUserId: w.as.leaderId });
    expect(l.leaderName).toMatch(/^测试/);
    expect(l.leaderUserId).toBe(w.as.leaderId);
    const desk = (await w.as.leader.inject({ url: '/api/appeals?box=leader_cases' })).json();
    expect(desk.items.map((i: { id: string }) => i.id)).toContain(a.id);
    const withLeader = await reload(w.as.leader, a);
    expect(withLeader.actions).toContain('instruct');
    const i = await ok(w.as.leader, withLeader, 'instruct', { note: '本周内必须整改到位' });
    expect((i.events as { type: string }[]).at(-1)!.type).toBe('instructed');
  });
});

describe('deadlines', () => {
  it('pauses while waiting for the requester and moves the deadline by the pause', async () => {
    let a = await ok(w.as.handler, await dispatched(), 'sign');
    const due = new Date(a.handlingDueAt as string);
    a = await ok(w.as.handler, a, 'await_requester', { note: '请诉求人提供具体位置照片' });
    expect(a.clock).toBe('paused');
    const p = await env.database.query<{ paused_at: Date }>('select paused_at from appeals where id = $1', [a.id]);
    // Pretend the pause began a working day earlier.
    await env.database.query(`update appeals set paused_at = paused_at - interval '3 days' where id = $1`, [a.id]);
    void p;
    a = await ok(w.as.handler, await reload(w.as.handler, a), 'resume');
    expect(new Date(a.handlingDueAt as string).getTime()).toBeGreaterThan(due.getTime());
    expect(a.clock).toBe('green');
  });

  it('extends the limit on an approved extension', async () => {
    let a = await ok(w.as.handler, await dispatched(), 'sign');
    const due = new Date(a.handlingDueAt as string);
    a = await ok(w.as.handler, a, 'request_extension', { reason: '需采购特殊规格井盖', amount: 3, unit: 'working_days' });
    const req = (a.requests as { id: string; status: string }[])[0];
    expect(req.status).toBe('pending');
    const waiting = (await w.as.dispatcher.inject({ url: '/api/appeals?box=requests' })).json();
    expect(waiting.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const dup = await step(w.as.handler, a, 'request_extension', { reason: '再延', amount: 1, unit: 'working_days' });
    expect(dup.statusCode).toBe(409);
    a = await ok(w.as.dispatcher, await reload(w.as.dispatcher, a), 'decide_request', { requestId: req.id, approve: true });
    expect(new Date(a.handlingDueAt as string).getTime()).toBeGreaterThan(due.getTime());
    expect((a.requests as { status: string }[])[0].status).toBe('approved');
    expect((await w.as.dispatcher.inject({ url: '/api/appeals?box=requests' })).json().total).toBe(0);
  });

  it('pauses the clock for an approved deferral, refuses what is refused, and resumes', async () => {
    let a = await ok(w.as.handler, await dispatched(), 'sign');
    a = await ok(w.as.handler, a, 'request_deferral', { reason: '汛期过后才能施工' });
    let req = (a.requests as { id: string }[])[0];
    a = await ok(w.as.dispatcher, await reload(w.as.dispatcher, a), 'decide_request', { requestId: req.id, approve: false, note: '请先做临时防护' });
    expect(a.clock).toBe('green');
    a = await ok(w.as.handler, await reload(w.as.handler, a), 'request_deferral', { reason: '材料到货需要十天' });
    req = (a.requests as { id: string; status: string }[]).find((r) => r.status === 'pending')!;
    a = await ok(w.as.dispatcher, await reload(w.as.dispatcher, a), 'decide_request', { requestId: req.id, approve: true });
    expect(a.clock).toBe('paused');
    expect(a.deferred).toBe(true);
    const again = await step(w.as.dispatcher, a, 'decide_request', { requestId: req.id, approve: true });
    expect(again.statusCode).toBe(409);
    a = await ok(w.as.handler, await reload(w.as.handler, a), 'resume');
    expect(a.clock).toBe('green');
    expect(a.deferred).toBe(false);
  });

  it('uses the category’s limits, editable by administrators', async () => {
    const rubbish = await dispatched({ categoryCode: '0102' });
    const start = new Date(rubbish.dispatchedAt as string);
    const due = new Date(rubbish.handlingDueAt as string);
    // 暴露垃圾: 4 working hours — at most a few calendar days away, never 7 working days.
    expect(due.getTime() - start.getTime()).toBeLessThanOrEqual(4 * 86_400_000);
    const limits = (await w.as.admin.inject({ url: '/api/appeal-limits' })).json();
    expect(limits.find((l: { categoryCode: string }) => l.categoryCode === '0102')).toMatchObject({ handlingAmount: 4, handlingUnit: 'working_hours' });
    const missingDefault = await w.as.admin.inject({ method: 'PUT', url: '/api/appeal-limits', payload: { limits: limits.filter((l: { categoryCode: string }) => l.categoryCode !== '*') } });
    expect(missingDefault.statusCode).toBe(400);
    const edited = limits.map((l: { categoryCode: string; urgency: string; handlingAmount: number }) =>
      l.categoryCode === '*' && l.urgency === 'normal' ? { ...l, handlingAmount: 5 } : l,
    );
    expect((await w.as.admin.inject({ method: 'PUT', url: '/api/appeal-limits', payload: { limits: edited } })).statusCode).toBe(200);
    expect((await w.as.dispatcher.inject({ method: 'PUT', url: '/api/appeal-limits', payload: { limits: edited } })).statusCode).toBe(403);
  });

  it('lists overdue appeals and escalates them once', async () => {
    const a = await ok(w.as.handler, await dispatched(), 'sign');
    await env.database.query(`update appeals set handling_due_at = now() - interval '1 hour', warn_at = now() - interval '2 hours' where id = $1`, [a.id]);
    const red = await reload(w.as.dispatcher, a);
    expect(red.clock).toBe('red');
    const overdue = (await w.as.dispatcher.inject({ url: '/api/appeals?box=overdue' })).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(a.id);
    const { scanDeadlines } = await import('./appeals.jobs.js');
    const deps = { database: env.database, vault: env.app.vault };
    const first = await scanDeadlines(deps, new Date());
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    const second = await scanDeadlines(deps, new Date());
    expect(second.overdue).toBe(0);
    const notes = (await w.as.dispatcher.inject({ url: '/api/notifications' })).json();
    expect(notes.items.some((n: { kind: string; appealId: string }) => n.kind === 'appeal.overdue' && n.appealId === a.id)).toBe(true);
  });
});

describe('scope', () => {
  it('shows a department only what was dispatched to it, a grid worker only their grids', async () => {
    const a = await dispatched();
    const b = await register(w.as.gridWorker);
    const handlerIds = (await w.as.handler.inject({ url: '/api/appeals?pageSize=200' })).json().items.map((i: { id: string }) => i.id);
    expect(handlerIds).toContain(a.id);
    expect(handlerIds).not.toContain(b.id);
    expect((await w.as.handler.inject({ url: `/api/appeals/${b.id}` })).statusCode).toBe(404);
    expect((await w.as.otherHandler.inject({ url: `/api/appeals/${a.id}` })).statusCode).toBe(404);
    expect((await w.as.otherGridWorker.inject({ url: `/api/appeals/${a.id}` })).statusCode).toBe(404);
    expect((await w.as.otherDispatcher.inject({ url: `/api/appeals/${a.id}` })).statusCode).toBe(404);
    // Every appeal here is in 习溪桥街道: 古南街道's dispatcher sees none of them.
    expect((await w.as.otherDispatcher.inject({ url: '/api/appeals?pageSize=200' })).json()).toMatchObject({ items: [], total: 0 });
    expect((await w.as.gridWorker.inject({ url: `/api/appeals/${b.id}` })).statusCode).toBe(200);
  });

  it('refuses to register outside the caller’s area', async () => {
    const res = await w.as.otherGridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('out_of_scope');
  });

  it('reveals the requester’s contact only as an audited step, with the reason given', async () => {
    const a = await register(w.as.gridWorker);
    const r = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/reveal`, payload: { reason: '诉求办理联系' } });
    expect(r.json()).toEqual({ name: '王秀英', phone: '13807961234', enterpriseName: null });
    const log = (await w.as.admin.inject({ url: `/api/audit?action=appeal.reveal_requester&targetId=${a.id}` })).json();
    expect(log.total).toBe(1);
    expect(log.items[0].details).toMatchObject({ number: a.number, reason: '诉求办理联系' });
    const raw = await env.database.query<{ requester_phone_enc: string }>('select requester_phone_enc from appeals where id = $1', [a.id]);
    expect(raw[0].requester_phone_enc).not.toContain('13807961234');
  });

  it('refuses to reveal the requester’s contact without a reason: 400, nothing revealed, nothing audited', async () => {
    const a = await register(w.as.gridWorker);
    const url = `/api/appeals/${a.id}/reveal`;
    for (const payload of [undefined, {}, { reason: '' }, { reason: 'x'.repeat(201) }]) {
      const res = await w.as.dispatcher.inject({ method: 'POST', url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toBe('validation_failed');
      expect(res.body).not.toContain('13807961234');
    }
    const blank = await w.as.dispatcher.inject({ method: 'POST', url, payload: { reason: ' \n ' }, headers: { 'accept-language': 'en' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ error: 'reveal_reason_required', message: 'Give a reason (1–200 characters) to reveal personal data; it is recorded in the audit log' });
    expect(blank.body).not.toContain('13807961234');
    const log = (await w.as.admin.inject({ url: `/api/audit?action=appeal.reveal_requester&targetId=${a.id}` })).json();
    expect(log.total).toBe(0);
  });
});

describe('bad input', () => {
  it('rejects empty or oversized content, unknown categories, coordinates outside China and bad photos; writes nothing', async () => {
    const [{ n: before }] = await env.database.query<{ n: string }>('select count(*) as n from appeals');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ content: '   ' }, 400, 'required'],
      [{ content: '长'.repeat(5001) }, 400, 'validation_failed'],
      [{ categoryCode: 'zz' }, 400, 'unknown_value'],
      [{ location: { lon: 2.35, lat: 48.85 } }, 400, 'appeal_outside_china'],
      [{ requester: { kind: 'resident', name: '张三', phone: '12345' } }, 400, 'invalid_phone'],
      [{ photos: [{ filename: 'a.gif', mime: 'image/gif', dataBase64: Buffer.from('GIF89a').toString('base64') }] }, 415, 'unsupported_media_type'],
      [{ photos: [{ filename: 'a.jpg', mime: 'image/jpeg', dataBase64: Buffer.from('not a jpeg').toString('base64') }] }, 400, 'photo_invalid'],
      [{ photos: [{ filename: 'big.jpg', mime: 'image/jpeg', dataBase64: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024)]).toString('base64') }] }, 413, 'payload_too_large'],
    ];
    for (const [extra, status, code] of cases) {
      const res = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(extra) });
      expect([res.statusCode, res.json().error], JSON.stringify(extra).slice(0, 80)).toEqual([status, code]);
    }
    const [{ n: after }] = await env.database.query<{ n: string }>('select count(*) as n from appeals');
    expect(after).toBe(before);
    expect((await w.as.dispatcher.inject({ url: '/api/appeals/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });

  it('stores photos and serves them only within scope', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const a = await register(w.as.gridWorker, { photos: [{ filename: '现场.png', mime: 'image/png', dataBase64: png.toString('base64') }] });
    const att = (a.attachments as { id: string; size: number }[])[0];
    expect(att.size).toBe(png.length);
    const got = await w.as.dispatcher.inject({ url: `/api/appeals/${a.id}/attachments/${att.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect((await w.as.otherDispatcher.inject({ url: `/api/appeals/${a.id}/attachments/${att.id}` })).statusCode).toBe(404);
  });

  it('puts an appeal outside every grid in the township’s queue to place by hand', async () => {
    const a = await register(w.as.dispatcher, { location: { lon: 114.5, lat: 26.5 }, placeCode: '360802004' });
    expect(a.needsPlacement).toBe(true);
    expect(a.gridCode).toBeNull();
    const box = (await w.as.dispatcher.inject({ url: '/api/appeals?box=needs_placement' })).json();
    expect(box.items.map((i: { id: string }) => i.id)).toContain(a.id);
    const placed = await ok(w.as.dispatcher, a, 'place', { gridCode: '360802004002001' });
    expect(placed.gridCode).toBe('360802004002001');
    expect(placed.needsPlacement).toBe(false);
    // The timeline names the grid it was placed in, not only its code.
    expect((placed.events as unknown[]).at(-1)).toMatchObject({ type: 'placed', data: { gridCode: '360802004002001' }, placeName: '网格002001' });
  });
});

describe('ledger', () => {
  it('searches Chinese text word by word and exports the filtered ledger to Excel', async () => {
    await register(w.as.gridWorker, { content: '楼道里电动车充电，存在消防隐患', categoryCode: '0804' });
    const hits = (await w.as.dispatcher.inject({ url: `/api/appeals?q=${encodeURIComponent('电动车消防')}` })).json();
    expect(hits.total).toBe(1);
    expect(hits.items[0].title).toContain('电动车');
    const none = (await w.as.dispatcher.inject({ url: `/api/appeals?q=${encodeURIComponent('电动车噪音')}` })).json();
    expect(none.total).toBe(0);
    const xlsx = await w.as.dispatcher.inject({ url: '/api/appeals/export?categoryCode=08' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect(ws.rowCount).toBe(2);
    expect(String(ws.getRow(2).getCell(9).value)).toBe('138****1234');
    // The place by name (with its code beside it), times in China time whatever the server's zone.
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const cell = (title: string) => String(ws.getRow(2).getCell(header.indexOf(title)).value ?? '');
    const detail = (await w.as.dispatcher.inject({ url: `/api/appeals/${hits.items[0].id}` })).json();
    expect(cell('所在区域')).toMatch(/^吉州区 \/ 习溪桥街道 \/ 上阳明路居委会/);
    expect(cell('所在区域')).not.toContain(detail.regionCode);
    expect(cell('区划代码')).toBe(detail.regionCode);
    const china = new Date(Date.parse(detail.createdAt) + 8 * 3600_000).toISOString();
    expect(cell('登记时间')).toBe(`${china.slice(0, 10)} ${china.slice(11, 16)}`);
    void IN_GRID;
  });

  it('suggests organisations for dispatch from the category and place', async () => {
    const a = await register(w.as.gridWorker, { categoryCode: '0302' });
    const s = (await w.as.dispatcher.inject({ url: `/api/appeals/${a.id}/suggestions` })).json();
    expect(s.map((o: { name: string }) => o.name).sort()).toEqual(['吉州区住房和城乡建设局', '吉州区城市管理局']);
    const b = await register(w.as.gridWorker, { categoryCode: '0201' });
    expect((await w.as.dispatcher.inject({ url: `/api/appeals/${b.id}/suggestions` })).json().map((o: { name: string }) => o.name)).toEqual(['吉州区住房和城乡建设局']);
  });

  it('counts each inbox', async () => {
    const counts = (await w.as.dispatcher.inject({ url: '/api/appeals/inbox' })).json();
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(['to_accept', 'to_dispatch', 'overdue', 'to_feedback']));
    const h = (await w.as.handler.inject({ url: '/api/appeals/inbox' })).json();
    expect(Object.keys(h)).toContain('to_sign');
  });
});
