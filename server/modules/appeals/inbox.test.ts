/**
 * What the dispatcher's inbox works by: the deadline and time limit of each row, bulk accept (each
 * appeal through the workflow on its own, refusals reported per appeal), the export of chosen rows,
 * and the search by the requester's full phone number (blind index, audited, never in the logs).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, createTestEnv, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, RESIDENT, type AppealWorld } from '../../test/appeal-world.js';

const log = captureLogs();
let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv({ logLevel: 'debug' }, { logStream: log.stream });
  w = await makeAppealWorld(env);
}, 120_000);
afterAll(() => env.close());

type Item = { id: string; number: string; version: number; status: string };
type Result = { id: string; ok: boolean; status: string | null; version: number | null; error: string | null; httpStatus: number | null; message: string | null };

async function register(s: Session, extra: Record<string, unknown> = {}): Promise<Item> {
  const res = await s.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(extra) });
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function bulkAccept(s: Session, items: { id: string; version: number }[], headers: Record<string, string> = {}) {
  return s.inject({ method: 'POST', url: '/api/appeals/bulk/accept', payload: { items }, headers });
}

async function detail(s: Session, id: string): Promise<Item> {
  return (await s.inject({ url: `/api/appeals/${id}` })).json();
}

describe('bulk accept', () => {
  it('accepts each appeal on its own and reports every refusal with its code', async () => {
    const a = await register(w.as.gridWorker);
    const b = await register(w.as.gridWorker);
    const already = await register(w.as.gridWorker);
    const acceptedOnce = (await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${already.id}/actions/accept`, payload: { version: already.version } })).json();
    const stale = await register(w.as.gridWorker);
    // Someone else changed it since the desk read it: its version moved on.
    await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${stale.id}/actions/note`, payload: { version: stale.version, note: '已电话联系诉求人' } });
    // Another township's appeal: outside the dispatcher's scope, so it does not exist for them.
    const outside = await register(w.as.admin, { placeCode: '360802001', location: undefined });

    const res = await bulkAccept(w.as.dispatcher, [a, b, { id: already.id, version: acceptedOnce.version }, stale, outside].map((x) => ({ id: x.id, version: x.version })));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { done: number; refused: number; results: Result[] };
    expect(body.done).toBe(2);
    expect(body.refused).toBe(3);
    expect(body.results.map((r) => r.id)).toEqual([a.id, b.id, already.id, stale.id, outside.id]);
    const [ra, rb, rAlready, rStale, rOutside] = body.results;
    expect(ra).toMatchObject({ ok: true, status: 'accepted', error: null });
    expect(rb).toMatchObject({ ok: true, status: 'accepted' });
    expect(rAlready).toMatchObject({ ok: false, error: 'appeal_not_acceptable', httpStatus: 409 });
    expect(rAlready.message).toContain('已受理');
    expect(rStale).toMatchObject({ ok: false, error: 'stale_version', httpStatus: 409 });
    expect(rOutside).toMatchObject({ ok: false, error: 'not_found', httpStatus: 404 });

    // Done ones are accepted, with their own timeline event; refused ones are untouched.
    expect((await detail(w.as.dispatcher, a.id)).status).toBe('accepted');
    expect((await detail(w.as.dispatcher, b.id)).status).toBe('accepted');
    const staleNow = await detail(w.as.dispatcher, stale.id);
    expect(staleNow.status).toBe('registered');
    expect(staleNow.version).toBe(stale.version + 1);
    expect((await detail(w.as.admin, outside.id)).status).toBe('registered');
    const audit = (await w.as.admin.inject({ url: '/api/audit?action=appeal.accept' })).json() as { items: { targetId: string }[] };
    expect(audit.items.map((e) => e.targetId)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(audit.items.map((e) => e.targetId)).not.toContain(stale.id);
  });

  it('answers refusals in English when asked', async () => {
    const a = await register(w.as.gridWorker);
    const res = await bulkAccept(w.as.dispatcher, [{ id: a.id, version: a.version + 5 }], { 'accept-language': 'en' });
    expect(res.json().results[0]).toMatchObject({ ok: false, error: 'stale_version' });
    expect(res.json().results[0].message).toMatch(/[a-z]/);
    expect(res.json().results[0].message).not.toMatch(/\p{Script=Han}/u);
  });

  it('refuses as a whole those who may not accept, and bad bodies', async () => {
    const a = await register(w.as.gridWorker);
    const res = await bulkAccept(w.as.handler, [{ id: a.id, version: a.version }]);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('forbidden');
    expect((await detail(w.as.dispatcher, a.id)).status).toBe('registered');
    expect((await bulkAccept(w.as.dispatcher, [])).statusCode).toBe(400);
    expect((await bulkAccept(w.as.dispatcher, [{ id: 'nope', version: 1 }])).statusCode).toBe(400);
    const many = Array.from({ length: 201 }, () => ({ id: a.id, version: a.version }));
    expect((await bulkAccept(w.as.dispatcher, many)).statusCode).toBe(400);
  });
});

describe('inbox rows', () => {
  it('carry the time limit and the deadline that runs now', async () => {
    const a = await register(w.as.gridWorker);
    const list = (await w.as.dispatcher.inject({ url: '/api/appeals?box=to_accept&pageSize=200' })).json() as { items: (Item & { timeLimit: unknown; deadline: { stage: string; at: string; state: string } | null })[] };
    const row = list.items.find((i) => i.id === a.id)!;
    // Registered by a grid worker on a visit: one working day to accept it.
    expect(row.timeLimit).toEqual({ stage: 'accept', amount: 1, unit: 'working_days' });
    expect(row.deadline).toMatchObject({ stage: 'accept', state: 'green' });
    expect(Date.parse(row.deadline!.at)).toBeGreaterThan(Date.now());

    let d = (await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/accept`, payload: { version: a.version } })).json();
    const accepted = (await w.as.dispatcher.inject({ url: `/api/appeals?box=to_dispatch&pageSize=200` })).json().items.find((i: Item) => i.id === a.id);
    // 0302 has no row of its own: the default handling limit, and no clock before dispatch.
    expect(accepted.timeLimit).toEqual({ stage: 'handling', amount: 7, unit: 'working_days' });
    expect(accepted.deadline).toBeNull();

    d = (await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/dispatch`, payload: { version: d.version, leadOrgId: w.orgs.urban } })).json();
    const dispatched = (await w.as.dispatcher.inject({ url: `/api/appeals/${a.id}` })).json();
    expect(dispatched.deadline).toEqual({ stage: 'handling', at: d.handlingDueAt, state: 'green' });
  });
});

describe('search by the requester’s phone', () => {
  const OTHER = { kind: 'resident', name: '刘德明', phone: '13979601234' };

  it('finds the requester’s appeals through the blind index, within scope, and audits the search with the number masked', async () => {
    const mine = await register(w.as.gridWorker, { requester: OTHER });
    const again = await register(w.as.gridWorker, { requester: { ...OTHER, phone: '139 7960 1234' } });
    const someoneElse = await register(w.as.gridWorker);
    const outside = await register(w.as.admin, { requester: OTHER, placeCode: '360802001', location: undefined });

    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/search', payload: { phone: OTHER.phone } });
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().items as Item[]).map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, again.id]));
    expect(ids).not.toContain(someoneElse.id);
    expect(ids).not.toContain(outside.id);
    expect(res.json().items[0].requesterPhone).toBe('139****1234');
    // With the other filters, as any filter.
    const withBox = (await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/search', payload: { phone: OTHER.phone, box: 'to_dispatch' } })).json();
    expect(withBox.total).toBe(0);
    // The admin, whose scope is everything, finds the other township's one too.
    const all = (await w.as.admin.inject({ method: 'POST', url: '/api/appeals/search', payload: { phone: `+86${OTHER.phone}` } })).json();
    expect((all.items as Item[]).map((i) => i.id)).toEqual(expect.arrayContaining([mine.id, again.id, outside.id]));

    const audit = (await w.as.admin.inject({ url: '/api/audit?action=appeal.search_by_phone' })).json() as { items: { actorId: string; details: Record<string, unknown>; at: string }[] };
    // The dispatcher's search (the admin's, newer, also found the other township's appeal).
    const entry = audit.items.find((e) => {
      const found = (e.details.appealIds as string[] | undefined) ?? [];
      return found.includes(mine.id) && !found.includes(outside.id);
    });
    expect(entry, JSON.stringify(audit.items)).toBeDefined();
    expect(entry!.details).toMatchObject({ by: 'phone', value: '139****1234', matches: 2 });
    // Who searched, and when.
    expect(entry!.actorId).toBeTruthy();
    expect(Date.parse(entry!.at)).toBeGreaterThan(Date.now() - 600_000);
    expect(JSON.stringify(audit.items)).not.toContain(OTHER.phone);
  });

  it('finds nothing for a number nobody gave, and still records the search', async () => {
    const before = (await w.as.admin.inject({ url: '/api/audit?action=appeal.search_by_phone' })).json().total;
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/search', payload: { phone: '13600000000' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ items: [], total: 0 });
    const after = (await w.as.admin.inject({ url: '/api/audit?action=appeal.search_by_phone' })).json();
    expect(after.total).toBe(before + 1);
    expect(after.items[0].details).toMatchObject({ value: '136****0000', matches: 0 });
  });

  it('refuses a part of a number or a wrong one with a clear 400, and records nothing', async () => {
    const before = (await w.as.admin.inject({ url: '/api/audit?action=appeal.search_by_phone' })).json().total;
    for (const bad of ['1397960', '23979601234', 'abc', '139796012345']) {
      const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/search', payload: { phone: bad } });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error).toBe('invalid_phone');
      expect(res.json().message).toContain('11 位手机号');
    }
    const en = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/search', payload: { phone: '1397960' }, headers: { 'accept-language': 'en' } });
    expect(en.json().message).toContain('11-digit mobile number');
    expect((await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/export', payload: { phone: '1397960' } })).statusCode).toBe(400);
    // A number in an address (a GET) is refused: addresses end up in proxies' access logs.
    for (const url of ['/api/appeals?phone=13600000000', '/api/appeals/export?phone=13600000000']) {
      const res = await w.as.dispatcher.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message).toContain('POST /api/appeals/search');
    }
    expect((await w.as.admin.inject({ url: '/api/audit?action=appeal.search_by_phone' })).json().total).toBe(before);
  });

  it('exports the chosen rows, or the phone’s appeals, with the contact masked and the export audited without the digits', async () => {
    const a = await register(w.as.gridWorker, { requester: { kind: 'resident', name: '陈小红', phone: '13870961111' } });
    const b = await register(w.as.gridWorker);
    await register(w.as.gridWorker);
    const res = await w.as.dispatcher.inject({ url: `/api/appeals/export?ids=${a.id},${b.id}` });
    expect(res.statusCode, res.body).toBe(200);
    const numbers = async (buf: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const out: string[][] = [];
      ws.eachRow((r, i) => i > 1 && out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
      return out;
    };
    const rows = await numbers(res.rawPayload);
    expect(rows.map((r) => r[0]).sort()).toEqual([a.number, b.number].sort());
    expect(JSON.stringify(rows)).toContain('138****1111');
    expect(JSON.stringify(rows)).not.toContain('13870961111');

    const byPhone = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/export', payload: { phone: '13870961111' } });
    expect((await numbers(byPhone.rawPayload)).map((r) => r[0])).toEqual([a.number]);
    const audit = (await w.as.admin.inject({ url: '/api/audit?action=appeal.export' })).json();
    expect(audit.items[0].details.filter).toMatchObject({ phone: '138****1111' });
    expect(audit.items[1].details.filter).toMatchObject({ ids: 2 });
    expect(JSON.stringify(audit.items)).not.toContain('13870961111');

    // Another township's dispatcher exports nothing of ours, even by id.
    const other = await w.as.otherDispatcher.inject({ url: `/api/appeals/export?ids=${a.id}` });
    expect(await numbers(other.rawPayload)).toEqual([]);
    expect((await w.as.dispatcher.inject({ url: '/api/appeals/export?ids=not-an-id' })).statusCode).toBe(400);
  });

  it('never writes the searched number to the logs', async () => {
    const phone = '13979605555';
    await register(w.as.gridWorker, { requester: { kind: 'resident', name: '周大伟', phone } });
    await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/search', payload: { phone } });
    await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/export', payload: { phone } });
    await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/search', payload: { phone: phone.slice(0, 7) } });
    const text = log.text();
    expect(text.length).toBeGreaterThan(0);
    // The requests were logged (their paths), the number never: not whole, not its digits run together.
    expect(text).toContain('/api/appeals/export');
    expect(text).not.toContain(phone);
    expect(text).not.toContain(phone.slice(0, 7));
    expect(text).not.toContain(RESIDENT.phone);
  });
});
