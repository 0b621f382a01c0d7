import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeOrg, signIn, type TestEnv } from '../test/helpers.js';
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { installDemoLimits } from '../modules/appeals/appeals.limits.js';
import { generateDemoMediation, MEDIATION_DEMO_ORGS } from './mediation.js';
import { generateMediationFlows } from './mediation.flows.js';

let env: TestEnv;
const ids = new Map<string, string>();
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  for (const o of MEDIATION_DEMO_ORGS) ids.set(o.name, await makeOrg(env.database, o));
});
afterAll(() => env.close());

describe('the mediation demo', () => {
  it('makes a year of cases once: the named disputes, outcomes, and a lapsed confirmation on the 司法所 board', async () => {
    const now = new Date();
    const first = await generateDemoMediation(env.database, env.app.vault, { seed: 7, now });
    expect(first.cases).toBeGreaterThan(50);
    expect((await generateDemoMediation(env.database, env.app.vault, { seed: 7, now })).cases).toBe(0);

    const { session: sifasuo } = await signIn(env, ['mediator'], '360802004', { orgId: ids.get('习溪桥司法所') });
    const board = (await sifasuo.inject({ url: '/api/mediation/board' })).json();
    expect(board.lapsed.map((c: { title: string }) => c.title)).toEqual(['物业费拖欠与电梯维修争议']);
    expect(board.lapsingSoon.map((c: { title: string }) => c.title)).toContain('三兄弟赡养老母亲纠纷');
    expect(board.overdue.length).toBeGreaterThan(0);
    // An agreement's signed copy, photographed, kept with its version.
    const lapsed = (await sifasuo.inject({ url: `/api/mediation/cases/${board.lapsed[0].id}` })).json();
    expect(lapsed.attachments).toMatchObject([{ step: 'agree', agreementVersion: 1, mime: 'image/jpeg' }]);
    const scan = await sifasuo.inject({ url: `/api/mediation/cases/${lapsed.id}/attachments/${lapsed.attachments[0].id}` });
    expect(scan.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8');
    const f = (await sifasuo.inject({ url: '/api/mediation/figures' })).json();
    expect(f.total.settled).toBeGreaterThan(f.total.notSettled);

    const { session: mediator } = await signIn(env, ['mediator'], '360802004002', { orgId: ids.get('习溪桥居委会人民调解委员会') });
    const day = (await mediator.inject({ url: '/api/mediation/today' })).json();
    expect(day.items.length).toBeGreaterThan(0);
    expect(day.items.every((c: { bodyName: string }) => c.bodyName === '习溪桥居委会人民调解委员会')).toBe(true);

    const { session: court } = await signIn(env, ['mediator'], '360802', { orgId: ids.get('吉州区人民法院') });
    const referred = (await court.inject({ url: '/api/mediation/cases?pageSize=200' })).json().items;
    expect(referred.length).toBeGreaterThan(0);
    expect(new Set(referred.map((c: { kind: string }) => c.kind))).toEqual(new Set(['labour']));

    const { session: chamber } = await signIn(env, ['mediator'], '360802', { orgId: ids.get('吉州区总商会人民调解委员会') });
    const firms = (await chamber.inject({ url: '/api/mediation/cases?kind=contract' })).json().items;
    const one = (await chamber.inject({ url: `/api/mediation/cases/${firms[0].id}` })).json();
    expect(one.parties.map((p: { kind: string }) => p.kind)).toEqual(['enterprise', 'enterprise']);
    expect(one.parties[0].creditCode).toMatch(/^913608\d{2}[0-9A-HJ-NPQRTUWXY]{10}$/);
  });

  it('makes the live flows once: appeals that follow their cases, a referral sent today and one overdue', async () => {
    await installDemoTaxonomy(env.database.db);
    await installDemoLimits(env.database.db);
    const { session: court } = await signIn(env, ['mediator'], '360802', { orgId: ids.get('吉州区人民法院') });
    const { session: sifasuo } = await signIn(env, ['mediator'], '360802004', { orgId: ids.get('习溪桥司法所') });
    const opts = { seed: 7, now: new Date(), grid: '360802004001001', county: '360802', committeeId: ids.get('习溪桥居委会人民调解委员会')!, committeeRegion: '360802004002', studioId: ids.get('习溪桥街道新乡贤调解工作室')!, courtId: ids.get('吉州区人民法院')! };
    expect(await generateMediationFlows(env.database, env.app.vault, opts)).toBe(3);
    expect(await generateMediationFlows(env.database, env.app.vault, opts)).toBe(0);
    const { session: admin } = await signIn(env, ['admin'], '');
    const appeals = (await admin.inject({ url: '/api/appeals?pageSize=50' })).json().items as { title: string; status: string }[];
    expect(appeals.map((a) => a.status).sort()).toEqual(['handled', 'in_progress']);
    const referred = (await court.inject({ url: '/api/mediation/cases?pageSize=200&q=' + encodeURIComponent('诉前委派') })).json().items as { title: string; referralOverdueAt: string | null; overdue: boolean }[];
    expect(referred.find((c) => c.title.startsWith('房屋租赁'))).toMatchObject({ overdue: true, referralOverdueAt: expect.any(String) });
    expect(referred.find((c) => c.title.startsWith('民间借贷'))).toMatchObject({ overdue: false, referralOverdueAt: null });
    for (const s of [court, sifasuo]) {
      const titles = (await s.inject({ url: '/api/notifications?pageSize=50' })).json().items.map((n: { title: string }) => n.title);
      expect(titles).toContain('诉前委派逾期未受理：房屋租赁合同纠纷（诉前委派）');
    }
  });
});
