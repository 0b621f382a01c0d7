/** The mediation workflow as data, without a database: each state's steps, each refusal's code. */
import { describe, expect, it } from 'vitest';
import { ACTIONS, availableActions, refusalOf, STATUSES, type Party, type Situation, type Status } from './mediation.workflow.js';

const at = (status: Status, parties: Party[] = ['body'], extra: Partial<Situation> = {}): Situation => ({
  status,
  confirmation: 'none',
  confirmationDueOn: '2026-06-30',
  today: '2026-06-01',
  parties: new Set(parties),
  ...extra,
});

const EXPECTED: Record<Status, string[]> = {
  applied: ['accept', 'decline', 'transfer'],
  accepted: ['investigate', 'schedule_session', 'hold_session', 'refer', 'transfer'],
  declined: ['close'],
  investigating: ['schedule_session', 'hold_session', 'refer', 'transfer'],
  in_session: ['schedule_session', 'hold_session', 'agree', 'no_agreement', 'refer', 'transfer'],
  agreed: ['revise_agreement', 'check', 'performed', 'failed', 'apply_confirmation'],
  not_agreed: ['refer', 'close'],
  performed: ['close', 'apply_confirmation'],
  failed: ['refer', 'close'],
  referred: ['close'],
  closed: [],
};

describe('mediation workflow', () => {
  for (const s of STATUSES) {
    it(`offers the body exactly its steps when ${s}`, () => {
      expect(availableActions(at(s)).sort()).toEqual([...EXPECTED[s]].sort());
    });
  }

  it('refuses each step outside its states with the row’s own code', () => {
    for (const [action, rule] of Object.entries(ACTIONS)) {
      const outside = STATUSES.find((s) => !(rule.from as readonly Status[]).includes(s))!;
      expect(refusalOf(action as keyof typeof ACTIONS, at(outside, ['body', 'supervisor', 'court']))).toEqual({ code: rule.refused });
    }
    expect(refusalOf('hold_session', at('applied'))?.code).toBe('mediation_session_not_allowed');
  });

  it('lets the 司法所 supervise performance but not mediate; the court records its decisions', () => {
    expect(availableActions(at('agreed', ['supervisor'])).sort()).toEqual(['check', 'failed', 'performed'].sort());
    expect(refusalOf('accept', at('applied', ['supervisor']))).toEqual({ code: 'forbidden' });
    expect(availableActions(at('agreed', ['court'], { confirmation: 'applied' }))).toEqual(['court_accept']);
    expect(availableActions(at('agreed', [], {}))).toEqual([]);
  });

  it('guards judicial confirmation: once, within 30 days, accepted before decided', () => {
    expect(refusalOf('apply_confirmation', at('agreed', ['body'], { today: '2026-07-01' }))).toEqual({ code: 'mediation_confirmation_lapsed', guard: 'window_open' });
    expect(refusalOf('apply_confirmation', at('agreed', ['body'], { confirmation: 'applied' }))?.code).toBe('mediation_confirmation_already_applied');
    expect(refusalOf('court_decide', at('agreed', ['court'], { confirmation: 'applied' }))?.code).toBe('mediation_confirmation_not_accepted');
    expect(refusalOf('court_decide', at('agreed', ['court'], { confirmation: 'accepted' }))).toBeNull();
  });
});
