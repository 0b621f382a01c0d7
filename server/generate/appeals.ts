/**
 * Appeals over a period, lived by appeal-life.ts (the workflow's steps on the working calendar and
 * within the limits, cut at the period's end): the benchmark's year at 吉安 scale (docs/DOMAIN.md §2:
 * 114,000 collected, 106,000 resolved) and the demo's year of 吉州区 up to now (demo-appeals.ts).
 * A realistic mix of channels, categories and outcomes: on-the-spot solutions for field channels,
 * dispatch and sign within the response limit mostly, handling mostly on time, evaluations mostly
 * satisfied, some rework, joint handling, leader cases and merged duplicates.
 * The parts: appeals.setting.ts (what the caller gives), appeals.outbox.ts (the SMS rows), appeals.year.ts
 * (the benchmark's year and its departments).
 */
import { and, asc, eq } from 'drizzle-orm';
import { inRegion } from '../platform/access.js';
import { maskPhone, type Vault } from '../platform/crypto.js';
import { bulkInsert } from '../platform/bulk.js';
import type { Database } from '../platform/db.js';
import { installDemoTaxonomy, simpleCategoryCodes } from '../modules/categories/categories.service.js';
import { DEMO_TAXONOMY } from '../modules/categories/categories.taxonomy.js';
import { installDemoLimits, limitResolver, listLimits, type Limits, type Urgency } from '../modules/appeals/appeals.limits.js';
import { appealEvaluations, appealEvents, appealParts, appealRequests, appeals } from '../modules/appeals/appeals.tables.js';
import { syncNumberSequence } from '../modules/appeals/appeals.numbers.js';
import { installShippedCalendars, workCalendar } from '../modules/calendar/calendar.service.js';
import { gridWorkers, grids } from '../modules/grids/grids.tables.js';
import { outbox } from '../modules/notifications/notifications.tables.js';
import { regions } from '../modules/regions/regions.tables.js';
import { users } from '../modules/users/users.tables.js';
import { liveMerged } from './appeal-life.merged.js';
import { live, type AppealInsert, type Draft, type Life, type LifeEnv } from './appeal-life.js';
import { personName } from './names.js';
import { stableUuid } from './grids.js';
import { mulberry32, pick, rngFor, weighted } from './random.js';
import { CHANNEL_MIX, drawInstant, FIELD, HOUR, SAMPLE_TEXTS } from './appeals.mix.js';
import { outboxRow } from './appeals.outbox.js';
import type { AppealSetting, Pinned, Requester } from './appeals.setting.js';

export interface AppealHistorySummary {
  appeals: number;
  events: number;
  messages: number;
}

interface Spec {
  created: number;
  gridCode: string | null;
  townshipCode: string;
  channel: string;
  categoryCode: string;
  urgency: string;
  text?: string;
  pin?: Pinned;
  leader: boolean;
  joint: boolean;
  duplicate?: Spec;
  /** A duplicate: lived with its master. */
  child?: boolean;
  number?: string;
  index: number;
}

/**
 * Appeals from `from` to `to` (the last instant anything happens: the demo's now, or a year's end),
 * each lived by appeal-life.ts on the working calendar and the limits, inserted in batches with
 * their timeline, parts, evaluations, requests and SMS. The day figures follow by the trigger on
 * `appeals` (migration 0012), as they do for appeals the app registers.
 */
export async function generateAppealHistory(
  database: Database,
  vault: Vault,
  setting: AppealSetting,
  opts: {
    count: number;
    from: number;
    to: number;
    seed: number;
    onProgress?: (done: number, total: number) => void;
    /** The channels drawn from (default the county's mix) and the last instant an appeal is created (default `to`). */
    channels?: [string, number][];
    createdUntil?: number;
  },
): Promise<AppealHistorySummary> {
  const db = database.db;
  await installDemoTaxonomy(db);
  await installDemoLimits(db);
  await installShippedCalendars(db);
  const cal = await workCalendar(db);
  const limitRows = await listLimits(db);
  const limits = (categoryCode: string, urgency: Urgency): Limits => {
    for (const c of [categoryCode, categoryCode.slice(0, 2), '*']) {
      const r = limitRows.find((x) => x.categoryCode === c && x.urgency === urgency);
      if (r) return { response: { amount: r.responseAmount, unit: r.responseUnit }, handling: { amount: r.handlingAmount, unit: r.handlingUnit } };
    }
    throw new Error(`no limit for ${categoryCode}/${urgency}`);
  };
  const gridRows = await db
    .select({ code: grids.code, polygon: grids.polygon, lon: grids.centroidLon, lat: grids.centroidLat })
    .from(grids)
    .where(inRegion(grids.code, setting.within))
    .orderBy(asc(grids.code));
  const gridCodes = gridRows.map((g) => g.code);
  const shapes = new Map(gridRows.map((g) => [g.code, g]));
  /**
   * Where in its grid an appeal is about (the heat map and the map picker need points): between the
   * grid's centroid and one of its corners, from its own random stream so nothing else drawn changes.
   */
  const spotOf = (gridCode: string | null, key: string): { lon: number | null; lat: number | null } => {
    const g = gridCode ? shapes.get(gridCode) : undefined;
    if (!g) return { lon: null, lat: null };
    const r = rngFor(opts.seed, `spot:${key}`);
    const ring = g.polygon.coordinates[0];
    const [x, y] = ring[Math.floor(r() * (ring.length - 1))];
    const f = 0.1 + 0.5 * r();
    return { lon: Math.round((g.lon + f * (x - g.lon)) * 1e6) / 1e6, lat: Math.round((g.lat + f * (y - g.lat)) * 1e6) / 1e6 };
  };
  if (!gridCodes.length) throw new Error(`no grids under ${setting.within}: generate the grids first`);
  const townshipNames = new Map(
    (await db.select({ code: regions.code, name: regions.name }).from(regions).where(and(eq(regions.level, 'township'), inRegion(regions.code, setting.within)))).map((r) => [r.code, r.name]),
  );
  const workers = new Map<string, { id: string; name: string }>();
  for (const w of await db
    .select({ gridCode: gridWorkers.gridCode, id: users.id, name: users.displayName })
    .from(gridWorkers)
    .innerJoin(users, eq(users.id, gridWorkers.userId))
    .where(inRegion(gridWorkers.gridCode, setting.within))
    .orderBy(asc(gridWorkers.gridCode), asc(users.username))) {
    if (!workers.has(w.gridCode)) workers.set(w.gridCode, { id: w.id, name: w.name });
  }
  const subcats = DEMO_TAXONOMY.flatMap((t) => t.children.map(([code]) => code));
  const rnd = mulberry32(opts.seed ^ 0x5eed);
  const { accept: acceptLimit } = await limitResolver(db);
  // 即诉即办: the categories marked simple (the demo marks some) are lived by the same-day rule.
  const simpleCodes = await simpleCategoryCodes(db);
  const simple = (code: string) => simpleCodes.has(code) || simpleCodes.has(code.slice(0, 2));
  const env: LifeEnv = { cal, limits, acceptLimit, orgName: setting.orgName, now: opts.to, simple };

  // Decide every appeal first, so numbers follow registration order within each day.
  const specs: Spec[] = [];
  // A duplicate counts among the appeals collected.
  for (let made = 0; made < opts.count; made++) {
    const gridCode = pick(rnd, gridCodes);
    const channel = weighted(rnd, opts.channels ?? CHANNEL_MIX);
    const s: Spec = {
      index: specs.length,
      created: drawInstant(rnd, opts.from, opts.createdUntil ?? opts.to),
      gridCode,
      townshipCode: gridCode.slice(0, 9),
      channel,
      categoryCode: pick(rnd, subcats),
      urgency: rnd() < 0.05 ? 'urgent' : 'normal',
      leader: ['petition', '12345', 'deliberation'].includes(channel) && rnd() < 0.08,
      joint: rnd() < 0.05,
    };
    specs.push(s);
    if (!FIELD.has(channel) && rnd() < 0.025 && made + 1 < opts.count) {
      made++;
      s.duplicate = { ...s, index: -1, channel: weighted(rnd, CHANNEL_MIX.filter(([c]) => !FIELD.has(c))), created: Math.min(opts.to - 60_000, s.created + rnd() * 2 * 24 * HOUR), leader: false, joint: false, child: true };
    }
  }
  for (const p of setting.pinned ?? []) {
    const s: Spec = {
      index: specs.length,
      created: p.created,
      gridCode: p.gridCode,
      townshipCode: p.gridCode?.slice(0, 9) ?? p.townshipCode!,
      channel: p.channel,
      categoryCode: p.categoryCode,
      urgency: p.urgency ?? 'normal',
      pin: p,
      leader: !!p.leader,
      joint: !!p.joint,
    };
    specs.push(s);
    if (p.duplicateAt) s.duplicate = { ...s, index: -1, channel: 'hotline', created: p.duplicateAt, pin: undefined, leader: false, joint: false, child: true };
  }
  const all = [...specs, ...specs.flatMap((s) => (s.duplicate ? [s.duplicate] : []))].sort((a, b) => a.created - b.created);
  const seqByDay = new Map<string, number>();
  for (const s of all) {
    const day = new Date(s.created + 8 * HOUR).toISOString().slice(0, 10).replace(/-/g, '');
    const key = `${s.townshipCode.slice(0, 6)}-${day}`;
    const seq = (seqByDay.get(key) ?? 0) + 1;
    seqByDay.set(key, seq);
    s.number = `${key}-${String(seq).padStart(4, '0')}`;
  }

  const draftOf = (s: Spec, key: string): { draft: Draft; hint: string | null } => {
    const id = stableUuid(opts.seed, `appeal:${key}`);
    const county = s.townshipCode.slice(0, 6);
    const text = s.text ?? pick(rnd, SAMPLE_TEXTS[s.categoryCode.slice(0, 2)] ?? SAMPLE_TEXTS['99']);
    s.text = text;
    const field = FIELD.has(s.channel);
    const worker = s.gridCode ? workers.get(s.gridCode) : undefined;
    // Who speaks: a household member where the channel reaches one, a firm, or nobody (a worker's patrol).
    let requester: Requester | null = null;
    let kind = 'resident';
    if (s.channel === 'patrol') kind = 'anonymous';
    else if (s.channel === 'enterprise') kind = 'enterprise';
    if (kind !== 'anonymous') {
      const local = s.gridCode ? setting.requesters?.get(s.gridCode) : undefined;
      if (local?.length && (s.channel === 'visit' || rnd() < 0.7)) requester = pick(rnd, local);
      else {
        const phone = `1${pick(rnd, ['3', '5', '8', '9'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
        requester = { name: personName(rnd), phoneEnc: vault.encrypt(phone), phoneIndex: vault.blindIndex('phone', phone), phoneLast4: phone.slice(-4), phoneHint: maskPhone(phone) };
      }
    }
    const leaders = s.leader ? (setting.leaders ?? []).filter((l) => (s.gridCode ?? s.townshipCode).startsWith(l.regionCode)) : [];
    const leadOrgId = setting.orgFor(county, s.categoryCode);
    const co = s.joint && leadOrgId ? setting.coOrgsOf(county).filter((o) => o !== leadOrgId) : [];
    const created = new Date(s.created);
    const appeal: AppealInsert = {
      id,
      number: s.number!,
      channel: s.channel,
      status: 'registered',
      regionCode: s.gridCode ?? s.townshipCode,
      townshipCode: s.townshipCode,
      gridCode: s.gridCode,
      ...spotOf(s.gridCode, id),
      needsPlacement: !s.gridCode,
      requesterKind: kind,
      requesterNameEnc: requester && kind === 'resident' ? vault.encrypt(requester.name) : null,
      requesterPhoneEnc: requester?.phoneEnc ?? null,
      requesterPhoneIndex: requester?.phoneIndex ?? null,
      requesterPhoneLast4: requester?.phoneLast4 ?? null,
      enterpriseName: kind === 'enterprise' ? `吉安市${pick(rnd, ['庐陵', '井冈', '赣江', '白鹭', '青原'])}${pick(rnd, ['科技', '食品', '建材', '电子', '物流'])}有限公司` : null,
      title: text.slice(0, 40),
      content: text,
      categoryCode: s.categoryCode,
      urgency: s.urgency,
      // Every row sets the flags: one bulk statement leaves no column to its default.
      whistled: false,
      onSpot: false,
      fastTrack: false,
      reworkCount: 0,
      overdueNotified: false,
      warnedNotified: false,
      responseOverdueNotified: false,
      token: `g${opts.seed.toString(36)}${key.replace(/[^0-9a-z]/g, '')}`,
      source: s.channel === 'qr' ? 'public' : s.channel === 'visit' ? 'visit' : 'console',
      createdByKind: s.channel === 'qr' ? 'public' : 'user',
      reporterUserId: field && worker ? worker.id : null,
      createdAt: created,
      updatedAt: created,
    };
    const draft: Draft = {
      appeal,
      field,
      leadOrgId,
      coOrgIds: co.length ? [pick(rnd, co)] : [],
      desk: `${townshipNames.get(s.townshipCode) ?? ''}综治中心`,
      reporter: field && worker ? worker.name : s.channel === 'qr' ? '诉求人' : `${townshipNames.get(s.townshipCode) ?? ''}综治中心`,
      leader: leaders.length ? pick(rnd, leaders) : undefined,
      ...(s.pin ? { ...s.pin.life, dispatch: true } : {}),
    };
    return { draft, hint: requester?.phoneHint ?? null };
  };

  const masters = specs.sort((a, b) => a.created - b.created);
  const hints = new Map<string, { hint: string; enc: string }>();
  let events = 0;
  let messages = 0;
  const BATCH = 1000;
  for (let start = 0; start < masters.length; start += BATCH) {
    const aRows: AppealInsert[] = [];
    const eRows: (typeof appealEvents.$inferInsert)[] = [];
    const pRows: (typeof appealParts.$inferInsert)[] = [];
    const vRows: (typeof appealEvaluations.$inferInsert)[] = [];
    const rRows: (typeof appealRequests.$inferInsert)[] = [];
    const oRows: (typeof outbox.$inferInsert)[] = [];
    const take = (life: Life) => {
      eRows.push(...life.events);
      pRows.push(...life.parts);
      vRows.push(...life.evaluations);
      rRows.push(...life.requests);
      for (const m of life.messages) {
        const to = hints.get(m.appealId)!;
        oRows.push(outboxRow(rnd, m, to.hint, to.enc, opts.to));
      }
    };
    for (const s of masters.slice(start, start + BATCH)) {
      const { draft, hint } = draftOf(s, s.pin ? `pinned:${s.number}` : String(s.index));
      if (hint) hints.set(draft.appeal.id, { hint, enc: draft.appeal.requesterPhoneEnc! });
      aRows.push(draft.appeal);
      const life = live(draft, rnd, env);
      take(life);
      if (s.duplicate) {
        s.duplicate.text = s.text;
        const c = draftOf(s.duplicate, `dup:${s.duplicate.number}`);
        // Reported again after the master was handled: a new appeal of its own.
        const cl = liveMerged(c.draft, draft.appeal, life, rnd, env) ?? live(c.draft, rnd, env);
        if (c.hint) hints.set(c.draft.appeal.id, { hint: c.hint, enc: c.draft.appeal.requesterPhoneEnc! });
        aRows.push(c.draft.appeal);
        take(cl);
      }
    }
    // Timelines read in id order: ids follow the instants.
    eRows.sort((x, y) => (x.at as Date).getTime() - (y.at as Date).getTime());
    await db.transaction(async (tx) => {
      await bulkInsert(tx, appeals, aRows, { skipConflicts: true });
      await bulkInsert(tx, appealEvents, eRows);
      await bulkInsert(tx, appealParts, pRows);
      await bulkInsert(tx, appealEvaluations, vRows);
      await bulkInsert(tx, appealRequests, rRows);
      await bulkInsert(tx, outbox, oRows);
    });
    events += eRows.length;
    messages += oRows.length;
    opts.onProgress?.(Math.min(masters.length, start + BATCH), masters.length);
  }
  // Numbers issued later continue past these: each county's sequence moves beyond its highest serial.
  for (const county of new Set([...seqByDay.keys()].map((k) => k.slice(0, 6)))) await syncNumberSequence(database, county);
  return { appeals: all.length, events, messages };
}
