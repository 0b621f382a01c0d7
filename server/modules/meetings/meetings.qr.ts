/**
 * QR sign-in: the meeting's screen shows a code; a participant scans it, picks their line and is signed in
 * (via 'qr'). The code carries a random token stored on the meeting, and works only on the meeting's day
 * while it takes sign-ins. The public page lists the participants' party labels as the convener wrote
 * them, for the people in the room.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { authorize } from '../../platform/access.js';
import { audit, auditAnonymous, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { attendance, findMeeting, today } from './meetings.service.js';
import { meetingParticipants, meetings } from './meetings.tables.js';
import { SIGN_IN_OPEN, type MeetingStatus } from './meetings.workflow.js';

export async function signInToken(database: Database, ctx: RequestContext, id: string): Promise<string> {
  authorize(ctx.actor, 'meetings.write');
  return database.db.transaction(async (tx) => {
    const m = await findMeeting(tx, ctx.actor, id);
    if (!SIGN_IN_OPEN.has(m.status as MeetingStatus)) throw new AppError('meeting_sign_in_closed');
    if (m.signToken) return m.signToken;
    const token = randomBytes(16).toString('hex');
    await tx.update(meetings).set({ signToken: token }).where(eq(meetings.id, id));
    await audit(tx, ctx, { action: 'meeting.sign_in_qr', targetType: 'meeting', targetId: id, regionCode: m.regionCode });
    return token;
  });
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The meeting a QR token opens, or 404 (a wrong token, another day, a meeting no longer taking sign-ins). */
async function openByToken(db: DbOrTx, id: string, token: string) {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, id));
  if (!m || !m.signToken || !same(m.signToken, token) || m.date !== today() || !SIGN_IN_OPEN.has(m.status as MeetingStatus)) throw notFound('签到二维码', 'The sign-in code');
  return m;
}

export async function publicSignInPage(db: DbOrTx, id: string, token: string) {
  const m = await openByToken(db, id, token);
  const att = await attendance(db, m);
  return {
    title: m.title,
    date: m.date,
    startTime: m.startTime,
    participants: att.list.map((p) => ({ id: p.id, label: p.label, signedIn: !!p.signedInAt })),
    present: att.present,
    invited: att.invited,
  };
}

export async function publicSignIn(database: Database, id: string, token: string, participantId: string, meta: { ip: string | null; userAgent: string | null; requestId: string | null }) {
  return database.db.transaction(async (tx) => {
    const m = await openByToken(tx, id, token);
    const [p] = await tx
      .select()
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.id, participantId), eq(meetingParticipants.meetingId, id)))
      .for('update');
    if (!p) throw notFound('参会人员', 'Participant');
    if (p.signedInAt) throw new AppError('meeting_already_signed_in');
    await tx.update(meetingParticipants).set({ signedInAt: new Date(), signedInVia: 'qr' }).where(eq(meetingParticipants.id, participantId));
    await auditAnonymous(tx, meta, { actorName: 'qr', action: 'meeting.sign_in', targetType: 'meeting', targetId: id, regionCode: m.regionCode, details: { participantId, via: 'qr' } });
    return publicSignInPage(tx, id, token);
  });
}
