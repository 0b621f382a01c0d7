import { customType, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * The scope key every regional row carries: a division code (2–12 digits) or a grid code (15 digits).
 * Codes nest by prefix, so "inside region X" is a range on this column (see access.ts).
 */
export const regionCode = (name = 'region_code') => varchar(name, { length: 15 });

export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** A point in time, stored with its zone. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Binary data (photos, attachments) as a Buffer on both drivers. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
