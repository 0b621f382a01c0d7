import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, idNumberFor, makeFixtureTree, makeHousehold, makeOrg, makeUser, signIn, login, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
const G1 = '360802004001001';
const G2 = '360802004001002';
const OTHER_VILLAGE = '360802004002001';
const ID_A = idNumberFor('360802', '1956-03-08', 123);
const ID_B = idNumberFor('360802', '1988-11-20', 246);
const PHONE_A = '13812345678';
const ID_C = idNumberFor('360802', '1972-05-14', 357);
const PHONE_C = '13698765432';

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

describe('household files: scope', () => {
  it('shows a grid worker only their grids’ households, community staff their village, a department none (cross-scope)', async () => {
    const a = await makeHousehold(env, { gridCode: G1, members: [{ name: '甲户主', relation: 'head' }] });
    const b = await makeHousehold(env, { gridCode: G2, members: [{ name: '乙户主', relation: 'head' }] });
    const c = await makeHousehold(env, { gridCode: OTHER_VILLAGE, members: [{ name: '丙户主', relation: 'head' }] });

    // A grid worker whose account covers the whole village but who is assigned to G1 only.
    const wg = await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004001', grid: G1 });
    const worker = await login(env.app, wg.username);
    const mine = (await worker.inject({ url: '/api/households?status=all' })).json();
    expect(mine.items.map((h: { id: string }) => h.id)).toEqual([a.id]);
    expect((await worker.inject({ url: `/api/households/${b.id}` })).statusCode).toBe(404);
    expect((await worker.inject({ url: `/api/households/${b.id}/timeline` })).statusCode).toBe(404);
    expect((await worker.inject({ url: `/api/households/${b.id}/history` })).statusCode).toBe(404);
    expect((await worker.inject({ url: `/api/people/${b.members[0].id}` })).statusCode).toBe(404);
    expect((await worker.inject({ method: 'PATCH', url: `/api/households/${b.id}`, payload: { version: 1, type: 'farming' } })).statusCode).toBe(404);
    expect((await worker.inject({ url: `/api/households/${a.id}` })).statusCode).toBe(200);

    const counts = (await worker.inject({ url: '/api/households/by-grid?within=360802004001' })).json();
    expect(counts).toEqual([{ gridCode: G1, households: 1, people: 1 }]);

    const { session: staff } = await signIn(env, ['community_staff'], '360802004001');
    const village = (await staff.inject({ url: '/api/households' })).json();
    expect(village.items.map((h: { id: string }) => h.id).sort()).toEqual([a.id, b.id].sort());
    expect((await staff.inject({ url: `/api/households/${c.id}` })).statusCode).toBe(404);

    const orgId = await makeOrg(env.database, { regionCode: '360802' });
    const { session: dept } = await signIn(env, ['handler'], '360802', { orgId });
    const denied = await dept.inject({ url: '/api/households' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toBe('forbidden');
    expect((await dept.inject({ url: `/api/households/${a.id}` })).statusCode).toBe(403);
    expect((await dept.inject({ method: 'POST', url: `/api/people/${a.members[0].id}/reveal`, payload: { field: 'idNumber', reason: '入户走访核实' } })).statusCode).toBe(403);
  });
});

describe('protected personal data', () => {
  it('masks ID numbers and phones, finds people by full values, stores nothing in clear, and audits a reveal', async () => {
    const h = await makeHousehold(env, { gridCode: G1, members: [{ name: '欧阳秀英', relation: 'head', idNumber: ID_A, phone: PHONE_A }] });
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    const detail = (await session.inject({ url: `/api/households/${h.id}` })).json();
    const member = detail.members[0];
    expect(member.idNumber).toBe(`360802********${ID_A.slice(-4)}`);
    expect(member.phone).toBe('138****5678');
    expect(member.birthDate).toBe('1956-03-08');
    expect(member.sex).toBe('male');

    for (const q of [ID_A, PHONE_A, '138 1234 5678', '欧阳秀']) {
      const found = (await session.inject({ method: 'POST', url: '/api/households/search', payload: { q } })).json();
      expect(found.items.map((x: { id: string }) => x.id)).toEqual([h.id]);
    }
    // A name may stay in the address (a bookmarked list); a number never travels there.
    expect((await session.inject({ url: `/api/households?q=${encodeURIComponent('欧阳秀')}` })).json().items.map((x: { id: string }) => x.id)).toEqual([h.id]);
    for (const url of [`/api/households?q=${ID_A}`, `/api/households?q=${encodeURIComponent('138 1234 5678')}`, `/api/households/export.xlsx?q=${PHONE_A}`]) {
      const refused = await session.inject({ url });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: 'bad_request', details: { field: 'q' } });
      expect(refused.json().message).toContain('POST /api/households/search');
    }
    expect((await session.inject({ method: 'POST', url: '/api/households/search', payload: { q: `${ID_A.slice(0, 17)}0` } })).json().total).toBe(0);

    // Nothing searchable in clear anywhere in the database.
    const dump = await env.database.query<{ t: string }>(
      `select row_to_json(p)::text as t from people p union all select row_to_json(c)::text from record_changes c union all select row_to_json(e)::text from household_events e union all select row_to_json(a)::text from audit_log a`,
    );
    const text = dump.map((r) => r.t).join('\n');
    expect(text).not.toContain(ID_A);
    expect(text).not.toContain(PHONE_A);

    const res = await session.inject({ method: 'POST', url: `/api/people/${member.id}/reveal`, payload: { field: 'idNumber', reason: '入户走访核实' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ field: 'idNumber', value: ID_A });
    expect(res.headers['cache-control']).toBe('no-store');
    const phone = (await session.inject({ method: 'POST', url: `/api/people/${member.id}/reveal`, payload: { field: 'phone', reason: '  其他：核对低保申请材料  ' } })).json();
    expect(phone.value).toBe(PHONE_A);
    const entries = await env.database.query<{ action: string; details: { field: string }; region_code: string }>(
      `select action, details, region_code from audit_log where action = 'person.reveal' and target_id = $1 order by id`,
      [member.id],
    );
    expect(entries.map((e) => e.details)).toEqual([
      { field: 'idNumber', reason: '入户走访核实' },
      { field: 'phone', reason: '其他：核对低保申请材料' },
    ]);
    expect(entries[0].region_code).toBe(G1);
    // The audit log (the page administrators read) shows the reason.
    const { session: admin } = await signIn(env, ['admin'], '');
    const log = (await admin.inject({ url: `/api/audit?action=person.reveal&targetId=${member.id}` })).json();
    expect(log.items.map((e: { details: { reason: string } }) => e.details.reason).sort()).toEqual(['入户走访核实', '其他：核对低保申请材料'].sort());

    // Leaders read the files but may not reveal.
    const { session: leader } = await signIn(env, ['leader'], '360802');
    expect((await leader.inject({ url: `/api/households/${h.id}` })).statusCode).toBe(200);
    expect((await leader.inject({ method: 'POST', url: `/api/people/${member.id}/reveal`, payload: { field: 'idNumber', reason: '入户走访核实' } })).statusCode).toBe(403);
  });

  it('refuses a reveal without a reason (400 in Chinese or English): nothing revealed, nothing audited', async () => {
    const h = await makeHousehold(env, { gridCode: G1, members: [{ name: '刘桂兰', relation: 'head', idNumber: ID_C, phone: PHONE_C }] });
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    const member = (await session.inject({ url: `/api/households/${h.id}` })).json().members[0];
    const url = `/api/people/${member.id}/reveal`;
    const cases: [Record<string, unknown>, string][] = [
      [{ field: 'idNumber' }, 'validation_failed'],
      [{ field: 'idNumber', reason: '' }, 'validation_failed'],
      [{ field: 'phone', reason: 'x'.repeat(201) }, 'validation_failed'],
      [{ field: 'phone', reason: '   ' }, 'reveal_reason_required'],
    ];
    for (const [payload, code] of cases) {
      const res = await session.inject({ method: 'POST', url, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toBe(code);
      expect(res.body).not.toContain(ID_C);
      expect(res.body).not.toContain(PHONE_C);
    }
    expect((await session.inject({ method: 'POST', url, payload: { field: 'idNumber' } })).json().message).toContain('reason');
    const en = await session.inject({ method: 'POST', url, payload: { field: 'phone', reason: ' ' }, headers: { 'accept-language': 'en' } });
    expect(en.json().message).toBe('Give a reason (1–200 characters) to reveal personal data; it is recorded in the audit log');
    const zh = await session.inject({ method: 'POST', url, payload: { field: 'phone', reason: ' ' } });
    expect(zh.json().message).toBe('查看完整个人信息须填写理由（1–200 字），理由记入审计日志');
    const entries = await env.database.query(`select id from audit_log where action = 'person.reveal' and target_id = $1`, [member.id]);
    expect(entries).toEqual([]);
  });

  it('rejects bad ID numbers and phones naming the field, in Chinese or English, and duplicate ID numbers', async () => {
    const h = await makeHousehold(env, { gridCode: G2 });
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    const wrongCheck = ID_B.slice(0, 17) + (ID_B[17] === '1' ? '2' : '1');
    const bad = await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: '张三', idNumber: wrongCheck } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_id_number', details: [{ field: 'body.idNumber' }] });
    expect(bad.json().message).toContain('校验码');
    const en = await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, headers: { 'accept-language': 'en' }, payload: { name: '张三', idNumber: '3608021980' } });
    expect(en.json().message).toBe('body.idNumber is not a valid ID number: must have 18 characters');
    const badPhone = await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: '张三', phone: '12345' } });
    expect(badPhone.json()).toMatchObject({ error: 'invalid_phone', details: [{ field: 'body.phone' }] });
    const mismatch = await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: '张三', idNumber: ID_B, birthDate: '1990-01-01' } });
    expect(mismatch.json()).toMatchObject({ error: 'id_number_mismatch', details: [{ field: 'body.birthDate' }] });

    const ok = await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: '张三', relation: 'head', idNumber: ID_B.toLowerCase(), phone: '0796-8221234' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ idNumber: `360802********${ID_B.slice(-4)}`, phone: '0796-***1234', sex: 'female', birthDate: '1988-11-20' });
    const dup = await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: '张三', idNumber: ID_B } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: 'duplicate', details: { personId: ok.json().id } });
    const secondHead = await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: '李四', relation: 'head' } });
    expect(secondHead.statusCode).toBe(409);
    // Nothing half-written: the refused members are not there.
    const after = (await session.inject({ url: `/api/households/${h.id}` })).json();
    expect(after.members.map((m: { name: string }) => m.name)).toEqual(['张三']);
    expect(after.memberCount).toBe(1);
    expect(after.headName).toBe('张三');
  });
});

describe('searching by ID number or phone', () => {
  it('audits each search by full ID number or phone, keeping the number masked; a name search is not audited', async () => {
    const ID_S = idNumberFor('360802', '1961-07-21', 433);
    const h = await makeHousehold(env, { gridCode: G1, members: [{ name: '检索对象', relation: 'head', idNumber: ID_S, phone: '13907968899' }] });
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    const searches = async () => env.database.query<{ action: string; actor_id: string; target_id: string | null; details: Record<string, unknown> }>(`select action, actor_id, target_id, details from audit_log where action = 'household.search' order by id`);
    const before = (await searches()).length;

    const search = (q: string) => session.inject({ method: 'POST', url: '/api/households/search', payload: { q } });
    const byId = (await search(ID_S)).json();
    expect(byId.items.map((x: { id: string }) => x.id)).toEqual([h.id]);
    const byPhone = (await search('139 0796 8899')).json();
    expect(byPhone.total).toBe(1);
    await session.inject({ url: `/api/households?q=${encodeURIComponent('检索')}` });
    const none = (await search(idNumberFor('360802', '1961-07-21', 999))).json();
    expect(none.total).toBe(0);

    const entries = (await searches()).slice(before);
    expect(entries.map((e) => [e.details.by, e.details.value, e.details.matches])).toEqual([
      ['id_number', `360802********${ID_S.slice(-4)}`, 1],
      ['phone', '139****8899', 1],
      ['id_number', expect.stringMatching(/^360802\*{8}\d{3}[\dX]$/), 0],
    ]);
    expect(entries[0]).toMatchObject({ target_id: h.id, details: { householdIds: [h.id] } });
    const all = JSON.stringify(entries);
    expect(all).not.toContain(ID_S);
    expect(all).not.toContain('13907968899');

    // The export of such a search says how it searched, masked as well.
    const exported = await session.inject({ method: 'POST', url: '/api/households/export.xlsx', payload: { q: ID_S } });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const [exp] = await env.database.query<{ details: Record<string, unknown> }>(`select details from audit_log where action = 'household.export' order by id desc limit 1`);
    expect(exp.details).toMatchObject({ search: true, searchBy: 'id_number', searchValue: `360802********${ID_S.slice(-4)}` });
    expect(JSON.stringify(exp.details)).not.toContain(ID_S);
  });
});

describe('ID numbers registered in another area', () => {
  it('answers "cannot be added here" on add, edit and concurrent adds, without saying that or where it exists', async () => {
    const ID_ELSEWHERE = idNumberFor('360802', '1972-04-15', 381);
    await makeHousehold(env, { gridCode: OTHER_VILLAGE, members: [{ name: '外辖区居民', relation: 'head', idNumber: ID_ELSEWHERE }] });
    const h = await makeHousehold(env, { gridCode: G1, members: [{ name: '本户成员', relation: 'head' }] });
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    for (const lang of ['zh-CN', 'en']) {
      const add = await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, headers: { 'accept-language': lang }, payload: { name: '新成员', idNumber: ID_ELSEWHERE } });
      expect(add.statusCode).toBe(409);
      expect(add.json().error).toBe('id_number_not_addable');
      expect(add.json().details).toBeUndefined();
      expect(add.json().message).toMatch(lang === 'en' ? /cannot be added here/ : /不能在此登记/);
      expect(add.body).not.toMatch(/已登记|registered|exists|其他辖区|another area|360802004002|外辖区/);
    }
    const edit = await session.inject({ method: 'PATCH', url: `/api/people/${h.members[0].id}`, payload: { version: 1, idNumber: ID_ELSEWHERE } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toEqual({ error: 'id_number_not_addable', message: expect.any(String) });

    // Two adds of one new number at once: one is saved, the other gets a clear 409 (never a 500).
    const ID_NEW = idNumberFor('360802', '1990-02-03', 517);
    const both = await Promise.all(
      [1, 2].map((i) => session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: `同号${i}`, idNumber: ID_NEW } })),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const after = (await session.inject({ url: `/api/households/${h.id}` })).json();
    expect(after.members.map((m: { name: string }) => m.name).filter((n: string) => n.startsWith('同号'))).toHaveLength(1);
    // When both pass the check before either commits, the unique index answers: the same 409, not a 500.
    const { idNumberTaken } = await import('./households.service.js');
    const { sql } = await import('drizzle-orm');
    const clash = await env.database.db
      .execute(sql`update people set id_number_bidx = (select id_number_bidx from people where name = '外辖区居民') where id = ${h.members[0].id}`)
      .then(() => null, (err: unknown) => err);
    expect(idNumberTaken(clash)?.code).toBe('id_number_not_addable');
  });
});

describe('versioned changes', () => {
  it('records who/what/why, shows personal fields masked, and reverts by a new change', async () => {
    const h = await makeHousehold(env, { gridCode: G1, type: 'ordinary' });
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    expect(h.visitIntervalDays).toBe(182);
    const upd = await session.inject({ method: 'PATCH', url: `/api/households/${h.id}`, payload: { version: 1, type: 'migrant', tags: ['dibao'], reason: '入户核实' } });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ type: 'migrant', tags: ['dibao'], version: 2, visitIntervalDays: 30 });
    const stale = await session.inject({ method: 'PATCH', url: `/api/households/${h.id}`, payload: { version: 1, type: 'farming' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe('stale_version');
    const badTag = await session.inject({ method: 'PATCH', url: `/api/households/${h.id}`, payload: { version: 2, tags: ['nope'] } });
    expect(badTag.json()).toMatchObject({ error: 'unknown_value', details: [{ field: 'body.tags' }] });

    const p = (await session.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: '王伟', relation: 'head', phone: '13900001111' } })).json();
    const pu = await session.inject({ method: 'PATCH', url: `/api/people/${p.id}`, payload: { version: 1, phone: '13900002222', reason: '换号' } });
    expect(pu.json().phone).toBe('139****2222');

    const history = (await session.inject({ url: `/api/households/${h.id}/history` })).json();
    const [phoneChange, memberCreate, typeChange] = history.items;
    expect(phoneChange).toMatchObject({ entityType: 'person', action: 'update', reason: '换号', changes: [{ field: 'phone', before: '139****1111', after: '139****2222' }] });
    expect(memberCreate.action).toBe('create');
    expect(typeChange).toMatchObject({ entityType: 'household', reason: '入户核实', version: 2 });
    expect(typeChange.changes).toEqual([
      { field: 'type', before: 'ordinary', after: 'migrant' },
      { field: 'tags', before: [], after: ['dibao'] },
    ]);
    expect(typeChange.actorName).toBeTruthy();

    // Revert the phone change: the old number comes back, as a new change.
    const rv = await session.inject({ method: 'POST', url: `/api/changes/${phoneChange.id}/revert`, payload: { reason: '录入错误' } });
    expect(rv.statusCode).toBe(200);
    expect(rv.json()).toMatchObject({ action: 'revert', revertOf: phoneChange.id, changes: [{ field: 'phone', before: '139****2222', after: '139****1111' }] });
    const revealed = (await session.inject({ method: 'POST', url: `/api/people/${p.id}/reveal`, payload: { field: 'phone', reason: '诉求办理联系' } })).json();
    expect(revealed.value).toBe('13900001111');

    // Revert the type change after the type changed again: refused, naming the field.
    await session.inject({ method: 'PATCH', url: `/api/households/${h.id}`, payload: { version: 2, type: 'farming' } });
    const conflicted = await session.inject({ method: 'POST', url: `/api/changes/${typeChange.id}/revert`, payload: { reason: '撤销' } });
    expect(conflicted.statusCode).toBe(409);
    expect(conflicted.json()).toMatchObject({ error: 'revert_conflict', details: { fields: ['type'] } });
    const creation = await session.inject({ method: 'POST', url: `/api/changes/${memberCreate.id}/revert`, payload: { reason: 'x' } });
    expect(creation.statusCode).toBe(409);

    const timeline = (await session.inject({ url: `/api/households/${h.id}/timeline` })).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual(['file.changed', 'member.reverted', 'member.changed', 'member.joined', 'file.changed', 'file.created']);

    // Another scope cannot revert it.
    const { session: outsider } = await signIn(env, ['community_staff'], '360802004002');
    expect((await outsider.inject({ method: 'POST', url: `/api/changes/${phoneChange.id}/revert`, payload: { reason: 'x' } })).statusCode).toBe(404);
  });

  it('moves a person between households keeping the history, and archives a file', async () => {
    const from = await makeHousehold(env, { gridCode: G1, members: [{ name: '赵敏', relation: 'head' }, { name: '赵小明', relation: 'child' }] });
    const to = await makeHousehold(env, { gridCode: G2 });
    const { session } = await signIn(env, ['community_staff'], '360802004001');
    const child = from.members[1];
    const moved = await session.inject({ method: 'POST', url: `/api/people/${child.id}/move`, payload: { version: child.version, householdId: to.id, relation: 'head', reason: '分户' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ householdId: to.id, relation: 'head', gridCode: G2 });
    const person = (await session.inject({ url: `/api/people/${child.id}` })).json();
    expect(person.residences.map((r: { householdId: string; leftAt: string | null }) => [r.householdId, r.leftAt === null])).toEqual([
      [from.id, false],
      [to.id, true],
    ]);
    expect((await session.inject({ url: `/api/households/${from.id}` })).json().memberCount).toBe(1);
    expect((await session.inject({ url: `/api/households/${to.id}` })).json().headName).toBe('赵小明');
    const tl = (await session.inject({ url: `/api/households/${from.id}/timeline` })).json();
    expect(tl.items[0]).toMatchObject({ kind: 'member.left', summary: '成员迁出：赵小明' });

    // Revert the move: back to the first household.
    const hist = (await session.inject({ url: `/api/people/${child.id}/history` })).json();
    expect(hist.items[0].action).toBe('move');
    const rv = await session.inject({ method: 'POST', url: `/api/changes/${hist.items[0].id}/revert`, payload: { reason: '误操作' } });
    expect(rv.statusCode).toBe(200);
    expect((await session.inject({ url: `/api/people/${child.id}` })).json()).toMatchObject({ householdId: from.id, relation: 'child' });

    const arch = await session.inject({ method: 'PATCH', url: `/api/households/${to.id}`, payload: { version: 1, status: 'archived', reason: '拆迁' } });
    expect(arch.json().status).toBe('archived');
    expect((await session.inject({ url: `/api/households?gridCode=${G2}` })).json().items.find((x: { id: string }) => x.id === to.id)).toBeUndefined();
    const editArchived = await session.inject({ method: 'PATCH', url: `/api/households/${to.id}`, payload: { version: 2, type: 'farming' } });
    expect(editArchived.statusCode).toBe(409);
  });
});

describe('configuration', () => {
  it('derives visit frequency from rules an admin can replace', async () => {
    const h = await makeHousehold(env, { gridCode: G1, tags: ['elderly_alone'] });
    expect(h.visitIntervalDays).toBe(14);
    const { session: admin } = await signIn(env, ['admin'], '');
    const rules = [{ householdType: null, tagCode: null, riskLevel: null, intervalDays: 90, note: '季度' }, { householdType: null, tagCode: 'elderly_alone', riskLevel: null, intervalDays: 7, note: null }];
    expect((await admin.inject({ method: 'PUT', url: '/api/visit-rules', payload: { rules } })).statusCode).toBe(200);
    expect((await admin.inject({ url: `/api/households/${h.id}` })).json().visitIntervalDays).toBe(7);
    const { session: staff } = await signIn(env, ['community_staff'], '360802004001');
    expect((await staff.inject({ method: 'PUT', url: '/api/visit-rules', payload: { rules } })).statusCode).toBe(403);
    const tags = (await staff.inject({ url: '/api/household-tags' })).json();
    expect(tags.map((t: { name: string }) => t.name)).toContain('留守儿童');
    expect((await admin.inject({ method: 'PUT', url: '/api/household-tags/returnee', payload: { name: '返乡人员', nameEn: 'returnee', vulnerable: false, active: true, sort: 50 } })).statusCode).toBe(200);
  });
});
