/**
 * 未诉先办: how well the early warnings find rises, on generated weekly series with injected rises, for
 * each method of server/modules/assessment/assessment.detect.ts beside the plain fixed threshold in the
 * same run. Three years per series (places × categories), a yearly cycle in half of them (water and power
 * peak in summer, like the demo's heat season), Poisson counts; in the third year one series in eight gets
 * a two-week rise (×2.5 the usual level, at least +6). Scored on the third year only:
 * - detection rate: injected rises with an alarm in one of their weeks ÷ injected rises;
 * - false alarms per month: alarms in weeks without an injected rise, over all series, ÷ 12.
 */
import { rngFor } from '../server/generate/random.js';
import { DEFAULT_DETECT, detect, METHODS, type Method } from '../server/modules/assessment/assessment.detect.js';
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

/** One generated series; deterministic per index. */
function generateSeries(i: number, seed = 20261205): Generated {
  const rnd = rngFor(seed, `warn:${i}`);
  const base = 0.3 + rnd() * 7.7; // a community's weekly appeals of one category: 0.3 to 8
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
    if (rise.includes(w)) mean = Math.max(mean * 2.5, mean + 6);
    counts.push(poisson(rnd, mean));
  }
  return { counts, rise };
}

function score(method: Method, series: Generated[]) {
  let rises = 0;
  let detected = 0;
  let falseAlarms = 0;
  for (const s of series) {
    const points = detect(s.counts, method, DEFAULT_DETECT);
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
  return methods.map((m) => ({
    name: `early warnings (${m}) vs fixed threshold: detection rate and false alarms per month, ${SERIES} series × ${WEEKS} weeks`,
    unit: 'rate',
    tingsu: { ...scores[m] },
    baseline: { ...scores.fixed },
    ratio: round(scores[m].detectionRate / scores.fixed.detectionRate, 2),
    note: `minCount ${DEFAULT_DETECT.minCount}, k ${DEFAULT_DETECT.k}, λ ${DEFAULT_DETECT.lambda}; the baseline alarms above twice the mean of the weeks before`,
  }));
}
