/**
 * 未诉先办: is this week's count of new appeals in one place and category above its usual level? Pure
 * functions over a weekly series (oldest first), tested without a database and measured in
 * bench/warnings.ts against a plain fixed threshold on generated series with injected rises.
 *
 * - `ewma`: the usual level is an exponentially weighted moving average of the weeks before (λ 0.2),
 *   and the control limit that level plus k = 3 Poisson standard deviations (√level, at least 1). A week
 *   that alarms does not move the level, so a surge is not "usual" the week after.
 * - `seasonal`: the usual level is the mean of the same weeks (±1) of earlier years, the limit widened
 *   for the few weeks it rests on; without a year of history it falls back to `ewma`.
 * - `fixed`: the baseline in the benchmark: twice the mean of the weeks before.
 *
 * Every method needs at least `minCount` appeals in the week (5), so a quiet place does not alarm on 0→1.
 */
export const METHODS = ['both', 'ewma', 'seasonal', 'fixed'] as const;
export type Method = (typeof METHODS)[number];

export interface DetectOptions {
  lambda: number;
  k: number;
  minCount: number;
  /** Weeks of history before the first week that may alarm. */
  warmup: number;
}

export const DEFAULT_DETECT: DetectOptions = { lambda: 0.2, k: 3, minCount: 5, warmup: 8 };

/**
 * The minimum counts by place level, unless a county stored its own (assessment.warnings-config.ts). A grid
 * is a few hundred households, its weekly counts small: 4 a week is already a rise where the usual is 0–1
 * (the limit there is level + 3), while a community keeps 5.
 */
export const DEFAULT_MIN_COUNTS = { community: DEFAULT_DETECT.minCount, grid: 4 } as const;

export interface Point {
  count: number;
  /** The usual level for this week (null during warm-up). */
  baseline: number | null;
  /** The control limit: above it (and at least minCount) is a rise. */
  limit: number | null;
  alarm: boolean;
}

const WEEKS_PER_YEAR = 52;
const round2 = (x: number) => Math.round(x * 100) / 100;

function poissonLimit(level: number, k: number, spread = 1): number {
  return level + k * Math.sqrt(Math.max(level, 1) * spread);
}

function ewma(counts: number[], o: DetectOptions = DEFAULT_DETECT): Point[] {
  const out: Point[] = [];
  if (!counts.length) return out;
  const start = Math.min(o.warmup, counts.length);
  let level = counts.slice(0, start).reduce((a, b) => a + b, 0) / Math.max(start, 1);
  for (let t = 0; t < counts.length; t++) {
    const c = counts[t];
    if (t < o.warmup) {
      out.push({ count: c, baseline: null, limit: null, alarm: false });
      continue;
    }
    const limit = poissonLimit(level, o.k);
    const alarm = c >= o.minCount && c > limit;
    out.push({ count: c, baseline: round2(level), limit: round2(limit), alarm });
    if (!alarm) level = o.lambda * c + (1 - o.lambda) * level;
  }
  return out;
}

function seasonal(counts: number[], o: DetectOptions = DEFAULT_DETECT): Point[] {
  const fallback = ewma(counts, o);
  return counts.map((c, t) => {
    const same: number[] = [];
    for (let y = 1; t - y * WEEKS_PER_YEAR - 1 >= 0; y++) {
      for (const d of [-1, 0, 1]) same.push(counts[t - y * WEEKS_PER_YEAR + d]);
    }
    if (!same.length) return fallback[t];
    const level = same.reduce((a, b) => a + b, 0) / same.length;
    const limit = poissonLimit(level, o.k, 1 + 1 / same.length);
    return { count: c, baseline: round2(level), limit: round2(limit), alarm: c >= o.minCount && c > limit };
  });
}

function fixed(counts: number[], o: DetectOptions = DEFAULT_DETECT): Point[] {
  let sum = 0;
  return counts.map((c, t) => {
    const mean = t ? sum / t : 0;
    sum += c;
    if (t < o.warmup) return { count: c, baseline: null, limit: null, alarm: false };
    const limit = 2 * mean;
    return { count: c, baseline: round2(mean), limit: round2(limit), alarm: c >= o.minCount && c > limit };
  });
}

/** Both must agree: above the recent level (EWMA) and above the same weeks of earlier years. */
function both(counts: number[], o: DetectOptions = DEFAULT_DETECT): Point[] {
  const recent = ewma(counts, o);
  const season = seasonal(counts, o);
  return counts.map((c, t) => {
    const a = recent[t];
    const b = season[t];
    if (a.limit === null || b.limit === null) return a.limit === null ? { ...a } : { ...a };
    const limit = Math.max(a.limit, b.limit);
    const baseline = a.limit >= b.limit ? a.baseline : b.baseline;
    return { count: c, baseline, limit, alarm: a.alarm && b.alarm };
  });
}

export function detect(counts: number[], method: Method, o: DetectOptions = DEFAULT_DETECT): Point[] {
  if (method === 'both') return both(counts, o);
  return method === 'ewma' ? ewma(counts, o) : method === 'seasonal' ? seasonal(counts, o) : fixed(counts, o);
}
