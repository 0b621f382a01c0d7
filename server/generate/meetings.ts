/**
 * Demo deliberation (议事协商) in 习溪桥社区: a year of monthly 楼栋会 on the 10th (days off moved to the next
 * working day), the hazardous-trees decision and its three trees removed, a 红色议事会 on high-altitude
 * throwing whose action — 16 cameras — finishes within a month, a 政协协商 round with 22 collected topics,
 * and a few late actions. Deterministic (seeded); written straight into the tables, backdated, in one
 * transaction. Idempotent: skipped when the series exists. The parts: meetings.building.ts (the 楼栋会),
 * meetings.holiday.ts (the 议事日), meetings.consultations.ts (红色议事会, 政协协商), meetings.record.ts (writing).
 */
import { and, eq } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../platform/access.js';
import { systemContext } from '../platform/audit.js';
import type { Database } from '../platform/db.js';
import { workCalendar } from '../modules/calendar/calendar.service.js';
import { localParts } from '../modules/calendar/calendar.time.js';
import { createOrg, listOrgs, type OrgKind } from '../modules/orgs/orgs.service.js';
import { addDays } from '../modules/meetings/meetings.schedule.js';
import { ensureKinds } from '../modules/meetings/meetings.series.js';
import { meetingKinds, meetingSeries } from '../modules/meetings/meetings.tables.js';
import { buildingMeetings, SERIES_TITLE } from './meetings.building.js';
import { cppccRound, redCouncil } from './meetings.consultations.js';
import { holidayMovedSeries } from './meetings.holiday.js';
import type { DemoMeetingsOptions, World } from './meetings.record.js';
import { rngFor } from './random.js';

async function ensureOrg(database: Database, name: string, kind: OrgKind, regionCode: string): Promise<string> {
  const ctx = systemContext('cli', SYSTEM_ACTOR);
  const found = (await listOrgs(database.db, SYSTEM_ACTOR, { regionCode, q: name, pageSize: 20 })).items.find((o) => o.name === name && o.regionCode === regionCode);
  if (found) return found.id;
  return (await createOrg(database, ctx, { name, kind, regionCode, categoryCodes: [] })).id;
}

export async function generateDemoMeetings(
  database: Database,
  opts: DemoMeetingsOptions,
): Promise<{ meetings: number; actions: number }> {
  const db = database.db;
  await ensureKinds(db);
  const [existing] = await db
    .select({ id: meetingSeries.id })
    .from(meetingSeries)
    .where(and(eq(meetingSeries.regionCode, opts.community), eq(meetingSeries.title, SERIES_TITLE)));
  if (existing) return { meetings: 0, actions: 0 };

  const property = await ensureOrg(database, '洪城物业习溪桥服务中心', 'property_company', opts.community);
  const party = await ensureOrg(database, '习溪桥社区党委', 'party_org', opts.community);
  const owners = await ensureOrg(database, '阳明小区业主委员会', 'owners_committee', opts.community);
  const communityOrg = (await listOrgs(db, SYSTEM_ACTOR, { regionCode: opts.community, pageSize: 50 })).items.find((o) => o.kind === 'workstation')?.id ?? party;
  const streetOrg = (await listOrgs(db, SYSTEM_ACTOR, { regionCode: opts.township, pageSize: 50 })).items.find((o) => o.kind === 'governance_center')?.id ?? communityOrg;
  const ownerOf = { property, community: communityOrg, street: streetOrg };
  const kinds = new Map((await db.select().from(meetingKinds)).map((k) => [k.code, k]));
  const cal = await workCalendar(db);
  const today = localParts(opts.now).ymd;
  const rnd = rngFor(opts.seed, 'meetings');

  return db.transaction(async (tx) => {
    const w: World = { tx, cal, seed: opts.seed, today, staffId: opts.staffUserId };
    let actions = 0;

    // 1. A year of monthly 楼栋会 on the 10th.
    const start = `${addDays(today, -365).slice(0, 7)}-01`;
    const building = await buildingMeetings(w, opts, kinds, { party, property, communityOrg, ownerOf }, start, rnd);
    let made = building.made;
    actions += building.actions;

    // 1b. 议事日 on the 1st: its 国庆 / 元旦 / 劳动节 occurrences moved to the next working day.
    made += await holidayMovedSeries(tx, { seed: opts.seed, community: opts.community, kindId: kinds.get('listening_day')!.id, convenerOrgId: communityOrg, staffUserId: opts.staffUserId, start, until: addDays(today, 62), today, cal });

    // 2. 红色议事会 on high-altitude throwing: 16 cameras within a month.
    await redCouncil(w, opts, kinds, { party, owners, property });
    actions++;

    // 3. 政协协商 in the street: 22 collected topics, researched, five taken to consultation.
    await cppccRound(w, opts, kinds, streetOrg);
    actions++;

    made += 2;
    return { meetings: made, actions };
  });
}
