/**
 * Demo people who help: party members registered (报到) in three communities of 习溪桥街道, two units
 * paired with communities (结对共建) with their duties, the three lists with needs at every step, and
 * two volunteer teams with a month of activities (sign-ins and hours recorded), ending today.
 * Deterministic, idempotent (stable ids), a few hundred rows in a few statements.
 */
import { and, asc, eq, inArray, isNull, like } from 'drizzle-orm';
import { createVault } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { maskPhone } from '../platform/personal-data.js';
import { householdEvents, households } from '../modules/households/households.tables.js';
import { regions } from '../modules/regions/regions.tables.js';
import { activities, activitySignups, helpers, needs, pairedUnits, resources, unitDuties, volunteerTeams } from '../modules/volunteers/volunteers.tables.js';
import { wishes, wishHelpers } from '../modules/wishes/wishes.tables.js';
import { stableUuid } from './grids.js';
import { personName } from './names.js';
import { intBetween, pick, rngFor } from './random.js';

const DAY = 86_400_000;
const UNITS = [
  { name: '吉州区税务局', kind: 'organ', since: '2023-03-15', duties: ['每月一次税收政策宣讲', '结对帮扶困难家庭 5 户', '参与社区“周末卫生日”'] },
  { name: '国网吉安供电公司吉州分公司', kind: 'enterprise', since: '2024-01-10', duties: ['老旧小区用电安全巡检', '独居老人家庭免费线路检修', '“电亮万家”志愿服务'] },
];
const SKILLS = ['法律咨询', '家电维修', '理发', '心理疏导', '医疗保健', '书法', '课业辅导', '水电维修', '政策宣讲', '摄影'];
const WORK_UNITS = ['吉州区人民医院', '吉安市第一中学', '吉州区教育体育局', '吉州区人民法院', '吉安银行', '吉州区市场监督管理局'];
const NEEDS: { title: string; kind: string; source: string }[] = [
  { title: '独居老人家中线路老化需要检修', kind: 'skills', source: 'visit' },
  { title: '困难家庭孩子暑期需要课业辅导', kind: 'skills', source: 'visit' },
  { title: '社区老年活动室缺少桌椅', kind: 'goods', source: 'meeting' },
  { title: '行动不便老人需要上门理发', kind: 'skills', source: 'visit' },
  { title: '小区楼道堆物清理需要人手', kind: 'hours', source: 'appeal' },
  { title: '社区议事会需要借用会议场地', kind: 'venue', source: 'meeting' },
  { title: '重阳节慰问物资', kind: 'goods', source: 'staff' },
  { title: '邻里纠纷当事人需要法律咨询', kind: 'skills', source: 'appeal' },
  { title: '留守儿童需要心理疏导', kind: 'skills', source: 'visit' },
  { title: '小区健身器材维修资金', kind: 'money', source: 'meeting' },
];
const TEAMS = [
  { name: '马大哥巡防队', purpose: '夜间治安巡防、邻里守望', activities: ['夜间治安巡防', '校园周边护学', '防诈骗宣传'] },
  { name: '芳华益家志愿服务队', purpose: '助老助残、义剪义诊', activities: ['义剪进小区', '独居老人探访', '社区义诊'] },
];

/**
 * The demo's phones are handed out in order: the paired units' contacts first, then each community's
 * twelve party members. The first community's first member signs in on the helper page with this one
 * (the SMS code is read from the outbox, as staff would on a demo with no gateway).
 */
export const DEMO_HELPER_PHONE = `1397961${5000 + UNITS.length}`;

export async function generateVolunteers(database: Database, opts: { seed: number; secret: string; township: string; now: Date }): Promise<{ helpers: number; activities: number }> {
  const db = database.db;
  const firstUnit = stableUuid(opts.seed, 'volunteers:unit:0');
  if ((await db.select({ id: pairedUnits.id }).from(pairedUnits).where(eq(pairedUnits.id, firstUnit))).length) return { helpers: 0, activities: 0 };
  const vault = createVault(opts.secret);
  const rnd = rngFor(opts.seed, 'volunteers');
  const communities = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.parentCode, opts.township), like(regions.code, `${opts.township}%`)))
    .orderBy(asc(regions.code))
    .limit(3);
  if (!communities.length) return { helpers: 0, activities: 0 };
  const sealed = (phone: string) => ({ phoneEnc: vault.encrypt(phone), phoneBidx: vault.blindIndex('phone', phone), phoneMasked: maskPhone(phone) });
  let phoneSeq = 0;
  const phone = () => `1397961${String(5000 + phoneSeq++).padStart(4, '0')}`;

  const unitRows = UNITS.map((u, i) => ({
    id: stableUuid(opts.seed, `volunteers:unit:${i}`),
    regionCode: communities[i % communities.length].code,
    name: u.name,
    kind: u.kind,
    contactName: personName(rnd),
    ...(() => {
      const s = sealed(phone());
      return { phoneEnc: s.phoneEnc, phoneMasked: s.phoneMasked };
    })(),
    pairedSince: u.since,
    createdBy: 'system',
  }));
  const dutyRows = UNITS.flatMap((u, i) => u.duties.map((title, j) => ({ id: stableUuid(opts.seed, `volunteers:duty:${i}:${j}`), unitId: unitRows[i].id, regionCode: unitRows[i].regionCode, title })));
  const teamRows = TEAMS.map((tm, i) => ({ id: stableUuid(opts.seed, `volunteers:team:${i}`), regionCode: communities[i % communities.length].code, name: tm.name, purpose: tm.purpose, createdBy: 'system' }));

  const helperRows: (typeof helpers.$inferInsert)[] = [];
  for (const [ci, c] of communities.entries()) {
    for (let k = 0; k < 12; k++) {
      const unit = k < 4 ? unitRows[ci % unitRows.length] : null;
      helperRows.push({
        id: stableUuid(opts.seed, `volunteers:member:${c.code}:${k}`),
        regionCode: c.code,
        kind: 'party_member',
        name: personName(rnd),
        ...sealed(phone()),
        workUnit: unit ? unit.name : pick(rnd, WORK_UNITS),
        unitId: unit?.id ?? null,
        teamId: k >= 9 ? teamRows[ci % teamRows.length].id : null,
        skills: [pick(rnd, SKILLS), pick(rnd, SKILLS)].filter((s, i, a) => a.indexOf(s) === i),
        hoursOffered: intBetween(rnd, 2, 12),
        registeredAt: new Date(opts.now.getTime() - intBetween(rnd, 20, 400) * DAY),
        createdBy: 'system',
      });
    }
  }
  for (const [ti, tm] of teamRows.entries()) {
    for (let k = 0; k < 9; k++) {
      helperRows.push({
        id: stableUuid(opts.seed, `volunteers:volunteer:${ti}:${k}`),
        regionCode: tm.regionCode,
        kind: k === 8 ? 'social_worker' : 'volunteer',
        name: personName(rnd),
        ...sealed(phone()),
        workUnit: null,
        unitId: null,
        teamId: tm.id,
        skills: [pick(rnd, SKILLS)],
        hoursOffered: intBetween(rnd, 4, 20),
        registeredAt: new Date(opts.now.getTime() - intBetween(rnd, 40, 600) * DAY),
        createdBy: 'system',
      });
    }
  }

  const resourceRows: (typeof resources.$inferInsert)[] = helperRows
    .filter((_, i) => i % 3 === 0)
    .map((h, i) => ({ id: stableUuid(opts.seed, `volunteers:resource:${i}`), regionCode: h.regionCode, kind: 'skills', title: h.skills![0], helperId: h.id!, unitId: null }));
  unitRows.forEach((u, i) => {
    resourceRows.push({ id: stableUuid(opts.seed, `volunteers:unit-venue:${i}`), regionCode: u.regionCode, kind: 'venue', title: `${u.name}会议室`, helperId: null, unitId: u.id });
    resourceRows.push({ id: stableUuid(opts.seed, `volunteers:unit-goods:${i}`), regionCode: u.regionCode, kind: 'goods', title: '节日慰问物资', helperId: null, unitId: u.id });
  });

  const needRows: (typeof needs.$inferInsert)[] = [];
  const timeline: (typeof householdEvents.$inferInsert)[] = [];
  for (const [ci, c] of communities.entries()) {
    const members = helperRows.filter((h) => h.regionCode === c.code);
    // Needs found on visits are raised for a household file of the community: done, its timeline shows them.
    const homes = await db.select({ id: households.id, gridCode: households.gridCode }).from(households).where(like(households.gridCode, `${c.code}%`)).orderBy(asc(households.id)).limit(NEEDS.length);
    NEEDS.forEach((n, j) => {
      const created = new Date(opts.now.getTime() - intBetween(rnd, 3, 60) * DAY);
      const r = rnd();
      const status = r < 0.15 ? 'open' : r < 0.3 ? 'claimed' : r < 0.4 ? 'done' : 'confirmed';
      const byUnit = n.kind === 'venue' || n.kind === 'goods' || n.kind === 'money';
      const claimed = status !== 'open';
      const id = stableUuid(opts.seed, `volunteers:need:${ci}:${j}`);
      const home = n.source === 'visit' && homes.length ? homes[j % homes.length] : null;
      if (home && (status === 'done' || status === 'confirmed')) {
        timeline.push({ householdId: home.id, gridCode: home.gridCode, source: 'assistance', kind: 'need.done', summary: `社区需求已办结：${n.title}`, refType: 'need', refId: id, at: new Date(created.getTime() + 2 * DAY) });
      }
      needRows.push({
        id,
        householdId: home?.id ?? null,
        regionCode: c.code,
        title: n.title,
        kind: n.kind,
        source: n.source,
        status,
        helperId: claimed && !byUnit ? pick(rnd, members).id! : null,
        unitId: claimed && byUnit ? unitRows[ci % unitRows.length].id : null,
        claimedAt: claimed ? new Date(created.getTime() + DAY) : null,
        doneAt: status === 'done' || status === 'confirmed' ? new Date(created.getTime() + 2 * DAY) : null,
        evidence: status === 'done' || status === 'confirmed' ? '已完成，照片与签字存档' : null,
        confirmedAt: status === 'confirmed' ? new Date(created.getTime() + 3 * DAY) : null,
        createdBy: 'system',
        createdAt: created,
        version: 1 + ['claimed', 'done', 'confirmed'].indexOf(status) + 1,
      });
    });
  }

  // A month of activities for each team, every third day, ending yesterday; two upcoming.
  const activityRows: (typeof activities.$inferInsert)[] = [];
  const signupRows: (typeof activitySignups.$inferInsert)[] = [];
  for (const [ti, tm] of teamRows.entries()) {
    const team = helperRows.filter((h) => h.teamId === tm.id);
    for (let d = 30 - ti; d >= -3; d -= 3) {
      const day = new Date(opts.now.getTime() - d * DAY);
      const startsAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 11 - ti * 2, 0)); // 19:00 or 17:00 China time
      const endsAt = new Date(startsAt.getTime() + 2 * 3600_000);
      const id = stableUuid(opts.seed, `volunteers:activity:${ti}:${d}`);
      activityRows.push({ id, regionCode: tm.regionCode, teamId: tm.id, title: TEAMS[ti].activities[Math.abs(d) % 3], place: `${communities[ti % communities.length].name}广场`, startsAt, endsAt, slots: 10, createdBy: 'system', createdAt: new Date(startsAt.getTime() - 5 * DAY) });
      const past = endsAt.getTime() < opts.now.getTime();
      const n = intBetween(rnd, 4, Math.min(8, team.length));
      for (const h of team.slice(0, n)) {
        signupRows.push({
          id: stableUuid(opts.seed, `volunteers:signup:${id}:${h.id}`),
          activityId: id,
          helperId: h.id!,
          regionCode: tm.regionCode,
          signedUpAt: new Date(startsAt.getTime() - 2 * DAY),
          signedInAt: past ? new Date(startsAt.getTime() - 10 * 60_000) : null,
          minutes: past ? pick(rnd, [90, 120, 120, 105]) : null,
          recordedAt: past ? endsAt : null,
        });
      }
    }
  }

  // Wishes claimed on the phone by registered members and volunteers: the deed counts for them. The
  // wishes generator ran first and named its claimants freely; some of this township's are theirs.
  const claims = await db
    .select({ id: wishHelpers.id, wishId: wishHelpers.wishId, kind: wishHelpers.kind, regionCode: wishes.regionCode })
    .from(wishHelpers)
    .innerJoin(wishes, eq(wishes.id, wishHelpers.wishId))
    .where(and(like(wishes.regionCode, `${opts.township}%`), inArray(wishHelpers.kind, ['member', 'volunteer']), isNull(wishHelpers.helperId)))
    .orderBy(asc(wishHelpers.id))
    .limit(60);
  const linked: { id: number; helperId: string; name: string; kind?: 'member' }[] = [];
  const onWish = new Set<string>();
  for (const [i, c] of claims.entries()) {
    const own = helperRows.filter((h) => c.regionCode.startsWith(h.regionCode) && (c.kind === 'member' ? h.kind === 'party_member' : h.kind !== 'party_member'));
    if (!own.length || i % 2 === 1) continue;
    const h = own[i % Math.min(own.length, 4)];
    if (onWish.has(`${c.wishId}:${h.id}`)) continue; // a person claims a wish once
    onWish.add(`${c.wishId}:${h.id}`);
    linked.push({ id: c.id, helperId: h.id!, name: h.name });
  }

  // The member who signs in on the demo's helper page (DEMO_HELPER_PHONE) has a wish of their community
  // fulfilled and waiting for the recipient's signature on their phone, when the demo has one.
  const demoHelper = helperRows[0];
  const [waiting] = await db
    .select({ id: wishHelpers.id, wishId: wishHelpers.wishId })
    .from(wishHelpers)
    .innerJoin(wishes, eq(wishes.id, wishHelpers.wishId))
    .where(and(like(wishes.regionCode, `${demoHelper.regionCode}%`), eq(wishes.status, 'fulfilled'), isNull(wishHelpers.helperId)))
    .orderBy(asc(wishHelpers.id))
    .limit(1);
  if (waiting && !onWish.has(`${waiting.wishId}:${demoHelper.id}`)) {
    const taken = linked.findIndex((l) => l.id === waiting.id);
    if (taken >= 0) linked.splice(taken, 1);
    linked.push({ id: waiting.id, helperId: demoHelper.id!, name: demoHelper.name, kind: 'member' });
  }

  // Wishes claimed in the console for a paired unit of the wish's community: the unit's own deed.
  const unitClaims = await db
    .select({ id: wishHelpers.id, wishId: wishHelpers.wishId, regionCode: wishes.regionCode })
    .from(wishHelpers)
    .innerJoin(wishes, eq(wishes.id, wishHelpers.wishId))
    .where(and(like(wishes.regionCode, `${opts.township}%`), eq(wishHelpers.kind, 'unit'), isNull(wishHelpers.unitId)))
    .orderBy(asc(wishHelpers.id))
    .limit(40);
  const unitLinked: { id: number; unitId: string; name: string }[] = [];
  for (const [i, c] of unitClaims.entries()) {
    const own = unitRows.filter((u) => c.regionCode.startsWith(u.regionCode));
    if (!own.length || i % 2 === 1) continue;
    const u = own[i % own.length];
    if (onWish.has(`${c.wishId}:${u.id}`)) continue; // a unit claims a wish once
    onWish.add(`${c.wishId}:${u.id}`);
    unitLinked.push({ id: c.id, unitId: u.id!, name: u.name });
  }

  await db.transaction(async (tx) => {
    for (const l of unitLinked) await tx.update(wishHelpers).set({ unitId: l.unitId, name: l.name }).where(eq(wishHelpers.id, l.id));
    for (const l of linked) await tx.update(wishHelpers).set({ helperId: l.helperId, name: l.name, ...(l.kind ? { kind: l.kind } : {}) }).where(eq(wishHelpers.id, l.id));
    await tx.insert(pairedUnits).values(unitRows);
    await tx.insert(unitDuties).values(dutyRows);
    await tx.insert(volunteerTeams).values(teamRows);
    await tx.insert(helpers).values(helperRows);
    await tx.insert(resources).values(resourceRows);
    await tx.insert(needs).values(needRows);
    if (timeline.length) await tx.insert(householdEvents).values(timeline);
    await tx.insert(activities).values(activityRows);
    await tx.insert(activitySignups).values(signupRows);
  });
  return { helpers: helperRows.length, activities: activityRows.length };
}
