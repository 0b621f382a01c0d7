import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDemoTaxonomy } from '../categories/categories.service.js';
import { createTestEnv, makeFixtureTree, makeHousehold, makeOrg, makeUser, login, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { addDays, makeDailyPlans, chinaDate } from './visits.plans.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { isWorkingDay } from '../calendar/calendar.time.js';
import { generateVisits } from '../../generate/visits.js';

let env: TestEnv;
const G1 = '360802004001001';
const G2 = '360802004001002';
const VILLAGE = '360802004001';
/** Working days from today on (plans are made for today and a week ahead): the tests' plan days. */
let DAY: string;
let NEXT_DAY: string;
let worker: Session;
let workerId: string;
let hh: { id: string; version: number }[] = [];
let other: { id: string };
let category: string;
/** Households where somebody was met at the door, as the tests log them. */
const met = new Set<string>();

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  const cal = await workCalendar(env.database.db);
  const ahead = Array.from({ length: 8 }, (_, i) => addDays(chinaDate(), i)).filter((d) => isWorkingDay(cal, d));
  [DAY, NEXT_DAY] = ahead;
  await installDemoTaxonomy(env.database.db);
  const [c] = await env.database.query<{ code: string }>(`select code from appeal_categories where level = 2 order by code limit 1`);
  category = c.code;
  hh = [];
  for (let i = 0; i < 12; i++) {
    hh.push(await makeHousehold(env, { gridCode: G1, houseNumber: String(i + 1), type: i % 3 === 0 ? 'farming' : 'ordinary', tags: i === 5 ? ['dibao'] : [], members: [{ name: `户主${i}`, relation: 'head', phone: `1381234${String(5000 + i)}` }] }));
  }
  other = await makeHousehold(env, { gridCode: G2, houseNumber: '99', members: [{ name: '外网格', relation: 'head' }] });
  const w = await makeUser(env.database, { roles: ['grid_worker'], regionCode: VILLAGE, grid: G1 });
  workerId = w.id;
  worker = await login(env.app, w.username);
});
afterAll(() => env.close());

const now = () => new Date().toISOString();
let k = 0;
const clientId = () => `test-client-${Date.now().toString(36)}-${k++}`;

describe('daily plans', () => {
  it('plans the quota from the worker’s own grids, the vulnerable first, each with its window and reason', async () => {
    const res = await worker.inject({ url: `/api/visits/today?date=${DAY}` });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan.workingDay).toBe(true);
    expect(plan.quota).toBe(10);
    expect(plan.items).toHaveLength(10);
    expect(plan.items.every((i: { household: { gridCode: string } }) => i.household.gridCode === G1)).toBe(true);
    const dibao = plan.items.find((i: { household: { id: string } }) => i.household.id === hh[5].id);
    expect(dibao.reason).toContain('低保');
    const farming = plan.items.filter((i: { household: { type: string } }) => i.household.type === 'farming');
    expect(farming.length).toBeGreaterThan(0);
    expect(farming.every((i: { window: string }) => i.window === 'morning')).toBe(true);
    expect(plan.items[0].window).toBe('morning');
    // Asking again answers the same plan.
    expect((await worker.inject({ url: `/api/visits/today?date=${DAY}` })).json().id).toBe(plan.id);
    // The household cards carry no ID numbers and only masked phones.
    expect(JSON.stringify(plan)).not.toMatch(/1381234500\d/);
    expect(plan.items[0].household.members[0].phoneMasked).toMatch(/^138\*{4}\d{4}$/);
  });

  it('makes no plan on a holiday, and the morning job plans every full-time worker once', async () => {
    const holiday = (await worker.inject({ url: '/api/visits/today?date=2026-10-01' })).json();
    expect(holiday.workingDay).toBe(false);
    expect(holiday.items).toEqual([]);
    await makeUser(env.database, { roles: ['grid_worker'], regionCode: VILLAGE, grid: G2 });
    const made = await makeDailyPlans(env.database, '2026-11-04');
    expect(made).toBe(2);
    expect(await makeDailyPlans(env.database, '2026-11-04')).toBe(0);
    const [{ n }] = await env.database.query<{ n: number }>(`select count(*)::int as n from visit_plans where date = '2026-11-04'`);
    expect(Number(n)).toBe(2);
  });

  it('plans workers who share a grid in separate batches without giving a household twice', async () => {
    await makeUser(env.database, { roles: ['grid_worker'], regionCode: VILLAGE, grid: G1 });
    // Batches of one: the next worker's households load while the previous worker's plan is written.
    expect(await makeDailyPlans(env.database, '2026-11-05', { batch: 1 })).toBe(3);
    const items = await env.database.query<{ household_id: string; grid_code: string; worker_id: string }>(
      `select i.household_id, i.grid_code, p.worker_id from visit_plan_items i join visit_plans p on p.id = i.plan_id where p.date = '2026-11-05'`,
    );
    expect(new Set(items.map((i) => i.household_id)).size).toBe(items.length);
    // G1's twelve households: ten for one of its workers (the quota), the other two for the other.
    const g1 = items.filter((i) => i.grid_code === G1);
    expect(g1).toHaveLength(12);
    const perWorker = new Map<string, number>();
    for (const i of g1) perWorker.set(i.worker_id, (perWorker.get(i.worker_id) ?? 0) + 1);
    expect([...perWorker.values()].sort((a, b) => a - b)).toEqual([2, 10]);
    expect(items.filter((i) => i.grid_code === G2)).toHaveLength(1);
  });

  it('swaps a household with a reason, and refuses one outside the worker’s grids', async () => {
    const plan = (await worker.inject({ url: `/api/visits/today?date=${DAY}` })).json();
    const inPlan = new Set(plan.items.map((i: { household: { id: string } }) => i.household.id));
    const spare = hh.find((h) => !inPlan.has(h.id))!;
    const item = plan.items.find((i: { status: string }) => i.status === 'planned');
    const outside = await worker.inject({ method: 'POST', url: `/api/visits/plans/${plan.id}/items/${item.id}/swap`, payload: { householdId: other.id, reason: '换' } });
    expect(outside.statusCode).toBe(404);
    const res = await worker.inject({ method: 'POST', url: `/api/visits/plans/${plan.id}/items/${item.id}/swap`, payload: { householdId: spare.id, reason: '户主今天去医院' } });
    expect(res.statusCode).toBe(200);
    const after = res.json();
    expect(after.items.find((i: { id: string }) => i.id === item.id).status).toBe('swapped_out');
    expect(after.items.some((i: { household: { id: string }; reason: string }) => i.household.id === spare.id && i.reason === '调换：户主今天去医院')).toBe(true);
    expect(after.counts.planned).toBe(10);
  });
});

describe('logging visits', () => {
  it('records a visit solved on the spot, one raising an appeal and one with nobody home, each once', async () => {
    const plan = (await worker.inject({ url: `/api/visits/today?date=${DAY}` })).json();
    const open = plan.items.filter((i: { status: string }) => i.status === 'planned');
    const [a, b, c] = open;
    const base = (item: { id: string; household: { id: string } }) => ({ clientId: clientId(), householdId: item.household.id, planItemId: item.id, checkInAt: now(), location: { lon: 114.904, lat: 27.004 } });

    const onSpot = { ...base(a), outcome: 'met', metWith: '户主', situation: '反映楼道灯坏了', finding: 'on_spot', onSpot: { content: '楼道灯不亮', result: '已联系物业当场更换', categoryCode: category } };
    const r1 = await worker.inject({ method: 'POST', url: '/api/visits', payload: onSpot });
    expect(r1.statusCode).toBe(201);
    const v1 = r1.json();
    expect(v1.appealNumber).toMatch(/^360802-\d{8}-\d{4}$/);
    const appeal1 = (await worker.inject({ url: `/api/appeals/${v1.appealId}` })).json();
    expect(appeal1.channel).toBe('visit');
    expect(appeal1.status).toBe('handled');

    const raise = { ...base(b), outcome: 'met', finding: 'appeal', appeal: { content: '门前排水沟堵塞，下雨积水', categoryCode: category } };
    const r2 = await worker.inject({ method: 'POST', url: '/api/visits', payload: raise });
    expect(r2.statusCode).toBe(201);
    const appeal2 = (await worker.inject({ url: `/api/appeals/${r2.json().appealId}` })).json();
    expect(appeal2.status).toBe('registered');
    expect(appeal2.channel).toBe('visit');

    const away = { ...base(c), outcome: 'nobody_home', finding: 'nothing' };
    const r3 = await worker.inject({ method: 'POST', url: '/api/visits', payload: away });
    expect(r3.statusCode).toBe(201);
    met.add(a.household.id).add(b.household.id);

    // A retry of each (the phone lost the answer) changes nothing and answers the same visits.
    for (const [payload, first] of [[onSpot, v1], [raise, r2.json()], [away, r3.json()]] as const) {
      const again = await worker.inject({ method: 'POST', url: '/api/visits', payload });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ id: first.id, replayed: true, appealId: first.appealId });
    }
    const [{ n }] = await env.database.query<{ n: number }>(`select count(*)::int as n from visits where worker_id = '${workerId}'`);
    expect(Number(n)).toBe(3);
    const [{ appeals }] = await env.database.query<{ appeals: number }>(`select count(*)::int as appeals from appeals where source = 'visit'`);
    expect(Number(appeals)).toBe(2);

    const after = (await worker.inject({ url: `/api/visits/today?date=${DAY}` })).json();
    const status = (id: string) => after.items.find((i: { id: string }) => i.id === id).status;
    expect([status(a.id), status(b.id), status(c.id)]).toEqual(['visited', 'visited', 'nobody_home']);

    // The household's timeline shows the visit and the appeal it raised.
    const timeline = (await worker.inject({ url: `/api/households/${b.household.id}/timeline` })).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['visit.met', 'appeal.registered']));
    // Nobody home: the next plan tries another window for that household.
    const [state] = await env.database.query<{ w: string[] }>(`select nobody_home_windows as w from household_visit_state where household_id = '${c.household.id}'`);
    expect(state.w).toEqual([c.window]);
  });

  it('refuses bad input with clear errors and saves nothing', async () => {
    const count = async () => Number((await env.database.query<{ n: number }>(`select count(*)::int as n from visits`))[0].n);
    const before = await count();
    const future = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: hh[0].id, checkInAt: new Date(Date.now() + 3600_000).toISOString(), outcome: 'met', finding: 'nothing' } });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toContain('晚于当前时间');
    const outside = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: other.id, checkInAt: now(), outcome: 'met', finding: 'nothing' } });
    expect(outside.statusCode).toBe(404);
    const missing = await worker.inject({ method: 'POST', url: '/api/visits', headers: { 'accept-language': 'en' }, payload: { clientId: clientId(), householdId: hh[0].id, checkInAt: now(), outcome: 'met', finding: 'appeal' } });
    expect(missing.statusCode).toBe(400);
    const inconsistent = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: hh[0].id, checkInAt: now(), outcome: 'nobody_home', finding: 'service', serviceKind: 'home' } });
    expect(inconsistent.statusCode).toBe(400);
    const bigPhoto = Buffer.alloc(6 * 1024 * 1024, 0);
    bigPhoto.set([0xff, 0xd8, 0xff]);
    const tooBig = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: hh[0].id, checkInAt: now(), outcome: 'met', finding: 'nothing', photos: [{ filename: 'a.jpg', mime: 'image/jpeg', data: bigPhoto.toString('base64') }] } });
    expect(tooBig.statusCode).toBe(413);
    const wrongType = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: hh[0].id, checkInAt: now(), outcome: 'met', finding: 'nothing', photos: [{ filename: 'a.gif', mime: 'image/gif', data: 'R0lGODlh' }] } });
    expect(wrongType.statusCode).toBe(415);
    expect(await count()).toBe(before);
  });

  it('flags a check-in far from the household and a late upload instead of refusing them', async () => {
    await env.database.query(`update households set lon = 114.904, lat = 27.004 where id = '${hh[6].id}'`);
    const res = await worker.inject({
      method: 'POST',
      url: '/api/visits',
      payload: { clientId: clientId(), householdId: hh[6].id, checkInAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), location: { lon: 114.95, lat: 27.004 }, outcome: 'met', finding: 'service', serviceKind: 'proxy', findingNote: '代办高龄补贴申请' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().flags.sort()).toEqual(['far_from_household', 'late_sync']);
    expect(res.json().distanceM).toBeGreaterThan(4000);
    met.add(hh[6].id);
  });

  it('keeps a file change made against a stale version as a conflict for the worker to resolve', async () => {
    const target = hh[7];
    const { session: staff } = await signIn(env, ['community_staff'], VILLAGE);
    // Someone changes the file in the office while the worker is at the door (offline).
    expect((await staff.inject({ method: 'PATCH', url: `/api/households/${target.id}`, payload: { version: target.version, riskNotes: '邻里纠纷已调解' } })).statusCode).toBe(200);
    const res = await worker.inject({
      method: 'POST',
      url: '/api/visits',
      payload: { clientId: clientId(), householdId: target.id, checkInAt: now(), outcome: 'met', finding: 'file_change', fileChange: { version: target.version, reason: '家中老人独居', patch: { tags: ['elderly_alone'] } } },
    });
    expect(res.statusCode).toBe(201);
    met.add(target.id);
    const v = res.json();
    expect(v.changeStatus).toBe('conflict');
    expect(v.conflict.message).toContain('已被他人修改');
    expect(v.conflict.fields).toEqual([{ field: 'tags', mine: ['elderly_alone'], current: [] }]);
    const resolved = await worker.inject({ method: 'POST', url: `/api/visits/${v.id}/resolve`, payload: { action: 'apply' } });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().changeStatus).toBe('applied');
    const file = (await staff.inject({ url: `/api/households/${target.id}` })).json();
    expect(file.tags).toEqual(['elderly_alone']);
    expect(file.riskNotes).toBe('邻里纠纷已调解');
    expect((await worker.inject({ method: 'POST', url: `/api/visits/${v.id}/resolve`, payload: { action: 'discard' } })).statusCode).toBe(409);
  });
});

describe('retries, races and refusals', () => {
  it('answers two copies of one submission arriving at once with one visit', async () => {
    const body = { clientId: clientId(), householdId: hh[9].id, checkInAt: now(), outcome: 'met', finding: 'appeal', appeal: { content: '同时到达的两次提交', categoryCode: category } };
    const [a, b] = await Promise.all([worker.inject({ method: 'POST', url: '/api/visits', payload: body }), worker.inject({ method: 'POST', url: '/api/visits', payload: body })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(a.json().appealId).toBe(b.json().appealId);
    const [{ n }] = await env.database.query<{ n: number }>(`select count(*)::int as n from appeals where id = '${a.json().id}'`);
    expect(Number(n)).toBe(1);
    met.add(hh[9].id);
  });

  it('refuses an unknown category before saving anything, and keeps a visit whose plan was remade', async () => {
    const before = Number((await env.database.query<{ n: number }>(`select count(*)::int as n from visits`))[0].n);
    const unknown = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: hh[10].id, checkInAt: now(), outcome: 'met', finding: 'appeal', appeal: { content: '类别不存在', categoryCode: '9999' } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('9999');
    expect(Number((await env.database.query<{ n: number }>(`select count(*)::int as n from visits`))[0].n)).toBe(before);
    // A plan item that no longer exists (remade while the phone was offline): the visit is still logged.
    const gone = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: hh[10].id, planItemId: '00000000-0000-4000-8000-000000000000', checkInAt: now(), outcome: 'nobody_home', finding: 'nothing' } });
    expect(gone.statusCode).toBe(201);
  });

  it('answers 404 for areas outside the caller’s, and 400 for periods longer than a year', async () => {
    const { session: staff } = await signIn(env, ['community_staff'], VILLAGE);
    expect((await staff.inject({ url: '/api/visits/plans?regionCode=360803' })).statusCode).toBe(404);
    expect((await staff.inject({ url: '/api/visits?regionCode=360803' })).statusCode).toBe(404);
    expect((await staff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&from=2024-01-01&to=2026-01-01` })).statusCode).toBe(400);
    const { session: countyAdmin } = await signIn(env, ['admin'], '360803');
    const put = await countyAdmin.inject({ method: 'PUT', url: '/api/visits/settings/360802', payload: { dailyQuota: 5, cadreCoverageDays: 182, farMeters: 300, windows: [{ code: 'morning', name: '晨访', nameEn: 'morning', start: '07:00', end: '09:00' }], typeWindows: {} } });
    expect(put.statusCode).toBe(403);
  });
});

describe('the household file follows the appeals raised at its door', () => {
  it('puts the appeal’s outcome on the household’s timeline, and counts open appeals per grid', async () => {
    const target = hh[11];
    const res = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: target.id, checkInAt: now(), outcome: 'met', finding: 'appeal', appeal: { content: '院墙开裂需要鉴定', categoryCode: category } } });
    expect(res.statusCode).toBe(201);
    met.add(target.id);
    const { session: dispatcher } = await signIn(env, ['dispatcher'], '360802004');
    const byGrid = (await dispatcher.inject({ url: `/api/appeals/by-grid?within=${VILLAGE}` })).json();
    expect(byGrid.find((g: { gridCode: string }) => g.gridCode === G1).open).toBeGreaterThanOrEqual(1);
    expect((await dispatcher.inject({ url: '/api/appeals/by-grid?within=360803001001' })).statusCode).toBe(404);
    const appeal = (await dispatcher.inject({ url: `/api/appeals/${res.json().appealId}` })).json();
    const rejected = await dispatcher.inject({ method: 'POST', url: `/api/appeals/${appeal.id}/actions/reject`, payload: { version: appeal.version, reason: '属于房屋安全鉴定机构的有偿服务，已告知办理途径' } });
    expect(rejected.statusCode).toBe(200);
    const timeline = (await worker.inject({ url: `/api/households/${target.id}/timeline` })).json();
    const outcome = timeline.items.find((e: { kind: string }) => e.kind === 'appeal.not_accepted');
    expect(outcome.summary).toBe(`入户走访中登记的诉求 ${appeal.number}不予受理`);
    expect(outcome.refId).toBe(appeal.id);
  });
});

describe('a department and the household an appeal links', () => {
  it('shows the department the household of an appeal dispatched to it, and nothing else', async () => {
    const target = hh[3];
    const res = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: target.id, checkInAt: now(), outcome: 'met', finding: 'appeal', appeal: { content: '屋顶漏雨，需要维修', categoryCode: category } } });
    expect(res.statusCode).toBe(201);
    met.add(target.id);
    const orgId = await makeOrg(env.database, { regionCode: '360802', categoryCodes: [category] });
    const otherOrg = await makeOrg(env.database, { regionCode: '360802', categoryCodes: [category] });
    const { session: dispatcher } = await signIn(env, ['dispatcher'], '360802004');
    const { session: handler } = await signIn(env, ['handler'], '360802', { orgId });
    const { session: otherHandler } = await signIn(env, ['handler'], '360802', { orgId: otherOrg });
    let appeal = (await dispatcher.inject({ url: `/api/appeals/${res.json().appealId}` })).json();
    // Before it is dispatched to them, the department sees neither the appeal nor the household.
    expect((await handler.inject({ url: `/api/appeals/${appeal.id}/household` })).statusCode).toBe(404);
    appeal = (await dispatcher.inject({ method: 'POST', url: `/api/appeals/${appeal.id}/actions/accept`, payload: { version: appeal.version } })).json();
    const dispatched = await dispatcher.inject({ method: 'POST', url: `/api/appeals/${appeal.id}/actions/dispatch`, payload: { version: appeal.version, leadOrgId: orgId } });
    expect(dispatched.statusCode).toBe(200);
    const card = await handler.inject({ url: `/api/appeals/${appeal.id}/household` });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({ id: target.id, gridCode: G1 });
    expect(card.json().members[0].phoneMasked).toMatch(/^138\*{4}\d{4}$/);
    expect((await otherHandler.inject({ url: `/api/appeals/${appeal.id}/household` })).statusCode).toBe(404);
    expect((await handler.inject({ url: `/api/households/${target.id}` })).statusCode).toBe(403);
    const [audited] = await env.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'household.view_via_appeal' and target_id = '${target.id}'`);
    expect(Number(audited.n)).toBe(1);
  });
});

describe('supervision', () => {
  it('computes coverage, visits per worker-day and overdue households as defined, scoped to the caller', async () => {
    const { session: staff } = await signIn(env, ['community_staff'], VILLAGE);
    const today = chinaDate();
    const from = chinaDate(new Date(Date.now() - 3 * 86_400_000));
    const cov = (await staff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&groupBy=grid&from=${from}&to=${today}` })).json();
    const g1 = cov.rows.find((r: { code: string }) => r.code === G1);
    // 12 households in G1; six visits met somebody (on the spot, appeal, service, file change, the raced
    // submission, the appeal rejected later, the appeal dispatched), two found nobody home.
    expect(g1).toMatchObject({ households: 12, visitedHouseholds: met.size, visits: 7, nobodyHome: 2 });
    expect(g1.coverage).toBeCloseTo(met.size / 12, 4);
    const g2 = cov.rows.find((r: { code: string }) => r.code === G2);
    expect(g2).toMatchObject({ households: 1, visitedHouseholds: 0, coverage: 0 });
    expect(cov.totals).toMatchObject({ households: 13, visitedHouseholds: met.size });
    // A period that ended yesterday counts the visits inside it only: the one uploaded late.
    const yesterday = chinaDate(new Date(Date.now() - 86_400_000));
    const past = (await staff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&groupBy=grid&from=${from}&to=${yesterday}` })).json();
    expect(past.rows.find((r: { code: string }) => r.code === G1)).toMatchObject({ households: 12, visitedHouseholds: 1, visits: 1, nobodyHome: 0 });

    const workers = (await staff.inject({ url: `/api/visits/workers?regionCode=${VILLAGE}&from=${from}&to=${today}` })).json();
    const me = workers.rows.find((r: { userId: string }) => r.userId === workerId);
    expect(me.visits).toBe(9);
    expect(me).toMatchObject({ grids: [G1], gridNames: ['网格001001'] });
    expect(me.underQuota).toBe(true);

    // A community cadre's visit counts toward the cadres' half-year coverage.
    const cadreVisit = await staff.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: other.id, checkInAt: now(), outcome: 'met', finding: 'service', serviceKind: 'assist' } });
    expect(cadreVisit.statusCode).toBe(201);
    expect(cadreVisit.json().byCadre).toBe(true);
    met.add(other.id);
    const cadres = (await staff.inject({ url: `/api/visits/cadres?regionCode=${VILLAGE}` })).json();
    expect(cadres.totals).toMatchObject({ households: 13, covered: 1 });
    expect(cadres.totals.coverage).toBeCloseTo(1 / 13, 4);

    const never = (await staff.inject({ url: `/api/visits/overdue?regionCode=${VILLAGE}&kind=never&pageSize=50` })).json();
    // Never met: every household but those met (a nobody-home attempt is not a visit).
    expect(never.total).toBe(13 - met.size);

    const xlsx = await staff.inject({ url: `/api/visits/export.xlsx?regionCode=${VILLAGE}&from=${from}&to=${today}` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    // Outside the caller's area: 404; a grid worker does not supervise; a department sees nothing.
    expect((await staff.inject({ url: '/api/visits/coverage?regionCode=360803' })).statusCode).toBe(404);
    expect((await worker.inject({ url: '/api/visits/coverage' })).statusCode).toBe(403);
    const { session: otherCounty } = await signIn(env, ['dispatcher'], '360803001');
    expect((await otherCounty.inject({ url: `/api/visits?householdId=${hh[0].id}` })).json().total).toBe(0);
    const anyVisit = (await staff.inject({ url: '/api/visits?pageSize=1' })).json().items[0];
    expect((await otherCounty.inject({ url: `/api/visits/${anyVisit.id}` })).statusCode).toBe(404);
    // Grid assignment: a grid worker of the village's other grid sees neither the visit nor the
    // household, and cannot log a visit there (cross-scope).
    const { session: otherGrid } = await signIn(env, ['grid_worker'], VILLAGE, { grid: G2 });
    const g1Visit = (await staff.inject({ url: `/api/visits?regionCode=${G1}&pageSize=1` })).json().items[0];
    expect(g1Visit.gridCode).toBe(G1);
    // The grid by its name, in the list and on the visit itself.
    expect(g1Visit.gridName).toBe('网格001001');
    expect((await staff.inject({ url: `/api/visits/${g1Visit.id}` })).json().gridName).toBe('网格001001');
    expect((await otherGrid.inject({ url: `/api/visits/${g1Visit.id}` })).statusCode).toBe(404);
    expect((await otherGrid.inject({ url: `/api/households/${hh[0].id}` })).statusCode).toBe(404);
    const foreign = { clientId: clientId(), householdId: hh[0].id, checkInAt: now(), outcome: 'met', finding: 'nothing' };
    expect((await otherGrid.inject({ method: 'POST', url: '/api/visits', payload: foreign })).statusCode).toBe(404);
  });

  it('lets an administrator set a county’s rules, and plans follow them', async () => {
    const { session: admin } = await signIn(env, ['admin'], '');
    const put = await admin.inject({
      method: 'PUT',
      url: '/api/visits/settings/360802',
      payload: { dailyQuota: 4, cadreCoverageDays: 182, farMeters: 500, windows: [{ code: 'morning', name: '晨访', nameEn: 'morning', start: '07:00', end: '09:00' }, { code: 'evening', name: '夜访', nameEn: 'evening', start: '18:30', end: '21:00' }], typeWindows: { farming: 'morning', ordinary: 'evening' } },
    });
    expect(put.statusCode).toBe(200);
    const bad = await admin.inject({ method: 'PUT', url: '/api/visits/settings/360802', payload: { ...(put.json() as Record<string, unknown>), regionCode: undefined, typeWindows: { farming: 'noon' } } });
    expect(bad.statusCode).toBe(400);
    const plan = (await worker.inject({ url: `/api/visits/today?date=${NEXT_DAY}` })).json();
    expect(plan.quota).toBe(4);
    expect(plan.items).toHaveLength(4);
    expect(new Set(plan.items.map((i: { window: string }) => i.window))).toEqual(new Set(['morning', 'evening']));
    expect((await worker.inject({ method: 'PUT', url: '/api/visits/settings/360802', payload: put.json() })).statusCode).toBe(403);
  });
});

describe('generated visits (demo and generator)', () => {
  it('plans and works days as the rules say: quota, one plan per worker and day, visits inside their windows', async () => {
    const GRID = '360803001001001';
    for (let i = 0; i < 25; i++) await makeHousehold(env, { gridCode: GRID, houseNumber: `g${i}`, type: i % 2 ? 'migrant' : 'farming' });
    await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360803001001', grid: GRID });
    const made = await generateVisits(env.database, { seed: 7, within: '360803', days: 5, today: '2026-12-07' });
    expect(made.plans).toBe(5);
    // Each visit fulfils one plan item (visited or nobody home); the rest stayed planned (a worker may fall short).
    const [worked] = await env.database.query<{ n: number }>(
      `select count(*)::int as n from visit_plan_items i join visits v on v.id = i.visit_id where i.grid_code like '360803%' and i.status in ('visited', 'nobody_home')`,
    );
    expect(made.visits).toBeGreaterThan(0);
    expect(Number(worked.n)).toBe(made.visits);
    const plans = await env.database.query<{ date: string; n: number }>(
      `select p.date::text as date, count(i.*)::int as n from visit_plans p join visit_plan_items i on i.plan_id = p.id where p.grid_code like '360803%' group by 1 order by 1`,
    );
    // The five working days before Monday 7 December 2026, each planned to the quota of 10.
    expect(plans.map((p) => p.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(plans.every((p) => Number(p.n) === 10)).toBe(true);
    const outside = await env.database.query<{ n: number }>(
      `select count(*)::int as n from visits v where v.grid_code like '360803%' and not (
         (v.window = 'morning' and to_char(v.check_in_at at time zone 'Asia/Shanghai', 'HH24:MI') between '07:00' and '09:00') or
         (v.window = 'noon' and to_char(v.check_in_at at time zone 'Asia/Shanghai', 'HH24:MI') between '11:30' and '13:30') or
         (v.window = 'afternoon' and to_char(v.check_in_at at time zone 'Asia/Shanghai', 'HH24:MI') between '14:30' and '17:30') or
         (v.window = 'evening' and to_char(v.check_in_at at time zone 'Asia/Shanghai', 'HH24:MI') between '18:30' and '21:00'))`,
    );
    expect(Number(outside[0].n)).toBe(0);
    // Farming households in the morning, migrant ones in the evening, unless nobody was home before.
    const windows = await env.database.query<{ type: string; window: string; n: number }>(
      `select h.type, v.window, count(*)::int as n from visits v join households h on h.id = v.household_id where v.grid_code like '360803%' group by 1, 2`,
    );
    const first = windows.filter((w) => (w.type === 'farming' && w.window === 'morning') || (w.type === 'migrant' && w.window === 'evening'));
    expect(first.reduce((s, w) => s + Number(w.n), 0)).toBeGreaterThan(made.visits / 2);
    // Every household visited (or tried) has its visiting state, and the last visit there matches.
    const [state] = await env.database.query<{ n: number; visited: number; mismatched: number }>(
      `select (select count(*)::int from household_visit_state where grid_code like '360803%') as n,
              (select count(distinct household_id)::int from visits where grid_code like '360803%') as visited,
              (select count(*)::int from household_visit_state s where s.grid_code like '360803%' and s.last_visit_at is distinct from
                 (select max(check_in_at) from visits v where v.household_id = s.household_id and v.outcome = 'met')) as mismatched`,
    );
    expect(Number(state.n)).toBe(Number(state.visited));
    expect(Number(state.visited)).toBeGreaterThan(0);
    expect(Number(state.mismatched)).toBe(0);
    expect(await generateVisits(env.database, { seed: 7, within: '360803', days: 5, today: '2026-12-07' })).toEqual({ visits: 0, plans: 0 });
  });
});
