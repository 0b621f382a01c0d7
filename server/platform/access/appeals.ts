/**
 * Who sees an appeal and who plays which part in it. Deny by default: a caller outside every rule
 * sees nothing (`false`), and a record outside scope answers 404 at the service.
 */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { outer } from '../db.js';
import { authorize, inRegion, type Actor, type Role } from '../access.js';
import { appealParts, appeals } from '../../modules/appeals/appeals.tables.js';

/**
 * Which appeals a caller sees: its region subtree for area roles; for a department's handlers, what
 * was dispatched to their organisation (in any region); for a leader, also the cases they own.
 */
export function visibleAppeals(actor: Actor): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  const areaRoles = actor.roles.filter((r) => r !== 'handler');
  if (areaRoles.length || actor.kind === 'apikey') {
    const scope = appealsInArea(actor.regionCode);
    if (!scope) return undefined; // the whole installation
    conds.push(scope);
  }
  if (actor.roles.includes('handler') && actor.orgId) {
    conds.push(sql`exists (select 1 from ${appealParts} p where p.appeal_id = ${outer(appeals.id)} and p.org_id = ${actor.orgId})`);
  }
  if (actor.roles.includes('leader')) conds.push(eq(appeals.leaderUserId, actor.id));
  if (!conds.length) return sql`false`;
  return conds.length === 1 ? conds[0] : or(...conds);
}

/**
 * Appeals in a region's subtree. An appeal's region is its grid or its township, so it always starts
 * with its township's code: a township's appeals are exactly those of that township_code, an equality
 * the township's inbox index serves in order.
 */
function appealsInArea(code: string): SQL | undefined {
  if (code.length === 9) return eq(appeals.townshipCode, code);
  return inRegion(appeals.regionCode, code);
}

/**
 * Who may act on an appeal: a role (within scope), the handlers of an organisation with an open part
 * (`handling_org`) or of the lead organisation only (`lead_org`), the assigned leader, the reporter.
 */
export type Party = Role | 'handling_org' | 'lead_org' | 'assigned_leader' | 'reporter';

interface PartyContext {
  regionCode: string;
  leaderUserId: string | null;
  reporterUserId: string | null;
  /** The lead organisation, while dispatched. */
  handlingOrgId: string | null;
  /** Organisations with an open part (dispatched or in progress). */
  openPartOrgs: string[];
}

/** Whether the caller plays one of the parties an action allows, for this appeal. */
export function plays(actor: Actor, parties: readonly Party[], a: PartyContext): boolean {
  const handlesOpenPart = actor.roles.includes('handler') && !!actor.orgId && a.openPartOrgs.includes(actor.orgId);
  for (const p of parties) {
    if (p === 'handling_org') {
      if (handlesOpenPart) return true;
    } else if (p === 'lead_org') {
      if (handlesOpenPart && actor.orgId === a.handlingOrgId) return true;
    } else if (p === 'assigned_leader') {
      if (a.leaderUserId === actor.id) return true;
    } else if (p === 'reporter') {
      if (a.reporterUserId === actor.id) return true;
    } else if (actor.roles.includes(p) && a.regionCode.startsWith(actor.regionCode)) {
      return true;
    }
  }
  return false;
}

export const openPartsOf = (appealId: string) =>
  and(eq(appealParts.appealId, appealId), sql`${appealParts.status} in ('dispatched', 'in_progress')`);

/** Sources whose appeals are published to readers without a key (the QR pages' and integrations'). */
const PUBLIC_SOURCES = ['public', 'open311'];

/**
 * What an integration reads (Open311): with a key, the key's scope; without one only appeals a
 * resident or an integration submitted, never those registered internally (console, visits), whose
 * descriptions were written by staff and were never meant to be published.
 */
export function readableAppeals(reader: Actor | null): SQL | undefined {
  if (!reader) return inArray(appeals.source, PUBLIC_SOURCES);
  authorize(reader, 'appeals.read');
  return visibleAppeals(reader);
}
