import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access.js';
import { approvalChain, availableActions, refusal, splitIncome, splitProblem, type Situation } from './funds.workflow.js';

const RULE = { buckets: [{ key: 'repair', bp: 4000 }, { key: 'facilities', bp: 3000 }, { key: 'dividend', bp: 3000 }], remainder: 'repair' };
const actor = (id: string, regionCode: string, roles: Actor['roles'] = ['community_staff']): Actor => ({ kind: 'user', id, name: id, roles, regionCode, orgId: null });
const sit = (over: Partial<Situation['project']> = {}, rest: Partial<Situation> = {}): Situation => ({
  project: { status: 'proposed', proposedBy: 'p', pendingLevel: 'community', regionCode: '360802004001', ...over },
  approvers: [],
  paidFen: 0,
  pendingPayments: 0,
  ...rest,
});

describe('the split of an income', () => {
  it('gives each bucket its share and the rounding remainder to the named bucket, so the fen add up exactly', () => {
    expect(splitIncome(RULE, 250_000_000)).toEqual([
      { bucket: 'repair', bp: 4000, amountFen: 100_000_000 },
      { bucket: 'facilities', bp: 3000, amountFen: 75_000_000 },
      { bucket: 'dividend', bp: 3000, amountFen: 75_000_000 },
    ]);
    for (const amount of [1, 2, 7, 1001, 99_999, 123_456_789]) {
      const shares = splitIncome(RULE, amount);
      expect(shares.reduce((n, s) => n + s.amountFen, 0)).toBe(amount);
      expect(shares.every((s) => Number.isInteger(s.amountFen) && s.amountFen >= 0)).toBe(true);
    }
    // 1001 fen: 400.4 / 300.3 / 300.3 → 400 + 300 + 300, the 1 left over to the repair fund.
    expect(splitIncome(RULE, 1001).map((s) => s.amountFen)).toEqual([401, 300, 300]);
  });

  it('refuses a rule that does not add up to 100%, repeats a bucket or names an unknown remainder', () => {
    expect(splitProblem(RULE)).toBeNull();
    expect(splitProblem({ ...RULE, buckets: RULE.buckets.slice(0, 2) })).toMatch(/7000/);
    expect(splitProblem({ ...RULE, buckets: [...RULE.buckets.slice(0, 2), { key: 'repair', bp: 3000 }] })).toMatch(/repeats/);
    expect(splitProblem({ ...RULE, remainder: 'owners' })).toMatch(/remainder/);
  });
});

describe('the approval chain', () => {
  it('climbs community → township → county as far as the amount needs', () => {
    expect(approvalChain('360802004001', 3_000_000)).toEqual(['community']);
    expect(approvalChain('360802004001', 10_000_000)).toEqual(['community', 'township']);
    expect(approvalChain('360802004001', 50_000_000)).toEqual(['community', 'township', 'county']);
    // A township's own project starts at the township.
    expect(approvalChain('360802004', 3_000_000)).toEqual(['township']);
  });

  it('refuses the proposer, a person who already approved, and the wrong level', () => {
    expect(refusal('approve', sit(), actor('p', '360802004001'))).toBe('project_self_approval');
    expect(refusal('approve', sit({ pendingLevel: 'township' }, { approvers: ['q'] }), actor('q', '', ['admin']))).toBe('project_self_approval');
    expect(refusal('approve', sit(), actor('t', '360802004', ['dispatcher']))).toBe('project_approval_level');
    expect(refusal('approve', sit(), actor('c', '360802004002'))).toBe('project_approval_level');
    expect(refusal('approve', sit(), actor('c', '360802004001'))).toBeNull();
    expect(refusal('approve', sit({ status: 'in_progress', pendingLevel: null }), actor('c', '360802004001'))).toBe('project_no_pending_approval');
    expect(refusal('approve', sit(), actor('g', '360802004001', ['grid_worker']))).toBe('forbidden');
  });

  it('offers the steps each state allows, as buttons', () => {
    const c = actor('c', '360802004001');
    expect(availableActions(sit(), c)).toEqual(['approve', 'reject', 'cancel']);
    expect(availableActions(sit({ status: 'approved', pendingLevel: null }), c)).toEqual(['raise', 'start', 'cancel', 'request_payment']);
    expect(availableActions(sit({ status: 'in_progress', pendingLevel: null }), c)).toEqual(['raise', 'milestone', 'complete', 'request_payment']);
    expect(availableActions(sit({ status: 'accepted', pendingLevel: null }, { pendingPayments: 1 }), c)).toEqual(['raise', 'request_payment']);
    expect(availableActions(sit({ status: 'closed', pendingLevel: null }), c)).toEqual([]);
    expect(refusal('cancel', sit({ status: 'approved', pendingLevel: null }, { paidFen: 1 }), c)).toBe('project_has_payments');
  });
});
