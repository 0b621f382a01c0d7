/**
 * Demo micro-wishes (微心愿): last June's campaign across 吉州区 (1–5 June, children 0–14 of 留守儿童
 * households), mostly fulfilled, confirmed and thanked, a few fulfilled late, a few never claimed; and
 * a winter campaign open now (困境儿童), its wishes at every step, so the console has live work.
 * Deterministic (seeded), idempotent (stable ids), a few hundred rows written in a handful of statements.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { inRegion } from '../platform/access.js';
import { chinaDay } from '../platform/china-time.js';
import type { Database } from '../platform/db.js';
import { ageOf } from '../modules/households/households.service.js';
import { householdEvents, households, people } from '../modules/households/households.tables.js';
import { initialOf } from '../modules/wishes/wishes.service.js';
import { wishCampaigns, wishes, wishEvents, wishHelpers, wishPhotos } from '../modules/wishes/wishes.tables.js';
import type { HelperKind, WishStatus } from '../modules/wishes/wishes.workflow.js';
import { stableUuid } from './grids.js';
import { personName } from './names.js';
import { intBetween, pick, rngFor } from './random.js';

const GOODS = ['一个新书包', '一双篮球鞋', '一副眼镜', '一套课外书', '一盏护眼台灯', '一件羽绒服', '一套文具', '一个足球', '一辆自行车', '一本新华字典', '一套画笔和画本', '一双运动鞋'];
const CARE = ['有人陪我去一次图书馆', '想和爸爸妈妈视频通话', '希望有老师辅导数学', '想去井冈山参观一次', '希望有人教我游泳', '想参加一次夏令营'];
const UNITS = ['吉州区税务局', '吉州区人民医院', '国网吉安供电公司吉州分公司', '吉州区教育体育局'];
const THANKS = ['谢谢叔叔阿姨，我会好好学习！', '收到礼物很开心，谢谢你们！', '谢谢爱心人士，我会把这份温暖传下去。', '谢谢党员叔叔，我一定努力读书。'];
const DAY = 86_400_000;

interface Candidate {
  id: string;
  name: string;
  birthDate: string | null;
  householdId: string;
  gridCode: string;
}

async function candidates(database: Database, county: string, tag: string, at: Date, limit: number): Promise<(Candidate & { age: number })[]> {
  const rows = await database.db
    .select({ id: people.id, name: people.name, birthDate: people.birthDate, householdId: households.id, gridCode: households.gridCode })
    .from(people)
    .innerJoin(households, eq(households.id, people.householdId))
    .where(and(inRegion(households.gridCode, county), sql`${tag} = any(${households.tags})`, eq(people.status, 'active'), sql`${people.birthDate} > ${chinaDay(new Date(at.getTime() - 15 * 365.25 * DAY))}`))
    .orderBy(asc(households.gridCode), asc(people.id))
    .limit(limit * 4);
  const out: (Candidate & { age: number })[] = [];
  // Spread over the county: every other candidate, so many communities appear, not the first few.
  for (const [i, r] of rows.entries()) {
    const age = ageOf(r.birthDate, at);
    if (age === null || age < 0 || age > 14 || out.length >= limit) continue;
    if (rows.length > limit * 2 && i % 2 === 1) continue;
    out.push({ ...r, householdId: r.householdId, age });
  }
  return out;
}

type Plan = { status: WishStatus; claimedAt?: Date; fulfilledOn?: string; confirmedAt?: Date; thankedAt?: Date };

export async function generateWishes(database: Database, opts: { seed: number; county: string; now: Date }): Promise<{ campaigns: number; wishes: number }> {
  const db = database.db;
  const juneId = stableUuid(opts.seed, 'wishes:june');
  if ((await db.select({ id: wishCampaigns.id }).from(wishCampaigns).where(eq(wishCampaigns.id, juneId))).length) return { campaigns: 0, wishes: 0 };
  const rnd = rngFor(opts.seed, 'wishes');
  const year = new Date(opts.now.getTime() - 160 * DAY).getUTCFullYear(); // the last June that has passed
  const juneStart = `${year}-06-01`;
  const juneEnd = `${year}-06-05`;
  const winterStart = chinaDay(new Date(opts.now.getTime() - 3 * DAY));
  const winterEnd = chinaDay(new Date(opts.now.getTime() + 4 * DAY));
  const winterId = stableUuid(opts.seed, 'wishes:winter');
  await db.insert(wishCampaigns).values([
    { id: juneId, regionCode: opts.county, name: `${year}年“六一”留守儿童微心愿`, startsOn: juneStart, endsOn: juneEnd, ageMin: 0, ageMax: 14, requiredTag: 'left_behind_child', createdBy: 'system', createdAt: new Date(`${year}-05-15T01:00:00Z`) },
    { id: winterId, regionCode: opts.county, name: '冬日暖心·困境儿童微心愿', startsOn: winterStart, endsOn: winterEnd, ageMin: 0, ageMax: 14, requiredTag: 'child_in_difficulty', createdBy: 'system', createdAt: new Date(opts.now.getTime() - 10 * DAY) },
  ]);
  const photo = await sharp({ create: { width: 480, height: 360, channels: 3, background: '#f4b860' } }).jpeg({ quality: 70 }).toBuffer();
  // The recipient's signature of receipt, as a phone's canvas sends it: a small PNG.
  const signature = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240"><rect width="600" height="240" fill="#fff"/><path d="M60 170 C 110 40, 150 220, 210 110 S 300 60, 330 160 S 450 90, 540 130" stroke="#111" stroke-width="6" fill="none" stroke-linecap="round"/></svg>'))
    .png()
    .toBuffer();

  const june = await candidates(database, opts.county, 'left_behind_child', new Date(`${year}-05-25T00:00:00Z`), 90);
  const winter = await candidates(database, opts.county, 'child_in_difficulty', opts.now, 14);

  const wishRows: (typeof wishes.$inferInsert)[] = [];
  const helperRows: (typeof wishHelpers.$inferInsert)[] = [];
  const eventRows: (typeof wishEvents.$inferInsert)[] = [];
  const photoRows: (typeof wishPhotos.$inferInsert)[] = [];
  const timeline: (typeof householdEvents.$inferInsert)[] = [];

  const add = (campaignId: string, c: Candidate & { age: number }, collectedAt: Date, plan: Plan) => {
    const id = stableUuid(opts.seed, `wish:${campaignId}:${c.id}`);
    const care = rnd() < 0.2;
    const content = care ? pick(rnd, CARE) : pick(rnd, GOODS);
    wishRows.push({
      id,
      campaignId,
      regionCode: c.gridCode,
      personId: c.id,
      householdId: c.householdId,
      initial: initialOf(c.name, c.age),
      age: c.age,
      kind: care ? 'care' : 'goods',
      content,
      status: plan.status,
      collectedBy: 'system',
      collectedAt,
      claimedAt: plan.claimedAt ?? null,
      fulfilledAt: plan.fulfilledOn ? new Date(`${plan.fulfilledOn}T08:00:00Z`) : null,
      fulfilledOn: plan.fulfilledOn ?? null,
      confirmedAt: plan.confirmedAt ?? null,
      confirmMethod: plan.confirmedAt ? (rnd() < 0.7 ? 'callback' : 'signature') : null,
      thanks: plan.thankedAt ? pick(rnd, THANKS) : null,
      thankedAt: plan.thankedAt ?? null,
      version: 1 + [plan.claimedAt, plan.fulfilledOn, plan.confirmedAt, plan.thankedAt].filter(Boolean).length,
    });
    const ev = (action: string, from: string | null, to: string, at: Date, actorName: string) => eventRows.push({ wishId: id, action, fromStatus: from, toStatus: to, actorId: 'system', actorName, at });
    ev('collect', null, 'published', collectedAt, '社工站社工');
    if (plan.claimedAt) {
      const r = rnd();
      const kind: HelperKind = r < 0.35 ? 'unit' : r < 0.65 ? 'member' : r < 0.85 ? 'volunteer' : 'donor';
      helperRows.push({ wishId: id, kind, name: kind === 'unit' ? pick(rnd, UNITS) : personName(rnd), at: plan.claimedAt });
      ev('claim', 'published', 'claimed', plan.claimedAt, '社区工作人员');
      if (rnd() < 0.15) {
        helperRows.push({ wishId: id, kind: 'volunteer', name: personName(rnd), at: new Date(plan.claimedAt.getTime() + 3600_000) });
        ev('join', 'claimed', 'claimed', new Date(plan.claimedAt.getTime() + 3600_000), '社区工作人员');
      }
    }
    if (plan.fulfilledOn) {
      photoRows.push({ id: stableUuid(opts.seed, `wish-photo:${id}`), wishId: id, takenOn: plan.fulfilledOn, filename: 'fulfilled.jpg', mime: 'image/jpeg', size: photo.length, data: photo });
      ev('fulfil', 'claimed', 'fulfilled', new Date(`${plan.fulfilledOn}T08:00:00Z`), '社区工作人员');
      timeline.push({ householdId: c.householdId, gridCode: c.gridCode, source: 'assistance', kind: 'wish.fulfilled', summary: `微心愿已圆梦（${plan.fulfilledOn}）：${content}`, refType: 'wish', refId: id, at: new Date(`${plan.fulfilledOn}T08:00:00Z`) });
    }
    if (plan.confirmedAt) {
      ev('confirm', 'fulfilled', 'confirmed', plan.confirmedAt, '网格员');
      if (wishRows[wishRows.length - 1].confirmMethod === 'signature') {
        photoRows.push({ id: stableUuid(opts.seed, `wish-signature:${id}`), wishId: id, takenOn: chinaDay(plan.confirmedAt), kind: 'signature', filename: 'signature.png', mime: 'image/png', size: signature.length, data: signature });
      }
      timeline.push({ householdId: c.householdId, gridCode: c.gridCode, source: 'assistance', kind: 'wish.confirmed', summary: `微心愿已圆梦并经本人或监护人确认：${content}`, refType: 'wish', refId: id, at: plan.confirmedAt });
    }
    if (plan.thankedAt) ev('thank', 'confirmed', 'thanked', plan.thankedAt, '社区工作人员');
  };

  const at = (dayStr: string, hour: number) => new Date(`${dayStr}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  for (const c of june) {
    const collected = at(`${year}-05-${String(intBetween(rnd, 18, 28)).padStart(2, '0')}`, intBetween(rnd, 9, 17));
    const r = rnd();
    const claimedDay = `${year}-06-0${intBetween(rnd, 1, 4)}`;
    const claimedAt = at(claimedDay, intBetween(rnd, 9, 18));
    const onTime = `${year}-06-0${Math.min(5, Number(claimedDay.slice(-1)) + intBetween(rnd, 0, 2))}`;
    const late = `${year}-06-${String(intBetween(rnd, 7, 12)).padStart(2, '0')}`;
    if (r < 0.04) add(juneId, c, collected, { status: 'published' });
    else if (r < 0.08) add(juneId, c, collected, { status: 'claimed', claimedAt });
    else {
      const fulfilledOn = r < 0.16 ? late : onTime;
      const confirmedAt = at(fulfilledOn, 19);
      if (r < 0.2) add(juneId, c, collected, { status: 'fulfilled', claimedAt, fulfilledOn });
      else if (r < 0.3) add(juneId, c, collected, { status: 'confirmed', claimedAt, fulfilledOn, confirmedAt });
      else add(juneId, c, collected, { status: 'thanked', claimedAt, fulfilledOn, confirmedAt, thankedAt: new Date(confirmedAt.getTime() + 2 * DAY) });
    }
  }
  for (const [i, c] of winter.entries()) {
    const collected = new Date(opts.now.getTime() - (8 - (i % 4)) * DAY);
    const claimedAt = new Date(opts.now.getTime() - 2 * DAY);
    const step = i % 5;
    if (step <= 1) add(winterId, c, collected, { status: 'published' });
    else if (step === 2) add(winterId, c, collected, { status: 'claimed', claimedAt });
    else if (step === 3) add(winterId, c, collected, { status: 'fulfilled', claimedAt, fulfilledOn: chinaDay(new Date(opts.now.getTime() - DAY)) });
    else add(winterId, c, collected, { status: 'confirmed', claimedAt, fulfilledOn: chinaDay(new Date(opts.now.getTime() - DAY)), confirmedAt: new Date(opts.now.getTime() - 12 * 3600_000) });
  }

  await db.transaction(async (tx) => {
    if (wishRows.length) await tx.insert(wishes).values(wishRows);
    if (helperRows.length) await tx.insert(wishHelpers).values(helperRows);
    if (eventRows.length) await tx.insert(wishEvents).values(eventRows);
    for (let i = 0; i < photoRows.length; i += 50) await tx.insert(wishPhotos).values(photoRows.slice(i, i + 50));
    if (timeline.length) await tx.insert(householdEvents).values(timeline);
  });
  return { campaigns: 2, wishes: wishRows.length };
}
