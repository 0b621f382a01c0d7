/**
 * What the reliability scenarios need in a database before a server starts on it: a small township
 * (the test fixture tree), the appeal categories and time limits, and accounts with a known password.
 * Written straight into the database (`TestDatabase.use`), as `tingsu user add` would, without a server.
 */
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { installDemoLimits } from '../modules/appeals/appeals.limits.js';
import { makeFixtureTree, makeOrg, makeUser } from '../test/helpers.js';
import { IN_GRID, RESIDENT } from '../test/appeal-world.js';
import type { TestDatabase } from './databases.js';

interface Account {
  id: string;
  username: string;
  password: string;
}

export interface World {
  /** Everything, everywhere. */
  admin: Account;
  /** The township's governance centre (习溪桥街道, 360802004): registers and dispatches appeals. */
  dispatcher: Account;
  /** The full-time worker of grid 360802004001001. */
  gridWorker: Account;
  orgs: { centre: string; urban: string };
}

export async function seedWorld(db: TestDatabase): Promise<World> {
  return db.use(async (database) => {
    await makeFixtureTree(database);
    await installDemoTaxonomy(database.db);
    await installDemoLimits(database.db);
    const centre = await makeOrg(database, { name: '习溪桥街道综治中心', kind: 'governance_center', regionCode: '360802004' });
    const urban = await makeOrg(database, { name: '吉州区城市管理局', regionCode: '360802', categoryCodes: ['0101', '0102', '0302'] });
    const admin = await makeUser(database, { roles: ['admin'], regionCode: '', username: 'rel_admin' });
    const dispatcher = await makeUser(database, { roles: ['dispatcher'], regionCode: '360802004', orgId: centre, username: 'rel_dispatcher' });
    const gridWorker = await makeUser(database, { roles: ['grid_worker'], regionCode: '360802004001001', grid: '360802004001001', username: 'rel_worker' });
    return { admin, dispatcher, gridWorker, orgs: { centre, urban } };
  });
}

/** An appeal registered at the counter, in grid 360802004001001; `n` makes its text distinct. */
export function appealBody(n: number, extra: Record<string, unknown> = {}) {
  return {
    channel: 'visit',
    requester: RESIDENT,
    content: `小区门口井盖破损（第 ${n} 件），晚上有人差点踩空，请尽快修复。`,
    categoryCode: '0302',
    location: IN_GRID,
    address: '习溪桥街道上阳明路 12 号门口',
    ...extra,
  };
}
