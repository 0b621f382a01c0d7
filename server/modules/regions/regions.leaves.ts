import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';

/** A grid as the place tree shows it: a leaf under its village. */
export interface GridLeaf {
  code: string;
  name: string;
  villageCode: string;
}

/**
 * Grids (15-digit codes: a village code and a sequence) are the leaves of the place tree, but the
 * grids module sits above regions (MODULE_ORDER in eslint.config.js): grids read divisions, regions
 * never read grids. So the grids module hands regions this reader when it loads
 * (grids/grids.leaves.ts, imported by app.ts), and the tree, names and searches here ask it about
 * every 15-digit code.
 */
export interface GridLeaves {
  /** The grids with these codes (unknown codes are left out). */
  find(db: DbOrTx, codes: string[]): Promise<GridLeaf[]>;
  /** The grids of one village inside the caller's scope, by code. */
  inVillage(db: DbOrTx, actor: Actor, villageCode: string): Promise<GridLeaf[]>;
  /** Which of these villages have at least one grid. */
  villagesWithGrids(db: DbOrTx, villageCodes: string[]): Promise<Set<string>>;
  /** How many grids lie in a region's subtree. */
  countIn(db: DbOrTx, regionCode: string): Promise<number>;
  /** Grids inside the caller's scope whose name contains `term`, or whose code starts with it (digits). */
  search(db: DbOrTx, actor: Actor, term: string, limit: number): Promise<GridLeaf[]>;
}

let provided: GridLeaves | undefined;

export function provideGridLeaves(leaves: GridLeaves): void {
  provided = leaves;
}

export function gridLeaves(): GridLeaves {
  if (!provided) throw new Error('grid leaves not provided: import modules/grids/grids.leaves.js before asking regions about grid codes');
  return provided;
}
