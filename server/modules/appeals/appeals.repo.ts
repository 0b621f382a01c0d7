import { and, eq } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import type { Vault } from '../../platform/crypto.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { appeals } from './appeals.tables.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

export type AppealRow = typeof appeals.$inferSelect;

/** An appeal the caller may see, or undefined (which the caller answers with 404). */
export async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<AppealRow | undefined> {
  authorize(actor, 'appeals.read');
  const [row] = await db
    .select()
    .from(appeals)
    .where(and(eq(appeals.id, id), visibleAppeals(actor)))
    .limit(1);
  return row;
}
