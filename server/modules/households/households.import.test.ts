import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createVault } from '../../platform/crypto.js';
import { checkPerson, sealPerson } from './people.fields.js';
import { createTestEnv, idNumberFor, makeFixtureTree, makeHousehold, makeUser, login, multipartForm, signIn, type Session, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
const G = '360802004002001';
const G2 = '360802004002002';
const HEAD = ['网格代码*', '小区', '楼栋', '单元', '楼层', '房号', '村民小组', '门牌号', '户类型', '户标签', '风险等级', '矛盾风险', '姓名*', '与户主关系*', '身份证号', '联系电话', '出生日期', '性别'];
const id = (n: number, birth = '1970-05-06') => idNumberFor('360802', birth, n);

async function xlsx(rows: (string | number)[][], header = HEAD): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('户籍台账');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0].eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return out;
}

const row = (o: Partial<Record<string, string>>) => HEAD.map((h) => o[h.replace('*', '')] ?? '');

async function upload(s: Session, data: Buffer, mode: string, name = '台账.xlsx') {
  const form = multipartForm({ mode }, { name, data });
  return s.inject({ method: 'POST', url: '/api/households/imports', ...form });
}

async function finished(s: Session, jobId: string) {
  // Generous: a loaded machine (the whole suite on two cores) can take many seconds per import.
  for (let i = 0; i < 1200; i++) {
    const j = (await s.inject({ url: `/api/households/imports/${jobId}` })).json();
    if (['done', 'rejected', 'failed'].includes(j.status)) return j;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

const count = async (sql: string, params: unknown[] = []) => Number((await env.database.query<{ n: string }>(sql, params))[0].n);

beforeAll(async () => {
  env = await createTestEnv({ importMaxBytes: 200_000, importMaxUnpackedBytes: 8 * 1024 * 1024 });
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

// Two valid households (one urban, one rural) and three bad rows.
const ROWS = [
  row({ 网格代码: G, 小区: '阳明花园', 楼栋: '3栋', 单元: '2', 楼层: '5', 房号: '502', 户类型: '务工户', 户标签: '低保、残疾', 姓名: '罗建华', 与户主关系: '户主', 身份证号: id(11), 联系电话: '13907961111' }),
  row({ 网格代码: G, 小区: '阳明花园', 楼栋: '3栋', 单元: '2', 房号: '502', 姓名: '罗小红', 与户主关系: '子女', 出生日期: '2012-09-01', 性别: '女' }),
  row({ 网格代码: G2, 村民小组: '第三村民小组', 门牌号: '18', 户类型: '农耕户', 姓名: '肖春生', 与户主关系: '户主', 身份证号: id(12, '1948-02-02') }),
  row({ 网格代码: G, 楼栋: '4栋', 房号: '101', 姓名: '错号码', 与户主关系: '户主', 身份证号: id(13).slice(0, 17) + (id(13).endsWith('1') ? '2' : '1') }),
  row({ 网格代码: G, 楼栋: '4栋', 房号: '102', 姓名: '错电话', 与户主关系: '户主', 联系电话: '1234' }),
  row({ 网格代码: '360902001001001', 村民小组: '一组', 门牌号: '1', 姓名: '外辖区', 与户主关系: '户主' }),
  row({ 网格代码: G2, 村民小组: '第三村民小组', 门牌号: '18', 姓名: '肖冬梅', 与户主关系: '户主' }),
];

describe('reading spreadsheets', () => {
  it('keeps Chinese text intact in large streamed files (characters split across chunks)', async () => {
    const { PassThrough } = await import('node:stream');
    const { readRows } = await import('./households.import.js');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => out.on('end', r));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const ws = wb.addWorksheet('户籍台账');
    ws.addRow(HEAD).commit();
    for (let i = 0; i < 6000; i++) ws.addRow(row({ 网格代码: G, 村民小组: '第三村民小组', 门牌号: String(i), 姓名: '欧阳秀英', 与户主关系: '户主' })).commit();
    ws.commit();
    await wb.commit();
    await ended;
    let n = 0;
    for await (const r of readRows(Buffer.concat(chunks))) {
      expect([r.values.name, r.values.relation, r.values.villageGroup]).toEqual(['欧阳秀英', '户主', '第三村民小组']);
      n++;
    }
    expect(n).toBe(6000);
  });
});

describe('reading spreadsheets reliably', () => {
  it('reads every entry of the archive however slowly the disk writes (the flaky import)', async () => {
    // exceljs's streaming reader copies a worksheet stored before the shared strings to a temporary
    // file; while that copy was being written, unzipper finished the archive and the reader stopped
    // early, skipping xl/workbook.xml and the shared strings. A slow disk made that certain.
    const { readRows } = await import('./households.import.js');
    const real = fs.createWriteStream;
    const spy = vi.spyOn(fs, 'createWriteStream').mockImplementation(((path: fs.PathLike, opts?: unknown) => {
      const target = real(path, opts as Parameters<typeof real>[1]);
      return new Writable({
        write(chunk, enc, cb) {
          setTimeout(() => target.write(chunk, enc, cb), 200);
        },
        final(cb) {
          target.end(cb);
        },
      });
    }) as typeof fs.createWriteStream);
    try {
      const file = await xlsx([ROWS[0], ROWS[2]]);
      const names: string[] = [];
      for await (const r of readRows(file)) names.push(r.values.name);
      expect(names).toEqual(['罗建华', '肖春生']);
    } finally {
      spy.mockRestore();
    }
  });
});

/** A zip archive with one entry per item, each stored with the sizes given (which may lie). */
function zipOf(items: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const it of items) {
    const packed = deflateRawSync(it.data);
    const name = Buffer.from(it.name);
    const size = it.declaredSize ?? it.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(packed.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(packed.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, packed);
    central.push(ch, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A real roster whose worksheet is padded with a long run of spaces (compresses ~1000:1). */
async function bomb(padBytes: number, lie = false): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(await xlsx([ROWS[0]]));
  const items: { name: string; data: Buffer; declaredSize?: number }[] = [];
  for (const name of Object.keys(zip.files)) {
    if (zip.files[name].dir) continue;
    let data = await zip.files[name].async('nodebuffer');
    if (name === 'xl/worksheets/sheet1.xml') data = Buffer.concat([data.subarray(0, data.length - 12), Buffer.alloc(padBytes, ' '), data.subarray(data.length - 12)]);
    items.push({ name, data, declaredSize: lie && name === 'xl/worksheets/sheet1.xml' ? 1000 : undefined });
  }
  return zipOf(items);
}

describe('roster import', () => {
  it('offers a template with Chinese headers', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const res = await session.inject({ url: '/api/households/import-template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(HEAD);
  });

  it('all-or-nothing: reports every bad row by row, column and reason and imports nothing', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const res = await upload(session, await xlsx(ROWS), 'all_or_nothing');
    expect(res.statusCode, res.body).toBe(202);
    const job = await finished(session, res.json().id);
    expect(job).toMatchObject({ status: 'rejected', errorRows: 4, householdsCreated: 0 });
    const errors = (await session.inject({ url: `/api/households/imports/${job.id}/errors` })).json();
    expect(errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [5, '身份证号'],
      [6, '联系电话'],
      [7, '网格代码'],
      [8, '与户主关系'],
    ]);
    expect(errors[0].reason).toContain('校验码');
    expect(errors[3].reason).toBe('同一户只能有一名户主');
    const report = await session.inject({ url: `/api/households/imports/${job.id}/errors.xlsx` });
    expect(report.statusCode).toBe(200);
    const sheet = await readXlsx(report.rawPayload);
    expect(sheet[0]).toEqual(['行号', '列', '原因', 'Reason']);
    expect(sheet[1].slice(0, 2)).toEqual(['5', '身份证号']);
    expect(await count(`select count(*) as n from households where grid_code in ($1, $2)`, [G, G2])).toBe(0);
    expect(await count(`select count(*) as n from people where grid_code in ($1, $2)`, [G, G2])).toBe(0);
  });

  it('only-valid-rows: imports the valid rows; importing the same file again duplicates nothing', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const file = await xlsx(ROWS);
    const job = await finished(session, (await upload(session, file, 'valid_rows')).json().id);
    expect(job).toMatchObject({ status: 'done', errorRows: 4, householdsCreated: 2, peopleCreated: 3, total: 2, done: 2 });
    const urban = (await session.inject({ url: `/api/households?q=${encodeURIComponent('罗建华')}` })).json().items[0];
    expect(urban).toMatchObject({ address: '阳明花园3栋2单元502室', type: 'migrant', tags: ['dibao', 'disability'], memberCount: 2, headName: '罗建华', visitIntervalDays: 30 });
    const detail = (await session.inject({ url: `/api/households/${urban.id}` })).json();
    expect(detail.members.map((m: { name: string; idNumber: string | null }) => [m.name, m.idNumber])).toEqual([
      ['罗建华', `360802********${id(11).slice(-4)}`],
      ['罗小红', null],
    ]);
    const buildings = (await session.inject({ url: `/api/buildings?gridCode=${G}` })).json();
    expect(buildings.items.map((b: { name: string; compoundName: string }) => [b.compoundName, b.name])).toEqual([['阳明花园', '3栋']]);

    // Re-importing the unchanged file (either mode) changes nothing: no change records, no timeline events, no versions.
    const trail = async () => ({
      changes: await count(`select count(*) as n from record_changes`),
      events: await count(`select count(*) as n from household_events`),
      versions: await count(`select coalesce(sum(version), 0) as n from people where grid_code in ($1, $2)`, [G, G2]),
      householdVersions: await count(`select coalesce(sum(version), 0) as n from households where grid_code in ($1, $2)`, [G, G2]),
    });
    const before = await trail();
    const again = await finished(session, (await upload(session, file, 'valid_rows')).json().id);
    expect(again).toMatchObject({ status: 'done', householdsCreated: 0, householdsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, unchanged: 3 });
    const whole = await finished(session, (await upload(session, await xlsx(ROWS.slice(0, 3)), 'all_or_nothing')).json().id);
    expect(whole).toMatchObject({ status: 'done', householdsCreated: 0, householdsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, unchanged: 3 });
    expect(await trail()).toEqual(before);
    expect(await count(`select count(*) as n from households where grid_code in ($1, $2)`, [G, G2])).toBe(2);
    expect(await count(`select count(*) as n from people where grid_code in ($1, $2)`, [G, G2])).toBe(3);

    // A corrected file changes what differs, as versioned changes tied to the import.
    const fixed = ROWS.slice(0, 3).map((r) => [...r]);
    fixed[0][HEAD.indexOf('联系电话')] = '13907962222';
    fixed[2][HEAD.indexOf('户标签')] = '空巢';
    // The child had no ID number; the file now gives one: the same person gets it, nobody is added.
    fixed[1][HEAD.indexOf('身份证号')] = id(22, '2012-09-01');
    const third = await finished(session, (await upload(session, await xlsx(fixed), 'all_or_nothing')).json().id);
    expect(third, `the import's own account: ${third.message}`).toMatchObject({ status: 'done', householdsUpdated: 1, peopleUpdated: 2, peopleCreated: 0, unchanged: 1 });
    expect(await count(`select count(*) as n from people where grid_code in ($1, $2)`, [G, G2])).toBe(3);
    const history = (await session.inject({ url: `/api/households/${urban.id}/history` })).json();
    expect(history.items[0]).toMatchObject({ importJobId: third.id, changes: [{ field: 'phone', before: '139****1111', after: '139****2222' }] });
    // Exactly the three changes, each with only the field that changed; the unchanged person has none.
    const recorded = await env.database.query<{ entity_type: string; fields: string }>(
      `select entity_type, (select string_agg(c->>'field', ',') from jsonb_array_elements(changes) c) as fields from record_changes where import_job_id = $1 order by entity_type, fields`,
      [third.id],
    );
    expect(recorded).toEqual([
      { entity_type: 'household', fields: 'tags' },
      { entity_type: 'person', fields: 'idNumber' },
      { entity_type: 'person', fields: 'phone' },
    ]);

    // One field changed for a person registered by ID number with nothing else different: that change alone.
    const one = fixed.map((r) => [...r]);
    one[2][HEAD.indexOf('姓名*')] = '肖春来';
    const fourth = await finished(session, (await upload(session, await xlsx(one), 'all_or_nothing')).json().id);
    expect(fourth).toMatchObject({ status: 'done', householdsUpdated: 0, peopleUpdated: 1, peopleCreated: 0, unchanged: 2 });
    expect(
      await env.database.query(`select entity_type, changes->0->>'field' as field, changes->0->>'after' as after, jsonb_array_length(changes) as n from record_changes where import_job_id = $1`, [fourth.id]),
    ).toEqual([{ entity_type: 'person', field: 'name', after: '肖春来', n: 1 }]);
  });

  it('finds repeated ID numbers and the rows of one address wherever they stand in the file, and keeps nothing of the file after', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const rows = [
      row({ 网格代码: G, 村民小组: '第七村民小组', 门牌号: '7', 户类型: '农耕户', 姓名: '甘甲', 与户主关系: '户主', 身份证号: id(31) }),
      row({ 网格代码: G, 楼栋: '9栋', 房号: '901', 姓名: '甘乙', 与户主关系: '户主', 身份证号: id(31) }),
      row({ 网格代码: G, 村民小组: '第七村民小组', 门牌号: '8', 姓名: '甘丙', 与户主关系: '户主' }),
      row({ 网格代码: G, 村民小组: '第七村民小组', 门牌号: '7', 户类型: '务工户', 姓名: '甘丁', 与户主关系: '子女' }),
      row({ 网格代码: G, 村民小组: '第七村民小组', 门牌号: '7', 姓名: '甘戊', 与户主关系: '配偶' }),
    ];
    const job = await finished(session, (await upload(session, await xlsx(rows), 'valid_rows')).json().id);
    expect(job).toMatchObject({ status: 'done', errorRows: 2, householdsCreated: 2, peopleCreated: 3 });
    const errors = (await session.inject({ url: `/api/households/imports/${job.id}/errors` })).json();
    expect(errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, '身份证号'],
      [5, '户类型'],
    ]);
    expect(errors[0]).toMatchObject({ reason: '与第 2 行的身份证号重复', reasonEn: 'same ID number as row 2' });
    const seven = (await session.inject({ url: `/api/households?q=${encodeURIComponent('甘甲')}` })).json().items[0];
    expect(seven).toMatchObject({ type: 'farming', memberCount: 2 });
    expect(await count(`select count(*) as n from import_job_rows`)).toBe(0);
  });

  it('refuses wrong headers, empty sheets, other file types and files over the limit, before any job starts', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const wrong = await upload(session, await xlsx([row({ 网格代码: G })], ['网格', '名字']), 'all_or_nothing');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'import_bad_file', details: { missing: ['网格代码', '姓名', '与户主关系'], unknown: ['网格', '名字'] } });
    const empty = await upload(session, await xlsx([]), 'all_or_nothing');
    expect(empty.json()).toMatchObject({ error: 'import_bad_file' });
    expect(empty.json().message).toContain('没有数据行');
    const csv = await upload(session, Buffer.from('网格代码,姓名\n'), 'all_or_nothing', 'roster.csv');
    expect(csv.statusCode).toBe(415);
    const fake = await upload(session, Buffer.from('not a zip file at all'), 'all_or_nothing', 'roster.xlsx');
    expect(fake.statusCode).toBe(415);
    const huge = await upload(session, Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(300_000)]), 'all_or_nothing');
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toBe('payload_too_large');
    // Bounded by what the file unpacks to, not only by its size.
    const expands = await upload(session, await bomb(10 * 1024 * 1024), 'all_or_nothing');
    expect(expands.statusCode, expands.body).toBe(413);
    expect(expands.json().error).toBe('archive_too_large');
    const lies = await upload(session, await bomb(2 * 1024 * 1024, true), 'all_or_nothing');
    expect(lies.statusCode, lies.body).toBe(413);
    expect(lies.json().error).toBe('archive_too_large');
    const ratio = await upload(session, await bomb(4 * 1024 * 1024), 'all_or_nothing');
    expect(ratio.statusCode, ratio.body).toBe(413);
    expect(ratio.json()).toMatchObject({ error: 'archive_too_large', details: { limit: 200 } });
    const badMode = await upload(session, await xlsx(ROWS), 'sometimes');
    expect(badMode.json()).toMatchObject({ error: 'unknown_value', details: [{ field: 'body.mode' }] });
    const noFile = await session.inject({ method: 'POST', url: '/api/households/imports', ...multipartForm({ mode: 'valid_rows' }) });
    expect(noFile.json()).toMatchObject({ error: 'required', details: [{ field: 'body.file' }] });
    const { session: leader } = await signIn(env, ['leader'], '360802');
    expect((await upload(leader, await xlsx(ROWS), 'valid_rows')).statusCode).toBe(403);
  });

  it('refuses an ID number registered in another area with "cannot be added here", never saying where', async () => {
    const elsewhere = id(77, '1966-06-06');
    await makeHousehold(env, { gridCode: '360802004001001', members: [{ name: '别处居民', relation: 'head', idNumber: elsewhere }] });
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const rows = [row({ 网格代码: G2, 村民小组: '第九村民小组', 门牌号: '9', 姓名: '新登记', 与户主关系: '户主', 身份证号: elsewhere })];
    const job = await finished(session, (await upload(session, await xlsx(rows), 'valid_rows')).json().id);
    expect(job).toMatchObject({ status: 'done', errorRows: 1, householdsCreated: 0 });
    const errors = (await session.inject({ url: `/api/households/imports/${job.id}/errors` })).json();
    expect(errors).toEqual([{ row: 2, column: '身份证号', reason: expect.stringContaining('不能在此登记'), reasonEn: expect.stringContaining('cannot be added here') }]);
    expect(JSON.stringify(errors)).not.toMatch(/其他辖区|another area|registered|360802004001/);
  });

  it('all-or-nothing: a household failing its checks after others were written leaves nothing behind, and every error is reported', async () => {
    // Rows that pass their own checks are checked and written in one pass; the failing household comes
    // last (village addresses sort after buildings), after the first chunks of households are written.
    const elsewhere = id(78, '1967-07-07');
    await makeHousehold(env, { gridCode: '360802004001001', members: [{ name: '别处居民二', relation: 'head', idNumber: elsewhere }] });
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const many = Array.from({ length: 600 }, (_, i) => row({ 网格代码: G, 小区: '回滚小区', 楼栋: `${1 + Math.floor(i / 100)}栋`, 房号: String(101 + (i % 100)), 姓名: `住户${i}`, 与户主关系: '户主' }));
    const rows = [...many, row({ 网格代码: G2, 村民小组: '第十村民小组', 门牌号: '10', 姓名: '新登记二', 与户主关系: '户主', 身份证号: elsewhere })];
    const job = await finished(session, (await upload(session, await xlsx(rows), 'all_or_nothing')).json().id);
    expect(job).toMatchObject({ status: 'rejected', errorRows: 1, householdsCreated: 0, peopleCreated: 0 });
    const errors = (await session.inject({ url: `/api/households/imports/${job.id}/errors` })).json();
    expect(errors).toEqual([{ row: 602, column: '身份证号', reason: expect.stringContaining('不能在此登记'), reasonEn: expect.stringContaining('cannot be added here') }]);
    expect(await count(`select count(*) as n from people where name like '住户%'`)).toBe(0);
    expect(await count(`select count(*) as n from compounds where name = '回滚小区'`)).toBe(0);
    expect(await count(`select count(*) as n from record_changes where import_job_id = $1`, [job.id])).toBe(0);
    // The same rows without the failing one go in, all of them.
    const ok = await finished(session, (await upload(session, await xlsx(many), 'all_or_nothing')).json().id);
    expect(ok).toMatchObject({ status: 'done', errorRows: 0, householdsCreated: 600, peopleCreated: 600, total: 600, done: 600 });
    expect(await count(`select count(*) as n from people where name like '住户%'`)).toBe(600);
  });

  it('lets a grid worker import only into their own grids, and shows a job only to its owner (cross-scope)', async () => {
    const wg = await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004002', grid: G2 });
    const worker = await login(env.app, wg.username);
    const rows = [row({ 网格代码: G2, 村民小组: '第五村民小组', 门牌号: '3', 姓名: '彭桂英', 与户主关系: '户主' }), row({ 网格代码: G, 楼栋: '8栋', 房号: '801', 姓名: '邓超', 与户主关系: '户主' })];
    const job = await finished(worker, (await upload(worker, await xlsx(rows), 'valid_rows')).json().id);
    expect(job).toMatchObject({ status: 'done', householdsCreated: 1, errorRows: 1 });
    const { session: other } = await signIn(env, ['community_staff'], '360802004002');
    expect((await other.inject({ url: `/api/households/imports/${job.id}` })).statusCode).toBe(404);
  });
});

describe('sealing a row for a person already registered', () => {
  const pii = createVault('a'.repeat(64));
  const values = (phone: string) => checkPerson({ name: '罗建华', relation: 'head', idNumber: idNumberFor('360802', '1970-01-01', 7), phone, birthDate: null, sex: null }).values!;
  it('keeps the stored ciphertexts of what is the same (a re-import encrypts nothing) and encrypts what differs', () => {
    const stored = sealPerson(pii, values('13907961111'));
    const same = sealPerson(pii, values('13907961111'), { stored });
    expect([same.idNumberEnc, same.phoneEnc]).toEqual([stored.idNumberEnc, stored.phoneEnc]);
    // Without the stored person, every value is encrypted afresh (a new random IV: a different box).
    const fresh = sealPerson(pii, values('13907961111'));
    expect(fresh.idNumberEnc).not.toBe(stored.idNumberEnc);
    expect(pii.decrypt(fresh.idNumberEnc!)).toBe(pii.decrypt(stored.idNumberEnc!));
    // A new phone is sealed anew; the ID number's box is kept.
    const moved = sealPerson(pii, values('13907962222'), { stored });
    expect(moved.idNumberEnc).toBe(stored.idNumberEnc);
    expect(moved.phoneEnc).not.toBe(stored.phoneEnc);
    expect(pii.decrypt(moved.phoneEnc!)).toBe('13907962222');
    // Another person's boxes are never taken: the blind indexes differ.
    const other = sealPerson(pii, { ...values('13907961111'), idNumber: idNumberFor('360802', '1970-01-01', 8) }, { stored });
    expect(other.idNumberEnc).not.toBe(stored.idNumberEnc);
    expect(pii.decrypt(other.idNumberEnc!)).toBe(idNumberFor('360802', '1970-01-01', 8));
  });
  it('seals a landline anew even when its digits match: its written form is decided by the row', () => {
    const stored = sealPerson(pii, values('0796-8221234'));
    const again = sealPerson(pii, values('0796-8221234'), { stored });
    expect(again.phoneBidx).toBe(stored.phoneBidx);
    expect(again.phoneEnc).not.toBe(stored.phoneEnc);
    expect(pii.decrypt(again.phoneEnc!)).toBe('0796-8221234');
  });
});

describe('roster export', () => {
  it('exports the scope masked by default; a full export needs the reveal permission and is audited', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const res = await session.inject({ url: `/api/households/export.xlsx?gridCode=${G}` });
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    // The grid's name stands beside its code (the import passes over it).
    expect(rows[0].slice(0, 4)).toEqual(['网格代码', '网格名称', '小区', '楼栋']);
    const luo = rows.find((r) => r[13] === '罗建华')!;
    expect(luo[0]).toBe(G);
    expect(luo[1]).toMatch(/网格/);
    expect(luo[15]).toBe(`360802********${id(11).slice(-4)}`);
    expect(luo[16]).toBe('139****2222');
    expect(luo[10]).toBe('低保、残疾');
    const { session: leader } = await signIn(env, ['leader'], '360802');
    expect((await leader.inject({ url: '/api/households/export.xlsx?unmasked=true' })).statusCode).toBe(403);
    expect((await leader.inject({ url: '/api/households/export.xlsx' })).statusCode).toBe(200);
    // A full export reveals every number: without a reason it is refused and not recorded.
    const noReason = await session.inject({ url: `/api/households/export.xlsx?gridCode=${G}&unmasked=true` });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toBe('reveal_reason_required');
    const full = await session.inject({ url: `/api/households/export.xlsx?gridCode=${G}&unmasked=true&reason=${encodeURIComponent('年度台账核对')}` });
    expect(full.statusCode).toBe(200);
    const clear = (await readXlsx(full.rawPayload)).find((r) => r[13] === '罗建华')!;
    expect(clear[15]).toBe(id(11));
    const audits = await env.database.query<{ details: { unmasked: boolean; reason?: string } }>(`select details from audit_log where action = 'household.export' order by id`);
    expect(audits.map((a) => [a.details.unmasked, a.details.reason ?? null])).toEqual([
      [false, null],
      [false, null],
      [true, '年度台账核对'],
    ]);
    // Re-importing a full export changes nothing.
    const job = await finished(session, (await upload(session, full.rawPayload, 'all_or_nothing', 'export.xlsx')).json().id);
    expect(job).toMatchObject({ status: 'done', householdsCreated: 0, householdsUpdated: 0, peopleCreated: 0, peopleUpdated: 0 });
  });
});
