/**
 * Residents from the household files in meetings:
 * - a topic proposed at the door: the grid worker records what a member of a household of their grids
 *   proposes during a visit; it goes onto the next scheduled meeting of a place holding the household
 *   (its grid, community or township), source 'visit', the proposer's name masked, for the convener to
 *   accept or decline with the others;
 * - resident representatives picked from the files of the meeting's place (households.parties.ts: the
 *   masked name, household and grid only), the name then sealed in the participant row as any other.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, gte, inArray, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { maskName } from '../../platform/crypto.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { findPerson } from '../households/households.service.js';
import { partyCandidates, partyPerson } from '../households/households.parties.js';
import { findVisit } from '../visits/visits.read.js';
import { findMeeting, today } from './meetings.service.js';
import { meetings, meetingTopics } from './meetings.tables.js';

export async function proposeAtDoor(database: Database, ctx: RequestContext, input: { personId: string; title: string; detail?: string; visitId?: string }) {
  authorize(ctx.actor, 'visits.log');
  return database.db.transaction(async (tx) => {
    // In the caller's grids only (a grid worker: their grids), else 404.
    const person = await findPerson(tx, ctx.actor, input.personId);
    if (input.visitId) {
      const v = await findVisit(tx, ctx.actor, input.visitId);
      if (v.householdId !== person.householdId) throw new AppError('bad_request', { reason: 'visitId 不是该住户的走访 / visitId is not a visit of this household' }, { field: 'visitId' });
    }
    // The next meeting of a place that holds the household; the nearest date first, then the narrowest place.
    const [next] = await tx
      .select()
      .from(meetings)
      .where(and(sql`${person.gridCode} like ${meetings.regionCode} || '%'`, inArray(meetings.status, ['scheduled', 'postponed']), gte(meetings.date, today())))
      .orderBy(asc(meetings.date), desc(sql`length(${meetings.regionCode})`), asc(meetings.id))
      .limit(1);
    if (!next) throw new AppError('meeting_none_upcoming');
    const id = randomUUID();
    await tx.insert(meetingTopics).values({
      id,
      meetingId: next.id,
      regionCode: next.regionCode,
      title: input.title,
      detail: input.detail ?? null,
      source: 'visit',
      proposerPersonId: person.id,
      proposerNameMasked: maskName(person.name),
      visitId: input.visitId ?? null,
      createdBy: ctx.actor.id,
    });
    await audit(tx, ctx, { action: 'meeting.topic', targetType: 'meeting', targetId: next.id, regionCode: next.regionCode, details: { topicId: id, source: 'visit' } });
    return { topicId: id, meetingId: next.id, meetingDate: next.date, meetingTitle: next.title };
  });
}

/** People of the meeting's place whose name starts with q: masked name, household and grid. */
export async function representativeCandidates(db: DbOrTx, actor: Actor, meetingId: string, q: string) {
  authorize(actor, 'meetings.write');
  const m = await findMeeting(db, actor, meetingId);
  return partyCandidates(db, m.regionCode, q);
}

/** The name of a person of the meeting's place, to be sealed into the participant row (404 outside it). */
export async function representativeName(db: DbOrTx, actor: Actor, meetingId: string, personId: string): Promise<string> {
  authorize(actor, 'meetings.write');
  const m = await findMeeting(db, actor, meetingId);
  const p = await partyPerson(db, m.regionCode, personId);
  if (!p) throw notFound('人员', 'Person');
  return p.name;
}
