/**
 * What follows a grid when it is split or merged. Buildings and household files live in higher modules
 * than grids, so the grids module does not call them: each registers its step here when its routes are
 * built, and the split or merge runs the steps in its own transaction — buildings first (they are
 * renumbered in their new grid), then the household files (which follow their building, or their
 * position when they have none).
 */
import type { RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';

/** Where the records of a grid go: the piece containing their position (split), or one grid (merge). */
export type ReshapeTarget = { locate: (lon: number, lat: number) => string | null } | { toCode: string };

export interface GridReshapeSteps {
  /** Moves the grid's buildings and compounds; answers building id → new grid code. */
  buildings(tx: DbOrTx, fromCode: string, target: ReshapeTarget): Promise<Map<string, string>>;
  /** Moves the grid's household files; answers how many moved. */
  households(tx: DbOrTx, ctx: RequestContext, fromCode: string, target: ReshapeTarget, buildingMoves: Map<string, string>, reason: string): Promise<number>;
}

const steps: Partial<GridReshapeSteps> = {};

export function followGridReshapes(follower: Partial<GridReshapeSteps>): void {
  Object.assign(steps, follower);
}

/** Moves what lives in `fromCode`; refuses to reshape at all when a step is missing, rather than strand records. */
export async function moveGridContents(tx: DbOrTx, ctx: RequestContext, fromCode: string, target: ReshapeTarget, reason: string) {
  const { buildings, households } = steps;
  if (!buildings || !households) throw new Error('grid reshape steps are not registered (buildings and households routes register them)');
  const buildingMoves = await buildings(tx, fromCode, target);
  const householdsMoved = await households(tx, ctx, fromCode, target, buildingMoves, reason);
  return { buildingsMoved: buildingMoves.size, householdsMoved };
}
