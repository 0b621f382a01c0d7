import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';

let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

type Detail = { id: string; version: number; status: string; actions: string[]; [k: string]: unknown };

async function ok(s: Session, a: { id: string; version: number }, action: string, body: Record<string, unknown> = {}): Promise<Detail> {
  const res = await s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function dispatched(extra: Record<string, unknown> = {}): Promise<Detail> {
  const res = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(extra) });
  const a = await ok(w.as.dispatcher, res.json(), 'accept');
  return ok(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban });
}

const reload = async (s: Session, a: { id: string }): Promise<Detail> => (await s.inject({ url: `/api/appeals/${a.id}` })).json();

describe('signing for an appeal', () => {
  it('takes the sign button away once signed, and a second click is refused by name', async () => {
    const a = await dispatched();
    expect((await reload(w.as.handler, a)).actions).toContain('sign');
    const signed = await ok(w.as.handler, a, 'sign');
    expect(signed.actions).not.toContain('sign');
    expect((await reload(w.as.handler, a)).actions).not.toContain('sign');
    const again = await w.as.handler.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/sign`, payload: { version: signed.version } });
    expect([again.statusCode, again.json().error]).toEqual([409, 'appeal_already_signed']);
  });
});

describe('changing the category (改类)', () => {
  it('records the reason, and the limits and the suggested organisations follow the new category', async () => {
    const a = await dispatched();
    const before = (await w.as.dispatcher.inject({ url: `/api/appeals/${a.id}/suggestions` })).json().map((o: { id: string }) => o.id);
    expect(before).toContain(w.orgs.urban);
    // 0102 (暴露垃圾) is handled in 4 working hours, not the default 7 working days.
    const moved = await ok(w.as.dispatcher, a, 'recategorize', { categoryCode: '0102', reason: '实为暴露垃圾' });
    expect(moved.categoryCode).toBe('0102');
    expect(new Date(moved.handlingDueAt as string).getTime()).toBeLessThan(new Date(a.handlingDueAt as string).getTime());
    const ev = (moved.events as { type: string; note: string; data: unknown }[]).at(-1)!;
    expect(ev).toMatchObject({ type: 'recategorized', note: '实为暴露垃圾', data: { from: '0302', to: '0102' } });

    const b = await ok(w.as.dispatcher, await dispatched(), 'recategorize', { categoryCode: '0201', reason: '属房屋安全' });
    const after = (await w.as.dispatcher.inject({ url: `/api/appeals/${b.id}/suggestions` })).json().map((o: { id: string }) => o.id);
    expect(after).toContain(w.orgs.housing);
    expect(after).not.toContain(w.orgs.urban);
  });

  it('is refused without a reason, to the same category, or to a handler', async () => {
    const a = await dispatched();
    const post = (s: Session, body: Record<string, unknown>) => s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/recategorize`, payload: { version: a.version, ...body } });
    expect((await post(w.as.dispatcher, { categoryCode: '0201' })).json().error).toBe('appeal_text_required');
    expect((await post(w.as.dispatcher, { categoryCode: '0302', reason: '无' })).json().error).toBe('appeal_category_unchanged');
    expect((await post(w.as.dispatcher, { categoryCode: '9999', reason: '无' })).json().error).toBe('unknown_value');
    expect((await post(w.as.handler, { categoryCode: '0201', reason: '无' })).statusCode).toBe(403);
  });
});

describe('re-routing (改派)', () => {
  it('closes the old part, dispatches to the new organisation with a fresh clock, and tells both', async () => {
    const a = await ok(w.as.handler, await dispatched(), 'sign');
    const moved = await ok(w.as.dispatcher, a, 'reroute', { leadOrgId: w.orgs.housing, reason: '属住建局职责' });
    expect(moved.status).toBe('dispatched');
    expect(moved.handlingOrgId).toBe(w.orgs.housing);
    expect(moved.signedAt).toBeNull();
    const parts = moved.parts as { orgId: string; status: string }[];
    expect(parts.find((p) => p.orgId === w.orgs.urban)?.status).toBe('returned');
    expect(parts.find((p) => p.orgId === w.orgs.housing)?.status).toBe('dispatched');
    expect((moved.events as { type: string }[]).at(-1)).toMatchObject({ type: 'rerouted', note: '属住建局职责' });
    expect((await reload(w.as.coHandler, a)).actions).toContain('sign');
    expect((await reload(w.as.handler, a)).actions).not.toContain('handle');
    const told = async (s: Session, kind: string) => (await s.inject({ url: '/api/notifications' })).json().items.some((n: { kind: string; appealId: string }) => n.kind === kind && n.appealId === a.id);
    expect(await told(w.as.handler, 'appeal.rerouted')).toBe(true);
    expect(await told(w.as.coHandler, 'appeal.dispatched')).toBe(true);
  });

  it('is refused to the organisation that already leads it, and before dispatch', async () => {
    const a = await dispatched();
    const res = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/reroute`, payload: { version: a.version, leadOrgId: w.orgs.urban, reason: '无' } });
    expect(res.json().error).toBe('appeal_reroute_same_org');
    const fresh = (await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() })).json();
    const early = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${fresh.id}/actions/reroute`, payload: { version: fresh.version, leadOrgId: w.orgs.housing, reason: '无' } });
    expect([early.statusCode, early.json().error]).toEqual([409, 'appeal_not_reroutable']);
  });
});

describe('urging (催办) and supervising (督办)', () => {
  it('reaches the handler with the note, and is counted on the appeal and in the inbox row', async () => {
    let a = await dispatched();
    a = await ok(w.as.dispatcher, a, 'urge', { note: '群众反映强烈，请今日处置' });
    a = await ok(w.as.leader, a, 'urge', { note: '请加快' });
    a = await ok(w.as.leader, a, 'supervise', { note: '列入区级督办' });
    expect([a.urgeCount, a.superviseCount]).toEqual([2, 1]);
    const notes = (await w.as.handler.inject({ url: '/api/notifications' })).json().items.filter((n: { appealId: string }) => n.appealId === a.id);
    expect(notes.map((n: { kind: string; body: string }) => [n.kind, n.body])).toEqual(
      expect.arrayContaining([
        ['appeal.urged', '群众反映强烈，请今日处置'],
        ['appeal.supervised', '列入区级督办'],
      ]),
    );
    const row = (await w.as.handler.inject({ url: '/api/appeals?box=to_sign&pageSize=100' })).json().items.find((i: { id: string }) => i.id === a.id);
    expect([row.urgeCount, row.superviseCount]).toEqual([2, 1]);
  });

  it('needs a note, is not for handlers, and not once the appeal is handled', async () => {
    const a = await dispatched();
    const post = (s: Session, action: string, body: Record<string, unknown>) => s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
    expect((await post(w.as.dispatcher, 'urge', {})).json().error).toBe('appeal_text_required');
    expect((await post(w.as.handler, 'supervise', { note: '自己督办' })).statusCode).toBe(403);
    let h = await ok(w.as.handler, a, 'sign');
    h = await ok(w.as.handler, h, 'handle', { result: '已修复' });
    expect(h.actions).not.toContain('urge');
    const late = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/urge`, payload: { version: h.version, note: '快' } });
    expect([late.statusCode, late.json().error]).toEqual([409, 'appeal_not_urgeable']);
  });
});
