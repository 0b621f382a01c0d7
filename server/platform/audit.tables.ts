import { bigserial, index, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { regionCode } from './columns.js';

/**
 * Every module writes here in its own transactions (platform/audit.ts), so the table is the platform's;
 * the audit module only reads it. Append-only: a trigger (migration 0001) refuses UPDATE and DELETE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorKind: varchar('actor_kind', { length: 16 }).notNull(), // user | apikey | system | cli | anonymous
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    action: varchar('action', { length: 64 }).notNull(),
    targetType: varchar('target_type', { length: 32 }),
    targetId: text('target_id'),
    regionCode: regionCode().notNull().default(''),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_region_at_idx').on(t.regionCode, t.at), index('audit_log_action_idx').on(t.action, t.at)],
);
