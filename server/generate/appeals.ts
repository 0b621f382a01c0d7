/**
 * A year of appeals at 吉安 scale (docs/DOMAIN.md §2: 114,000 collected, 106,000 resolved), streamed in
 * batches, with a realistic mix of channels, categories and outcomes, and timelines consistent with the
 * workflow and the limits: on-the-spot solutions for field channels, dispatch and sign within the
 * response limit mostly, handling mostly on time, evaluations mostly satisfied, some rework, some
 * still open or overdue at the end of the year.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Vault } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { DEMO_TAXONOMY } from '../modules/categories/categories.taxonomy.js';
import { installDemoLimits } from '../modules/appeals/appeals.limits.js';
import { appealEvaluations, appealEvents, appealParts, appeals, appealSequences } from '../modules/appeals/appeals.tables.js';
import { grids } from '../modules/grids/grids.tables.js';
import { orgCategories, orgs } from '../modules/orgs/orgs.tables.js';
import { regions } from '../modules/regions/regions.tables.js';
import { personName } from './names.js';
import { stableUuid } from './grids.js';
import { mulberry32, pick } from './random.js';

const CHANNEL_MIX: [string, number][] = [
  ['visit', 34],
  ['hotline', 12],
  ['qr', 14],
  ['photo', 8],
  ['patrol', 10],
  ['12345', 12],
  ['listening_point', 4],
  ['deliberation', 2],
  ['petition', 2],
  ['enterprise', 2],
];
const FIELD = new Set(['visit', 'patrol', 'photo']);

/** Department name suffix → the top-level categories it handles. */
const DEPARTMENTS: [string, string[]][] = [
  ['住房和城乡建设局', ['02', '09']],
  ['城市管理局', ['01', '03']],
  ['民政局', ['04']],
  ['人力资源和社会保障局', ['05']],
  ['司法局', ['06']],
  ['生态环境局', ['07']],
  ['应急管理局', ['08']],
  ['工业和信息化局', ['10']],
  ['教育体育局', ['11']],
  ['行政审批局', ['12']],
  ['市场监督管理局', ['13']],
  ['信访局', ['99']],
];

const SAMPLE_TEXTS: Record<string, string[]> = {
  '01': ['门口有人占道摆摊，影响通行', '小区旁垃圾堆放多日无人清运', '楼顶有人私搭乱建', '夜间广场舞音响太吵'],
  '02': ['电梯经常停运，老人上下楼困难', '物业不作为，楼道灯坏了没人修', '小区停车位被外来车辆占用'],
  '03': ['路面塌陷一个大坑', '井盖松动，晚上很危险', '下雨后路口积水严重', '路灯不亮好几天了'],
  '04': ['家里老人独居无人照料，申请帮扶', '低保申请材料不知道怎么准备', '孩子上学学费困难，申请临时救助'],
  '05': ['工地拖欠工资三个月', '想参加技能培训找工作', '医保报销流程咨询'],
  '06': ['邻居装修噪音纠纷', '宅基地边界有争议', '物业费收费标准有争议'],
  '07': ['附近餐馆油烟扰民', '河道有污水排放', '工厂夜间噪声大'],
  '08': ['楼道里电动车充电，有火灾隐患', '老旧房屋墙体开裂', '燃气管道有异味'],
  '09': ['小区停水没有提前通知', '经常停电影响生活', '天然气开户办理慢'],
  '10': ['企业用地审批进度咨询', '企业用电扩容需要协调', '合同纠纷需要协调'],
  '11': ['孩子入学报名咨询', '卫生院看病排队时间长', '学校门口交通拥堵'],
  '12': ['申请公开拆迁补偿标准', '办证需要的材料咨询', '证照办理进度查询'],
  '13': ['超市售卖过期食品', '网购商品质量投诉', '菜市场价格不规范'],
  '99': ['其他事项咨询'],
};

export interface AppealGenSummary {
  appeals: number;
  events: number;
  orgs: number;
}

/** One department set per county, and a governance centre per township (idempotent by name). */
async function ensureOrgs(database: Database, cityCode: string, seed: number): Promise<Map<string, Map<string, string>>> {
  const db = database.db;
  const counties = await db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, cityCode)).orderBy(asc(regions.code));
  const rows: (typeof orgs.$inferInsert)[] = [];
  const cats: (typeof orgCategories.$inferInsert)[] = [];
  for (const c of counties) {
    for (const [suffix, top] of DEPARTMENTS) {
      const id = stableUuid(seed, `org:${c.code}:${suffix}`);
      rows.push({ id, name: `${c.name}${suffix}`, kind: 'department', regionCode: c.code });
      for (const t of top) cats.push({ orgId: id, categoryCode: t });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(orgs).values(rows.slice(i, i + 500)).onConflictDoNothing();
  for (let i = 0; i < cats.length; i += 1000) await db.insert(orgCategories).values(cats.slice(i, i + 1000)).onConflictDoNothing();
  // county code → top category → department id
  const byCounty = new Map<string, Map<string, string>>();
  for (const o of await db.select({ id: orgs.id, regionCode: orgs.regionCode, categoryCode: orgCategories.categoryCode }).from(orgs).innerJoin(orgCategories, eq(orgCategories.orgId, orgs.id)).where(eq(orgs.kind, 'department'))) {
    if (!byCounty.has(o.regionCode)) byCounty.set(o.regionCode, new Map());
    byCounty.get(o.regionCode)!.set(o.categoryCode.slice(0, 2), o.id);
  }
  return byCounty;
}

function weighted<T>(rnd: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r <= 0) return v;
  }
  return items[items.length - 1][0];
}

const HOUR = 3600_000;

export async function generateAppeals(
  database: Database,
  vault: Vault,
  opts: { cityCode: string; count: number; year: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<AppealGenSummary> {
  const db = database.db;
  await installDemoTaxonomy(db);
  await installDemoLimits(db);
  const deptByCounty = await ensureOrgs(database, opts.cityCode, opts.seed);
  const gridCodes = (await db.select({ code: grids.code }).from(grids).where(sql`${grids.code} like ${opts.cityCode + '%'}`).orderBy(asc(grids.code))).map((g) => g.code);
  if (!gridCodes.length) throw new Error(`no grids under ${opts.cityCode}: generate the grids first (profile jian)`);
  const subcats = DEMO_TAXONOMY.flatMap((t) => t.children.map(([code]) => code));
  const rnd = mulberry32(opts.seed ^ 0x5eed);
  const yearStart = Date.UTC(opts.year, 0, 1) - 8 * HOUR;
  const yearMs = Date.UTC(opts.year + 1, 0, 1) - 8 * HOUR - yearStart;
  const end = yearStart + yearMs;
  let events = 0;
  const seqByDay = new Map<string, number>();
  const BATCH = 500;
  for (let start = 0; start < opts.count; start += BATCH) {
    const aRows: (typeof appeals.$inferInsert)[] = [];
    const eRows: (typeof appealEvents.$inferInsert)[] = [];
    const pRows: (typeof appealParts.$inferInsert)[] = [];
    const vRows: (typeof appealEvaluations.$inferInsert)[] = [];
    for (let i = start; i < Math.min(opts.count, start + BATCH); i++) {
      const id = stableUuid(opts.seed, `appeal:${i}`);
      const grid = pick(rnd, gridCodes);
      const county = grid.slice(0, 6);
      const channel = weighted(rnd, CHANNEL_MIX);
      const cat = pick(rnd, subcats);
      const created = new Date(yearStart + Math.floor(rnd() * yearMs));
      const day = new Date(created.getTime() + 8 * HOUR).toISOString().slice(0, 10).replace(/-/g, '');
      const key = `${county}-${day}`;
      const seq = (seqByDay.get(key) ?? 0) + 1;
      seqByDay.set(key, seq);
      const phone = `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
      const text = pick(rnd, SAMPLE_TEXTS[cat.slice(0, 2)] ?? SAMPLE_TEXTS['99']);
      const ev = (type: string, at: number, toStatus: string, publicText: string | null, orgId: string | null = null, note: string | null = null) => {
        eRows.push({ appealId: id, at: new Date(Math.min(at, end - 1)), type, toStatus, actorKind: 'user', actorName: 'generator', orgId, note, publicText });
      };
      const a: typeof appeals.$inferInsert = {
        id,
        number: `${key}-${String(seq).padStart(4, '0')}`,
        channel,
        status: 'registered',
        regionCode: grid,
        townshipCode: grid.slice(0, 9),
        gridCode: grid,
        requesterKind: 'resident',
        requesterNameEnc: vault.encrypt(personName(rnd)),
        requesterPhoneEnc: vault.encrypt(phone),
        requesterPhoneIndex: vault.blindIndex('phone', phone),
        requesterPhoneLast4: phone.slice(-4),
        title: text.slice(0, 40),
        content: text,
        categoryCode: cat,
        urgency: rnd() < 0.05 ? 'urgent' : 'normal',
        token: `g${opts.seed.toString(36)}${i.toString(36)}`,
        source: channel === 'qr' ? 'public' : 'console',
        createdAt: created,
        updatedAt: created,
      };
      let t = created.getTime();
      ev('registered', t, 'registered', `您的诉求已登记，编号 ${a.number}。`);
      const r = rnd();
      if (r < 0.02) {
        t += rnd() * 4 * HOUR;
        Object.assign(a, { status: 'not_accepted', closedAt: new Date(t) });
        ev('not_accepted', t, 'not_accepted', '不予受理：不属于受理范围', null, '不属于受理范围');
        aRows.push(a);
        continue;
      }
      t += rnd() * 2 * HOUR;
      a.acceptedAt = new Date(t);
      a.status = 'accepted';
      ev('accepted', t, 'accepted', '您的诉求已受理。');
      const onSpot = FIELD.has(channel) && rnd() < 0.55;
      let orgId: string | null = null;
      if (onSpot) {
        t += rnd() * HOUR;
        Object.assign(a, { onSpot: true, handledAt: new Date(t), handlingMinutes: 0, result: '已就地解决', status: 'handled' });
        ev('solved_on_spot', t, 'handled', '已就地解决：已当场协调处理');
      } else {
        orgId = deptByCounty.get(county)?.get(cat.slice(0, 2)) ?? null;
        if (!orgId) {
          aRows.push(a);
          continue;
        }
        t += rnd() * 3 * HOUR;
        const dispatched = t;
        const responseDue = dispatched + 2 * 24 * HOUR * 0.25;
        const handlingDue = dispatched + 7 * 24 * HOUR * (1.2 + rnd() * 0.3);
        Object.assign(a, {
          status: 'dispatched',
          handlingOrgId: orgId,
          dispatchedAt: new Date(dispatched),
          responseDueAt: new Date(responseDue),
          handlingDueAt: new Date(handlingDue),
          warnAt: new Date(dispatched + (handlingDue - dispatched) * 0.8),
          responseUnit: 'working_hours',
          handlingUnit: 'working_days',
        });
        ev('dispatched', dispatched, 'dispatched', '已转交承办单位办理。', orgId);
        const part: typeof appealParts.$inferInsert = { appealId: id, orgId, role: 'lead', status: 'dispatched', dispatchedAt: new Date(dispatched) };
        if (handlingDue > end && rnd() < 0.5) {
          // Still open at the end of the year.
          pRows.push(part);
          aRows.push(a);
          continue;
        }
        t = dispatched + (rnd() < 0.92 ? rnd() * (responseDue - dispatched) : (responseDue - dispatched) * (1 + rnd() * 3));
        a.signedAt = new Date(t);
        a.status = 'in_progress';
        part.status = 'in_progress';
        part.signedAt = a.signedAt;
        ev('signed', t, 'in_progress', '承办单位已签收，正在办理。', orgId);
        const onTime = rnd() < 0.9;
        t = onTime ? t + rnd() * (handlingDue - t) : handlingDue + rnd() * 5 * 24 * HOUR;
        if (t >= end) {
          pRows.push(part);
          aRows.push(a);
          continue;
        }
        Object.assign(a, { status: 'handled', handledAt: new Date(t), result: '已处理完毕', handlingMinutes: Math.round(((t - a.acceptedAt.getTime()) / 60_000) * 0.3) });
        Object.assign(part, { status: 'handled', handledAt: new Date(t), result: '已处理完毕' });
        pRows.push(part);
        ev('handled', t, 'handled', '已办结：已处理完毕', orgId);
      }
      t += rnd() * 24 * HOUR;
      if (t >= end) {
        aRows.push(a);
        continue;
      }
      a.status = 'feedback_given';
      ev('feedback', t, 'feedback_given', '已向您反馈办理结果。');
      t += rnd() * 48 * HOUR;
      if (t >= end) {
        aRows.push(a);
        continue;
      }
      const rating = weighted(rnd, [
        ['satisfied', 82],
        ['basically_satisfied', 11],
        ['dissatisfied', 4],
        ['unreachable', 3],
      ] as [string, number][]);
      vRows.push({ appealId: id, round: 0, kind: 'requester', rating, solved: rating === 'unreachable' ? null : rating !== 'dissatisfied', method: 'callback', by: 'generator', at: new Date(t) });
      if (orgId) vRows.push({ appealId: id, round: 0, kind: 'township', rating: 'good', verified: true, method: 'staff', by: 'generator', orgId, at: new Date(t) });
      ev('rated', t, 'feedback_given', null);
      Object.assign(a, { lastRating: rating, lastSolved: rating === 'unreachable' ? null : rating !== 'dissatisfied', lastRatedAt: new Date(t) });
      if (rating === 'dissatisfied') {
        // Reworked and closed on the second round.
        a.reworkCount = 1;
        t += rnd() * 5 * 24 * HOUR;
        vRows.push({ appealId: id, round: 1, kind: 'requester', rating: 'basically_satisfied', solved: true, method: 'callback', by: 'generator', at: new Date(Math.min(t, end - 1)) });
        Object.assign(a, { lastRating: 'basically_satisfied', lastSolved: true, lastRatedAt: new Date(Math.min(t, end - 1)) });
        if (orgId) vRows.push({ appealId: id, round: 1, kind: 'township', rating: 'fair', verified: true, method: 'staff', by: 'generator', orgId, at: new Date(Math.min(t, end - 1)) });
        ev('reworked', t - HOUR, 'in_progress', '根据评价，您的诉求已重新交办。', orgId);
      }
      a.status = 'closed';
      a.closedAt = new Date(Math.min(t, end - 1));
      ev('closed', t, 'closed', '诉求已结案，感谢您的反映与评价。');
      aRows.push(a);
    }
    await db.transaction(async (tx) => {
      await tx.insert(appeals).values(aRows).onConflictDoNothing();
      for (let i = 0; i < eRows.length; i += 1000) await tx.insert(appealEvents).values(eRows.slice(i, i + 1000));
      if (pRows.length) await tx.insert(appealParts).values(pRows).onConflictDoNothing();
      if (vRows.length) await tx.insert(appealEvaluations).values(vRows).onConflictDoNothing();
    });
    events += eRows.length;
    opts.onProgress?.(Math.min(opts.count, start + BATCH), opts.count);
  }
  // Numbers issued later continue each day's sequence.
  const seqRows = [...seqByDay.entries()].map(([prefix, last]) => ({ prefix, last }));
  for (let i = 0; i < seqRows.length; i += 1000) {
    await db
      .insert(appealSequences)
      .values(seqRows.slice(i, i + 1000))
      .onConflictDoUpdate({ target: appealSequences.prefix, set: { last: sql`greatest(${appealSequences.last}, excluded.last)` } });
  }
  return { appeals: opts.count, events, orgs: deptByCounty.size * DEPARTMENTS.length };
}

