/**
 * The Excel ledger (台账) of people who help, inside the caller's scope: the registered party members,
 * volunteers, social workers and donors (phones masked), the volunteer activities, and the time bank
 * (minutes served per person and activity). Three sheets of one workbook.
 */
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { visibleActivities, visibleHelpers } from '../../platform/access/volunteers.js';
import { chinaDay } from '../../platform/china-time.js';
import type { DbOrTx } from '../../platform/db.js';
import ExcelJS from '../../platform/xlsx.js';
import { activityViews } from './volunteers.activities.js';
import { helperViews } from './volunteers.people.js';
import { activities, activitySignups, helpers, volunteerTeams } from './volunteers.tables.js';
import { HELPER_KIND_NAMES } from './volunteers.workflow.js';

/** One sheet holds at most this many rows (an area's ledger, not a data dump). */
const MAX_ROWS = 20_000;
const at = (iso: string | Date) => {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return `${chinaDay(d)} ${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16)}`;
};

export async function volunteersWorkbook(db: DbOrTx, actor: Actor): Promise<Buffer> {
  authorize(actor, 'volunteers.read');
  const [people, acts, bank] = await Promise.all([
    db.select().from(helpers).where(visibleHelpers(actor)).orderBy(asc(helpers.regionCode), asc(helpers.registeredAt), asc(helpers.id)).limit(MAX_ROWS),
    db.select().from(activities).where(visibleActivities(actor)).orderBy(desc(activities.startsAt), asc(activities.id)).limit(MAX_ROWS),
    db
      .select({ name: helpers.name, kind: helpers.kind, team: volunteerTeams.name, title: activities.title, startsAt: activities.startsAt, minutes: activitySignups.minutes })
      .from(activitySignups)
      .innerJoin(activities, eq(activities.id, activitySignups.activityId))
      .innerJoin(helpers, eq(helpers.id, activitySignups.helperId))
      .leftJoin(volunteerTeams, eq(volunteerTeams.id, helpers.teamId))
      .where(and(visibleActivities(actor), isNotNull(activitySignups.minutes)))
      .orderBy(asc(helpers.name), asc(helpers.id), asc(activities.startsAt))
      .limit(MAX_ROWS),
  ]);
  const [peopleRows, activityRows] = await Promise.all([helperViews(db, people), activityViews(db, acts)]);
  const kindName = (k: string) => HELPER_KIND_NAMES[k as keyof typeof HELPER_KIND_NAMES]?.zh ?? k;

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tingsu 听诉';
  const s1 = wb.addWorksheet('党员与志愿者');
  s1.columns = [
    { header: '姓名', key: 'name', width: 10 },
    { header: '身份', key: 'kind', width: 10 },
    { header: '报到社区', key: 'regionName', width: 18 },
    { header: '手机（脱敏）', key: 'phone', width: 14 },
    { header: '工作单位', key: 'workUnit', width: 20 },
    { header: '结对单位', key: 'unitName', width: 20 },
    { header: '服务队', key: 'teamName', width: 16 },
    { header: '技能', key: 'skills', width: 20 },
    { header: '每月可服务（小时）', key: 'hoursOffered', width: 12 },
    { header: '服务件数', key: 'deeds', width: 10 },
    { header: '服务时长（分钟）', key: 'minutes', width: 12 },
    { header: '状态', key: 'status', width: 8 },
    { header: '报到时间', key: 'registeredAt', width: 18 },
  ];
  for (const p of peopleRows) s1.addRow({ ...p, kind: kindName(p.kind), skills: p.skills.join('、'), status: p.status === 'active' ? '在册' : '已离开', registeredAt: at(p.registeredAt) });

  const s2 = wb.addWorksheet('志愿活动');
  s2.columns = [
    { header: '活动', key: 'title', width: 24 },
    { header: '地点', key: 'place', width: 20 },
    { header: '社区', key: 'regionName', width: 18 },
    { header: '服务队', key: 'teamName', width: 16 },
    { header: '开始', key: 'startsAt', width: 18 },
    { header: '结束', key: 'endsAt', width: 18 },
    { header: '名额', key: 'slots', width: 8 },
    { header: '报名', key: 'signedUp', width: 8 },
    { header: '签到', key: 'signedIn', width: 8 },
    { header: '服务时长（分钟）', key: 'minutes', width: 12 },
  ];
  for (const a of activityRows) s2.addRow({ ...a, startsAt: at(a.startsAt), endsAt: at(a.endsAt) });

  const s3 = wb.addWorksheet('时间银行');
  s3.columns = [
    { header: '姓名', key: 'name', width: 10 },
    { header: '身份', key: 'kind', width: 10 },
    { header: '服务队', key: 'team', width: 16 },
    { header: '活动', key: 'title', width: 24 },
    { header: '活动日期', key: 'day', width: 12 },
    { header: '服务时长（分钟）', key: 'minutes', width: 12 },
  ];
  for (const b of bank) s3.addRow({ ...b, kind: kindName(b.kind), day: chinaDay(b.startsAt) });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
