import { authorize, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { gridAndWorkerCounts } from '../grids/grids.service.js';
import { countActive } from '../orgs/orgs.service.js';
import { divisionsAt, levelCounts } from '../regions/regions.service.js';
import { countEnabled } from '../users/users.service.js';

export interface Overview {
  regionCode: string;
  counts: { counties: number; townships: number; villages: number; grids: number; gridWorkers: number; orgs: number; accounts: number };
  /** Grids and grid workers per child of the caller's scope (townships of a county, …), for the chart. */
  byChild: { code: string; name: string; grids: number; workers: number }[];
}

/** What the caller's area consists of, counted live from the registry. */
export async function overview(db: DbOrTx, actor: Actor): Promise<Overview> {
  authorize(actor, 'overview.read');
  const area = actor.regionCode;
  // The level below the scope: provinces' cities, … ; a grid worker's scope has no children.
  const childLen = { 0: 2, 2: 4, 4: 6, 6: 9, 9: 12 }[area.length as 0 | 2 | 4 | 6 | 9];
  const r = await levelCounts(db, area);
  const gw = await gridAndWorkerCounts(db, area, childLen);
  const orgCount = await countActive(db, area);
  const accounts = await countEnabled(db, area);
  const byChild: Overview['byChild'] = childLen
    ? (await divisionsAt(db, area, childLen)).map((k) => ({ code: k.code, name: k.name, grids: gw.gridsBy.get(k.code) ?? 0, workers: gw.workersBy.get(k.code) ?? 0 }))
    : [];
  return {
    regionCode: area,
    counts: { ...r, grids: gw.grids, gridWorkers: gw.workers, orgs: orgCount, accounts },
    byChild,
  };
}
