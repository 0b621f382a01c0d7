/**
 * Deterministic synthetic household files (一户一档) for generated grids: plausible families (common
 * surnames, ages, relations), household types and tags at realistic rates, buildings in urban
 * communities and village groups in rural ones. ID numbers are valid (GB 11643 check digit) and unique,
 * and are sealed exactly as real ones are. Streamed grid by grid in batches, so 吉安 scale (about 1.6
 * million households, 4.9 million people) fits in memory.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { inRegion } from '../platform/access.js';
import { bulkInsert } from '../platform/bulk.js';
import type { Database } from '../platform/db.js';
import { createVault } from '../platform/crypto.js';
import { buildings, compounds } from '../modules/buildings/buildings.tables.js';
import { grids } from '../modules/grids/grids.tables.js';
import { DEFAULT_VISIT_RULES, installHouseholdDefaults, visitIntervalFor, type VisitRule } from '../modules/households/households.config.js';
import { householdEvents, householdMembers, households, people } from '../modules/households/households.tables.js';
import { addressKeyOf, composeAddress } from '../modules/households/households.service.js';
import { sealPerson } from '../modules/households/people.fields.js';
import { regions } from '../modules/regions/regions.tables.js';
import { stableUuid } from './grids.js';
import { idNumberFor } from './identity.js';
import { chineseNumber, isUrban } from './names.js';
import { intBetween, pick, rngFor } from './random.js';

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗',
  '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕',
  '肖', '刘', '罗', '胡', '曾', '彭', '郭', '邹', '熊', '欧阳', '钟', '廖', '江', '尹', '易', '龙', '段', '贺', '王', '李',
];
const GIVEN_MALE = ['建国', '建华', '国强', '志强', '春生', '水生', '根生', '福生', '德华', '新民', '卫东', '海波', '伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '斌', '辉', '鹏', '俊杰', '家豪', '志明', '宇航', '浩然', '子轩', '思远', '晨曦', '文博', '一鸣'];
const GIVEN_FEMALE = ['秀英', '桂英', '秀兰', '凤英', '金凤', '菊香', '冬梅', '红梅', '丽萍', '美玲', '爱华', '海燕', '小红', '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '玲', '婷', '雪', '慧', '雨涵', '梓涵', '欣怡', '佳怡', '诗琪', '可馨'];
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '177', '180', '181', '182', '183', '186', '187', '188', '189', '191', '199'];
const COMPOUND_NAMES = ['阳明花园', '白鹭洲小区', '井冈山大道小区', '滨江家园', '庐陵新城', '文山苑', '吉州府', '人民广场小区', '鹭洲苑', '螺湖湾', '习溪小区', '古南新村', '天华山庄', '沿江锦苑', '城南雅居', '书院小区'];
const RISKS = ['邻里宅基地界址纠纷', '婚姻家庭矛盾', '务工欠薪纠纷', '赡养纠纷', '物业费用纠纷', '土地承包经营权纠纷', '精神障碍患者监护不到位', '债务纠纷'];

type Rnd = () => number;
type Sex = 'male' | 'female';

interface GenPerson {
  name: string;
  sex: Sex;
  age: number;
  relation: string;
}

function given(rnd: Rnd, sex: Sex): string {
  return pick(rnd, sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE);
}

/** A family: its members with ages and relations to the head, and what it tells about tags. */
function family(rnd: Rnd, urban: boolean, type: string): GenPerson[] {
  const surname = pick(rnd, SURNAMES);
  const other = () => pick(rnd, SURNAMES);
  const sexOf = (): Sex => (rnd() < 0.5 ? 'male' : 'female');
  const r = rnd();
  const members: GenPerson[] = [];
  const add = (name: string, sex: Sex, age: number, relation: string) => members.push({ name, sex, age: Math.max(0, Math.min(99, age)), relation });
  if (type === 'left_behind') {
    // Grandparents with grandchildren whose parents work away.
    const g = 58 + intBetween(rnd, 0, 20);
    add(surname + given(rnd, 'male'), 'male', g, 'head');
    if (rnd() < 0.8) add(other() + given(rnd, 'female'), 'female', g - intBetween(rnd, 0, 4), 'spouse');
    for (let i = intBetween(rnd, 1, 2); i > 0; i--) {
      const s = sexOf();
      add(surname + given(rnd, s), s, intBetween(rnd, 3, 15), 'grandchild');
    }
    return members;
  }
  if (r < (urban ? 0.07 : 0.1)) {
    const s = sexOf();
    add(surname + given(rnd, s), s, 66 + intBetween(rnd, 0, 24), 'head'); // an elderly person living alone
  } else if (r < (urban ? 0.2 : 0.25)) {
    const a = 60 + intBetween(rnd, 0, 22);
    add(surname + given(rnd, 'male'), 'male', a, 'head');
    add(other() + given(rnd, 'female'), 'female', a - intBetween(rnd, 0, 5), 'spouse');
  } else if (r < (urban ? 0.3 : 0.3)) {
    const s = sexOf();
    add(surname + given(rnd, s), s, 20 + intBetween(rnd, 0, 35), 'head');
  } else {
    const a = 28 + intBetween(rnd, 0, 27);
    add(surname + given(rnd, 'male'), 'male', a, 'head');
    add(other() + given(rnd, 'female'), 'female', a - intBetween(rnd, 0, 5), 'spouse');
    const kids = urban ? intBetween(rnd, 0, 2) : intBetween(rnd, 1, 2);
    for (let i = 0; i < kids; i++) {
      const s = sexOf();
      add(surname + given(rnd, s), s, Math.max(0, a - 22 - intBetween(rnd, 0, 12)), 'child');
    }
    if (rnd() < (urban ? 0.2 : 0.3)) {
      add(surname + given(rnd, 'male'), 'male', a + 24 + intBetween(rnd, 0, 8), 'parent');
      if (rnd() < 0.7) add(other() + given(rnd, 'female'), 'female', a + 22 + intBetween(rnd, 0, 8), 'parent');
    }
  }
  return members;
}

function householdType(rnd: Rnd, urban: boolean): string {
  const r = rnd();
  if (urban) return r < 0.7 ? 'ordinary' : r < 0.78 ? 'migrant' : r < 0.9 ? 'renting' : r < 0.97 ? 'business' : 'left_behind';
  return r < 0.35 ? 'farming' : r < 0.65 ? 'migrant' : r < 0.8 ? 'left_behind' : r < 0.95 ? 'ordinary' : 'business';
}

function tagsFor(rnd: Rnd, urban: boolean, type: string, ms: GenPerson[]): string[] {
  const t: string[] = [];
  const elderly = ms.every((m) => m.age >= 60);
  if (ms.length === 1 && elderly) t.push('elderly_alone');
  else if (elderly) t.push('empty_nest');
  if (type === 'left_behind' && ms.some((m) => m.age < 16)) t.push('left_behind_child');
  if (rnd() < (urban ? 0.03 : 0.06)) t.push('dibao');
  if (rnd() < 0.006) t.push('tekun');
  if (rnd() < 0.065) t.push('disability');
  if (rnd() < 0.005) t.push('key_person');
  if (ms.some((m) => m.age < 16) && rnd() < 0.01) t.push('child_in_difficulty');
  if (urban && ms.some((m) => m.age >= 20 && m.age <= 45) && rnd() < 0.04) t.push('new_employment');
  if (rnd() < 0.03) t.push('veteran');
  if (rnd() < 0.06) t.push('party_member');
  return t.sort();
}

function phoneFor(rnd: Rnd): string {
  return pick(rnd, MOBILE_PREFIXES) + String(Math.floor(rnd() * 1e8)).padStart(8, '0');
}

/** Lets pending I/O and timers run (between pieces of long synchronous work). */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface HouseholdsSummary {
  grids: number;
  households: number;
  people: number;
  buildings: number;
}

/**
 * Household files for every active grid under `within` that has none yet. `perGrid` is the range of
 * households per grid (urban, rural); dedicated grids get a few. Deterministic for a seed: the same
 * grids get the same families on every run.
 */
export async function generateHouseholds(
  database: Database,
  secret: string,
  opts: {
    seed: number;
    within: string;
    perGrid: { urban: [number, number]; rural: [number, number] };
    /** "today" for ages, fixed so the data is the same on every run. */
    year?: number;
    onProgress?: (done: number, total: number) => void;
    /** Grids made and written at a time (200; a test takes fewer to write several batches). */
    gridsPerBatch?: number;
  },
): Promise<HouseholdsSummary> {
  const db = database.db;
  const pii = createVault(secret);
  await installHouseholdDefaults(db);
  const rules: VisitRule[] = DEFAULT_VISIT_RULES.map((r) => ({ householdType: r.householdType ?? null, tagCode: r.tagCode ?? null, riskLevel: r.riskLevel ?? null, intervalDays: r.intervalDays, note: r.note }));
  const year = opts.year ?? 2026;
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(grids).where(and(inRegion(grids.code, opts.within), eq(grids.status, 'active')));
  // Sequence numbers per (region, birth date, sex) keep ID numbers unique and deterministic.
  const seqs = new Map<string, number>();
  const summary: HouseholdsSummary = { grids: 0, households: 0, people: 0, buildings: 0 };
  let after = '';
  let done = 0;
  const overlap = database.kind === 'postgres';
  let pending: Promise<void> | null = null;
  for (;;) {
    const batch = await db
      .select({ code: grids.code, kind: grids.kind, villageName: regions.name })
      .from(grids)
      .innerJoin(regions, eq(regions.code, grids.villageCode))
      .where(and(inRegion(grids.code, opts.within), eq(grids.status, 'active'), gt(grids.code, after)))
      .orderBy(asc(grids.code))
      .limit(opts.gridsPerBatch ?? 200);
    if (!batch.length) break;
    after = batch[batch.length - 1].code;
    const populated = new Set(
      (await db.selectDistinct({ g: households.gridCode }).from(households).where(inArray(households.gridCode, batch.map((b) => b.code)))).map((r) => r.g),
    );
    const hRows: (typeof households.$inferInsert)[] = [];
    const pRows: (typeof people.$inferInsert)[] = [];
    const mRows: (typeof householdMembers.$inferInsert)[] = [];
    const eRows: (typeof householdEvents.$inferInsert)[] = [];
    const cRows: (typeof compounds.$inferInsert)[] = [];
    const bRows: (typeof buildings.$inferInsert)[] = [];
    for (const g of batch) {
      // Let the write in flight (and the pool's timers) go on between grids: the making would otherwise
      // hold the event loop for seconds, the write would advance one statement a batch, and a connection
      // asked for meanwhile would time out.
      if (overlap) await yieldToLoop();
      const rnd = rngFor(opts.seed, `households:${g.code}`);
      const urban = isUrban(g.villageName);
      const [lo, hi] = g.kind === 'dedicated' ? [3, 8] : urban ? opts.perGrid.urban : opts.perGrid.rural;
      const n = intBetween(rnd, lo, hi);
      const region = g.code.slice(0, 6);
      // Urban grids: one or two compounds of buildings, 2 units, 6 floors, 2 flats a floor.
      const gridBuildings: { id: string; name: string; compoundName: string }[] = [];
      if (urban) {
        const nb = Math.max(1, Math.ceil(n / 24));
        const compoundName = `${pick(rnd, COMPOUND_NAMES)}`;
        const compoundId = stableUuid(opts.seed, `compound:${g.code}:1`);
        cRows.push({ id: compoundId, gridCode: g.code, seq: 1, name: compoundName, propertyCompany: rnd() < 0.7 ? `吉安${pick(rnd, ['宏达', '金鹭', '庐陵', '井冈', '滨江'])}物业服务有限公司` : null });
        for (let b = 1; b <= nb; b++) {
          const id = stableUuid(opts.seed, `building:${g.code}:${b}`);
          bRows.push({ id, gridCode: g.code, seq: b, compoundId, name: `${b}栋`, units: 2, floors: 6 });
          gridBuildings.push({ id, name: `${b}栋`, compoundName });
        }
      }
      for (let i = 0; i < n; i++) {
        const type = householdType(rnd, urban);
        const ms = family(rnd, urban, type);
        const tags = tagsFor(rnd, urban, type, ms);
        const rr = rnd();
        const riskLevel = rr < 0.002 ? 'high' : rr < 0.01 ? 'medium' : rr < 0.03 ? 'low' : 'none';
        const id = stableUuid(opts.seed, `household:${g.code}:${i}`);
        let addr: Pick<typeof households.$inferInsert, 'addressKind' | 'buildingId' | 'unit' | 'floor' | 'room' | 'villageGroup' | 'houseNumber' | 'address' | 'addressKey'>;
        if (urban) {
          const b = gridBuildings[Math.floor(i / 24)];
          const k = i % 24;
          const unit = String(1 + Math.floor(k / 12));
          const floor = 1 + Math.floor((k % 12) / 2);
          const room = `${floor}0${1 + (k % 2)}`;
          addr = {
            addressKind: 'building',
            buildingId: b.id,
            unit,
            floor,
            room,
            villageGroup: null,
            houseNumber: null,
            address: composeAddress('building', { building: b, unit, room }),
            addressKey: addressKeyOf('building', { buildingId: b.id, unit, room, gridCode: g.code }),
          };
        } else {
          // Village groups of 12 houses, numbered through the village (grids do not share groups).
          const k = 1 + Math.floor(i / 12) + (Number(g.code.slice(12)) - 1) * Math.ceil(opts.perGrid.rural[1] / 12);
          const group = `第${k < 100 ? chineseNumber(k) : k}村民小组`;
          const houseNumber = String(1 + (i % 12) * 2 + intBetween(rnd, 0, 1));
          addr = {
            addressKind: 'village',
            buildingId: null,
            unit: null,
            floor: null,
            room: null,
            villageGroup: group,
            houseNumber,
            address: composeAddress('village', { villageGroup: group, houseNumber }),
            addressKey: addressKeyOf('village', { gridCode: g.code, villageGroup: group, houseNumber }),
          };
        }
        const personIds = ms.map((_, j) => stableUuid(opts.seed, `person:${g.code}:${i}:${j}`));
        const rows = ms.map((m, j) => {
          const birthYear = year - m.age;
          const month = intBetween(rnd, 1, 12);
          const day = intBetween(rnd, 1, 28);
          const birthDate = `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const key = `${region}${birthDate}${m.sex}`;
          const k = seqs.get(key) ?? 0;
          seqs.set(key, k + 1);
          const idNumber = rnd() < 0.96 && k < 500 ? idNumberFor(region, birthDate, 2 * k + (m.sex === 'male' ? 1 : 0)) : null;
          const phone = m.age >= 16 && rnd() < 0.85 ? phoneFor(rnd) : null;
          return { id: personIds[j], householdId: id, gridCode: g.code, ...sealPerson(pii, { name: m.name, relation: m.relation as never, idNumber, phone, phoneDigits: phone, birthDate, sex: m.sex }) };
        });
        pRows.push(...rows);
        for (const [j, pid] of personIds.entries()) mRows.push({ personId: pid, householdId: id, relation: ms[j].relation, reason: '生成数据' });
        hRows.push({
          id,
          gridCode: g.code,
          ...addr,
          type,
          tags,
          riskLevel,
          riskNotes: riskLevel === 'none' ? null : pick(rnd, RISKS),
          headPersonId: personIds[0],
          memberCount: ms.length,
          visitIntervalDays: visitIntervalFor(rules, { type, tags, riskLevel }),
        });
        eRows.push({ householdId: id, gridCode: g.code, source: 'households', kind: 'file.created', summary: `建档：${addr.address}（生成数据）` });
      }
      if (!populated.has(g.code)) summary.grids++;
    }
    const keep = <T,>(rows: T[], gridOf: (r: T) => string) => rows.filter((r) => !populated.has(gridOf(r)));
    const householdGrid = new Map(hRows.map((h) => [h.id, h.gridCode]));
    const hs = keep(hRows, (r) => r.gridCode);
    const ps = keep(pRows, (r) => r.gridCode);
    const mems = mRows.filter((m) => !populated.has(householdGrid.get(m.householdId)!));
    const evs = keep(eRows, (r) => r.gridCode);
    const cs = keep(cRows, (r) => r.gridCode);
    const bs = keep(bRows, (r) => r.gridCode);
    // On PostgreSQL the batch is written while the next one is made (one write in flight, in order).
    if (pending) await pending;
    const batchGrids = batch.length;
    pending = db.transaction(async (tx) => {
      await bulkInsert(tx, compounds, cs);
      await bulkInsert(tx, buildings, bs);
      await bulkInsert(tx, households, hs);
      await bulkInsert(tx, people, ps);
      await bulkInsert(tx, householdMembers, mems);
      await bulkInsert(tx, householdEvents, evs);
      summary.buildings += bs.length;
      summary.households += hs.length;
      summary.people += ps.length;
      done += batchGrids;
      opts.onProgress?.(done, Number(total));
    });
    pending.catch(() => {}); // awaited (and thrown) before the next write or at the end
    if (!overlap) await pending;
  }
  if (pending) await pending;
  return summary;
}
