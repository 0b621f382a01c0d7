import { authorize, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { gridFigures } from '../grids/grids.figures.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import * as usersService from '../users/users.service.js';

export interface Overview {
  regionCode: string;
  counts: { counties: number; townships: number; villages: number; grids: number; gridWorkers: number; orgs: number; accounts: number };
  /** Grids and grid workers per child of the caller's scope (townships of a county, …), for the chart. */
  byChild: { code: string; name: string; grids: number; workers: number }[];
}

/** What the caller's area consists of, counted live from each module's registry. */
export async function overview(db: DbOrTx, actor: Actor): Promise<Overview> {
  authorize(actor, 'overview.read');
  // The level below the scope: provinces' cities, … ; a grid worker's scope has no children.
  const childLen = { 0: 2, 2: 4, 4: 6, 6: 9, 9: 12 }[actor.regionCode.length as 0 | 2 | 4 | 6 | 9];
  const [levels, grids, orgs, accounts, kids] = await Promise.all([
    regionsService.countLevelsIn(db, actor),
    gridFigures(db, actor, childLen),
    orgsService.countActiveInScope(db, actor),
    usersService.countActiveInScope(db, actor),
    childLen ? regionsService.divisionsOfLength(db, actor, childLen) : [],
  ]);
  return {
    regionCode: actor.regionCode,
    counts: { ...levels, grids: grids.grids, gridWorkers: grids.workers, orgs, accounts },
    byChild: kids.map((k) => ({ code: k.code, name: k.name, grids: grids.byPrefix.get(k.code)?.grids ?? 0, workers: grids.byPrefix.get(k.code)?.workers ?? 0 })),
  };
}
