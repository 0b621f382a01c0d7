/**
 * Demo: the community's 议事日 on the 1st of each month, whose occurrences falling on a day off of the
 * shipped working calendar (元旦, 劳动节, 国庆…) are moved to the next working day by the series' rule —
 * planned through the same planSeries as the job, so the console's calendar shows the moved date and why.
 * The past occurrences are held (the two standing participants signed in).
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.js';
import { CHINA_OFFSET_MS, type WorkCalendar } from '../modules/calendar/calendar.time.js';
import { planSeries } from '../modules/meetings/meetings.series.js';
import { meetingEvents, meetingParticipants, meetings, meetingSeries } from '../modules/meetings/meetings.tables.js';
import { stableUuid } from './grids.js';

const at = (ymd: string, hm: string) => new Date(Date.parse(`${ymd}T${hm}:00Z`) - CHINA_OFFSET_MS);
const HOLIDAY_SERIES_TITLE = '习溪桥社区议事日（每月 1 日）';

export async function holidayMovedSeries(
  tx: DbOrTx,
  o: { seed: number; community: string; kindId: string; convenerOrgId: string; staffUserId: string; start: string; until: string; today: string; cal: WorkCalendar },
): Promise<number> {
  const [series] = await tx
    .insert(meetingSeries)
    .values({
      id: stableUuid(o.seed, 'meeting-series:listening-day'),
      regionCode: o.community,
      kindId: o.kindId,
      title: HOLIDAY_SERIES_TITLE,
      convenerOrgId: o.convenerOrgId,
      rule: { freq: 'monthly_day', day: 1 },
      startDate: o.start,
      startTime: '09:00',
      moveOffDays: true,
      participants: [
        { party: 'community', label: '社区居委会主任', userId: o.staffUserId },
        { party: 'street_cadre', label: '街道包片干部' },
      ],
      createdBy: o.staffUserId,
      createdAt: at(o.start, '08:00'),
    })
    .returning();
  const made = await planSeries(tx, series, o.start, o.until, o.cal);
  const past = (await tx.select({ id: meetings.id, date: meetings.date }).from(meetings).where(eq(meetings.seriesId, series.id))).filter((m) => m.date < o.today);
  for (const m of past) {
    await tx.update(meetingParticipants).set({ signedInAt: at(m.date, '08:55'), signedInVia: 'list' }).where(eq(meetingParticipants.meetingId, m.id));
    await tx.update(meetings).set({ status: 'held', heldAt: at(m.date, '09:00'), minutes: `${m.date} 议事日：受理居民议题，通报办理情况。` }).where(eq(meetings.id, m.id));
    await tx.insert(meetingEvents).values({ meetingId: m.id, action: 'hold', fromStatus: 'scheduled', toStatus: 'held', actorId: o.staffUserId, at: at(m.date, '09:00') });
  }
  return made;
}
