/**
 * 矛盾排查 at the door: a visit's `dispute` finding, recorded by a grid worker's phone (also a visit
 * queued offline and synced a day later, and its retry) and by a community cadre; the checks; the
 * mediation case opened from it noted on the visit; the coverage figures counting disputes and those sent
 * to mediation per grid, counted here by hand; and another township neither sees nor counts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeHousehold, makeOrg, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { chinaDate } from './visits.plans.js';

let env: TestEnv;
const G1 = '360802004001001';
const G2 = '360802004001002';
const VILLAGE = '360802004001';
const OTHER_GRID = '360802001001001';
const as = {} as Record<'worker' | 'worker2' | 'staff' | 'otherWorker' | 'otherStaff', Session>;
const hh: string[] = [];
let g2Household = '';
let otherHousehold = '';
let committee = '';
let otherCommittee = '';

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  committee = await makeOrg(env.database, { name: '上阳明社区人民调解委员会', kind: 'mediation_committee', regionCode: VILLAGE });
  otherCommittee = await makeOrg(env.database, { name: '古南人民调解委员会', kind: 'mediation_committee', regionCode: '360802001001' });
  as.worker = (await signIn(env, ['grid_worker'], VILLAGE, { grid: G1 })).session;
  as.worker2 = (await signIn(env, ['grid_worker'], VILLAGE, { grid: G2 })).session;
  // A community cadre on the committee: records visits in the console's area, supervises, opens cases.
  as.staff = (await signIn(env, ['community_staff'], VILLAGE, { orgId: committee })).session;
  as.otherWorker = (await signIn(env, ['grid_worker'], '360802001001', { grid: OTHER_GRID })).session;
  as.otherStaff = (await signIn(env, ['community_staff'], '360802001001', { orgId: otherCommittee })).session;
  for (let i = 0; i < 4; i++) hh.push((await makeHousehold(env, { gridCode: G1, houseNumber: String(i + 1), members: [{ name: `户主${i}`, relation: 'head' }] })).id);
  g2Household = (await makeHousehold(env, { gridCode: G2, houseNumber: '21', members: [{ name: '二网格', relation: 'head' }] })).id;
  otherHousehold = (await makeHousehold(env, { gridCode: OTHER_GRID, houseNumber: '31', members: [{ name: '古南户', relation: 'head' }] })).id;
});
afterAll(() => env.close());

let k = 0;
const clientId = () => `dispute-${Date.now().toString(36)}-${k++}`;
const QUARREL = '楼上空调外机冷凝水滴在自家阳台，两户多次争吵';
const visit = (householdId: string, extra: Record<string, unknown> = {}) => ({
  clientId: clientId(),
  householdId,
  checkInAt: new Date().toISOString(),
  outcome: 'met',
  metWith: '户主',
  finding: 'dispute',
  dispute: { summary: QUARREL },
  ...extra,
});
const post = (s: Session, payload: Record<string, unknown>, lang = 'zh-CN') => s.inject({ method: 'POST', url: '/api/visits', headers: { 'accept-language': lang }, payload });
const visitCount = async () => Number((await env.database.query<{ n: number }>(`select count(*)::int as n from visits`))[0].n);

/** Ids of the visits recorded below, by what the figures should make of them. */
const made = { g1: [] as string[], g2: [] as string[], other: [] as string[] };

describe('recording a dispute found at the door', () => {
  it('a grid worker’s phone records it; the visit, its list filter and the household’s timeline say so', async () => {
    const res = await post(as.worker, visit(hh[0], { dispute: { summary: `  ${QUARREL}  ` }, situation: '户主情绪激动' }));
    expect(res.statusCode).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({ finding: 'dispute', disputeSummary: QUARREL, mediationCaseId: null, mediationCaseNumber: null, byCadre: false });
    made.g1.push(v.id);
    const seen = (await as.staff.inject({ url: `/api/visits/${v.id}` })).json();
    expect(seen.disputeSummary).toBe(QUARREL);
    const list = (await as.staff.inject({ url: `/api/visits?regionCode=${VILLAGE}&finding=dispute` })).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([v.id]);
    const timeline = (await as.staff.inject({ url: `/api/households/${hh[0]}/timeline` })).json();
    const line = timeline.items.find((e: { refId: string }) => e.refId === v.id);
    expect(line.summary).toContain('矛盾纠纷');
    // The quarrel's words stay with the visit: the timeline line names no one.
    expect(line.summary).not.toContain('空调');
  });

  it('a visit queued on the phone offline arrives a day later with its dispute, and its retry is the same visit', async () => {
    const body = visit(hh[1], { checkInAt: new Date(Date.now() - 30 * 3600_000).toISOString(), dispute: { summary: '兄弟二人因老人赡养费分摊争吵' } });
    const first = await post(as.worker, body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ finding: 'dispute', disputeSummary: '兄弟二人因老人赡养费分摊争吵', replayed: false });
    expect(first.json().flags).toContain('late_sync');
    const before = await visitCount();
    const retry = await post(as.worker, body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id: first.json().id, finding: 'dispute', disputeSummary: '兄弟二人因老人赡养费分摊争吵', replayed: true });
    expect(await visitCount()).toBe(before);
    made.g1.push(first.json().id);
  });

  it('a community cadre records one from the console’s side (a cadre’s visit)', async () => {
    const res = await post(as.staff, visit(hh[2], { dispute: { summary: '邻居在楼道堆放杂物，发生口角' } }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ finding: 'dispute', disputeSummary: '邻居在楼道堆放杂物，发生口角', byCadre: true });
    made.g1.push(res.json().id);
    const g2 = await post(as.worker2, visit(g2Household, { dispute: { summary: '宅基地边界争议' } }));
    expect(g2.statusCode).toBe(201);
    made.g2.push(g2.json().id);
    // Visits that found something else are no disputes.
    expect((await post(as.worker, visit(hh[3], { finding: 'nothing', dispute: undefined }))).statusCode).toBe(201);
  });

  it('refuses a dispute without its text, too long, or with nobody home, naming the field; nothing is saved', async () => {
    const before = await visitCount();
    const missing = await post(as.worker, visit(hh[3], { dispute: undefined }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('dispute.summary');
    const blank = await post(as.worker, visit(hh[3], { dispute: { summary: '   ' } }), 'en');
    expect(blank.statusCode).toBe(400);
    expect(blank.json().message).toContain('dispute.summary');
    const long = await post(as.worker, visit(hh[3], { dispute: { summary: '吵'.repeat(2001) } }));
    expect(long.statusCode).toBe(400);
    expect(JSON.stringify(long.json())).toMatch(/dispute.summary/);
    const nobody = await post(as.worker, visit(hh[3], { outcome: 'nobody_home', metWith: undefined }));
    expect(nobody.statusCode).toBe(400);
    expect(JSON.stringify(nobody.json())).toContain('finding');
    expect(await visitCount()).toBe(before);
  });

  it('another township records none at this door and sees none of these', async () => {
    const before = await visitCount();
    expect((await post(as.otherWorker, visit(hh[0]))).statusCode).toBe(404);
    expect((await post(as.otherStaff, visit(hh[0]))).statusCode).toBe(404);
    expect(await visitCount()).toBe(before);
    expect((await as.otherStaff.inject({ url: `/api/visits/${made.g1[0]}` })).statusCode).toBe(404);
    expect((await as.otherStaff.inject({ url: '/api/visits?finding=dispute' })).json().total).toBe(0);
    // Its own dispute, in its own township.
    const own = await post(as.otherWorker, visit(otherHousehold));
    expect(own.statusCode).toBe(201);
    made.other.push(own.json().id);
  });
});

const caseBody = (visitId: string) => ({
  bodyId: committee,
  source: 'visit',
  sourceRef: visitId,
  kind: 'neighbours',
  title: '空调滴水纠纷',
  summary: QUARREL,
  parties: [
    { side: 'applicant', kind: 'outsider', name: '张小明', phone: '13807960002' },
    { side: 'respondent', kind: 'outsider', name: '李小红', phone: '13807960003' },
  ],
});

describe('转人民调解 and the figures', () => {
  it('the case opened from a dispute is noted on the visit; a second case citing it leaves the first', async () => {
    const res = await as.staff.inject({ method: 'POST', url: '/api/mediation/cases', payload: caseBody(made.g1[0]) });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    const v = (await as.staff.inject({ url: `/api/visits/${made.g1[0]}` })).json();
    expect(v).toMatchObject({ mediationCaseId: c.id, mediationCaseNumber: c.number });
    const again = await as.staff.inject({ method: 'POST', url: '/api/mediation/cases', payload: caseBody(made.g1[0]) });
    expect(again.statusCode).toBe(201);
    expect((await as.staff.inject({ url: `/api/visits/${made.g1[0]}` })).json().mediationCaseId).toBe(c.id);
    // Another township's body cannot cite the visit (not found), and so marks nothing.
    const elsewhere = await as.otherStaff.inject({ method: 'POST', url: '/api/mediation/cases', payload: { ...caseBody(made.g1[1]), bodyId: otherCommittee } });
    expect(elsewhere.statusCode).toBe(404);
    expect((await as.staff.inject({ url: `/api/visits/${made.g1[1]}` })).json().mediationCaseId).toBeNull();
  });

  it('coverage counts the disputes found per grid and those sent to mediation, in the caller’s area only', async () => {
    const from = chinaDate(new Date(Date.now() - 3 * 86_400_000));
    const to = chinaDate();
    const res = await as.staff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&groupBy=grid&from=${from}&to=${to}` });
    expect(res.statusCode).toBe(200);
    const cov = res.json();
    const row = (code: string) => cov.rows.find((r: { code: string }) => r.code === code);
    // By hand: G1 three disputes (the worker's two, the cadre's one), one of them sent to mediation
    // (twice, counted once); G2 one, not sent; the visit that found nothing and the other township's not at all.
    expect(row(G1)).toMatchObject({ disputes: 3, disputesMediated: 1 });
    expect(row(G2)).toMatchObject({ disputes: 1, disputesMediated: 0 });
    expect(cov.totals).toMatchObject({ disputes: 4, disputesMediated: 1 });
    // The same grouped by village: the grids' sums.
    const township = (await as.staff.inject({ url: `/api/visits/coverage?regionCode=360802004001&groupBy=village&from=${from}&to=${to}` })).json();
    expect(township.rows).toEqual([expect.objectContaining({ code: VILLAGE, disputes: 4, disputesMediated: 1 })]);
    // A period before any of them counts none.
    const earlier = (await as.staff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&from=2026-01-01&to=2026-01-31` })).json();
    expect(earlier.totals).toMatchObject({ disputes: 0, disputesMediated: 0 });
    // Another township: its own dispute only; this village is not found.
    const theirs = (await as.otherStaff.inject({ url: `/api/visits/coverage?from=${from}&to=${to}` })).json();
    expect(theirs.totals).toMatchObject({ disputes: 1, disputesMediated: 0 });
    expect((await as.otherStaff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&from=${from}&to=${to}` })).statusCode).toBe(404);
  });
});
