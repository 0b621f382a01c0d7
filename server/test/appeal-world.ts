/** A small township with the organisations and people the appeal loop needs, signed in. */
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { installDemoLimits } from '../modules/appeals/appeals.limits.js';
import { makeFixtureTree, makeOrg, signIn, type Session, type TestEnv } from './helpers.js';

export interface AppealWorld {
  orgs: { urban: string; housing: string; centre: string; otherCounty: string };
  as: {
    dispatcher: Session;
    handler: Session;
    coHandler: Session;
    otherHandler: Session;
    gridWorker: Session;
    otherGridWorker: Session;
    community: Session;
    leader: Session;
    leaderId: string;
    otherDispatcher: Session;
    admin: Session;
  };
}

/** Grid 360802004001001 is the square [114.9, 27.0]–[114.909, 27.009] (first makeGrid of the tree). */
export const IN_GRID = { lon: 114.9045, lat: 27.0045 };

export async function makeAppealWorld(env: TestEnv): Promise<AppealWorld> {
  await makeFixtureTree(env.database);
  await installDemoTaxonomy(env.database.db);
  await installDemoLimits(env.database.db);
  const urban = await makeOrg(env.database, { name: '吉州区城市管理局', regionCode: '360802', categoryCodes: ['0101', '0102', '0302'] });
  const housing = await makeOrg(env.database, { name: '吉州区住房和城乡建设局', regionCode: '360802', categoryCodes: ['0201', '0302'] });
  const centre = await makeOrg(env.database, { name: '习溪桥街道综治中心', kind: 'governance_center', regionCode: '360802004' });
  const otherCounty = await makeOrg(env.database, { name: '袁州区城市管理局', regionCode: '360902' });
  const leader = await signIn(env, ['leader'], '360802');
  return {
    orgs: { urban, housing, centre, otherCounty },
    as: {
      dispatcher: (await signIn(env, ['dispatcher'], '360802004', { orgId: centre })).session,
      handler: (await signIn(env, ['handler'], '360802', { orgId: urban })).session,
      coHandler: (await signIn(env, ['handler'], '360802', { orgId: housing })).session,
      otherHandler: (await signIn(env, ['handler'], '360902', { orgId: otherCounty })).session,
      gridWorker: (await signIn(env, ['grid_worker'], '360802004001001', { grid: '360802004001001' })).session,
      otherGridWorker: (await signIn(env, ['grid_worker'], '360802004001002', { grid: '360802004001002' })).session,
      community: (await signIn(env, ['community_staff'], '360802004001')).session,
      leader: leader.session,
      leaderId: leader.user.id,
      otherDispatcher: (await signIn(env, ['dispatcher'], '360802001')).session,
      admin: (await signIn(env, ['admin'], '')).session,
    },
  };
}

export const RESIDENT = { kind: 'resident', name: '王秀英', phone: '13807961234' };

export function appealBody(extra: Record<string, unknown> = {}) {
  return {
    channel: 'visit',
    requester: RESIDENT,
    content: '小区门口井盖破损，晚上有人差点踩空，请尽快修复。',
    categoryCode: '0302',
    location: IN_GRID,
    address: '习溪桥街道上阳明路 12 号门口',
    ...extra,
  };
}
