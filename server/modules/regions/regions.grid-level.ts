/**
 * The grid level of the division tree. Grids hang below villages, yet the grids module sits above
 * this one in the module order (it places every grid in a village), so regions cannot read grids:
 * the grids module hands it this view when it loads, and the tree, names and search read through it.
 */
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';

export interface GridLeaf {
  code: string;
  name: string;
  villageCode: string;
}

export interface GridLeafFilter {
  codes?: string[];
  villageCode?: string;
  scope?: Actor;
  /** A LIKE pattern on the name, or, when given, a LIKE prefix on the code. */
  match?: { name: string; codePrefix?: string };
  limit?: number;
}

export interface GridLevel {
  /** SQL: the village with this code has grids (correlated, for the tree's `hasChildren`). */
  villageHasGrids(villageCode: SQL): SQL;
  /** The grids matching a filter, in code order. */
  leaves(db: DbOrTx, f: GridLeafFilter): Promise<GridLeaf[]>;
  /** The grids of an area ('' is everywhere). */
  count(db: DbOrTx, area: string): Promise<number>;
}

let provided: GridLevel | undefined;

export function provideGridLevel(level: GridLevel): void {
  provided = level;
}

export function gridLevel(): GridLevel {
  if (!provided) throw new Error('The grids module is not loaded: the division tree has no grid level');
  return provided;
}
