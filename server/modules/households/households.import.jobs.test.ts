/**
 * The household import as a queued job: the upload is stored with the job, any instance running
 * jobs runs it, a failed or interrupted import is run again from the stored file without creating
 * anything twice, and the file is deleted when the import ends.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, idNumberFor, makeFixtureTree, multipartForm, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { waitFor } from '../../test/gateway.js';

const G = '360802004002001';
const HEAD = ['网格代码*', '小区', '楼栋', '单元', '楼层', '房号', '村民小组', '门牌号', '户类型', '户标签', '风险等级', '矛盾风险', '姓名*', '与户主关系*', '身份证号', '联系电话', '出生日期', '性别'];
const row = (o: Partial<Record<string, string>>) => HEAD.map((h) => o[h.replace('*', '')] ?? '');

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('户籍台账');
  ws.addRow(HEAD);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Two households (three people) in a building named `building`, and with `bad` one row in error. */
const roster = (building: string, n: number, bad = true) =>
  xlsx([
    row({ 网格代码: G, 小区: '重试花园', 楼栋: building, 房号: '101', 姓名: '甘建国', 与户主关系: '户主', 身份证号: idNumberFor('360802', '1966-03-04', n) }),
    row({ 网格代码: G, 小区: '重试花园', 楼栋: building, 房号: '101', 姓名: '甘小米', 与户主关系: '子女', 出生日期: '2010-01-02', 性别: '女' }),
    row({ 网格代码: G, 小区: '重试花园', 楼栋: building, 房号: '102', 姓名: '彭秋香', 与户主关系: '户主', 身份证号: idNumberFor('360802', '1971-07-08', n + 1) }),
    ...(bad ? [row({ 网格代码: G, 小区: '重试花园', 楼栋: building, 房号: '103', 姓名: '错电话', 与户主关系: '户主', 联系电话: '1234' })] : []),
  ]);

async function upload(s: Session, data: Buffer, mode: string) {
  const res = await s.inject({ method: 'POST', url: '/api/households/imports', ...multipartForm({ mode }, { name: '台账.xlsx', data }) });
  expect(res.statusCode).toBe(202);
  return res.json() as { id: string; status: string };
}

describe('imports run as jobs', () => {
  let env: TestEnv;
  let admin: Session;
  const count = async (sql: string, params: unknown[] = []) => Number((await env.database.query<{ n: string }>(sql, params))[0].n);
  const view = async (id: string) => (await admin.inject({ url: `/api/households/imports/${id}` })).json();
  const job = async (id: string) => (await env.database.query<{ status: string; attempts: number }>(`select status, attempts from jobs where key = $1`, [`import:${id}`]))[0];

  beforeAll(async () => {
    env = await createTestEnv();
    await makeFixtureTree(env.database);
    admin = (await signIn(env, ['admin'], '360802')).session;
    // The first import's final step (its audit entry) fails once per arming, as if the process died there.
    await env.database.query(`create sequence test_import_crash`);
    await env.database.query(`
      create function test_import_crash() returns trigger language plpgsql as $$
      begin
        if new.action = 'household.import' and nextval('test_import_crash') = 1 then raise exception 'simulated crash'; end if;
        return new;
      end $$`);
    await env.database.query(`create trigger test_import_crash before insert on audit_log for each row execute function test_import_crash()`);
  });
  afterAll(() => env.close());

  for (const [mode, building, n] of [['valid_rows', '21栋', 21], ['all_or_nothing', '22栋', 22]] as const) {
    it(`${mode}: an import that fails half-way is run again from the stored file and creates nothing twice`, async () => {
      await env.database.query(`select setval('test_import_crash', 1, false)`);
      const file = await roster(building, n, mode === 'valid_rows');
      const { id } = await upload(admin, file, mode);
      expect(await count(`select count(*) as n from job_files where id = $1`, [id])).toBe(1);
      // The first attempt fails; the job waits for its retry, the file kept.
      await waitFor(async () => (await job(id))?.attempts === 1 && (await job(id)).status === 'pending', 'the first attempt to fail');
      expect(['parsing', 'validating', 'writing']).toContain((await view(id)).status);
      expect(await count(`select count(*) as n from job_files where id = $1`, [id])).toBe(1);
      // The retry, when its backoff has passed.
      expect(await env.app.jobs.tick(new Date(Date.now() + 10 * 60_000))).toBeGreaterThanOrEqual(1);
      const done = await view(id);
      expect(done).toMatchObject({ status: 'done', errorRows: mode === 'valid_rows' ? 1 : 0 });
      expect(await count(`select count(*) as n from households where address like $1`, [`%${building}%`])).toBe(2);
      expect(await count(`select count(*) as n from people p join households h on h.id = p.household_id where h.address like $1`, [`%${building}%`])).toBe(3);
      expect(await count(`select count(*) as n from import_job_errors where job_id = $1`, [id])).toBe(mode === 'valid_rows' ? 1 : 0);
      expect(await count(`select count(*) as n from audit_log where action = 'household.import' and target_id = $1`, [id])).toBe(1);
      // The uploaded bytes are gone once the import ended.
      expect(await count(`select count(*) as n from job_files where id = $1`, [id])).toBe(0);
      expect(await job(id)).toMatchObject({ status: 'done' });
    });
  }

  it('keeps an upload queued on an instance that runs no jobs, for one that does', async () => {
    const web = await createTestEnv({ jobs: false });
    try {
      await makeFixtureTree(web.database);
      const s = (await signIn(web, ['admin'], '360802')).session;
      const { id } = await upload(s, await roster('23栋', 23, false), 'all_or_nothing');
      expect((await s.inject({ url: `/api/households/imports/${id}` })).json().status).toBe('parsing');
      expect(Number((await web.database.query<{ n: string }>(`select count(*) as n from job_files where id = $1`, [id]))[0].n)).toBe(1);
      // A jobs instance (here: this app's runner, driven by the test) picks it up.
      expect(await web.app.jobs.tick()).toBeGreaterThanOrEqual(1);
      expect((await s.inject({ url: `/api/households/imports/${id}` })).json()).toMatchObject({ status: 'done', householdsCreated: 2, peopleCreated: 3 });
      expect(Number((await web.database.query<{ n: string }>(`select count(*) as n from job_files`))[0].n)).toBe(0);
    } finally {
      await web.close();
    }
  });
});
