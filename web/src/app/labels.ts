import { enumLabels } from '../shared/enums';
import type { GridWorkerKind, Level, OrgKind, Role } from './contract';

/** Display names of the domain's enumerations (see docs/DOMAIN.md), from the `enums` catalog. */

export const ROLE_LABELS = enumLabels<Role>('role');

/**
 * The roles an account or API key may hold, in the order the console lists them (ROLE_LABELS has one
 * entry per role of the server's); `helper` is a phone session's role, never given to an account.
 */
export const ROLES = (Object.keys(ROLE_LABELS) as Role[]).filter((r) => r !== 'helper');

export const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  leader: 'gold',
  dispatcher: 'blue',
  handler: 'cyan',
  community_staff: 'green',
  grid_worker: 'purple',
  mediator: 'orange',
  commissioner: 'magenta',
  helper: 'lime',
};

export const ORG_KIND_LABELS = enumLabels<OrgKind>('org-kind');

export const GRID_WORKER_KIND_LABELS = enumLabels<GridWorkerKind>('grid-worker-kind');

export const LEVEL_LABELS = enumLabels<Level>('level');

/** Compact level names for tight places (the division tree). */
export const LEVEL_SHORT_LABELS = enumLabels<Level>('level-short');

export const LEVEL_COLORS: Record<Level, string> = {
  province: 'magenta',
  city: 'volcano',
  county: 'orange',
  township: 'blue',
  village: 'green',
  grid: 'purple',
};

export const GRID_KIND_LABELS = enumLabels<string>('grid-kind');

/** Audit actions the console knows; others show their code. */
export const AUDIT_ACTION_LABELS = enumLabels<string>('audit-action');

export const ACTOR_KIND_LABELS = enumLabels<string>('actor-kind');
