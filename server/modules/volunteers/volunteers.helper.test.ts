import { desc, eq } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit.tables.js';
import { chinaDay } from '../../platform/china-time.js';
import { captureLogs, createTestEnv, idNumberFor, makeFixtureTree, makeHousehold, signIn, type TestEnv } from '../../test/helpers.js';
import ExcelJS from '../../platform/xlsx.js';
import { outbox } from '../notifications/notifications.tables.js';
import { MAX_CODE_ATTEMPTS } from './volunteers.helper-auth.js';

/** A 1×1 PNG: the fulfilment photo, and a signature drawn on the phone. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const day = (offset: number) => chinaDay(new Date(Date.now() + offset * 86_400_000));
const childBorn = `${new Date().getUTCFullYear() - 8}-03-01`;
const PHONE_A = '13907962222';
const PHONE_B = '13907963333';
const PHONE_C = '13907964444';

type Session = Awaited<ReturnType<typeof signIn>>['session'];
interface Phone {
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

let env: TestEnv;
const logs = captureLogs();
let staff: Session;
let helperA: string;
let helperB: string;
let unitId: string;
let activityId: string;
let otherActivityId: string;
let needId: string;
let wishId: string;
let a: Phone;
let b: Phone;

const post = (s: Session, url: string, payload: unknown) => s.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
const askCode = (phone: string) => env.app.inject({ method: 'POST', url: '/api/helper/code', payload: { phone } });
const tryCode = (phone: string, code: string) => env.app.inject({ method: 'POST', url: '/api/helper/sign-in', payload: { phone, code } });

/** The code from the newest text to this phone, as staff read it on the outbox page. */
async function codeSentTo(phone: string): Promise<string> {
  const rows = await env.database.db.select().from(outbox).orderBy(desc(outbox.id)).limit(20);
  const m = rows.find((r) => env.app.vault.decrypt(r.recipientEnc) === phone);
  return /(\d{6})/.exec(m?.body ?? '')?.[1] ?? '';
}

async function phoneSession(phone: string): Promise<Phone> {
  expect((await askCode(phone)).statusCode).toBe(202);
  const res = await tryCode(phone, await codeSentTo(phone));
  expect(res.statusCode).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  const csrf = res.json().csrfToken as string;
  return { inject: (opts) => env.app.inject({ ...opts, headers: { cookie, ...(opts.method && opts.method !== 'GET' ? { 'x-csrf-token': csrf } : {}) } }) };
}

beforeAll(async () => {
  env = await createTestEnv({}, { logStream: logs.stream });
  await makeFixtureTree(env.database);
  ({ session: staff } = await signIn(env, ['community_staff'], '360802004001'));
  const { session: neighbour } = await signIn(env, ['community_staff'], '360802001001');
  unitId = (await post(staff, '/api/paired-units', { regionCode: '360802004001', name: '吉州区税务局', kind: 'organ', pairedSince: '2025-03-01' })).json().id;
  helperA = (await post(staff, '/api/helpers', { regionCode: '360802004001', kind: 'party_member', name: '刘志强', phone: PHONE_A, unitId })).json().id;
  helperB = (await post(staff, '/api/helpers', { regionCode: '360802004001', kind: 'volunteer', name: '周芳', phone: PHONE_B })).json().id;
  await post(neighbour, '/api/helpers', { regionCode: '360802001001', kind: 'volunteer', name: '陈静', phone: PHONE_C });
  const starts = new Date(Date.now() + 2 * 86_400_000);
  const activity = { title: '周末敬老院义剪', place: '社区敬老院', startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 2 * 3600_000).toISOString(), slots: 1 };
  activityId = (await post(staff, '/api/activities', { ...activity, regionCode: '360802004001' })).json().id;
  otherActivityId = (await post(neighbour, '/api/activities', { ...activity, regionCode: '360802001001' })).json().id;
  needId = (await post(staff, '/api/needs', { regionCode: '360802004001', title: '楼道灯维修', kind: 'skills', source: 'staff' })).json().id;

  const { session: county } = await signIn(env, ['dispatcher'], '360802');
  const campaignId = (await post(county, '/api/wish-campaigns', { regionCode: '360802', name: '六一微心愿', startsOn: day(-1), endsOn: day(3), ageMin: 0, ageMax: 14 })).json().id;
  const home = await makeHousehold(env, { gridCode: '360802004001001', members: [{ name: '李小雨', relation: 'child', idNumber: idNumberFor('360802', childBorn, 21) }] });
  wishId = (await post(staff, '/api/wishes', { campaignId, personId: home.members[0].id, kind: 'goods', content: '一套水彩笔' })).json().id;
});
afterAll(() => env.close());

describe('a helper signs in on the phone with a one-time SMS code', () => {
  it('texts a six-digit code through the outbox; an unknown phone gets the same answer and no text; no code or phone in audit or logs', async () => {
    const before = (await env.database.db.select().from(outbox)).length;
    expect((await askCode('13900000000')).statusCode).toBe(202);
    expect((await env.database.db.select().from(outbox)).length).toBe(before);
    expect((await askCode('12345')).statusCode).toBe(400);

    expect((await askCode(PHONE_A)).statusCode).toBe(202);
    const code = await codeSentTo(PHONE_A);
    expect(code).toMatch(/^\d{6}$/);
    const audits = JSON.stringify(await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'helper.code')));
    expect(audits).toContain(helperA);
    expect(audits).not.toContain(code);
    expect(audits).not.toContain(PHONE_A);
    expect(logs.text()).not.toContain(code);
    expect(logs.text()).not.toContain(PHONE_A);
  });

  it('refuses a wrong code (400), accepts the right one once, and refuses it used twice', async () => {
    const code = await codeSentTo(PHONE_A);
    const wrong = await tryCode(PHONE_A, code === '000000' ? '111111' : '000000');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toBe('helper_code_wrong');
    expect((await tryCode(PHONE_A, 'abc')).statusCode).toBe(400);
    const ok = await tryCode(PHONE_A, code);
    expect(ok.statusCode).toBe(200);
    expect(String(ok.headers['set-cookie'])).toContain('tingsu_session=');
    const again = await tryCode(PHONE_A, code);
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toBe('helper_code_wrong');
    expect(logs.text()).not.toContain(code);
  });

  it('a new code voids the last one', async () => {
    await askCode(PHONE_B);
    const first = await codeSentTo(PHONE_B);
    await askCode(PHONE_B);
    const second = await codeSentTo(PHONE_B);
    if (first !== second) expect((await tryCode(PHONE_B, first)).json().error).toBe('helper_code_wrong');
    expect((await tryCode(PHONE_B, second)).statusCode).toBe(200);
  });

  it('limits the attempts per phone: past the limit 429, even with the right code', async () => {
    await askCode(PHONE_C);
    const code = await codeSentTo(PHONE_C);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) expect((await tryCode(PHONE_C, wrong)).statusCode).toBe(400);
    const blocked = await tryCode(PHONE_C, code);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toBe('helper_code_too_many');
  });
});

describe('what a signed-in helper sees and does, as themself only', () => {
  beforeAll(async () => {
    a = await phoneSession(PHONE_A);
    b = await phoneSession(PHONE_B);
  });

  it('sees their own page; every staff route answers 403, and staff cannot use the helper routes', async () => {
    const me = await a.inject({ url: '/api/helper/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: helperA, name: '刘志强', kind: 'party_member', phone: '139****2222', deeds: 0, minutes: 0 });
    expect((await b.inject({ url: '/api/helper/me' })).json().id).toBe(helperB);
    for (const url of ['/api/helpers', `/api/helpers/${helperB}`, '/api/wishes', `/api/wishes/${wishId}`, '/api/activities', '/api/outbox', '/api/households', '/api/auth/me', '/api/notifications', '/api/appeals']) {
      expect((await a.inject({ url })).statusCode, url).toBe(403);
    }
    expect((await a.inject({ method: 'POST', url: `/api/activities/${activityId}/signups`, payload: { helperId: helperA } })).statusCode).toBe(403);
    expect((await staff.inject({ url: '/api/helper/me' })).statusCode).toBe(403);
    expect((await env.app.inject({ url: '/api/helper/me' })).statusCode).toBe(401);
  });

  it('signs up for an activity of their community, once; another community’s is not found', async () => {
    const list = await a.inject({ url: '/api/helper/activities' });
    expect(list.json().map((x: { id: string }) => x.id)).toEqual([activityId]);
    const up = await a.inject({ method: 'POST', url: `/api/helper/activities/${activityId}/sign-up` });
    expect(up.statusCode).toBe(200);
    expect(up.json()[0]).toMatchObject({ id: activityId, mine: true, signedUp: 1, canSignUp: false });
    expect((await a.inject({ method: 'POST', url: `/api/helper/activities/${activityId}/sign-up` })).json().error).toBe('activity_already_signed_up');
    expect((await b.inject({ method: 'POST', url: `/api/helper/activities/${activityId}/sign-up` })).json().error).toBe('activity_full');
    expect((await a.inject({ method: 'POST', url: `/api/helper/activities/${otherActivityId}/sign-up` })).statusCode).toBe(404);
    expect((await staff.inject({ url: `/api/activities/${activityId}` })).json().signups).toEqual([expect.objectContaining({ helperId: helperA })]);
  });

  it('claims an open need as themself; it leaves the others’ list', async () => {
    const needs = (await b.inject({ url: '/api/helper/needs' })).json();
    expect(needs).toEqual([expect.objectContaining({ id: needId, status: 'open', mine: false })]);
    const claimed = await b.inject({ method: 'POST', url: `/api/helper/needs/${needId}/claim`, payload: { version: needs[0].version } });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()[0]).toMatchObject({ id: needId, status: 'claimed', mine: true });
    expect((await a.inject({ url: '/api/helper/needs' })).json()).toEqual([]);
    expect((await staff.inject({ url: `/api/needs/${needId}` })).json()).toMatchObject({ status: 'claimed', claimant: { kind: 'helper', id: helperB, name: '周芳' } });
  });

  it('claims a wish, fulfils it, the recipient signs on the phone; the deed counts once, in the month’s ranking too; another helper cannot act on it', async () => {
    const [w] = (await a.inject({ url: '/api/helper/wishes' })).json();
    expect(w).toMatchObject({ id: wishId, initial: '小李', age: 8, status: 'published', actions: ['claim'] });
    expect(JSON.stringify(w)).not.toContain('李小雨');
    const claim = await a.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/claim`, payload: { version: w.version } });
    expect(claim.statusCode).toBe(200);
    expect(claim.json()).toMatchObject({ status: 'claimed', mine: true, actions: ['fulfil'] });
    expect((await a.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/join`, payload: { version: claim.json().version } })).json().error).toBe('wish_already_helper');

    // B sees it to join, not to fulfil.
    expect((await b.inject({ url: '/api/helper/wishes' })).json()[0]).toMatchObject({ id: wishId, mine: false, actions: ['join'] });
    const photo = { filename: 'gift.png', mime: 'image/png', dataBase64: PNG };
    const notHers = await b.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/fulfil`, payload: { version: claim.json().version, photo, takenOn: day(0) } });
    expect(notHers.statusCode).toBe(403);
    expect(notHers.json().error).toBe('helper_not_claimant');

    const done = await a.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/fulfil`, payload: { version: claim.json().version, photo, takenOn: day(0) } });
    expect(done.json()).toMatchObject({ status: 'fulfilled', actions: ['confirm'] });
    const notPng = await a.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/confirm`, payload: { version: done.json().version, signature: { dataBase64: Buffer.from('not an image').toString('base64') } } });
    expect(notPng.statusCode).toBe(400);
    expect(notPng.json().error).toBe('wish_signature_invalid');
    const big = Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(220 * 1024)]).toString('base64');
    expect((await a.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/confirm`, payload: { version: done.json().version, signature: { dataBase64: big } } })).statusCode).toBe(400);
    expect((await a.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/confirm`, payload: { version: done.json().version } })).json().error).toBe('required');
    const signed = await a.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/confirm`, payload: { version: done.json().version, signature: { dataBase64: PNG } } });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'confirmed', hasSignature: true });
    expect((await a.inject({ method: 'POST', url: `/api/helper/wishes/${wishId}/confirm`, payload: { version: signed.json().version, signature: { dataBase64: PNG } } })).statusCode).toBe(409);
    // B no longer sees it (neither waiting nor theirs).
    expect((await b.inject({ url: '/api/helper/wishes' })).json()).toEqual([]);

    // Staff see the signature on the wish's page, and the image itself.
    const detail = (await staff.inject({ url: `/api/wishes/${wishId}` })).json();
    expect(detail).toMatchObject({ status: 'confirmed', confirmMethod: 'signature', helpers: [expect.objectContaining({ kind: 'member', name: '刘志强' })] });
    const sig = detail.photos.find((p: { kind: string }) => p.kind === 'signature');
    const img = await staff.inject({ url: `/api/wishes/${wishId}/photos/${sig.id}` });
    expect(img.headers['content-type']).toBe('image/png');

    expect((await a.inject({ url: '/api/helper/me' })).json().deeds).toBe(1);
    expect((await staff.inject({ url: `/api/helpers/${helperA}` })).json().deeds).toBe(1);
    const month = chinaDay(new Date()).slice(0, 7);
    const ranking = (await staff.inject({ url: `/api/volunteers/ranking?month=${month}` })).json();
    expect(ranking.members.filter((m: { helperId: string }) => m.helperId === helperA)).toEqual([expect.objectContaining({ deeds: 1 })]);
    // …and for the paired unit the member came through.
    expect((await staff.inject({ url: `/api/paired-units/${unitId}` })).json().deeds).toBe(1);
    expect((await staff.inject({ url: '/api/volunteers/figures' })).json().units).toEqual([{ unitId, name: '吉州区税务局', deeds: 1 }]);
  });

  it('exports the ledgers as .xlsx: wishes; members, activities and the time bank; inside the caller’s scope, refused to a helper', async () => {
    const w = await staff.inject({ url: '/api/wishes/export.xlsx' });
    expect(w.statusCode).toBe(200);
    expect(w.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(w.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('微心愿台账')!;
    expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(['六一微心愿', '小李', '一套水彩笔', '已确认', '刘志强（党员）', '手机签名']));
    expect(JSON.stringify(sheet.getSheetValues())).not.toContain('李小雨');

    const v = await staff.inject({ url: '/api/volunteers/export.xlsx' });
    expect(v.statusCode).toBe(200);
    const vb = new ExcelJS.Workbook();
    await vb.xlsx.load(v.rawPayload as unknown as ArrayBuffer);
    expect(vb.worksheets.map((x) => x.name)).toEqual(['党员与志愿者', '志愿活动', '时间银行']);
    const people = JSON.stringify(vb.getWorksheet('党员与志愿者')!.getSheetValues());
    expect(people).toContain('刘志强');
    expect(people).toContain('139****2222');
    expect(people).not.toContain(PHONE_A);
    expect(people).not.toContain('陈静'); // another community's
    expect(JSON.stringify(vb.getWorksheet('志愿活动')!.getSheetValues())).toContain('周末敬老院义剪');
    expect((await b.inject({ url: '/api/volunteers/export.xlsx' })).statusCode).toBe(403);
    const { session: grid } = await signIn(env, ['handler'], '360802004001');
    expect((await grid.inject({ url: '/api/wishes/export.xlsx' })).statusCode).toBe(403);
  });

  it('the helper role is never given to a staff account or an API key (400)', async () => {
    const { session: admin } = await signIn(env, ['admin'], '');
    const user = await admin.inject({ method: 'POST', url: '/api/users', payload: { username: 'helper1', displayName: '刘志强', password: 'Tingsu-2026-strong', roles: ['helper'], regionCode: '360802004001' } });
    expect(user.statusCode).toBe(400);
    const key = await admin.inject({ method: 'POST', url: '/api/apikeys', payload: { name: 'helper key', roles: ['helper'], regionCode: '360802004001' } });
    expect(key.statusCode).toBe(400);
  });

  it('signs out: the session is gone', async () => {
    expect((await a.inject({ method: 'POST', url: '/api/helper/sign-out' })).statusCode).toBe(204);
    expect((await a.inject({ url: '/api/helper/me' })).statusCode).toBe(401);
  });
});
