/**
 * 未诉先办: how well the early warnings find rises, on generated weekly series with injected rises, for
 * each method of server/modules/assessment/assessment.detect.ts beside the plain fixed threshold in the
 * same run. Three years per series (places × categories), a yearly cycle in half of them (water and power
 * peak in summer, like the demo's heat season), Poisson counts; in the third year one series in eight gets
 * a two-week rise (×2.5 the usual level, at least +6). Scored on the third year only:
 * - detection rate: injected rises with an alarm in one of their weeks ÷ injected rises;
 * - false alarms per month: alarms in weeks without an injected rise, over all series, ÷ 12.
 * The same again on grid-sized series (0.1 to 2 a week, a rise ×2.5 and at least +4), the grid's minimum
 * count (DEFAULT_MIN_COUNTS.grid) beside the community's applied to grids.
 */
import { rngFor } from '../server/generate/random.js';
import { DEFAULT_DETECT, DEFAULT_MIN_COUNTS, detect, METHODS, type DetectOptions, type Method } from '../server/modules/assessment/assessment.detect.js';
import { round, type Result } from './stats.js';

const WEEKS = 156;
const SERIES = 2000;

function poisson(rnd: () => number, mean: number): number {
  // Knuth for small means, a normal approximation above.
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

interface Generated {
  counts: number[];
  /** The injected weeks (third year), empty when none. */
  rise: number[];
}

/** One generated series; deterministic per index. A grid's is smaller: 0.1 to 2 a week, a rise of at least +4. */
function generateSeries(i: number, seed = 20261205, level: 'community' | 'grid' = 'community'): Generated {
  const rnd = rngFor(seed, level === 'grid' ? `warn-grid:${i}` : `warn:${i}`);
  const base = level === 'grid' ? 0.1 + rnd() * 1.9 : 0.3 + rnd() * 7.7; // a community's weekly appeals of one category: 0.3 to 8
  const seasonalAmp = rnd() < 0.5 ? 0.4 + rnd() * 0.5 : 0; // summer peak up to ×1.9
  const growth = 1 + (rnd() - 0.5) * 0.2; // ±10% a year
  const rise: number[] = [];
  if (i % 8 === 0) {
    const at = 2 * 52 + 2 + Math.floor(rnd() * 48);
    rise.push(at, at + 1);
  }
  const counts: number[] = [];
  for (let w = 0; w < WEEKS; w++) {
    // Peak in week 30 (late July), trough in winter.
    const season = 1 + seasonalAmp * Math.cos((2 * Math.PI * (w % 52 - 30)) / 52);
    let mean = base * season * growth ** (w / 52);
    if (rise.includes(w)) mean = Math.max(mean * 2.5, mean + (level === 'grid' ? 4 : 6));
    counts.push(poisson(rnd, mean));
  }
  return { counts, rise };
}

function score(method: Method, series: Generated[], options: DetectOptions = DEFAULT_DETECT) {
  let rises = 0;
  let detected = 0;
  let falseAlarms = 0;
  for (const s of series) {
    const points = detect(s.counts, method, options);
    if (s.rise.length) {
      rises++;
      if (s.rise.some((w) => points[w].alarm)) detected++;
    }
    for (let w = 2 * 52; w < WEEKS; w++) {
      // The week after a rise is not counted as a false alarm (the rise may still be under way).
      if (points[w].alarm && !s.rise.includes(w) && !s.rise.includes(w - 1)) falseAlarms++;
    }
  }
  return { rises, detected, detectionRate: round(detected / rises, 3), falseAlarmsPerMonth: round(falseAlarms / 12, 1), falseAlarmsPerMonthPer100Series: round((falseAlarms / 12 / series.length) * 100, 2) };
}

export function benchWarnings(): Result[] {
  const series = Array.from({ length: SERIES }, (_, i) => generateSeries(i));
  const scores = Object.fromEntries(METHODS.map((m) => [m, score(m, series)])) as Record<Method, ReturnType<typeof score>>;
  const methods: Method[] = ['both', 'ewma', 'seasonal'];
  const grids = Array.from({ length: SERIES }, (_, i) => generateSeries(i, 20261205, 'grid'));
  const gridScore = score('seasonal', grids, { ...DEFAULT_DETECT, minCount: DEFAULT_MIN_COUNTS.grid });
  const gridAtCommunityMin = score('seasonal', grids, { ...DEFAULT_DETECT, minCount: DEFAULT_MIN_COUNTS.community });
  const perGrid: Result = {
    name: `early warnings per grid (seasonal, minCount ${DEFAULT_MIN_COUNTS.grid}) vs the community's minCount ${DEFAULT_MIN_COUNTS.community}: detection rate and false alarms per month, ${SERIES} grid series × ${WEEKS} weeks`,
    unit: 'rate',
    tingsu: { ...gridScore },
    baseline: { ...gridAtCommunityMin },
    ratio: round(gridScore.detectionRate / gridAtCommunityMin.detectionRate, 2),
    note: 'grid-sized series: 0.1–2 appeals a week, a two-week rise ×2.5 and at least +4 in one series in eight',
  };
  return [...methods.map((m) => ({
    name: `early warnings (${m}) vs fixed threshold: detection rate and false alarms per month, ${SERIES} series × ${WEEKS} weeks`,
    unit: 'rate',
    tingsu: { ...scores[m] },
    baseline: { ...scores.fixed },
    ratio: round(scores[m].detectionRate / scores.fixed.detectionRate, 2),
    note: `minCount ${DEFAULT_DETECT.minCount}, k ${DEFAULT_DETECT.k}, λ ${DEFAULT_DETECT.lambda}; the baseline alarms above twice the mean of the weeks before`,
  })), perGrid];
}
