import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { authorize, type Actor, type Role } from '../../platform/access.js';
import { apiKeyVisible } from '../../platform/access/apikeys.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { newToken, sha256 } from '../../platform/auth.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { checkAssignment } from './users.accounts.js';
import * as repo from './users.repo.js';
import { namesOf as placeNamesOf } from '../regions/regions.service.js';
import { apiKeys } from './users.tables.js';

// API keys for systems that call Tingsu (a 12345 hotline platform): issued, listed and revoked by admins.

export interface ApiKeyView {
  id: string;
  name: string;
  keyPrefix: string;
  roles: Role[];
  regionCode: string;
  /** The area's name ('' for the whole installation). */
  regionName: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The keys' names by id (the audit log names its entries' keys). */
export async function apiKeyNamesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).where(inArray(apiKeys.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

function keyView(k: typeof apiKeys.$inferSelect, places: Map<string, string>): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    keyPrefix: k.keyPrefix,
    roles: k.roles as Role[],
    regionCode: k.regionCode,
    regionName: places.get(k.regionCode) ?? '',
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiKey(database: Database, ctx: RequestContext, input: { name: string; roles: Role[]; regionCode: string }) {
  authorize(ctx.actor, 'apikeys.manage');
  await checkAssignment(database.db, ctx.actor, { roles: input.roles, regionCode: input.regionCode });
  const key = `tsk_${newToken(32)}`;
  const id = randomUUID();
  const row = await database.db.transaction(async (tx) => {
    const [k] = await tx
      .insert(apiKeys)
      .values({ id, name: input.name, keyPrefix: key.slice(0, 12), keyHash: sha256(key), roles: input.roles, regionCode: input.regionCode, createdBy: ctx.actor.name })
      .returning();
    await audit(tx, ctx, { action: 'apikey.create', targetType: 'apikey', targetId: id, regionCode: input.regionCode, details: { name: input.name, roles: input.roles } });
    return k;
  });
  return { key, apiKey: keyView(row, await placeNamesOf(database.db, [row.regionCode])) };
}

export async function listApiKeys(db: DbOrTx, actor: Actor): Promise<ApiKeyView[]> {
  authorize(actor, 'apikeys.manage');
  const rows = await repo.listApiKeys(db, actor);
  const places = await placeNamesOf(db, rows.map((k) => k.regionCode));
  return rows.map((k) => keyView(k, places));
}

export async function revokeApiKey(database: Database, ctx: RequestContext, id: string): Promise<ApiKeyView> {
  authorize(ctx.actor, 'apikeys.manage');
  return database.db.transaction(async (tx) => {
    const [k] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id));
    if (!k || !apiKeyVisible(ctx.actor, k)) throw notFound('API 密钥', 'API key');
    const places = await placeNamesOf(tx, [k.regionCode]);
    if (k.revokedAt) return keyView(k, places);
    const [r] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)).returning();
    await audit(tx, ctx, { action: 'apikey.revoke', targetType: 'apikey', targetId: id, regionCode: k.regionCode, details: { name: k.name } });
    return keyView(r, places);
  });
}
