import { describe, expect, it } from 'vitest';
import type { HouseholdCard } from '../../app/contract';
import { emptyDraft, pickFinding, toSubmission, validate } from './visitDraft';

const household = { id: 'h', type: 'ordinary', tags: [], riskLevel: 'none', riskNotes: null, version: 1 } as unknown as HouseholdCard;

describe('the visit form’s finding', () => {
  it('starts a new appeal (转诉求) from the situation already typed', () => {
    const d = { ...emptyDraft(household), metWith: '户主', situation: '  门前排水沟堵塞，下雨积水  ' };
    const next = { ...d, ...pickFinding(d, 'appeal') };
    expect(next).toMatchObject({ finding: 'appeal', content: '门前排水沟堵塞，下雨积水' });
    const body = toSubmission({ ...next, categoryCode: 'c1' }, { household, planItemId: null, checkInAt: '2026-12-01T02:00:00Z', position: null });
    expect(body.appeal).toEqual({ content: '门前排水沟堵塞，下雨积水', categoryCode: 'c1', urgency: 'normal' });
    expect(body.situation).toBe('门前排水沟堵塞，下雨积水');
  });

  it('never overwrites what the worker wrote for the appeal, and leaves other findings alone', () => {
    const d = { ...emptyDraft(household), situation: '老人独居', content: '楼道灯不亮' };
    expect(pickFinding(d, 'appeal')).toEqual({ finding: 'appeal' });
    expect(pickFinding({ ...d, content: '' }, 'on_spot')).toEqual({ finding: 'on_spot' });
    expect(pickFinding({ ...d, content: '', situation: '  ' }, 'appeal')).toEqual({ finding: 'appeal' });
  });

  it('a dispute (矛盾纠纷) starts from the situation, is required, and travels as the submission’s dispute', () => {
    const d = { ...emptyDraft(household), metWith: '户主', situation: '  楼上空调外机滴水，两户争吵  ' };
    const next = { ...d, ...pickFinding(d, 'dispute') };
    expect(next).toMatchObject({ finding: 'dispute', content: '楼上空调外机滴水，两户争吵' });
    expect(validate(next, household)).toEqual({});
    expect(Object.keys(validate({ ...next, content: '  ' }, household))).toEqual(['content']);
    const body = toSubmission(next, { household, planItemId: null, checkInAt: '2026-12-01T02:00:00Z', position: null });
    expect(body).toMatchObject({ finding: 'dispute', dispute: { summary: '楼上空调外机滴水，两户争吵' } });
    // Nobody home: no finding, so no dispute.
    const away = toSubmission({ ...next, outcome: 'nobody_home' }, { household, planItemId: null, checkInAt: '2026-12-01T02:00:00Z', position: null });
    expect(away.finding).toBe('nothing');
    expect(away.dispute).toBeUndefined();
  });
});
