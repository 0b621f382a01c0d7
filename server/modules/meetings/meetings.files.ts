/**
 * Photos of a meeting's minutes and of an action's progress. They come in as the residents' photos do
 * on the appeals' QR page (appeals' preparePublicPhotos: at most 4 a time, 5 MiB each, 12 MiB in all;
 * decoded by their content, refused unless JPEG, PNG or WebP, re-encoded as JPEG with EXIF/GPS and
 * every other metadata block dropped), since progress photos are shown on the public page.
 * Minutes' photos stay inside the console.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx, Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { inRegion } from '../../platform/access.js';
import type { Photo } from '../appeals/appeals.service.js';
import { findMeeting } from './meetings.service.js';
import { meetingFiles, meetings } from './meetings.tables.js';

export async function storePhotos(tx: Tx, actorId: string, where: { meetingId: string; actionId?: string; updateId?: number }, kind: 'minutes' | 'progress', photos: Photo[]): Promise<string[]> {
  const ids: string[] = [];
  for (const p of photos) {
    const id = randomUUID();
    await tx.insert(meetingFiles).values({ id, meetingId: where.meetingId, actionId: where.actionId ?? null, updateId: where.updateId ?? null, kind, filename: p.filename, mime: p.mime, size: p.data.length, data: p.data, createdBy: actorId });
    ids.push(id);
  }
  return ids;
}

/** Photos attached to the minutes of a meeting in the caller's area. */
export async function addMinutesPhotos(database: Database, ctx: RequestContext, meetingId: string, photos: Photo[]): Promise<string[]> {
  authorize(ctx.actor, 'meetings.write');
  return database.db.transaction(async (tx) => {
    const m = await findMeeting(tx, ctx.actor, meetingId);
    const ids = await storePhotos(tx, ctx.actor.id, { meetingId }, 'minutes', photos);
    await audit(tx, ctx, { action: 'meeting.minutes_photos', targetType: 'meeting', targetId: meetingId, regionCode: m.regionCode, details: { files: ids } });
    return ids;
  });
}

export interface FileRef {
  id: string;
  filename: string;
  actionId: string | null;
  updateId: number | null;
}

export async function filesOf(db: DbOrTx, f: { meetingIds?: string[]; actionIds?: string[]; kind: 'minutes' | 'progress' }): Promise<FileRef[]> {
  const cond = f.meetingIds ? inArray(meetingFiles.meetingId, f.meetingIds) : inArray(meetingFiles.actionId, f.actionIds!);
  if ((f.meetingIds ?? f.actionIds)!.length === 0) return [];
  return db
    .select({ id: meetingFiles.id, filename: meetingFiles.filename, actionId: meetingFiles.actionId, updateId: meetingFiles.updateId })
    .from(meetingFiles)
    .where(and(cond, eq(meetingFiles.kind, f.kind)))
    .orderBy(asc(meetingFiles.createdAt));
}

/** A file of a meeting the caller may see (404 otherwise). */
export async function meetingFile(db: DbOrTx, actor: Actor, meetingId: string, fileId: string) {
  await findMeeting(db, actor, meetingId);
  const [f] = await db.select().from(meetingFiles).where(and(eq(meetingFiles.id, fileId), eq(meetingFiles.meetingId, meetingId)));
  if (!f) throw notFound('照片', 'Photo');
  return f;
}

/** A progress photo of an action of a meeting held in this place, for the public page; minutes' photos are never served here. */
export async function publicPhoto(db: DbOrTx, code: string, fileId: string) {
  const [row] = await db
    .select({ f: meetingFiles })
    .from(meetingFiles)
    .innerJoin(meetings, eq(meetings.id, meetingFiles.meetingId))
    .where(and(eq(meetingFiles.id, fileId), eq(meetingFiles.kind, 'progress'), inRegion(meetings.regionCode, code)));
  if (!row) throw notFound('照片', 'Photo');
  return row.f;
}
