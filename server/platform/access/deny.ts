import { sql } from 'drizzle-orm';

/** The condition a rule answers when the caller may see none of a resource: deny by default. */
export const NONE = sql`false`;
