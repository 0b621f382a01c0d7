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

  it('names and counts each inbox row (read in the page’s own statement) as the appeal’s own view does', async () => {
    let a = await dispatched();
    a = await ok(w.as.dispatcher, a, 'urge', { note: '请尽快' });
    const fresh = (await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() })).json();
    const keys = ['regionCode', 'regionName', 'handlingOrgId', 'handlingOrgName', 'urgeCount', 'superviseCount', 'affected', 'timeLimit', 'deadline', 'clock', 'requesterName', 'requesterPhone'];
    const fields = (x: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, x[k]]));
    const rows = (await w.as.dispatcher.inject({ url: '/api/appeals?box=all&pageSize=100' })).json().items as Record<string, unknown>[];
    for (const it of [a, fresh]) {
      const row = rows.find((r) => r.id === it.id)!;
      expect(fields(row)).toEqual(fields(await reload(w.as.dispatcher, it)));
    }
    const dispatchedRow = rows.find((r) => r.id === a.id)!;
    expect(dispatchedRow).toMatchObject({ urgeCount: 1, superviseCount: 0, affected: 0, handlingOrgName: expect.any(String), regionName: expect.stringContaining(' / ') });
    expect(rows.find((r) => r.id === fresh.id)).toMatchObject({ handlingOrgName: null, timeLimit: { stage: 'accept' } });
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

describe('urging and supervising by SMS (催办、督办短信)', () => {
  const HANDLER_PHONE = '13907960123';
  let handlerId = '';

  async function setPhone(s: Session, phone: string | null) {
    const id = (await s.inject({ url: '/api/auth/me' })).json().user.id as string;
    const u = (await w.as.admin.inject({ url: `/api/users/${id}` })).json();
    const res = await w.as.admin.inject({ method: 'PATCH', url: `/api/users/${id}`, payload: { version: u.version, phone } });
    if (res.statusCode !== 200) throw new Error(`phone: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; phone: string | null };
  }

  /** The messages queued for an appeal, with their recipients unsealed. */
  async function texts(appealId: string) {
    const { outbox } = await import('../notifications/notifications.tables.js');
    const { eq } = await import('drizzle-orm');
    const rows = await env.database.db.select().from(outbox).where(eq(outbox.appealId, appealId)).orderBy(outbox.id);
    return rows.map((r) => ({ to: env.app.vault.decrypt(r.recipientEnc), hint: r.recipientHint, body: r.body }));
  }

  beforeAll(async () => {
    const u = await setPhone(w.as.handler, `+86 ${HANDLER_PHONE}`);
    handlerId = u.id;
    // The account shows the phone masked, never in full.
    expect(u.phone).toBe('139****0123');
  });

  it('texts the handling organisation’s handler the number and the note, shortened, in one sentence', async () => {
    const a = await dispatched();
    const before = (await texts(a.id)).length;
    const note = '群众反映强烈。请今日内处置完毕，并将处置前后照片上传系统，逾期将通报！另外请注意施工安全，设置围挡';
    const urged = await ok(w.as.dispatcher, a, 'urge', { note });
    const sent = (await texts(a.id)).slice(before);
    expect(sent).toHaveLength(1);
    const [sms] = sent;
    expect(sms.to).toBe(HANDLER_PHONE);
    expect(sms.hint).toBe('139****0123');
    expect(sms.body.startsWith(`【听诉】您单位承办的诉求${urged.number}收到催办：群众反映强烈，请今日内处置完毕`)).toBe(true);
    expect(sms.body.endsWith('…，请尽快办理。')).toBe(true);
    // One full stop; the note cut to fit one message; nothing of the requester.
    expect(sms.body.match(/。/g)).toHaveLength(1);
    expect([...sms.body].length).toBeLessThanOrEqual(70);
    expect(sms.body).not.toContain('设置围挡');
    for (const personal of ['王秀英', '13807961234']) expect(sms.body).not.toContain(personal);

    await ok(w.as.leader, urged, 'supervise', { note: '列入区级督办。' });
    const all = await texts(a.id);
    expect(all.at(-1)).toMatchObject({ to: HANDLER_PHONE, body: `【听诉】您单位承办的诉求${urged.number}收到督办：列入区级督办，请尽快办理。` });
    expect((await reload(w.as.dispatcher, a)).superviseCount).toBe(1);
  });

  it('the desk sees the text in the outbox with the handler’s number masked', async () => {
    const a = await ok(w.as.dispatcher, await dispatched(), 'urge', { note: '请今日处置' });
    const items = (await w.as.dispatcher.inject({ url: '/api/outbox?pageSize=100' })).json().items as { appealId: string; recipient: string; body: string }[];
    const mine = items.filter((m) => m.appealId === a.id && m.body.includes('收到催办'));
    expect(mine.map((m) => m.recipient)).toEqual(['139****0123']);
  });

  it('sends no SMS to a handler without a phone, who still has the console notification', async () => {
    const a = await dispatched();
    const rerouted = await ok(w.as.dispatcher, a, 'reroute', { leadOrgId: w.orgs.housing, reason: '属住建局职责' });
    const before = (await texts(a.id)).length;
    const urged = await ok(w.as.dispatcher, rerouted, 'urge', { note: '请尽快处理' });
    expect(await texts(a.id)).toHaveLength(before);
    expect(urged.urgeCount).toBe(1);
    const told = (await w.as.coHandler.inject({ url: '/api/notifications' })).json().items.some((n: { kind: string; appealId: string }) => n.kind === 'appeal.urged' && n.appealId === a.id);
    expect(told).toBe(true);
  });

  it('stops texting once the phone is removed from the account, and refuses a number that cannot take SMS', async () => {
    const bad = await w.as.admin.inject({ url: `/api/users/${handlerId}` });
    const landline = await w.as.admin.inject({ method: 'PATCH', url: `/api/users/${handlerId}`, payload: { version: bad.json().version, phone: '0796-8221234' } });
    expect([landline.statusCode, landline.json().error]).toEqual([400, 'invalid_phone']);
    expect((await setPhone(w.as.handler, null)).phone).toBeNull();
    const a = await dispatched();
    const before = (await texts(a.id)).length;
    await ok(w.as.dispatcher, a, 'urge', { note: '请尽快处理' });
    expect(await texts(a.id)).toHaveLength(before);
  });
});

describe('urging and supervising in the statistics', () => {
  /** The current assessment month, China time: the events below happen now. */
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  const figures = async (s: Session, extra = '') => (await s.inject({ url: `/api/appeals/metrics?month=${month}${extra}` })).json();

  it('counts each note given in the period, for the county, the township and the handling organisation', async () => {
    // The leader's county figures (the kept per-day figures) and the township desk's (from the appeals).
    const [county, township, byOrg] = await Promise.all([figures(w.as.leader), figures(w.as.dispatcher), figures(w.as.leader, '&groupBy=org')]);
    const orgBefore = byOrg.groups.find((g: { key: string }) => g.key === w.orgs.urban) ?? { urged: 0, supervised: 0 };
    let a = await dispatched();
    a = await ok(w.as.dispatcher, a, 'urge', { note: '请今日处置' });
    a = await ok(w.as.leader, a, 'urge', { note: '再催' });
    await ok(w.as.leader, a, 'supervise', { note: '列入督办' });
    const [county2, township2, byOrg2] = await Promise.all([figures(w.as.leader), figures(w.as.dispatcher), figures(w.as.leader, '&groupBy=org')]);
    expect([county2.totals.urged - county.totals.urged, county2.totals.supervised - county.totals.supervised]).toEqual([2, 1]);
    expect([township2.totals.urged - township.totals.urged, township2.totals.supervised - township.totals.supervised]).toEqual([2, 1]);
    const org = byOrg2.groups.find((g: { key: string }) => g.key === w.orgs.urban);
    expect([org.urged - orgBefore.urged, org.supervised - orgBefore.supervised]).toEqual([2, 1]);
    // Another township's desk does not see them.
    const other = await figures(w.as.otherDispatcher);
    expect(other.totals.urged).toBe(0);
  });
});
