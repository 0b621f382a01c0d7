/**
 * 多诉统办 at intake: the appeals a new one probably repeats, best first, each with its reasons.
 *
 * Candidates come from one indexed query (the caller's scope; open, or closed within `windowDays`;
 * near the place — inside `metres`, or the same grid — or from the same phone), then each is scored in
 * memory: text similarity of the jieba words (`textSimilarity`, chosen by measurement in
 * bench/duplicates.ts), nearness, time apart, category and requester. The desk's register form, an
 * appeal's page and the residents' QR page all ask this one scorer.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { and, eq, gte, inArray, lte, ne, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { canonical } from './appeals.lexicon.js';
import type { AppealRow } from './appeals.repo.js';
import { appeals } from './appeals.tables.js';
import { OPEN_STATUSES } from './appeals.workflow.js';

export interface DuplicateSettings {
  /** Closed appeals this recent are still offered (a repeat of a problem just solved). */
  windowDays: number;
  /** Open appeals registered this long ago at most. */
  openDays: number;
  /** Nearer than this counts as the same place. */
  metres: number;
  /** Suggestions at or above this score are shown… */
  threshold: number;
  /** …and within this much of the best one (a clear best hides the also-rans). */
  margin: number;
  limit: number;
  weights: { text: number; place: number; time: number; category: number; requester: number };
}

/** The defaults; a county's administrator may store its own distance, windows, minimum score and count (appeals.similar-settings.ts). */
export const DUPLICATES: DuplicateSettings = {
  windowDays: 30,
  openDays: 90,
  metres: 300,
  // Chosen on the evaluation set (server/generate/duplicates-eval.ts, seed 20261205); measured on another seed by bench/duplicates.ts.
  threshold: 0.48,
  margin: 0.1,
  limit: 5,
  weights: { text: 0.6, place: 0.2, time: 0.05, category: 0.1, requester: 0.1 },
};

/** What the scorer compares: a draft at the desk, a resident's report, or an appeal already registered. */
export interface Probe {
  text: string;
  categoryCode?: string;
  lon?: number | null;
  lat?: number | null;
  gridCode?: string | null;
  phoneIndex?: string | null;
  at: Date;
  exclude?: string;
}

type Reason =
  | { code: 'same_grid' }
  | { code: 'distance'; value: number }
  | { code: 'days'; value: number }
  | { code: 'text'; value: number }
  | { code: 'same_requester' }
  | { code: 'same_category' };

export interface Scored {
  row: AppealRow;
  score: number;
  reasons: Reason[];
}

let jieba: Jieba | undefined;
const STOP = new Set(
  '的 了 是 在 有 我 我们 你 他 她 它 和 与 及 也 都 就 还 又 很 太 非常 这 那 这个 那个 一个 没有 不 没 被 把 给 让 请 希望 要求 反映 问题 情况 现在 已经 一直 好几 几天 多日 天 一下 相关 部门 处理 解决 尽快 能 会 可以 到 从 对 说 啊 吧 呢 吗 小区 大门 门外 门口 门前 入口 楼下 楼上 对面 附近 旁边 这条 里 上 后 中 着 得 很多 很大 大 经常 每天 有人 多次 只 又 才 来 去 过 用 人'.split(' '),
);

/** The words of a text that say what the problem is: jieba's cut without punctuation, digits and stop words. */
function textTerms(s: string): string[] {
  jieba ??= Jieba.withDict(dict);
  const out: string[] = [];
  for (const raw of jieba.cut(s, true)) {
    const w = raw.trim();
    if (!w || STOP.has(w) || /^[\p{P}\p{S}\s\d]+$/u.test(w)) continue;
    if (w.length === 1 && !/\p{Script=Han}/u.test(w)) continue;
    out.push(canonical(w));
  }
  return out;
}

export type TextMethod = 'jaccard' | 'cosine' | 'tfidf' | 'simhash' | 'bigram' | 'chars' | 'mixed';

const STOP_CHARS = new Set('的了是在有我你他她它们和与及也都就还又很太这那个一不没被把给让请要到从对说啊吧呢吗得着过里上下后前中来去人'.split(''));

/** The Han characters of a text that carry meaning: 坏 in 坏了 and 坏掉, 吵 in 太吵 and 吵醒. */
function chars(s: string): Set<string> {
  const out = new Set<string>();
  for (const c of s) if (/\p{Script=Han}/u.test(c) && !STOP_CHARS.has(c)) out.add(c);
  return out;
}

function fnv(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function simhash(terms: string[]): [number, number] {
  const v = new Array<number>(64).fill(0);
  for (const t of terms) {
    const a = fnv(t, 1);
    const b = fnv(t, 2);
    for (let i = 0; i < 32; i++) {
      v[i] += (a >>> i) & 1 ? 1 : -1;
      v[32 + i] += (b >>> i) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) {
    if (v[i] > 0) lo |= 1 << i;
    if (v[32 + i] > 0) hi |= 1 << i;
  }
  return [hi >>> 0, lo >>> 0];
}

const popcount = (x: number) => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
};

function bigrams(s: string): string[] {
  const han = s.replace(/[^\p{Script=Han}a-zA-Z0-9]+/gu, '');
  const out: string[] = [];
  for (let i = 0; i + 1 < han.length; i++) out.push(han.slice(i, i + 2));
  return out;
}

function setCosine(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / Math.sqrt(a.size * b.size);
}

/**
 * Text similarity in [0, 1] between two texts by the method named (the benchmark compares them;
 * DEFAULT_METHOD is the one that measured best). `df` (document frequencies over the candidates and
 * `docs` their number) weighs rare words up for 'tfidf'.
 */
function textSimilarity(method: TextMethod, a: string, b: string, ta = textTerms(a), tb = textTerms(b), df?: Map<string, number>, docs = 1): number {
  switch (method) {
    case 'jaccard': {
      const A = new Set(ta);
      const B = new Set(tb);
      let common = 0;
      for (const x of A) if (B.has(x)) common++;
      const union = A.size + B.size - common;
      return union ? common / union : 0;
    }
    case 'cosine':
      return setCosine(new Set(ta), new Set(tb));
    case 'tfidf': {
      const idf = (w: string) => Math.log((docs + 1) / ((df?.get(w) ?? 0) + 1)) + 1;
      const vec = (ts: string[]) => {
        const m = new Map<string, number>();
        for (const t of ts) m.set(t, (m.get(t) ?? 0) + 1);
        for (const [k, n] of m) m.set(k, n * idf(k));
        return m;
      };
      const A = vec(ta);
      const B = vec(tb);
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (const [k, x] of A) {
        na += x * x;
        const y = B.get(k);
        if (y) dot += x * y;
      }
      for (const y of B.values()) nb += y * y;
      return na && nb ? dot / Math.sqrt(na * nb) : 0;
    }
    case 'simhash': {
      if (!ta.length || !tb.length) return 0;
      const [h1, l1] = simhash(ta);
      const [h2, l2] = simhash(tb);
      // Unrelated texts differ in about half the bits: scaled so that 32 differing bits is 0.
      return Math.max(0, 1 - (popcount(h1 ^ h2) + popcount(l1 ^ l2)) / 32);
    }
    case 'bigram':
      return setCosine(new Set(bigrams(a)), new Set(bigrams(b)));
    case 'chars':
      return setCosine(chars(a), chars(b));
    case 'mixed':
      return (setCosine(new Set(ta), new Set(tb)) + setCosine(chars(a), chars(b))) / 2;
  }
}

export const DEFAULT_METHOD: TextMethod = 'mixed';

function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

const DAY = 86_400_000;
const METRES_PER_DEGREE = 111_320;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The candidates: one indexed query, scoped by the caller's condition. */
export async function duplicateCandidates(db: DbOrTx, scope: SQL | undefined, p: Probe, s: DuplicateSettings = DUPLICATES): Promise<AppealRow[]> {
  const near: SQL[] = [];
  const positioned = typeof p.lon === 'number' && typeof p.lat === 'number';
  if (positioned) {
    const dLat = s.metres / METRES_PER_DEGREE;
    const dLon = dLat / Math.max(0.01, Math.cos((p.lat! * Math.PI) / 180));
    near.push(and(gte(appeals.lat, p.lat! - dLat), lte(appeals.lat, p.lat! + dLat), gte(appeals.lon, p.lon! - dLon), lte(appeals.lon, p.lon! + dLon))!);
  }
  if (p.gridCode) near.push(eq(appeals.gridCode, p.gridCode));
  if (p.phoneIndex) near.push(eq(appeals.requesterPhoneIndex, p.phoneIndex));
  if (!near.length) return [];
  const since = new Date(p.at.getTime() - s.openDays * DAY);
  const closedSince = new Date(p.at.getTime() - s.windowDays * DAY);
  return db
    .select()
    .from(appeals)
    .where(
      and(
        scope,
        gte(appeals.createdAt, since),
        or(inArray(appeals.status, OPEN_STATUSES), and(eq(appeals.status, 'closed'), gte(appeals.closedAt, closedSince))),
        or(...near),
        p.exclude ? ne(appeals.id, p.exclude) : undefined,
      ),
    )
    .limit(500);
}

/** Scores each candidate against the probe; those at or above the threshold, best first, at most `limit`. */
export function scoreCandidates(p: Probe, rows: AppealRow[], s: DuplicateSettings = DUPLICATES, method: TextMethod = DEFAULT_METHOD, threshold = s.threshold): Scored[] {
  const pt = textTerms(p.text);
  const terms = rows.map((r) => textTerms(`${r.title} ${r.content}`));
  let df: Map<string, number> | undefined;
  if (method === 'tfidf') {
    df = new Map();
    for (const ts of [pt, ...terms]) for (const w of new Set(ts)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const positioned = typeof p.lon === 'number' && typeof p.lat === 'number';
  const w = s.weights;
  const out: Scored[] = [];
  rows.forEach((r, i) => {
    const reasons: Reason[] = [];
    let place = 0;
    if (p.gridCode && r.gridCode === p.gridCode) {
      place = 0.5;
      reasons.push({ code: 'same_grid' });
    }
    if (positioned && r.lon !== null && r.lat !== null) {
      const d = metresBetween({ lon: p.lon!, lat: p.lat! }, { lon: r.lon, lat: r.lat });
      if (d <= s.metres) {
        place = Math.max(place, 1 - d / (2 * s.metres));
        reasons.push({ code: 'distance', value: Math.round(d) });
      }
    }
    const days = Math.abs(p.at.getTime() - r.createdAt.getTime()) / DAY;
    const time = Math.max(0, 1 - days / s.openDays);
    reasons.push({ code: 'days', value: Math.floor(days) });
    const text = textSimilarity(method, p.text, `${r.title} ${r.content}`, pt, terms[i], df, rows.length + 1);
    if (text >= 0.2) reasons.push({ code: 'text', value: round2(text) });
    const requester = !!p.phoneIndex && r.requesterPhoneIndex === p.phoneIndex;
    if (requester) reasons.push({ code: 'same_requester' });
    let category = 0;
    if (p.categoryCode && r.categoryCode === p.categoryCode) {
      category = 1;
      reasons.push({ code: 'same_category' });
    } else if (p.categoryCode && r.categoryCode.slice(0, 2) === p.categoryCode.slice(0, 2)) category = 0.5;
    const score = w.text * text + w.place * place + w.time * time + w.category * category + w.requester * (requester ? 1 : 0);
    if (score >= threshold) out.push({ row: r, score: round2(score), reasons: reasons.sort((a, b) => REASON_ORDER.indexOf(a.code) - REASON_ORDER.indexOf(b.code)) });
  });
  out.sort((a, b) => b.score - a.score || b.row.createdAt.getTime() - a.row.createdAt.getTime());
  const best = out[0]?.score ?? 0;
  return out.filter((x) => x.score >= best - s.margin).slice(0, s.limit);
}

export const REASON_ORDER: Reason['code'][] = ['same_requester', 'text', 'distance', 'same_grid', 'same_category', 'days'];
