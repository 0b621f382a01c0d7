import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { namesOf as regionNamesOf } from '../regions/regions.service.js';
import { displayNamesOf } from '../users/users.directory.js';
import { apiKeyNamesOf } from '../users/users.apikeys.js';

/**
 * What the audit log calls an entry's object: the appeal's number, the household's address, the
 * account's name, the grid's name, instead of a UUID. Resolved when the log is read, so entries
 * written before a name existed (or before this code) are named too; an object that is gone keeps
 * its id.
 *
 * Most objects belong to modules above audit (MODULE_ORDER): each of those hands its namer over when
 * its routes load (`nameAuditTargets('appeal', …)` in appeals.routes.ts), as grids hand regions their
 * leaves. A namer takes the ids of one page of entries and answers in one query; it returns display
 * text only, with personal data masked as the console masks it elsewhere, and only what the reader may
 * see now (a household that moved out of the reader's area keeps its id, not its address).
 */
export type AuditTargetNamer = (db: DbOrTx, actor: Actor, ids: string[]) => Promise<Map<string, string>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only the ids shaped as UUIDs: a stray id never reaches a uuid column (that would be a 500). */
export function uuidsOnly(ids: string[]): string[] {
  return [...new Set(ids.filter((id) => UUID.test(id)))];
}

const namers = new Map<string, AuditTargetNamer>([
  ['user', (db, _actor, ids) => displayNamesOf(db, uuidsOnly(ids))],
  ['org', (db, _actor, ids) => orgNamesOf(db, uuidsOnly(ids))],
  ['apikey', (db, _actor, ids) => apiKeyNamesOf(db, uuidsOnly(ids))],
  ['grid', (db, _actor, ids) => regionNamesOf(db, ids.filter((c) => /^\d{2,15}$/.test(c)))],
  ['region', (db, _actor, ids) => regionNamesOf(db, ids.filter((c) => /^\d{2,15}$/.test(c)))],
]);

/** A module above audit names its objects of this type in the log. */
export function nameAuditTargets(targetType: string, namer: AuditTargetNamer): void {
  namers.set(targetType, namer);
}

/** Names of the objects of these entries, keyed `type:id`; one query per type present. */
export async function targetNames(db: DbOrTx, actor: Actor, entries: { targetType: string | null; targetId: string | null }[]): Promise<Map<string, string>> {
  const idsByType = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!e.targetType || !e.targetId || !namers.has(e.targetType)) continue;
    if (!idsByType.has(e.targetType)) idsByType.set(e.targetType, new Set());
    idsByType.get(e.targetType)!.add(e.targetId);
  }
  const out = new Map<string, string>();
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      const names = await namers.get(type)!(db, actor, [...ids]);
      for (const [id, name] of names) out.set(`${type}:${id}`, name);
    }),
  );
  return out;
}
