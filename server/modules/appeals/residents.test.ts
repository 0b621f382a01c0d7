/** What residents are told: the messages they get and the page that tracks their appeal (issue 12, item 5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';

const PUBLIC = 'https://tingsu.jizhou.gov.cn';
let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv({ publicUrl: PUBLIC });
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

type Detail = { id: string; number: string; version: number; status: string; [k: string]: unknown };

async function ok(s: Session, a: { id: string; version: number }, action: string, body: Record<string, unknown> = {}): Promise<Detail> {
  const res = await s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const register = async (extra: Record<string, unknown> = {}): Promise<Detail> => (await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(extra) })).json();

async function handled(result: string): Promise<Detail> {
  let a = await ok(w.as.dispatcher, await register(), 'accept');
  a = await ok(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban });
  a = await ok(w.as.handler, a, 'sign');
  return ok(w.as.handler, a, 'handle', { result });
}

const messagesTo = async (a: { id: string }) => (await env.database.query<{ body: string }>('select body from outbox where appeal_id = $1 order by id', [a.id])).map((m) => m.body);

/** Chinese, one sentence with one full stop, and the short link to the appeal's page last. */
function expectPlainMessage(body: string, number: string) {
  const link = `${PUBLIC}/r/track?number=${number}`;
  expect(body.endsWith(`查询进度：${link}`), body).toBe(true);
  const text = body.slice(0, -link.length);
  expect(text.match(/。/g), body).toHaveLength(1);
  expect(text, body).not.toMatch(/[A-Za-z]|[。.！!]{2}|[，,]。/);
}

describe('messages to the requester', () => {
  it('each carry the link to the tracking page, one full stop and Chinese only', async () => {
    const a = await handled('已更换新井盖并设置警示。');
    await ok(w.as.dispatcher, a, 'feedback');
    const rejected = await ok(w.as.dispatcher, await register(), 'reject', { reason: '属于司法诉讼程序中的事项。' });
    const [receipt, result] = await messagesTo(a);
    expect(receipt).toContain(`编号 ${a.number}`);
    expect(result).toContain('已更换新井盖并设置警示，请凭编号和手机号后四位评价办理结果');
    const [, refusal] = await messagesTo(rejected);
    expect(refusal).toContain('不予受理，理由：属于司法诉讼程序中的事项');
    for (const [m, n] of [[receipt, a.number], [result, a.number], [refusal, rejected.number]]) expectPlainMessage(m, n);
  });

  it('tells a merged appeal’s requester the same way', async () => {
    const master = await ok(w.as.dispatcher, await register(), 'accept');
    const dup = await ok(w.as.dispatcher, await ok(w.as.dispatcher, await register({ requester: { kind: 'resident', name: '李四', phone: '13907960000' } }), 'accept'), 'merge', { masterId: master.id });
    let m = await ok(w.as.dispatcher, master, 'dispatch', { leadOrgId: w.orgs.urban });
    m = await ok(w.as.handler, await ok(w.as.handler, m, 'sign'), 'handle', { result: '已修复。' });
    await ok(w.as.dispatcher, m, 'feedback');
    const last = (await messagesTo(dup)).at(-1)!;
    expect(last).toContain('已并案办结：已修复');
    expectPlainMessage(last, dup.number);
  });
});

const PNG = (tag: string) => ({ filename: `${tag}.png`, mime: 'image/png', dataBase64: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(tag)]).toString('base64') });
type Tracking = { status: string; statusText: string; canRate: boolean; result: string | null; timeline: { text: string; photos: string[] }[] };
const track = async (a: Detail, last4 = '1234'): Promise<Tracking> => (await env.app.inject({ url: `/api/public/track?number=${a.number}&last4=${last4}` })).json();

describe('the tracking page', () => {
  it('says the resident has rated, not "please rate", while the township’s evaluation is pending', async () => {
    const a = await ok(w.as.dispatcher, await handled('已修复'), 'feedback');
    expect((await track(a)).statusText).toContain('请您评价');
    const rated = (await env.app.inject({ method: 'POST', url: `/api/public/appeals/${a.number}/rating`, payload: { last4: '1234', rating: 'satisfied' } })).json();
    expect(rated.status).toBe('feedback_given'); // the township has not evaluated the handler yet
    for (const t of [rated, await track(a)]) {
      expect(t.canRate).toBe(false);
      expect(t.statusText).not.toMatch(/请.*评价/);
      expect(t.statusText).toContain('您已评价');
    }
  });

  it('uses plain words, no doubled full stop, and shows the handler’s result photos and no other', async () => {
    let a = await ok(w.as.dispatcher, await register(), 'accept');
    a = await ok(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban });
    a = await ok(w.as.handler, a, 'sign');
    a = await ok(w.as.handler, a, 'note', { note: '现场查看', photos: [PNG('working')] });
    a = await ok(w.as.handler, a, 'handle', { result: '来电反映：井盖破损。已更换新井盖。', photos: [PNG('result-1'), PNG('result-2')] });
    a = await ok(w.as.dispatcher, a, 'feedback');
    const t = await track(a);
    for (const e of t.timeline) {
      expect(e.text).not.toMatch(/反映[:：]/);
      expect(e.text, e.text).not.toMatch(/[。.！!]{2}/);
    }
    expect(t.result).toBe('井盖破损。已更换新井盖。');
    const done = t.timeline.find((e) => e.text.startsWith('已办结'))!;
    expect(done.text).toBe('已办结：井盖破损。已更换新井盖。');
    expect(done.photos).toHaveLength(2);
    expect(t.timeline.flatMap((e) => e.photos)).toHaveLength(2);

    const shown = await Promise.all(done.photos.map((id) => env.app.inject({ url: `/api/public/track/photos/${id}?number=${a.number}&last4=1234` })));
    expect(shown.map((p) => [p.statusCode, p.headers['content-type']])).toEqual([[200, 'image/png'], [200, 'image/png']]);
    expect(shown.map((p) => p.rawPayload.subarray(8).toString()).sort()).toEqual(['result-1', 'result-2']);
    // The wrong digits, and the staff's working photo, are not shown.
    expect((await env.app.inject({ url: `/api/public/track/photos/${done.photos[0]}?number=${a.number}&last4=0000` })).statusCode).toBe(404);
    const detail = (await w.as.dispatcher.inject({ url: `/api/appeals/${a.id}` })).json();
    const working = (detail.attachments as { id: string; filename: string }[]).find((f) => f.filename === 'working.png')!;
    expect((await env.app.inject({ url: `/api/public/track/photos/${working.id}?number=${a.number}&last4=1234` })).statusCode).toBe(404);
  });
});

describe('the dispatch slip (派遣单)', () => {
  it('carries the tracking link and its QR code, for staff who see the appeal only', async () => {
    const a = await register();
    const slip = (await w.as.dispatcher.inject({ url: `/api/appeals/${a.id}/slip` })).json();
    expect(slip.trackingUrl).toBe(`${PUBLIC}/r/track?number=${a.number}`);
    expect(slip.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect((await w.as.otherDispatcher.inject({ url: `/api/appeals/${a.id}/slip` })).statusCode).toBe(404);
  });
});
