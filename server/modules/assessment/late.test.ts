/**
 * The monthly report's late cases (超期件, appeals.late.ts) on a small world, computed by hand:
 * assessment month 2026-11 runs from 19 Oct 00:00 to 19 Nov 00:00 China time.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { appeals } from '../appeals/appeals.tables.js';
import { makeReport } from './assessment.service.js';

let env: TestEnv;
let w: AppealWorld;
let seq = 0;
const cst = (s: string) => new Date(`${s}+08:00`);
const numbers: Record<string, string> = {};

/** An appeal row with the fields the late list reads; due 14 Nov 17:30, accepted 5 Nov. */
async function row(name: string, o: Partial<typeof appeals.$inferInsert>) {
  const id = randomUUID();
  seq++;
  const number = `360802-20261105-${String(seq).padStart(4, '0')}`;
  numbers[name] = number;
  await env.database.db.insert(appeals).values({
    id,
    number,
    status: 'in_progress',
    regionCode: '360802004001001',
    townshipCode: '360802004',
    gridCode: '360802004001001',
    channel: 'hotline',
    requesterKind: 'resident',
    requesterNameEnc: '王秀英',
    address: '习溪桥街道某小区3栋2单元501',
    title: `t${seq}`,
    content: 'c',
    categoryCode: '0302',
    token: `tok${seq}-${id.slice(0, 8)}`,
    acceptedAt: cst('2026-11-05T10:00:00'),
    responseDueAt: cst('2026-11-05T12:00:00'),
    handlingDueAt: cst('2026-11-14T17:30:00'),
    dispatchedAt: cst('2026-11-05T10:30:00'),
    handlingOrgId: w.orgs.urban,
    ...o,
  });
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const baitang = { regionCode: '360802001001001', townshipCode: '360802001', gridCode: '360802001001001', handlingOrgId: w.orgs.housing };
  // Late: handled 16 Nov 10:00, 1 day 16.5 hours after the limit → 2 days.
  await row('handledLate', { handledAt: cst('2026-11-16T10:00:00'), status: 'feedback_given' });
  // Late: not handled; at the period's end (19 Nov 00:00) 4 days 6.5 hours past → 5 days (白塘, housing).
  await row('stillOpen', { ...baitang });
  // Late: handled only after the period's end (20 Nov): still open at the end → 5 days, no handling time.
  await row('handledAfterEnd', { handledAt: cst('2026-11-20T09:00:00'), status: 'feedback_given' });
  // Late by 10 minutes → 1 day; closed.
  await row('justLate', { handledAt: cst('2026-11-14T17:40:00'), status: 'closed', closedAt: cst('2026-11-15T10:00:00') });
  // Not late: handled on time; solved on the spot; limit after the period's end; merged; never dispatched (no limit).
  await row('onTime', { handledAt: cst('2026-11-10T10:00:00'), status: 'closed', closedAt: cst('2026-11-12T10:00:00') });
  await row('onSpot', { onSpot: true, handledAt: cst('2026-11-16T10:00:00'), status: 'closed', closedAt: cst('2026-11-16T10:00:00') });
  await row('dueLater', { handlingDueAt: cst('2026-12-30T00:00:00') });
  await row('merged', { status: 'merged' });
  await row('noLimit', { handlingDueAt: null, dispatchedAt: null, handlingOrgId: null, status: 'registered' });
  // Outside the month (accepted 18 Oct) and outside the county: never listed.
  await row('before', { acceptedAt: cst('2026-10-18T23:59:59') });
  await row('otherCounty', { regionCode: '360902001001001', townshipCode: '360902001', gridCode: '360902001001001', handlingOrgId: w.orgs.otherCounty });
});
afterAll(() => env.close());

describe('the monthly report lists the late cases', () => {
  it('the county report: hand-computed list, most late first, without personal data, on the page and in the Excel', async () => {
    const { id } = await makeReport(env.database, { regionCode: '360802', month: '2026-11', notify: false });
    const res = await w.as.leader.inject({ url: `/api/assessment/reports/${id}` });
    expect(res.statusCode).toBe(200);
    const late = res.json().figures.late;
    expect(late.total).toBe(4);
    // Equally late: the later accepted first, then by number.
    expect(late.items.map((x: { number: string; daysLate: number }) => [x.number, x.daysLate])).toEqual([
      [numbers.stillOpen, 5],
      [numbers.handledAfterEnd, 5],
      [numbers.handledLate, 2],
      [numbers.justLate, 1],
    ]);
    const open = late.items.find((x: { number: string }) => x.number === numbers.stillOpen);
    expect(open).toMatchObject({ categoryCode: '0302', townshipCode: '360802001', placeCode: '360802001001001', orgName: '吉州区住房和城乡建设局', handledAt: null, handlingDueAt: cst('2026-11-14T17:30:00').toISOString() });
    expect(open.categoryName).not.toBe('0302');
    expect(open.townshipName).not.toBe('360802001');
    const handled = late.items.find((x: { number: string }) => x.number === numbers.handledLate);
    expect(handled).toMatchObject({ orgName: '吉州区城市管理局', handledAt: cst('2026-11-16T10:00:00').toISOString() });
    expect(late.items.find((x: { number: string }) => x.number === numbers.handledAfterEnd).handledAt).toBeNull();
    // Only public fields: no name, address, phone or requester of any kind.
    expect(Object.keys(open).sort()).toEqual(['categoryCode', 'categoryName', 'daysLate', 'handledAt', 'handlingDueAt', 'number', 'orgName', 'placeCode', 'placeName', 'townshipCode', 'townshipName']);
    expect(res.body).not.toContain('王秀英');
    // The address, not a fragment that a random id may hold by chance (an organisation's uuid once did).
    expect(res.body).not.toContain('3栋2单元501');
    expect(res.body).not.toContain('某小区');

    const xlsx = await w.as.leader.inject({ url: `/api/assessment/reports/${id}/excel` });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('超期件')!;
    expect(ws).toBeDefined();
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect([2, 3, 4, 5].map((r) => [ws.getRow(r).getCell(1).value, ws.getRow(r).getCell(8).value])).toEqual([
      [numbers.stillOpen, 5],
      [numbers.handledAfterEnd, 5],
      [numbers.handledLate, 2],
      [numbers.justLate, 1],
    ]);
    expect(ws.getRow(2).getCell(7).value).toBe('期末未办结');
    expect(ws.getRow(4).getCell(7).value).toBe('2026-11-16 10:00');
  });

  it('a township report lists only its own late cases', async () => {
    const { id } = await makeReport(env.database, { regionCode: '360802001', month: '2026-11', notify: false });
    const res = await w.as.leader.inject({ url: `/api/assessment/reports/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().figures.late).toEqual({ total: 1, items: [expect.objectContaining({ number: numbers.stillOpen, daysLate: 5 })] });
  });

  it('the month before has none of them', async () => {
    const { id } = await makeReport(env.database, { regionCode: '360802', month: '2026-10', notify: false });
    const late = (await w.as.leader.inject({ url: `/api/assessment/reports/${id}` })).json().figures.late;
    // Accepted 18 Oct 23:59:59 with the limit 14 Nov: in October's cohort, but not past its limit by 19 Oct.
    expect(late).toEqual({ total: 0, items: [] });
  });
});
