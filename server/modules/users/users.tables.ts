import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, regionCode, updatedAt } from '../../platform/columns.js';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: varchar('username', { length: 64 }).notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull(),
    /** The account's scope: a division or grid code; '' is the whole installation. */
    regionCode: regionCode().notNull(),
    orgId: uuid('org_id'),
    gridWorkerKind: varchar('grid_worker_kind', { length: 16 }), // full_time | part_time | group_leader
    /** The account's work phone for SMS (催办、督办 reach handlers by text): sealed, with its masked form. */
    phoneEnc: text('phone_enc'),
    phoneMasked: varchar('phone_masked', { length: 24 }),
    disabled: boolean('disabled').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), index('users_region_idx').on(t.regionCode), index('users_org_idx').on(t.orgId)],
);

/** Server-side sessions; only a hash of the cookie token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Keys for integrations; only a SHA-256 of the key is stored, the key is shown once. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    keyPrefix: varchar('key_prefix', { length: 16 }).notNull(),
    keyHash: varchar('key_hash', { length: 64 }).notNull(),
    roles: text('roles').array().notNull(),
    regionCode: regionCode().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash)],
);
