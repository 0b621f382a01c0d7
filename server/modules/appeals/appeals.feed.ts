/**
 * Appeals as integrations read them (Open311): rows by number, category, state and date, each with the
 * last plain words its requester was told, and the public timeline. Visibility is `readableAppeals`.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, ne, notInArray, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import { readableAppeals } from '../../platform/access/appeals.js';
import type { DbOrTx } from '../../platform/db.js';
import type { AppealRow } from './appeals.repo.js';
import { appealEvents, appeals } from './appeals.tables.js';
import type { Status } from './appeals.workflow.js';

interface FeedQuery {
  numbers?: string[];
  categoryCodes?: string[];
  /** Only appeals in (or, with `not`, outside) these states. */
  statuses?: { in: Status[]; not?: boolean };
  createdFrom?: Date;
  createdTo?: Date;
  limit: number;
}

/** The appeals a reader (a key's actor, or nobody) may read, newest first. */
export async function feedAppeals(db: DbOrTx, reader: Actor | null, q: FeedQuery): Promise<AppealRow[]> {
  const conds: (SQL | undefined)[] = [readableAppeals(reader)];
  if (q.numbers) conds.push(inArray(appeals.number, q.numbers));
  if (q.categoryCodes?.length) conds.push(inArray(appeals.categoryCode, q.categoryCodes));
  if (q.statuses) conds.push(q.statuses.not ? notInArray(appeals.status, q.statuses.in) : inArray(appeals.status, q.statuses.in));
  if (q.createdFrom) conds.push(gte(appeals.createdAt, q.createdFrom));
  if (q.createdTo) conds.push(lte(appeals.createdAt, q.createdTo));
  return db
    .select()
    .from(appeals)
    .where(and(...conds))
    .orderBy(desc(appeals.createdAt), desc(appeals.id))
    .limit(q.limit);
}

/** The appeal's number for the token handed out at submission: the token itself is the credential. */
export async function numberByToken(db: DbOrTx, token: string): Promise<string | undefined> {
  const [a] = await db.select({ number: appeals.number }).from(appeals).where(eq(appeals.token, token)).limit(1);
  return a?.number;
}

/** The latest plain words each requester was told. */
export async function latestPublicTexts(db: DbOrTx, appealIds: string[]): Promise<Map<string, string | null>> {
  if (!appealIds.length) return new Map();
  const notes = await db
    .selectDistinctOn([appealEvents.appealId], { appealId: appealEvents.appealId, text: appealEvents.publicText })
    .from(appealEvents)
    .where(and(inArray(appealEvents.appealId, appealIds), isNotNull(appealEvents.publicText)))
    .orderBy(appealEvents.appealId, desc(appealEvents.id));
  return new Map(notes.map((n) => [n.appealId, n.text]));
}

/** Every step after registration with plain words for the requester, oldest first. */
export async function publicSteps(db: DbOrTx, reader: Actor | null, from: Date, to: Date, limit: number) {
  return db
    .select({ id: appealEvents.id, at: appealEvents.at, text: appealEvents.publicText, toStatus: appealEvents.toStatus, number: appeals.number, status: appeals.status })
    .from(appealEvents)
    .innerJoin(appeals, eq(appeals.id, appealEvents.appealId))
    .where(and(readableAppeals(reader), isNotNull(appealEvents.publicText), ne(appealEvents.type, 'registered'), gte(appealEvents.at, from), lte(appealEvents.at, to)))
    .orderBy(asc(appealEvents.at), asc(appealEvents.id))
    .limit(limit);
}

/** The id of the caller's latest event of a kind on an appeal (an integration's note, as its update id). */
export async function lastEventIdBy(db: DbOrTx, appealId: string, type: string, actorId: string): Promise<number | undefined> {
  const [ev] = await db
    .select({ id: appealEvents.id })
    .from(appealEvents)
    .where(and(eq(appealEvents.appealId, appealId), eq(appealEvents.type, type), eq(appealEvents.actorId, actorId)))
    .orderBy(desc(appealEvents.id))
    .limit(1);
  return ev?.id;
}
