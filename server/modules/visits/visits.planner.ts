/**
 * 错时听诉 planning, as a pure function: which households a grid worker visits on a day, in which
 * window, in what order, and why. The rules (docs/DOMAIN.md §8):
 *  - the households most overdue are picked first, the vulnerable ahead of everyone else;
 *  - the quota is filled: only when no household is due any more, households not yet due are visited
 *    ahead of schedule (提前走访), the one visited longest ago first — so a monthly household visited
 *    yesterday is not picked again day after day because its short interval makes it "due soonest";
 *  - each household is visited in its type's window (晨访农耕户, 午访留守户, 夜访务工户); a household
 *    found with nobody home moves to a window not yet tried;
 *  - visits are ordered by window, then by place (the same grid, building or village group together).
 */

export interface PlannerHousehold {
  id: string;
  gridCode: string;
  type: string;
  tags: string[];
  riskLevel: string;
  visitIntervalDays: number;
  /** Sort key of the place: building id or village group. */
  placeKey: string;
  address: string;
  lastVisitAt: Date | null;
  nobodyHomeWindows: string[];
}

export interface PlannerRules {
  quota: number;
  /** Window codes in visiting order (by start time). */
  windows: { code: string; name: string }[];
  typeWindows: Record<string, string>;
  vulnerableTags: Map<string, string>;
  typeNames: Record<string, string>;
}

export interface PlannedVisit {
  householdId: string;
  gridCode: string;
  window: string;
  seq: number;
  reason: string;
  reasonCodes: string[];
  /** Visited ahead of schedule (提前走访): not yet due on the plan's date, planned to fill the quota. */
  ahead: boolean;
}

const DAY_MS = 86_400_000;

/** The day number (days since 1970-01-01) of a China date, or of the China date of an instant. */
const dayOfYmd = (ymd: string) => Math.round(Date.parse(`${ymd}T00:00:00Z`) / DAY_MS);
const chinaDayOf = (a: Date) => Math.floor((a.getTime() + 8 * 3600_000) / DAY_MS);

export function isVulnerable(h: Pick<PlannerHousehold, 'tags' | 'riskLevel'>, vulnerableTags: Map<string, string>): boolean {
  return h.riskLevel === 'high' || h.riskLevel === 'medium' || h.tags.some((t) => vulnerableTags.has(t));
}

/** The due date of the next visit (null: never visited, due now). */
export function dueAtOf(lastVisitAt: Date | null, intervalDays: number): Date | null {
  return lastVisitAt ? new Date(lastVisitAt.getTime() + intervalDays * DAY_MS) : null;
}

interface Candidate {
  h: PlannerHousehold;
  vulnerable: boolean;
  /** Days overdue on the plan's date; Infinity when never visited; negative when not yet due. */
  overdue: number;
}

function windowFor(h: PlannerHousehold, rules: PlannerRules): { window: string; moved: string | null } {
  const codes = rules.windows.map((w) => w.code);
  const preferred = codes.includes(rules.typeWindows[h.type]) ? rules.typeWindows[h.type] : codes[Math.min(2, codes.length - 1)];
  if (!h.nobodyHomeWindows.includes(preferred)) return { window: preferred, moved: null };
  // Nobody home last time: the next window after the preferred one that has not been tried.
  const start = codes.indexOf(preferred);
  for (let i = 1; i < codes.length; i++) {
    const c = codes[(start + i) % codes.length];
    if (!h.nobodyHomeWindows.includes(c)) return { window: c, moved: preferred };
  }
  return { window: preferred, moved: null };
}

function reasonOf(c: Candidate, rules: PlannerRules, moved: string | null, window: string): { reason: string; codes: string[] } {
  const parts: string[] = [];
  const codes: string[] = [];
  if (c.vulnerable) {
    const names = c.h.tags.map((t) => rules.vulnerableTags.get(t)).filter((x): x is string => !!x);
    if (c.h.riskLevel === 'high' || c.h.riskLevel === 'medium') names.push(c.h.riskLevel === 'high' ? '高风险' : '中风险');
    parts.push(`重点关注：${names.join('、')}`);
    codes.push('vulnerable');
  }
  if (c.overdue === Infinity) {
    parts.push('从未走访');
    codes.push('never');
  } else if (c.overdue > 0) {
    parts.push(`已逾期 ${c.overdue} 天（每 ${c.h.visitIntervalDays} 天走访一次）`);
    codes.push('overdue');
  } else if (c.overdue === 0) {
    parts.push(`今日到期（每 ${c.h.visitIntervalDays} 天走访一次）`);
    codes.push('overdue');
  } else {
    parts.push(`提前走访：${-c.overdue} 天后到期`);
    codes.push('early');
  }
  const name = (code: string) => rules.windows.find((w) => w.code === code)?.name ?? code;
  if (moved) {
    parts.push(`上次${name(moved)}无人在家，改为${name(window)}`);
    codes.push('nobody_home');
  } else {
    parts.push(`${rules.typeNames[c.h.type] ?? c.h.type}宜${name(window)}`);
  }
  return { reason: parts.join('；'), codes };
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/**
 * Plans one worker's day. `households` are the worker's (those already planned for someone else that
 * day left out by the caller); `keep` are households already done today, which count toward the quota.
 */
export function planDay(date: string, households: PlannerHousehold[], rules: PlannerRules, keep = 0): PlannedVisit[] {
  // Days overdue: from the China date the visit fell due to the plan's date.
  const day = dayOfYmd(date);
  const candidates: Candidate[] = households.map((h) => {
    const due = dueAtOf(h.lastVisitAt, h.visitIntervalDays);
    return { h, vulnerable: isVulnerable(h, rules.vulnerableTags), overdue: due ? day - chinaDayOf(due) : Infinity };
  });
  const due = candidates.filter((c) => c.overdue >= 0);
  const notDue = candidates.filter((c) => c.overdue < 0);
  // Vulnerable first, then the most overdue (never visited counts as most overdue), then by address
  // (a plain comparison: it only settles ties, and the morning run sorts millions of them; the day's
  // order below uses the Chinese collation).
  const byAddress = (a: Candidate, b: Candidate) => (a.h.address < b.h.address ? -1 : a.h.address > b.h.address ? 1 : 0);
  const byPriority = (a: Candidate, b: Candidate) => Number(b.vulnerable) - Number(a.vulnerable) || b.overdue - a.overdue || byAddress(a, b);
  due.sort(byPriority);
  // Not yet due: the longest since its last visit first (not the one due soonest, which would bring a
  // short-interval household back every day), the vulnerable first among equals.
  const lastMs = (c: Candidate) => c.h.lastVisitAt?.getTime() ?? 0;
  notDue.sort((a, b) => lastMs(a) - lastMs(b) || Number(b.vulnerable) - Number(a.vulnerable) || byAddress(a, b));
  const want = Math.max(0, rules.quota - keep);
  const picked = [...due, ...notDue].slice(0, want);

  const order = new Map(rules.windows.map((w, i) => [w.code, i]));
  const planned = picked.map((c) => {
    const { window, moved } = windowFor(c.h, rules);
    const { reason, codes } = reasonOf(c, rules, moved, window);
    return { c, window, reason, codes };
  });
  // By window, then grid and place (plain comparisons: they only need to keep each together), then
  // house by house in the Chinese collation with numbers in order (3号 before 12号).
  const plain = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  planned.sort(
    (a, b) =>
      (order.get(a.window) ?? 99) - (order.get(b.window) ?? 99) ||
      plain(a.c.h.gridCode, b.c.h.gridCode) ||
      plain(a.c.h.placeKey, b.c.h.placeKey) ||
      collator.compare(a.c.h.address, b.c.h.address),
  );
  return planned.map((p, i) => ({ householdId: p.c.h.id, gridCode: p.c.h.gridCode, window: p.window, seq: keep + i + 1, reason: p.reason, reasonCodes: p.codes, ahead: p.c.overdue < 0 }));
}
