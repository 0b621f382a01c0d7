import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, parseWorkHours, type WorkCalendar } from '../modules/calendar/calendar.time.js';
import { live, type Draft, type LifeEnv } from './appeal-life.js';
import { workingMinutesBefore } from './appeal-life.clock.js';
import { liveMerged } from './appeal-life.merged.js';
import { mulberry32 } from './random.js';

const cal: WorkCalendar = { holidays: new Set(['2026-10-01', '2026-10-02']), workdays: new Set(['2026-09-27']), periods: parseWorkHours('08:30-12:00,14:00-17:30') };
// Saturday 2026-10-03 10:00 China time: a holiday weekend.
const now = Date.UTC(2026, 9, 3, 2, 0);
const env: LifeEnv = {
  cal,
  limits: () => ({ response: { amount: 2, unit: 'working_hours' }, handling: { amount: 7, unit: 'working_days' } }),
  acceptLimit: () => ({ amount: 1, unit: 'working_days' }),
  orgName: (id) => `单位${id.slice(0, 2)}`,
  now,
};

function draft(created: number, over: Partial<Draft> = {}): Draft {
  return {
    appeal: {
      id: '00000000-0000-4000-8000-000000000001',
      number: '360802-20260930-0001',
      channel: 'hotline',
      status: 'registered',
      regionCode: '360802004002001',
      townshipCode: '360802004',
      gridCode: '360802004002001',
      requesterKind: 'resident',
      requesterPhoneEnc: 'sealed',
      title: '路灯不亮',
      content: '路灯不亮好几天了',
      categoryCode: '0301',
      urgency: 'normal',
      token: 't1',
      createdAt: new Date(created),
    },
    field: false,
    leadOrgId: 'aa000000-0000-4000-8000-000000000001',
    coOrgIds: [],
    desk: '习溪桥街道综治中心',
    reporter: '习溪桥街道综治中心',
    ...over,
  };
}

describe('an appeal’s life', () => {
  it('counts working time backwards as addWorkingMinutes counts it forwards', () => {
    for (const minutes of [1, 30, 209, 210, 211, 420, 2940, 5000]) {
      const start = workingMinutesBefore(cal, now, minutes);
      expect(addWorkingMinutes(cal, new Date(start), minutes).getTime(), String(minutes)).toBeLessThanOrEqual(now);
      // Starting a minute later would run past the last working minute before now.
      expect(addWorkingMinutes(cal, new Date(start + 60_000), minutes).getTime()).toBeGreaterThan(start);
    }
    // Over the National Day holidays, back to Wednesday 30 September's afternoon.
    expect(new Date(workingMinutesBefore(cal, now, 60)).toISOString()).toBe('2026-09-30T08:30:00.000Z');
  });

  it('stops where it is pinned, overdue by the calendar, with nothing after now', () => {
    const at = (m: number) => workingMinutesBefore(cal, now, m);
    const d = draft(at(3500), { plan: { accepted: at(3490), dispatched: at(3400), signed: at(3350) }, stopAt: 'in_progress', dispatch: true });
    const life = live(d, mulberry32(1), env);
    expect(d.appeal.status).toBe('in_progress');
    expect((d.appeal.handlingDueAt as Date).getTime()).toBeLessThan(now);
    expect(life.events.map((e) => e.type)).toEqual(['registered', 'accepted', 'dispatched', 'signed', 'deadline_warning', 'overdue']);
    expect(life.events.every((e) => (e.at as Date).getTime() <= now)).toBe(true);
    expect(d.appeal.overdueNotified).toBe(true);
    expect(life.parts).toMatchObject([{ role: 'lead', status: 'in_progress' }]);
    expect(life.messages).toHaveLength(1);
  });

  it('reworks after an unsatisfied rating and runs a second round', () => {
    const at = (m: number) => workingMinutesBefore(cal, now, m);
    const d = draft(at(4100), {
      plan: { accepted: at(4090), dispatched: at(4000), signed: at(3950), handled: at(2000), feedback: at(1900), rated: at(1500) },
      firstRating: 'dissatisfied',
      stopAt: 'in_progress',
      dispatch: true,
    });
    const life = live(d, mulberry32(2), env);
    expect(d.appeal).toMatchObject({ status: 'in_progress', reworkCount: 1, lastRating: 'dissatisfied', handledAt: null });
    expect((d.appeal.handlingDueAt as Date).getTime()).toBeGreaterThan(now);
    expect(life.evaluations).toMatchObject([{ round: 0, kind: 'requester', rating: 'dissatisfied' }]);
    expect(life.events.map((e) => e.type).slice(-3)).toEqual(['feedback', 'rated', 'reworked']);
    // Registration and feedback each sent an SMS.
    expect(life.messages).toHaveLength(2);
  });

  it('lives a year of lives consistently: steps in order, closed ones rated, merged ones follow their master', () => {
    const rnd = mulberry32(3);
    let closed = 0;
    for (let i = 0; i < 500; i++) {
      const created = now - Math.floor(rnd() * 365 * 86_400_000);
      const d = draft(created, { appeal: { ...draft(created).appeal, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }, field: i % 3 === 0 });
      const life = live(d, rnd, env);
      const a = d.appeal;
      const times = life.events.map((e) => (e.at as Date).getTime());
      expect(times.every((t) => t >= created && t <= now)).toBe(true);
      if (a.acceptedAt && a.dispatchedAt) expect(a.dispatchedAt >= a.acceptedAt).toBe(true);
      if (a.status === 'closed') {
        closed++;
        expect(life.evaluations.some((e) => e.kind === 'requester')).toBe(true);
        expect((a.closedAt as Date).getTime()).toBeGreaterThanOrEqual((a.handledAt as Date).getTime());
        const child = draft(created + 60_000, { appeal: { ...draft(created).appeal, id: `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`, number: `x${i}` } });
        const merged = liveMerged(child, a, life, rnd, env);
        if (merged) {
          expect(child.appeal).toMatchObject({ status: 'merged', masterId: a.id });
          expect(merged.events.map((e) => e.type)).toContain('merged_in');
        }
      }
    }
    expect(closed).toBeGreaterThan(350);
  });
});
