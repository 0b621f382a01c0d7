/** What every benchmark reports, and the figures it reports with. */
export interface Result {
  name: string;
  unit: string;
  tingsu: Record<string, number>;
  baseline: Record<string, number>;
  /** tingsu ÷ baseline on the headline figure (times: >1 is slower; rates: <1 is slower). */
  ratio: number;
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
