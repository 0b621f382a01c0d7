import type { Role } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import type { UserRow } from './users.repo.js';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  regionName: string;
  orgId: string | null;
  orgName: string | null;
  gridWorkerKind: string | null;
  /** The work mobile, masked (138****5678); the number itself is never shown. */
  phone: string | null;
  disabled: boolean;
  version: number;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Accounts as the console shows them: region path and organisation by name. */
export async function views(db: DbOrTx, rows: UserRow[]): Promise<UserView[]> {
  const names = await regionsService.pathNamesOf(db, [...new Set(rows.map((r) => r.regionCode).filter(Boolean))]);
  const orgNames = await orgsService.namesOf(db, rows.map((r) => r.orgId).filter((x): x is string => !!x));
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    regionCode: u.regionCode,
    regionName: u.regionCode === '' ? '全部' : names.get(u.regionCode) ?? u.regionCode,
    orgId: u.orgId,
    orgName: u.orgId ? orgNames.get(u.orgId) ?? null : null,
    gridWorkerKind: u.gridWorkerKind,
    phone: u.phoneMasked,
    disabled: u.disabled,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  }));
}
