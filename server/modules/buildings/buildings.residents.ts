/**
 * How many households and residents a building has comes from the household files, which live in a
 * higher module: the households module registers the count here when its routes are built, so this
 * module never reads the household tables.
 */
import type { DbOrTx } from '../../platform/db.js';

export type ResidentCounts = (db: DbOrTx, buildingIds: string[]) => Promise<Map<string, { households: number; residents: number }>>;

let counter: ResidentCounts | null = null;

export function countResidentsWith(count: ResidentCounts): void {
  counter = count;
}

export function residentCounts(db: DbOrTx, buildingIds: string[]): ReturnType<ResidentCounts> {
  if (!counter) throw new Error('resident counts are not registered (the households routes register them)');
  return counter(db, buildingIds);
}
