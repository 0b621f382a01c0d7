/**
 * Figures by place (the meeting's township and community) and "appeals resolved through meetings":
 * actions sent into the appeal loop whose appeal closed, and, for topics drawn from a place's open
 * appeals of a category, the appeals of that category and place open when the decision was taken and
 * closed after it. Over the same period and scope as the other figures (meetings.public.ts).
 */
import { and, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { visibleMeetingActions } from '../../platform/access/meetings.js';
import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { appealsClosedAfter, closedAppealIds } from '../appeals/appeals.service.js';
import * as regionsService from '../regions/regions.service.js';
import { meetingActions, meetingDecisions, meetings, meetingTopics } from './meetings.tables.js';

const LEVELS = [
  ['township', 9],
  ['community', 12],
] as const;

export async function placeFigures(db: DbOrTx, actor: Actor, where: SQL | undefined) {
  const out: { level: 'township' | 'community'; regionCode: string; name: string; meetings: number; held: number; decisions: number; actions: number; actionsDone: number }[] = [];
  for (const [level, len] of LEVELS) {
    const place = sql<string>`left(${meetings.regionCode}, ${sql.raw(String(len))})`;
    const rows = await db
      .select({
        code: place,
        meetings: sql<number>`count(*)`,
        held: sql<number>`count(*) filter (where ${meetings.status} = 'held')`,
        // Qualified by hand: in a one-table select Drizzle leaves column names bare, which the subquery would take as its own.
        decisions: sql<number>`coalesce(sum((select count(*) from ${meetingDecisions} d where d.meeting_id = "meetings"."id")), 0)`,
      })
      .from(meetings)
      .where(and(where, sql`length(${meetings.regionCode}) >= ${len}`))
      .groupBy(place)
      .orderBy(place);
    const acts = await db
      .select({ code: sql<string>`left(${meetings.regionCode}, ${sql.raw(String(len))})`, total: sql<number>`count(*)`, done: sql<number>`count(*) filter (where ${meetingActions.status} = 'done')` })
      .from(meetingActions)
      .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
      .where(and(where, visibleMeetingActions(actor), sql`length(${meetings.regionCode}) >= ${len}`))
      .groupBy(sql`1`);
    const names = await regionsService.namesOf(db, rows.map((r) => r.code));
    for (const r of rows) {
      const a = acts.find((x) => x.code === r.code);
      out.push({ level, regionCode: r.code, name: names.get(r.code) ?? r.code, meetings: Number(r.meetings), held: Number(r.held), decisions: Number(r.decisions), actions: Number(a?.total ?? 0), actionsDone: Number(a?.done ?? 0) });
    }
  }
  return out;
}

export async function throughAppeals(db: DbOrTx, actor: Actor, where: SQL | undefined) {
  const sent = await db
    .select({ appealId: meetingActions.appealId })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .where(and(where, visibleMeetingActions(actor), isNotNull(meetingActions.appealId)));
  const closed = await closedAppealIds(db, sent.map((s) => s.appealId!));
  const topics = await db
    .select({ id: meetingTopics.id, regionCode: meetingTopics.regionCode, categoryCode: meetingTopics.categoryCode })
    .from(meetingTopics)
    .innerJoin(meetings, eq(meetings.id, meetingTopics.meetingId))
    .where(and(where, eq(meetingTopics.source, 'appeals'), isNotNull(meetingTopics.categoryCode)));
  const decided = topics.length
    ? await db
        .select({ topicId: meetingDecisions.topicId, at: sql<Date>`min(${meetingDecisions.createdAt})`.mapWith((v: string | Date) => new Date(v)) })
        .from(meetingDecisions)
        .where(inArray(meetingDecisions.topicId, topics.map((t) => t.id)))
        .groupBy(meetingDecisions.topicId)
    : [];
  const items = decided.map((d) => {
    const t = topics.find((x) => x.id === d.topicId)!;
    return { regionCode: t.regionCode, categoryCode: t.categoryCode!, at: d.at };
  });
  const counts = await appealsClosedAfter(db, items);
  const topicAppealsClosed = counts.reduce((n, c) => n + c, 0);
  return {
    actionsSent: sent.length,
    actionsClosed: closed.size,
    topicsFromAppeals: topics.length,
    topicsDecided: decided.length,
    topicAppealsClosed,
    resolved: closed.size + topicAppealsClosed,
  };
}
