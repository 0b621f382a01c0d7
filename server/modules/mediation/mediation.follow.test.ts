/**
 * Mediation beside the rest: the appeal that follows its case (by its workflow's MEDIATION_STEPS), the
 * court's referral and its three working days, household-file people as parties, the petitions beside
 * the figures, and the ledger as an Excel workbook.
 */
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows as rowsOf } from '../../platform/db.js';
import { jobs } from '../../platform/jobs.tables.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { createTestEnv, makeHousehold, makeOrg, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { appeals } from '../appeals/appeals.tables.js';
import { runReferralJob } from './mediation.referral.js';
import { mediationCases } from './mediation.tables.js';
import { addDays } from './mediation.workflow.js';

let env: TestEnv;
let w: AppealWorld;
const org = { committee: '', studio: '', justice: '', otherCommittee: '', court: '' };
const as = {} as Record<'body' | 'staff' | 'studio' | 'justice' | 'court' | 'otherTownship', Session>;
let personId = '';
let householdId = '';
let otherPersonId = '';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  org.committee = await makeOrg(env.database, { name: '上阳明社区人民调解委员会', kind: 'mediation_committee', regionCode: '360802004001' });
  org.studio = await makeOrg(env.database, { name: '新乡贤调解工作室', kind: 'elder_studio', regionCode: '360802004002' });
  org.justice = await makeOrg(env.database, { name: '习溪桥司法所', kind: 'justice_office', regionCode: '360802004' });
  org.otherCommittee = await makeOrg(env.database, { name: '古南人民调解委员会', kind: 'mediation_committee', regionCode: '360802001001' });
  org.court = await makeOrg(env.database, { name: '吉州区人民法院诉讼服务中心', kind: 'court', regionCode: '360802' });
  as.body = (await signIn(env, ['mediator'], '360802004001', { orgId: org.committee })).session;
  as.staff = (await signIn(env, ['community_staff'], '360802004001', { orgId: org.committee })).session;
  as.studio = (await signIn(env, ['mediator'], '360802004002', { orgId: org.studio })).session;
  as.justice = (await signIn(env, ['dispatcher'], '360802004', { orgId: org.justice })).session;
  as.court = (await signIn(env, ['handler'], '360802', { orgId: org.court })).session;
  as.otherTownship = (await signIn(env, ['mediator'], '360802001001', { orgId: org.otherCommittee })).session;
  const h = await makeHousehold(env, { gridCode: '360802004001001', members: [{ name: '刘建国', phone: '13907960001' }] });
  personId = h.members[0].id;
  householdId = h.id;
  otherPersonId = (await makeHousehold(env, { gridCode: '360802001001001', members: [{ name: '刘德胜', phone: '13907960009' }] })).members[0].id;
});
afterAll(() => env.close());

type Case = { id: string; number: string; version: number; status: string; parties: { id: string; name: string }[]; [k: string]: unknown };
type Appeal = { id: string; version: number; status: string; result: string | null; actions: string[]; events: { type: string; note: string | null }[] };

const outsiders = () => [
  { side: 'applicant', kind: 'outsider', name: '张小明', phone: '13807960002' },
  { side: 'respondent', kind: 'enterprise', enterpriseName: '吉安市恒达建材有限公司', representative: '李总' },
];
async function open(s: Session, extra: Record<string, unknown> = {}): Promise<Case> {
  const res = await s.inject({ method: 'POST', url: '/api/mediation/cases', payload: { bodyId: org.committee, source: 'application', kind: 'neighbours', title: '邻里噪音纠纷', summary: '装修噪音', parties: outsiders(), ...extra } });
  if (res.statusCode !== 201) throw new Error(`open: ${res.statusCode} ${res.body}`);
  return res.json();
}
async function ok(s: Session, c: Case, action: string, body: Record<string, unknown> = {}): Promise<Case> {
  const res = await s.inject({ method: 'POST', url: `/api/mediation/cases/${c.id}/${action}`, payload: { version: c.version, ...body } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const session = { heldOn: today(), place: '社区调解室', attendees: '双方当事人', hardship: '噪音', crux: '作息', reconcile: '双方同意' };
const agreement = (c: Case) => ({ facts: '装修噪音', responsibilities: [{ partyId: c.parties[1].id, text: '晚八点后停工' }], manner: '自行履行', deadline: addDays(today(), 20), effectiveOn: today() });
const appealOf = async (id: string): Promise<Appeal> => (await w.as.dispatcher.inject({ url: `/api/appeals/${id}` })).json();
async function appealAct(s: Session, a: Appeal, action: string, body: Record<string, unknown> = {}): Promise<Appeal> {
  const res = await s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return appealOf(a.id);
}
async function newAppeal(extra: Record<string, unknown> = {}): Promise<Appeal> {
  const res = await w.as.community.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ content: '邻居装修噪音扰民，多次协商无果，请求调解。', ...extra }) });
  if (res.statusCode !== 201) throw new Error(`appeal: ${res.statusCode} ${res.body}`);
  return appealOf(res.json().id);
}

describe('the appeal follows its case', () => {
  it('accepted → the appeal is in hand; performed → handled with the result; the desk gives feedback and the requester rates it', async () => {
    const a0 = await newAppeal();
    expect(['registered', 'accepted']).toContain(a0.status);
    let c = await open(as.staff, { source: 'appeal', sourceRef: a0.id });
    expect((await appealOf(a0.id)).status).toBe(a0.status);
    c = await ok(as.body, c, 'accept');
    let a = await appealOf(a0.id);
    expect(a.status).toBe('in_progress');
    expect(a.events.map((e) => e.type)).toContain('mediation_accepted');
    // Nobody handles it as a department: the appeal waits for mediation.
    expect(a.actions).not.toContain('handle');
    c = await ok(as.body, c, 'investigate');
    c = await ok(as.body, c, 'hold_session', { session });
    c = await ok(as.body, c, 'agree', { agreement: agreement(c) });
    expect((await appealOf(a0.id)).status).toBe('in_progress');
    c = await ok(as.body, c, 'performed', { check: { checkedOn: today(), note: '已停工整改' } });
    a = await appealOf(a0.id);
    expect(a.status).toBe('handled');
    expect(a.result).toContain('已履行');
    expect(a.actions).toContain('feedback');
    // The township's desk hears of it as of any appeal handled.
    const notes = (await w.as.dispatcher.inject({ url: '/api/notifications?pageSize=100' })).json().items.map((n: { title: string }) => n.title);
    expect(notes.filter((t: string) => t.startsWith('已办结待反馈') && t.includes('邻居装修噪音'))).toHaveLength(1);
    a = await appealAct(w.as.dispatcher, a, 'feedback');
    expect(a.status).toBe('feedback_given');
    a = await appealAct(w.as.dispatcher, a, 'evaluate', { rating: 'satisfied', solved: true });
    expect(a.status).toBe('closed');
    // Closing the case afterwards only notes it on the closed appeal's timeline: no move out of closed.
    await ok(as.body, c, 'close');
    a = await appealOf(a0.id);
    expect(a.status).toBe('closed');
    expect(a.events.at(-1)).toMatchObject({ type: 'mediation' });
  });

  it('no agreement → the appeal goes back to the desk, which may dispatch it', async () => {
    const a0 = await newAppeal();
    let c = await open(as.staff, { source: 'appeal', sourceRef: a0.id });
    c = await ok(as.body, c, 'accept');
    c = await ok(as.body, c, 'hold_session', { session });
    await ok(as.body, c, 'no_agreement', { reason: '双方分歧大' });
    const a = await appealOf(a0.id);
    expect(a.status).toBe('accepted');
    expect(a.events.map((e) => e.type)).toEqual(expect.arrayContaining(['mediation_accepted', 'mediation_ended']));
    expect(a.actions).toContain('dispatch');
    await appealAct(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban });
    expect((await appealOf(a0.id)).status).toBe('dispatched');
  });

  it('an appeal a department already holds is not taken from it: the case’s steps are notes only', async () => {
    let a = await newAppeal();
    if (a.status === 'registered') a = await appealAct(w.as.dispatcher, a, 'accept');
    a = await appealAct(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban });
    const c = await open(as.staff, { source: 'appeal', sourceRef: a.id });
    await ok(as.body, c, 'accept');
    const after = await appealOf(a.id);
    expect(after.status).toBe('dispatched');
    expect(after.events.filter((e) => e.type === 'mediation').map((e) => e.note)).toEqual([expect.stringContaining('转人民调解'), expect.stringContaining('已受理')]);
  });
});

describe('the court’s referral (诉前委派)', () => {
  it('schedules a warning and a deadline; warns once, marks overdue once, telling the court and the 司法所', async () => {
    const res = await as.court.inject({ method: 'POST', url: '/api/mediation/cases', payload: { bodyId: org.studio, source: 'court', kind: 'labour', title: '欠薪纠纷（委派）', summary: '诉前委派', parties: outsiders() } });
    expect(res.statusCode).toBe(201);
    const c: Case & { stepDueAt: string } = res.json();
    const keys = (await env.database.db.select({ key: jobs.key, runAt: jobs.runAt }).from(jobs).where(sql`${jobs.key} like ${`mediation.referral.%:${c.id}`}`)).map((j) => j.key).sort();
    expect(keys).toEqual([`mediation.referral.overdue:${c.id}`, `mediation.referral.warn:${c.id}`]);
    const deps = { database: env.database };
    const due = new Date(c.stepDueAt);

    await runReferralJob(deps, { caseId: c.id, step: 'warn' }, new Date());
    await runReferralJob(deps, { caseId: c.id, step: 'warn' }, new Date());
    const warned = (await as.studio.inject({ url: '/api/notifications?pageSize=100' })).json().items.filter((n: { title: string }) => n.title === '诉前委派待受理：欠薪纠纷（委派）');
    expect(warned).toHaveLength(1);

    // Before the deadline nothing is marked.
    await runReferralJob(deps, { caseId: c.id, step: 'overdue' }, new Date(due.getTime() - 60_000));
    expect((await as.studio.inject({ url: `/api/mediation/cases/${c.id}` })).json().referralOverdueAt).toBeNull();
    const late = new Date(due.getTime() + 60_000);
    await runReferralJob(deps, { caseId: c.id, step: 'overdue' }, late);
    await runReferralJob(deps, { caseId: c.id, step: 'overdue' }, new Date(due.getTime() + 3600_000));
    const seen = (await as.court.inject({ url: `/api/mediation/cases/${c.id}` })).json();
    expect(seen.referralOverdueAt).toBe(late.toISOString());
    expect(seen.events.filter((e: { type: string }) => e.type === 'referral_overdue')).toHaveLength(1);
    for (const s of [as.court, as.justice]) {
      const items = (await s.inject({ url: '/api/notifications?pageSize=100' })).json().items.filter((n: { title: string }) => n.title === '诉前委派逾期未受理：欠薪纠纷（委派）');
      expect(items).toHaveLength(1);
    }
    // Another township's bodies hear nothing of it.
    expect((await as.otherTownship.inject({ url: '/api/notifications?pageSize=100' })).json().items.filter((n: { title: string }) => n.title.includes('欠薪纠纷'))).toHaveLength(0);
  });

  it('a referral accepted in time is neither warned nor marked', async () => {
    const res = await as.court.inject({ method: 'POST', url: '/api/mediation/cases', payload: { bodyId: org.studio, source: 'court', kind: 'debt', title: '借款纠纷（委派）', summary: '诉前委派', parties: outsiders() } });
    const c = await ok(as.studio, res.json(), 'accept');
    const deps = { database: env.database };
    await runReferralJob(deps, { caseId: c.id, step: 'warn' }, new Date());
    await runReferralJob(deps, { caseId: c.id, step: 'overdue' }, new Date(Date.now() + 30 * 86_400_000));
    const [row] = await env.database.db.select().from(mediationCases).where(eq(mediationCases.id, c.id));
    expect(row).toMatchObject({ referralWarned: false, referralOverdueAt: null });
  });
  it('a referral transferred to another body gets its own three working days, warned and marked anew', async () => {
    const res = await as.court.inject({ method: 'POST', url: '/api/mediation/cases', payload: { bodyId: org.studio, source: 'court', kind: 'debt', title: '货款纠纷（委派转办）', summary: '诉前委派', parties: outsiders() } });
    const c0: Case & { stepDueAt: string } = res.json();
    const deps = { database: env.database };
    await runReferralJob(deps, { caseId: c0.id, step: 'warn' }, new Date());
    const moved = (await ok(as.studio, c0, 'transfer', { transfer: { bodyId: org.committee } })) as Case & { stepDueAt: string };
    expect(new Date(moved.stepDueAt).getTime()).toBeGreaterThanOrEqual(new Date(c0.stepDueAt).getTime());
    const [row] = await env.database.db.select().from(mediationCases).where(eq(mediationCases.id, c0.id));
    expect(row).toMatchObject({ referralWarned: false, bodyId: org.committee });
    const [job] = await env.database.db.select().from(jobs).where(eq(jobs.key, `mediation.referral.overdue:${c0.id}`));
    expect(job.runAt.toISOString()).toBe(moved.stepDueAt);
    // The new body is warned in its turn.
    await runReferralJob(deps, { caseId: c0.id, step: 'warn' }, new Date());
    const warned = (await as.body.inject({ url: '/api/notifications?pageSize=100' })).json().items.filter((n: { title: string }) => n.title === '诉前委派待受理：货款纠纷（委派转办）');
    expect(warned).toHaveLength(1);
  });
});

describe('household-file people as parties', () => {
  it('finds people of the body’s region with the minimum, audited; the full record stays sealed', async () => {
    const res = await as.body.inject({ url: `/api/mediation/people?q=${encodeURIComponent('刘')}` });
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items).toEqual([{ personId, name: '刘**', householdId, gridCode: '360802004001001' }]);
    expect(res.body).not.toContain('刘建国');
    expect(res.body.replaceAll(personId, '').replaceAll(householdId, '')).not.toContain('0001');
    const [entry] = await rowsOf<{ details: { matches: number; personIds: string[] } }>(env.database.db, sql`select details from audit_log where action = 'mediation.people_search' order by id desc limit 1`);
    expect(entry.details).toMatchObject({ matches: 1, personIds: [personId] });
    expect(JSON.stringify(entry.details)).not.toContain('刘');
    // The mediator has no access to the household files themselves.
    expect((await as.body.inject({ url: `/api/households/${householdId}` })).statusCode).toBe(403);
  });

  it('a mediator of another region finds nothing of this one, and may not search this body’s region', async () => {
    const other = (await as.otherTownship.inject({ url: `/api/mediation/people?q=${encodeURIComponent('刘')}` })).json();
    expect(other.items.map((i: { personId: string }) => i.personId)).toEqual([otherPersonId]);
    expect((await as.studio.inject({ url: `/api/mediation/people?q=${encodeURIComponent('刘')}` })).json().items).toEqual([]);
    expect((await as.otherTownship.inject({ url: `/api/mediation/people?q=${encodeURIComponent('刘')}&bodyId=${org.committee}` })).statusCode).toBe(403);
    expect((await as.studio.inject({ url: `/api/mediation/people?q=${encodeURIComponent('刘')}&bodyId=${org.committee}` })).statusCode).toBe(403);
  });

  it('the mediator opens a case with the person found; a person outside the body’s region is not found', async () => {
    const c = await open(as.body, { parties: [{ side: 'applicant', kind: 'person', personId }, outsiders()[1]] });
    expect(c.parties.find((p) => p.name === '刘**')).toBeTruthy();
    const res = await as.body.inject({ method: 'POST', url: '/api/mediation/cases', payload: { bodyId: org.committee, source: 'application', kind: 'debt', title: 't', summary: 's', parties: [{ side: 'applicant', kind: 'person', personId: otherPersonId }, outsiders()[1]] } });
    expect(res.statusCode).toBe(404);
  });
});

describe('petitions beside the figures, and the ledger', () => {
  it('counts the area’s petitions this period and the same period last year', async () => {
    const before = (await as.justice.inject({ url: '/api/mediation/figures' })).json().petitions;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await newAppeal({ channel: 'petition', content: `信访：邻里纠纷长期未解决，第 ${i + 1} 次来访反映。` })).id);
    // One of them came a year ago (the same day last year, noon China time).
    const y = today();
    const lastYearDay = `${Number(y.slice(0, 4)) - 1}${y.slice(4) === '-02-29' ? '-02-28' : y.slice(4)}`;
    await env.database.db.update(appeals).set({ createdAt: new Date(`${lastYearDay}T12:00:00+08:00`) }).where(eq(appeals.id, ids[0]));
    const f = (await as.justice.inject({ url: '/api/mediation/figures' })).json();
    expect(f.petitions).toMatchObject({ regionCode: '360802004', to: y, current: before.current + 2, lastYear: before.lastYear + 1 });
    expect(f.petitions.change).toBeCloseTo((f.petitions.current - f.petitions.lastYear) / f.petitions.lastYear, 3);
    const month = f.petitions.months.find((m: { month: string }) => m.month === y.slice(0, 7));
    expect(month.petitions).toBe(before.months.find((m: { month: string }) => m.month === y.slice(0, 7)).petitions + 2);
    expect(month.petitionsLastYear).toBeGreaterThanOrEqual(1);
    expect(month.casesAccepted).toBeGreaterThan(0);
    // Another township's mediator counts its own area's petitions: none of these.
    expect((await as.otherTownship.inject({ url: '/api/mediation/figures' })).json().petitions).toMatchObject({ regionCode: '360802001001', current: 0, lastYear: 0 });
  });

  it('exports the ledger (调解台账) as a workbook: the 司法所’s columns, parties masked, only the cases the caller sees', async () => {
    const res = await as.justice.inject({ url: '/api/mediation/ledger.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('调解台账')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    for (const h of ['编号', '受理日期', '纠纷类型', '当事人', '调解员', '调解结果', '协议履行', '结案日期']) expect(header).toContain(h);
    const text: string[] = [];
    sheet.eachRow((r) => text.push((r.values as unknown[]).slice(1).map(String).join('|')));
    const all = text.join('\n');
    expect(all).toContain('申请人：张**；被申请人：吉安市恒达建材有限公司');
    expect(all).not.toContain('张小明');
    expect(all).toContain('调解成功');
    expect(all).toContain('已履行');
    expect(all).toContain('邻里纠纷');
    expect(text.length).toBe(1 + (await as.justice.inject({ url: '/api/mediation/figures' })).json().total.accepted);
    const stats = wb.getWorksheet('统计')!;
    const statsText: string[] = [];
    stats.eachRow((r) => statsText.push((r.values as unknown[]).slice(1).map(String).join('|')));
    expect(statsText.join('\n')).toContain('信访件（上年同期）');
    // Another township's ledger holds none of these cases.
    const other = await as.otherTownship.inject({ url: '/api/mediation/ledger.xlsx' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
    expect(wb2.getWorksheet('调解台账')!.rowCount).toBe(1);
  });
});
