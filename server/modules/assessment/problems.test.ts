import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, signIn, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { appeals } from '../appeals/appeals.tables.js';
import { auditLog } from '../../platform/audit.tables.js';
import ExcelJS from 'exceljs';
import { makeReport } from './assessment.service.js';

let env: TestEnv;
let w: AppealWorld;
let seq = 0;
const cst = (s: string) => new Date(`${s}+08:00`);
const XXQ = { regionCode: '360802004001001', townshipCode: '360802004', gridCode: '360802004001001' };
const BT = { regionCode: '360802001001001', townshipCode: '360802001', gridCode: '360802001001001' };

async function row(o: Partial<typeof appeals.$inferInsert>) {
  const id = randomUUID();
  seq++;
  await env.database.db.insert(appeals).values({
    id,
    number: `360802-P-${String(seq).padStart(5, '0')}`,
    status: 'dispatched',
    ...XXQ,
    channel: 'hotline',
    requesterKind: 'resident',
    title: `t${seq}`,
    content: 'c',
    categoryCode: '0302',
    token: `tok${seq}-${id.slice(0, 8)}`,
    ...o,
  });
  return id;
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  // Assessment month 2026-11 runs 19 Oct – 18 Nov (China time).
  // 习溪桥 0302: four, three from one phone (two repeats) and one merged into another (one more): 3 repeats.
  const master = await row({ createdAt: cst('2026-10-20T09:00:00'), dispatchedAt: cst('2026-10-20T10:00:00'), requesterPhoneIndex: 'p1' });
  await row({ createdAt: cst('2026-10-25T09:00:00'), dispatchedAt: cst('2026-10-25T10:00:00'), requesterPhoneIndex: 'p1' });
  await row({ createdAt: cst('2026-11-18T23:00:00'), dispatchedAt: cst('2026-11-18T23:30:00'), requesterPhoneIndex: 'p1' });
  await row({ createdAt: cst('2026-11-02T09:00:00'), dispatchedAt: cst('2026-11-02T10:00:00'), requesterPhoneIndex: 'p2', masterId: master });
  // Outside the month: 18 Oct (month 2026-10, dispatched) and 19 Nov (month 2026-12, dispatched).
  await row({ createdAt: cst('2026-10-18T23:59:00'), dispatchedAt: cst('2026-10-18T23:59:30') });
  await row({ createdAt: cst('2026-11-19T00:00:00'), dispatchedAt: cst('2026-11-19T08:00:00') });
  // 白塘 0101: five from five people (no repeats).
  for (let i = 0; i < 5; i++) await row({ ...BT, categoryCode: '0101', createdAt: cst(`2026-11-0${i + 1}T09:00:00`), requesterPhoneIndex: `q${i}` });
});
afterAll(() => env.close());

describe('the problem of the month (每月一题)', () => {
  it('ranks category × township by appeals and by repeats over the assessment month (hand-computed)', async () => {
    const res = await w.as.leader.inject({ url: '/api/assessment/problems?month=2026-11' });
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.period).toEqual({ from: '2026-10-18T16:00:00.000Z', to: '2026-11-18T16:00:00.000Z' });
    expect(b.candidates).toEqual([
      { placeCode: '360802001', placeName: expect.any(String), categoryCode: '0101', count: 5, repeats: 0, countRank: 1, repeatRank: 2, picked: false },
      { placeCode: '360802004', placeName: expect.any(String), categoryCode: '0302', count: 4, repeats: 3, countRank: 2, repeatRank: 1, picked: false },
    ]);
    // A township's leader ranks its communities.
    const { session: township } = await signIn(env, ['leader'], '360802004');
    const t = (await township.inject({ url: '/api/assessment/problems?month=2026-11' })).json();
    expect(t.candidates.map((c: { placeCode: string; count: number }) => [c.placeCode, c.count])).toEqual([['360802004001', 4]]);
  });

  it('a leader picks up to three, each once; a fourth or a second pick is 409; others may not pick', async () => {
    const pick = (payload: Record<string, unknown>, as = w.as.leader) => as.inject({ method: 'POST', url: '/api/assessment/problems', payload: { month: '2026-11', leadOrgId: w.orgs.urban, goal: '井盖排查全覆盖', target: 1, ...payload } });
    const first = await pick({ placeCode: '360802004', categoryCode: '0302' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ regionCode: '360802', placeCode: '360802004', categoryCode: '0302', count: 4, repeats: 3, target: 1, leadOrgName: '吉州区城市管理局' });
    const twice = await pick({ placeCode: '360802004', categoryCode: '0302' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toBe('problem_already_picked');
    expect((await pick({ placeCode: '360802004', categoryCode: '0302' }, w.as.dispatcher)).statusCode).toBe(403);
    expect((await pick({ placeCode: '360802004001', categoryCode: '0302' })).statusCode).toBe(400);
    expect((await pick({ placeCode: '360802001', categoryCode: '0101', leadOrgId: w.orgs.otherCounty })).statusCode).toBe(404);
    expect((await pick({ placeCode: '360802001', categoryCode: '0101' })).statusCode).toBe(200);
    expect((await pick({ placeCode: '360802004', categoryCode: '0101' })).statusCode).toBe(200);
    const fourth = await pick({ placeCode: '360802001', categoryCode: '0302' });
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error).toBe('problem_limit_reached');
    const b = (await w.as.leader.inject({ url: '/api/assessment/problems?month=2026-11' })).json();
    expect(b.picks).toHaveLength(3);
    expect(b.candidates.every((c: { picked: boolean }) => c.picked)).toBe(true);
    const audits = await env.database.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'month_problem.pick'));
    expect(audits).toHaveLength(3);
  });

  it('compares the dispatches on a picked problem month by month; other counties see nothing', async () => {
    const picks = (await w.as.leader.inject({ url: '/api/assessment/problems/picks?month=2026-11' })).json();
    const id = picks.find((p: { categoryCode: string; placeCode: string }) => p.categoryCode === '0302' && p.placeCode === '360802004').id;
    const res = await w.as.leader.inject({ url: `/api/assessment/problems/${id}/trend` });
    expect(res.statusCode).toBe(200);
    const months = Object.fromEntries(res.json().months.map((m: { month: string; dispatched: number }) => [m.month, m.dispatched]));
    expect(months['2026-05']).toBe(0);
    expect(months['2026-10']).toBe(1);
    expect(months['2026-11']).toBe(4);
    expect(months['2026-12']).toBe(1);
    expect(res.json().beforeAverage).toBe(0.2);
    const { session: yuanzhou } = await signIn(env, ['leader'], '360902');
    expect((await yuanzhou.inject({ url: `/api/assessment/problems/${id}/trend` })).statusCode).toBe(404);
    expect((await yuanzhou.inject({ url: '/api/assessment/problems/picks' })).json()).toEqual([]);
    expect((await yuanzhou.inject({ url: '/api/assessment/problems?month=2026-11&regionCode=360802' })).statusCode).toBe(404);
    expect((await yuanzhou.inject({ method: 'POST', url: '/api/assessment/problems', payload: { month: '2026-11', regionCode: '360802', placeCode: '360802004', categoryCode: '0104', leadOrgId: w.orgs.urban, goal: 'g', target: 0 } })).statusCode).toBe(404);
  });

  it('the monthly report lists the month’s problems, in the printable figures and the Excel', async () => {
    const { id } = await makeReport(env.database, { regionCode: '360802', month: '2026-11', notify: false });
    const r = (await w.as.leader.inject({ url: `/api/assessment/reports/${id}` })).json();
    expect(r.figures.problems).toHaveLength(3);
    expect(r.figures.problems.find((p: { categoryCode: string; placeCode: string }) => p.categoryCode === '0302' && p.placeCode === '360802004')).toMatchObject({ count: 4, dispatched: 4, target: 1, leadOrgName: '吉州区城市管理局' });
    const xlsx = await w.as.leader.inject({ url: `/api/assessment/reports/${id}/excel` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('每月一题')!.rowCount).toBe(4);
    expect(wb.getWorksheet('预警')).toBeDefined();
  });
});
