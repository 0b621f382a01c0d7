/**
 * How the meetings demo (meetings.ts) writes a meeting's outcome: the meeting held with its sign-ins, and a
 * decision on a topic with the actions it leads to and their progress up to today, backdated, as rows
 * straight into the tables. Shared by the building meetings and the consultations.
 */
import { eq } from 'drizzle-orm';
import type { Vault } from '../platform/crypto.js';
import type { DbOrTx } from '../platform/db.js';
import { CHINA_OFFSET_MS, type WorkCalendar } from '../modules/calendar/calendar.time.js';
import { addDays } from '../modules/meetings/meetings.schedule.js';
import {
  meetingActions,
  meetingActionUpdates,
  meetingDecisions,
  meetingEvents,
  meetingKinds,
  meetingParticipants,
  meetings,
  meetingTopics,
} from '../modules/meetings/meetings.tables.js';
import { stableUuid } from './grids.js';

/** What generateDemoMeetings is asked for. */
export interface DemoMeetingsOptions {
  seed: number;
  community: string;
  township: string;
  now: Date;
  staffUserId: string;
  proposerUserId: string | null;
  vault?: Vault;
}

/** The meeting kinds by code. */
export type Kinds = Map<string, typeof meetingKinds.$inferSelect>;


/** A local date and time as an instant. */
export const at = (ymd: string, hm = '19:00') => new Date(Date.parse(`${ymd}T${hm}:00Z`) - CHINA_OFFSET_MS);

export interface World {
  tx: DbOrTx;
  cal: WorkCalendar;
  seed: number;
  today: string;
  staffId: string;
}

/** Signs in `present` of the meeting's participants and holds it on its date, with its event. */
export async function hold(w: World, meetingId: string, date: string, present: number, minutes: string) {
  const list = await w.tx.select().from(meetingParticipants).where(eq(meetingParticipants.meetingId, meetingId));
  for (const p of list.slice(0, present)) {
    await w.tx.update(meetingParticipants).set({ signedInAt: at(date, '18:55'), signedInVia: 'list' }).where(eq(meetingParticipants.id, p.id));
  }
  await w.tx.update(meetings).set({ status: 'held', heldAt: at(date, '19:00'), minutes }).where(eq(meetings.id, meetingId));
  await w.tx.insert(meetingEvents).values({ meetingId, action: 'hold', fromStatus: 'scheduled', toStatus: 'held', actorId: w.staffId, at: at(date, '19:00') });
  return { invited: list.length, present: Math.min(present, list.length) };
}

interface ActionPlan {
  title: string;
  ownerOrgId: string;
  deadline: string;
  /** Progress steps [day offset from the meeting, per cent, note]; 100 finishes it. */
  steps: [number, number, string][];
}

export async function decide(
  w: World,
  m: { id: string; seriesId: string | null; regionCode: string; date: string },
  att: { invited: number; present: number },
  d: { topic: string; proposer: string | null; text: string; votes?: [number, number, number]; actions: ActionPlan[]; fromAppeals?: { categoryCode: string; open: number } },
) {
  const topicId = stableUuid(w.seed, `meeting-topic:${m.id}:${d.topic}`);
  await w.tx.insert(meetingTopics).values({
    id: topicId,
    meetingId: m.id,
    regionCode: m.regionCode,
    title: d.fromAppeals ? `${d.topic}（${d.fromAppeals.open} 件未办结诉求）` : d.topic,
    source: d.fromAppeals ? 'appeals' : 'staff',
    categoryCode: d.fromAppeals?.categoryCode ?? null,
    appealCount: d.fromAppeals?.open ?? null,
    proposerUserId: d.proposer,
    status: 'accepted',
    createdBy: w.staffId,
    createdAt: at(addDays(m.date, -5), '10:00'),
  });
  const decisionId = stableUuid(w.seed, `meeting-decision:${m.id}:${d.topic}`);
  await w.tx.insert(meetingDecisions).values({
    id: decisionId,
    meetingId: m.id,
    topicId,
    regionCode: m.regionCode,
    text: d.text,
    method: d.votes ? 'show_of_hands' : 'consensus',
    votesFor: d.votes?.[0] ?? null,
    votesAgainst: d.votes?.[1] ?? null,
    votesAbstain: d.votes?.[2] ?? null,
    present: att.present,
    invited: att.invited,
    createdBy: w.staffId,
    createdAt: at(m.date, '20:00'),
  });
  for (const a of d.actions) {
    const id = stableUuid(w.seed, `meeting-action:${decisionId}:${a.title}`);
    let progress = 0;
    let status = 'planned';
    let doneAt: Date | null = null;
    const updates: (typeof meetingActionUpdates.$inferInsert)[] = [{ actionId: id, at: at(m.date, '20:00'), progress: 0, status: 'planned', actorId: w.staffId }];
    for (const [offset, pct, note] of a.steps) {
      const day = addDays(m.date, offset);
      if (day > w.today) break;
      progress = pct;
      status = pct >= 100 ? 'done' : 'in_progress';
      if (status === 'done') doneAt = at(day, '16:00');
      updates.push({ actionId: id, at: at(day, '16:00'), progress: pct, status, note, actorId: w.staffId });
    }
    await w.tx.insert(meetingActions).values({
      id,
      decisionId,
      meetingId: m.id,
      seriesId: m.seriesId,
      regionCode: m.regionCode,
      title: a.title,
      ownerOrgId: a.ownerOrgId,
      deadline: a.deadline,
      progress,
      status,
      proposerUserId: d.proposer,
      doneAt,
      createdBy: w.staffId,
      createdAt: at(m.date, '20:00'),
      updatedAt: updates[updates.length - 1].at!,
    });
    await w.tx.insert(meetingActionUpdates).values(updates);
  }
}
