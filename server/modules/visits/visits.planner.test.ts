import { describe, expect, it } from 'vitest';
import { planDay, type PlannerHousehold, type PlannerRules } from './visits.planner.js';
import { cadreCycleOf } from './visits.supervision.js';

const rules: PlannerRules = {
  quota: 3,
  windows: [
    { code: 'morning', name: '晨访' },
    { code: 'noon', name: '午访' },
    { code: 'afternoon', name: '日间' },
    { code: 'evening', name: '夜访' },
  ],
  typeWindows: { farming: 'morning', left_behind: 'noon', migrant: 'evening', ordinary: 'afternoon' },
  vulnerableTags: new Map([['dibao', '低保'], ['elderly_alone', '独居老人']]),
  typeNames: { farming: '农耕户', left_behind: '留守户', migrant: '务工户', ordinary: '普通户' },
};

const DATE = '2026-12-01';
const daysAgo = (n: number) => new Date(Date.parse(`${DATE}T09:00:00+08:00`) - n * 86_400_000);
let seq = 0;
function h(over: Partial<PlannerHousehold>): PlannerHousehold {
  seq++;
  return { id: `h${seq}`, gridCode: '360802004001001', type: 'ordinary', tags: [], riskLevel: 'none', visitIntervalDays: 182, placeKey: '', address: `${seq}号`, lastVisitAt: daysAgo(10), nobodyHomeWindows: [], ...over };
}

describe('the daily plan (错时听诉)', () => {
  it('picks the vulnerable first, then the most overdue, fills the quota and says why', () => {
    const fresh = h({ id: 'fresh', lastVisitAt: daysAgo(1) });
    const overdue = h({ id: 'overdue', visitIntervalDays: 30, lastVisitAt: daysAgo(50) });
    const lessOverdue = h({ id: 'less', visitIntervalDays: 30, lastVisitAt: daysAgo(35) });
    const dibao = h({ id: 'dibao', tags: ['dibao'], visitIntervalDays: 30, lastVisitAt: daysAgo(31) });
    const never = h({ id: 'never', lastVisitAt: null });
    const plan = planDay(DATE, [fresh, overdue, lessOverdue, dibao, never], rules);
    expect(plan).toHaveLength(3);
    expect(plan.map((p) => p.householdId).sort()).toEqual(['dibao', 'never', 'overdue'].sort());
    const byId = new Map(plan.map((p) => [p.householdId, p]));
    expect(byId.get('dibao')!.reason).toContain('重点关注：低保');
    expect(byId.get('dibao')!.reasonCodes).toEqual(['vulnerable', 'overdue']);
    expect(byId.get('never')!.reason).toContain('从未走访');
    expect(byId.get('overdue')!.reason).toContain('已逾期 20 天（每 30 天走访一次）');
  });

  it('with nothing due, visits early the households visited longest ago, to keep the quota', () => {
    const a = h({ id: 'a', lastVisitAt: daysAgo(100) });
    const b = h({ id: 'b', lastVisitAt: daysAgo(170) });
    const plan = planDay(DATE, [a, b], { ...rules, quota: 1 });
    expect(plan.map((p) => p.householdId)).toEqual(['b']);
    expect(plan[0].reasonCodes).toContain('early');
    expect(plan[0].reason).toContain('提前走访：12 天后到期');
  });

  it('puts each household in its type’s window and orders by window, then by place', () => {
    const migrant = h({ id: 'migrant', type: 'migrant', lastVisitAt: null, address: '1组1号' });
    const farmB = h({ id: 'farmB', type: 'farming', lastVisitAt: null, placeKey: 'B', address: '2组5号' });
    const farmA = h({ id: 'farmA', type: 'farming', lastVisitAt: null, placeKey: 'A', address: '1组9号' });
    const left = h({ id: 'left', type: 'left_behind', lastVisitAt: null, address: '1组2号' });
    const plan = planDay(DATE, [migrant, farmB, farmA, left], { ...rules, quota: 10 });
    expect(plan.map((p) => [p.householdId, p.window])).toEqual([
      ['farmA', 'morning'],
      ['farmB', 'morning'],
      ['left', 'noon'],
      ['migrant', 'evening'],
    ]);
    expect(plan.map((p) => p.seq)).toEqual([1, 2, 3, 4]);
  });

  it('moves a household found with nobody home to a window not yet tried', () => {
    const x = h({ id: 'x', type: 'migrant', lastVisitAt: null, nobodyHomeWindows: ['evening'] });
    const [p] = planDay(DATE, [x], rules);
    expect(p.window).toBe('morning');
    expect(p.reasonCodes).toContain('nobody_home');
    expect(p.reason).toContain('上次夜访无人在家，改为晨访');
  });

  it('counts households already visited today toward the quota', () => {
    const list = [h({ lastVisitAt: null }), h({ lastVisitAt: null }), h({ lastVisitAt: null })];
    const plan = planDay(DATE, list, rules, 2);
    expect(plan).toHaveLength(1);
    expect(plan[0].seq).toBe(3);
  });
});

describe('the cadres’ coverage cycle', () => {
  it('is the calendar half-year by default, a quarter or year when set so, else the last N days', () => {
    expect(cadreCycleOf(182, '2026-12-01')).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(cadreCycleOf(182, '2026-03-09')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(cadreCycleOf(91, '2026-11-15')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(cadreCycleOf(91, '2026-02-10')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(cadreCycleOf(365, '2026-05-05')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(cadreCycleOf(30, '2026-12-01')).toEqual({ from: '2026-11-02', to: '2026-12-01' });
  });
});

describe('the plan over many working days (issue 12)', () => {
  /** Works `days` working days: every planned household is met that day at 10:00; returns the plans. */
  function simulate(list: PlannerHousehold[], days: number, quota: number) {
    const start = Date.parse('2026-12-01T00:00:00Z');
    const plans: { date: string; ids: string[]; ahead: string[]; due: string[] }[] = [];
    for (let i = 0; i < days; i++) {
      const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      const day = Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
      const dueNow = list.filter((x) => !x.lastVisitAt || Math.floor((x.lastVisitAt.getTime() + 8 * 3600_000) / 86_400_000) + x.visitIntervalDays <= day).map((x) => x.id);
      const plan = planDay(date, list, { ...rules, quota });
      plans.push({ date, ids: plan.map((p) => p.householdId), ahead: plan.filter((p) => p.ahead).map((p) => p.householdId), due: dueNow });
      for (const p of plan) list.find((x) => x.id === p.householdId)!.lastVisitAt = new Date(`${date}T10:00:00+08:00`);
    }
    return plans;
  }

  it('never plans a 30-day household 12 times in 13 working days: with nothing due, the oldest visits go first', () => {
    // One monthly household (visited yesterday) among 40 twice-a-year ones, none of them due for weeks.
    const list = [h({ id: 'monthly', visitIntervalDays: 30, lastVisitAt: daysAgo(1) }), ...Array.from({ length: 40 }, (_, i) => h({ id: `o${i}`, lastVisitAt: daysAgo(60 + i) }))];
    const plans = simulate(list, 13, 3);
    const times = plans.filter((p) => p.ids.includes('monthly')).length;
    expect(times).toBe(0);
    // Each early visit goes to the household whose last visit is oldest.
    expect(plans[0].ids.sort()).toEqual(['o37', 'o38', 'o39']);
    expect(plans.every((p) => p.ahead.length === p.ids.length)).toBe(true);
  });

  it('does not plan a household before it is due while others are due; ahead of time only to fill the quota', () => {
    const monthly = Array.from({ length: 4 }, (_, i) => h({ id: `m${i}`, visitIntervalDays: 30, lastVisitAt: daysAgo(25 + i) }));
    const due = Array.from({ length: 6 }, (_, i) => h({ id: `d${i}`, visitIntervalDays: 182, lastVisitAt: daysAgo(182 + i * 7) }));
    const rest = Array.from({ length: 40 }, (_, i) => h({ id: `r${i}`, visitIntervalDays: 182, lastVisitAt: daysAgo(20 + i) }));
    const plans = simulate([...monthly, ...due, ...rest], 13, 3);
    // The monthly households come back about a month later, not day after day.
    for (const m of monthly) expect(plans.filter((p) => p.ids.includes(m.id)).length).toBeLessThanOrEqual(1);
    for (const p of plans) {
      const early = p.ids.filter((id) => !p.due.includes(id));
      // A household ahead of time only once every due one is on the plan.
      if (early.length) expect(p.due.every((id) => p.ids.includes(id))).toBe(true);
      // The plan says which ones it visits ahead of time.
      expect(p.ahead.sort()).toEqual(early.sort());
    }
  });

  it('marks each item ahead of schedule or not, and says so in words', () => {
    const dueOne = h({ id: 'due', visitIntervalDays: 30, lastVisitAt: daysAgo(31) });
    const early = h({ id: 'early', visitIntervalDays: 30, lastVisitAt: daysAgo(20) });
    const plan = planDay(DATE, [dueOne, early], rules);
    const byId = new Map(plan.map((p) => [p.householdId, p]));
    expect(byId.get('due')!.ahead).toBe(false);
    expect(byId.get('early')!.ahead).toBe(true);
    expect(byId.get('early')!.reason).toContain('提前走访');
  });
});
