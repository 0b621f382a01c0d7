/**
 * A firm's business disputes (商会调解, 诉调对接): the mediation cases where the firm is a party, found
 * by its credit code. Mediation sits above enterprises in MODULE_ORDER, so this module cannot call it:
 * the composition root (app.ts) hands the lookup over at app build (`provideFirmDisputes`), and the
 * lookup is mediation's own `listCases`, so its visibility rule decides (a viewer sees only the cases
 * mediation lets them see; without mediation's read permission, none, and the page says so).
 */
import { can, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { pageOf } from '../../platform/schemas.js';
import { findEnterprise } from './enterprises.service.js';

interface FirmDispute {
  id: string;
  number: string;
  title: string;
  status: string;
  kind: string;
  source: string;
  bodyName: string;
  amountFen: number;
  createdAt: string;
}
type FirmDisputeLookup = (db: DbOrTx, actor: Actor, q: { creditCode: string; page: number; pageSize: number }) => Promise<{ items: FirmDispute[]; total: number }>;

let lookup: FirmDisputeLookup | null = null;
/** Called once at app build with the mediation module's case list filtered by a party's credit code. */
export function provideFirmDisputes(l: FirmDisputeLookup): void {
  lookup = l;
}

/** The disputes of a firm the caller sees (404 outside scope, as the firm). */
export async function firmDisputes(db: DbOrTx, actor: Actor, firmId: string, q: { page?: number; pageSize?: number }) {
  const firm = await findEnterprise(db, actor, firmId);
  const { page, pageSize } = pageOf(q);
  if (!lookup || !can(actor, 'mediation.read')) return { readable: false, items: [], total: 0, page, pageSize };
  const r = await lookup(db, actor, { creditCode: firm.creditCode, page, pageSize });
  return { readable: true, items: r.items, total: r.total, page, pageSize };
}
