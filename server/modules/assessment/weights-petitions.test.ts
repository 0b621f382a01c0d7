/**
 * The composite score's stored weights per county (admin, audited, used by the rankings and the monthly
 * report) and 信访 this period against the same period last year, both hand-computed.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestEnv, signIn, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { appealEvaluations, appeals } from '../appeals/appeals.tables.js';
import { auditLog } from '../../platform/audit.tables.js';
import { makeReport } from './assessment.service.js';

let env: TestEnv;
let w: AppealWorld;
let seq = 0;
const cst = (s: string) => new Date(`${s}+08:00`);
const XIXI = { regionCode: '360802004001001', townshipCode: '360802004', gridCode: '360802004001001' };
const BAITANG = { regionCode: '360802001001001', townshipCode: '360802001', gridCode: '360802001001001' };

async function row(o: Partial<typeof appeals.$inferInsert>) {
  const id = randomUUID();
  seq++;
  await env.database.db.insert(appeals).values({
    id,
    number: `360802-20261105-${String(seq).padStart(4, '0')}`,
    status: 'in_progress',
    ...XIXI,
    channel: 'hotline',
    requesterKind: 'anonymous',
    title: `t${seq}`,
    content: 'c',
    categoryCode: '0302',
    token: `tok${seq}-${id.slice(0, 8)}`,
    acceptedAt: cst('2026-11-05T10:00:00'),
    responseDueAt: cst('2026-11-05T12:00:00'),
    handlingDueAt: cst('2026-11-14T17:30:00'),
    ...o,
  });
  return id;
}

async function rate(appealId: string, rating: string, solved: boolean, at: string) {
  await env.database.db.insert(appealEvaluations).values({ appealId, round: 0, kind: 'requester', rating, solved, method: 'callback', by: 'test', at: cst(at) });
  await env.database.db.update(appeals).set({ lastRating: rating, lastSolved: solved, lastRatedAt: cst(at) }).where(eq(appeals.id, appealId));
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const { urban, housing } = w.orgs;
  const d = cst('2026-11-05T10:30:00');
  // 习溪桥: 响应 2/2, 解决 1/2, 满意 (1 + 0) / 2 = 0.5.
  const a1 = await row({ handlingOrgId: urban, dispatchedAt: d, signedAt: cst('2026-11-05T11:00:00'), handledAt: cst('2026-11-10T10:00:00') });
  const a2 = await row({ handlingOrgId: urban, dispatchedAt: d, signedAt: cst('2026-11-05T11:30:00'), handledAt: cst('2026-11-16T10:00:00') });
  await rate(a1, 'satisfied', true, '2026-11-13T09:00:00');
  await rate(a2, 'dissatisfied', false, '2026-11-17T09:00:00');
  // 白塘: 响应 0/1 (signed late), 解决 1/1, 满意 0.9.
  const b1 = await row({ ...BAITANG, handlingOrgId: housing, dispatchedAt: d, signedAt: cst('2026-11-05T15:00:00'), handledAt: cst('2026-11-08T10:00:00') });
  await rate(b1, 'basically_satisfied', true, '2026-11-10T09:00:00');
  // Petitions (信访), never dispatched (no effect on the composite). Assessment month 2026-11 is
  // 19 Oct – 18 Nov 2026; the same period last year 19 Oct – 18 Nov 2025.
  const petition = (at: string, where = XIXI) => row({ ...where, channel: 'petition', acceptedAt: cst(at), handlingDueAt: cst('2026-12-30T00:00:00') });
  // 习溪桥: 3 this period (one at its first instant), 4 a year before (one at its first instant), one the day
  // before last year's period, one a second after it: change 3/4 − 1 = −25%.
  await petition('2026-10-19T00:00:00');
  await petition('2026-11-01T09:00:00');
  await petition('2026-11-18T23:59:59');
  await petition('2025-10-19T00:00:00');
  await petition('2025-10-25T09:00:00');
  await petition('2025-11-02T09:00:00');
  await petition('2025-11-18T10:00:00');
  await petition('2025-10-18T23:59:59');
  await petition('2025-11-19T00:00:00');
  // 白塘: 1 this period, none last year: no change figure.
  await petition('2026-11-03T09:00:00', BAITANG);
  // A merged duplicate is not counted.
  await row({ ...BAITANG, channel: 'petition', status: 'merged', acceptedAt: cst('2026-11-04T09:00:00') });
});
afterAll(() => env.close());

describe('stored weights of the composite score', () => {
  it('answers the default before anything is stored', async () => {
    const res = await w.as.leader.inject({ url: '/api/assessment/weights' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ regionCode: '360802', response: 0.1, resolution: 0.5, satisfaction: 0.4, source: 'default', updatedAt: null });
  });

  it('refuses a sum other than 1 (400 naming the field), other roles (403), other counties (403/404)', async () => {
    const bad = await w.as.admin.inject({ method: 'PUT', url: '/api/assessment/weights', payload: { regionCode: '360802', response: 0.3, resolution: 0.3, satisfaction: 0.3 }, headers: { 'accept-language': 'en' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('assessment_weights_sum');
    expect(bad.json().details).toEqual([{ field: 'body.satisfaction', rule: 'sum' }]);
    expect(bad.json().message).toContain('body.satisfaction');
    expect(bad.json().message).toContain('0.9');
    const outOfRange = await w.as.admin.inject({ method: 'PUT', url: '/api/assessment/weights', payload: { regionCode: '360802', response: 1.5, resolution: 0, satisfaction: 0 } });
    expect(outOfRange.statusCode).toBe(400);
    expect(JSON.stringify(outOfRange.json().details)).toContain('response');
    // The admin of the whole system names a county; a township code is not one.
    const noCounty = await w.as.admin.inject({ method: 'PUT', url: '/api/assessment/weights', payload: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } });
    expect(noCounty.statusCode).toBe(400);
    expect(noCounty.json().error).toBe('assessment_weights_county');
    expect((await w.as.admin.inject({ method: 'PUT', url: '/api/assessment/weights', payload: { regionCode: '360802004', response: 0.3, resolution: 0.35, satisfaction: 0.35 } })).statusCode).toBe(400);
    // Leaders read, only administrators store.
    expect((await w.as.leader.inject({ method: 'PUT', url: '/api/assessment/weights', payload: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } })).statusCode).toBe(403);
    // Another county's administrator may not store ours, nor read it.
    const { session: otherAdmin } = await signIn(env, ['admin'], '360902');
    expect((await otherAdmin.inject({ method: 'PUT', url: '/api/assessment/weights', payload: { regionCode: '360802', response: 0.3, resolution: 0.35, satisfaction: 0.35 } })).statusCode).toBe(403);
    expect((await otherAdmin.inject({ url: '/api/assessment/weights?regionCode=360802' })).statusCode).toBe(404);
    const stored = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'assessment_weights.set'));
    expect(stored).toHaveLength(0);
  });

  it('stores a county’s set (audited), which the rankings and the monthly report then use', async () => {
    const { session: countyAdmin } = await signIn(env, ['admin'], '360802');
    const put = await countyAdmin.inject({ method: 'PUT', url: '/api/assessment/weights', payload: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ regionCode: '360802', response: 0.3, resolution: 0.35, satisfaction: 0.35, source: 'stored' });
    const [entry] = await env.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'assessment_weights.set'), eq(auditLog.targetId, '360802')));
    expect(entry.details).toEqual({ before: null, after: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } });

    // 习溪桥: 0.3·1 + 0.35·0.5 + 0.35·0.5 = 0.65; 白塘: 0.3·0 + 0.35·1 + 0.35·0.9 = 0.665 (default: 0.55 and 0.86).
    const r = (await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-11' })).json();
    expect(r.weights).toEqual({ response: 0.3, resolution: 0.35, satisfaction: 0.35 });
    expect(r.weightsSource).toBe('stored');
    expect(r.areas.slice(0, 2).map((a: { key: string; compositeScore: number }) => [a.key, a.compositeScore])).toEqual([
      ['360802001', 0.665],
      ['360802004', 0.65],
    ]);
    // A township's dispatcher is ranked by its county's set too; weights in the query still win.
    expect((await w.as.otherDispatcher.inject({ url: '/api/assessment/rankings?month=2026-11' })).json().weightsSource).toBe('stored');
    const tried = (await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-11&wResponse=0.1&wResolution=0.5&wSatisfaction=0.4' })).json();
    expect(tried.weightsSource).toBe('query');
    expect(tried.areas[0]).toMatchObject({ key: '360802001', compositeScore: 0.86 });

    const report = await makeReport(env.database, { regionCode: '360802', month: '2026-11', notify: false });
    const archived = (await w.as.leader.inject({ url: `/api/assessment/reports/${report.id}` })).json();
    expect(archived.figures.weights).toEqual({ response: 0.3, resolution: 0.35, satisfaction: 0.35 });
    expect(archived.figures.areas[0]).toMatchObject({ key: '360802001', compositeScore: 0.665 });

    // A second change records the one before.
    await countyAdmin.inject({ method: 'PUT', url: '/api/assessment/weights', payload: { response: 0.2, resolution: 0.4, satisfaction: 0.4 } });
    const entries = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'assessment_weights.set'));
    expect(entries.map((e) => (e.details as { before: unknown }).before)).toContainEqual({ response: 0.3, resolution: 0.35, satisfaction: 0.35 });
    expect((await w.as.leader.inject({ url: '/api/assessment/weights' })).json()).toMatchObject({ response: 0.2, source: 'stored' });
  });
});

describe('信访 against the same period last year', () => {
  it('counts petitions per township in the assessment month and a year before, in the rankings and the report', async () => {
    const r = (await w.as.leader.inject({ url: '/api/assessment/rankings?month=2026-11' })).json();
    const xixi = r.petitions.areas.find((a: { key: string }) => a.key === '360802004');
    const baitang = r.petitions.areas.find((a: { key: string }) => a.key === '360802001');
    expect(xixi).toMatchObject({ thisPeriod: 3, lastYear: 4, change: -0.25 });
    expect(xixi.name).toBe(r.areas.find((a: { key: string }) => a.key === '360802004').name);
    expect(baitang).toMatchObject({ thisPeriod: 1, lastYear: 0, change: null });
    // Every ranked township is listed, with or without petitions.
    expect(r.petitions.areas).toHaveLength(r.areas.length);
    expect(r.petitions.totals).toEqual({ thisPeriod: 4, lastYear: 4, change: 0 });

    // The archived report carries them, and its Excel has the sheet.
    const report = await makeReport(env.database, { regionCode: '360802', month: '2026-11', notify: false });
    const xlsx = await w.as.leader.inject({ url: `/api/assessment/reports/${report.id}/excel` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('信访同比')!;
    const values = sheet.getSheetValues().filter(Boolean).map((v) => (v as unknown[]).slice(1));
    expect(values.at(-1)).toEqual(['合计', 4, 4, 0]);
    expect(values).toContainEqual([xixi.name, 3, 4, -25]);
  });

  it('shows a township only its own petitions', async () => {
    const own = (await w.as.otherDispatcher.inject({ url: '/api/assessment/rankings?month=2026-11' })).json();
    expect(own.petitions.totals).toEqual({ thisPeriod: 1, lastYear: 0, change: null });
    expect(own.petitions.areas.every((a: { key: string }) => a.key.startsWith('360802001'))).toBe(true);
  });
});
