import os from 'node:os';
/** What every benchmark reports, and the figures it reports with. */
export interface Result {
  name: string;
  unit: string;
  tingsu: Record<string, number | number[]>;
  baseline: Record<string, number | number[]>;
  /** tingsu ÷ baseline on the headline figure (times: >1 is slower; rates: <1 is slower). */
  ratio: number;
  /** The same work by pgbench itself, where measured: its median rate and Tingsu ÷ pgbench. */
  pgbench?: { median: number; runs: number[]; ratio: number };
  /** A second, simpler reference where one is kept (labelled in the note), and Tingsu ÷ it. */
  textReference?: { ms: number; rowsPerSecond: number; ratio: number };
  /** A reference that is not the same work (labelled in its note), kept to compare with earlier runs. */
  reference?: { total: number; note: string };
  /** The roster import's second figure: importing the same file again (nothing changes), beside its own baseline. */
  reimport?: { tingsu: Record<string, number | number[]>; baseline: Record<string, number | number[]>; ratio: number };
  /** The machine's 1-minute load average sampled while the benchmark ran (where it samples it). */
  loadavgDuring?: { min: number; median: number; max: number };
  note: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** The machine a result was measured on: cores, processor, memory, Node's and the database's versions, load now. */
export function machineInfo(database: string) {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    database,
    loadavg: os.loadavg().map((x) => round(x)),
  };
}

/**
 * Requests arriving at a fixed mean rate (Poisson arrivals from a seeded generator), whatever the
 * answers' speed: an open loop, as phones syncing across a city are. Each request is timed from its
 * scheduled arrival, so a slow answer shows in every request queued behind it (no coordinated omission).
 */
export async function openLoop(ratePerSecond: number, count: number, request: (i: number) => Promise<void>, seed = 20261201): Promise<{ latencies: number[]; seconds: number }> {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const at: number[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    offset += (-Math.log(1 - random()) / ratePerSecond) * 1000;
    at.push(offset);
  }
  const latencies: number[] = new Array(count);
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + at[i];
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    running.push(request(i).then(() => void (latencies[i] = performance.now() - due)));
  }
  await Promise.all(running);
  return { latencies, seconds: (performance.now() - started) / 1000 };
}
