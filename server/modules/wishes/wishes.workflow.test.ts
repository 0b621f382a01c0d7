/** The wish workflow's rows, without a database: which buttons each state offers, and each refusal. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access.js';
import { availableWishActions, collectRefusal, wishRefusal, type WishStatus } from './wishes.workflow.js';

const staff: Actor = { kind: 'user', id: 'u', name: 'u', roles: ['community_staff'], regionCode: '360802004001', orgId: null };
const worker: Actor = { ...staff, roles: ['grid_worker'] };
const inWindow = { campaign: { startsOn: '2026-06-01', endsOn: '2026-06-05' }, today: '2026-06-03' };

describe('wish workflow', () => {
  it.each<[WishStatus, string[]]>([
    ['published', ['claim', 'withdraw']],
    ['claimed', ['join', 'fulfil', 'withdraw']],
    ['fulfilled', ['confirm']],
    ['confirmed', ['thank']],
    ['thanked', []],
    ['withdrawn', []],
  ])('offers community staff in the window, for a %s wish: %j', (status, actions) => {
    expect(availableWishActions(staff, { status, ...inWindow })).toEqual(actions);
  });

  it('lets a grid worker confirm at the door, and nothing else', () => {
    expect(availableWishActions(worker, { status: 'fulfilled', ...inWindow })).toEqual(['confirm']);
    expect(wishRefusal('claim', worker, { status: 'published', ...inWindow })).toEqual({ code: 'forbidden' });
  });

  it('refuses claims before and after the window, and a second confirmation', () => {
    expect(wishRefusal('claim', staff, { status: 'published', ...inWindow, today: '2026-05-31' })).toEqual({ code: 'wish_window_not_open', guard: 'window_open' });
    expect(wishRefusal('join', staff, { status: 'claimed', ...inWindow, today: '2026-06-06' })).toEqual({ code: 'wish_window_closed', guard: 'window_not_past' });
    expect(wishRefusal('fulfil', staff, { status: 'claimed', ...inWindow, today: '2026-06-09' })).toBeNull();
    expect(wishRefusal('confirm', staff, { status: 'confirmed', ...inWindow })).toEqual({ code: 'wish_not_confirmable' });
  });

  it('checks a person against the campaign’s rules', () => {
    const campaign = { regionCode: '360802', endsOn: '2026-06-05', ageMin: 0, ageMax: 14, requiredTag: 'child_in_difficulty' };
    const ok = { campaign, person: { gridCode: '360802004001001', age: 9, status: 'active' }, householdTags: ['child_in_difficulty'], today: '2026-05-20' };
    expect(collectRefusal(ok)).toBeNull();
    expect(collectRefusal({ ...ok, today: '2026-06-06' })?.code).toBe('wish_campaign_over');
    expect(collectRefusal({ ...ok, person: { ...ok.person, gridCode: '360803001001001' } })?.code).toBe('wish_outside_campaign');
    expect(collectRefusal({ ...ok, person: { ...ok.person, status: 'moved_out' } })?.code).toBe('wish_person_inactive');
    expect(collectRefusal({ ...ok, person: { ...ok.person, age: null } })?.code).toBe('wish_age_unknown');
    expect(collectRefusal({ ...ok, person: { ...ok.person, age: 15 } })).toEqual({ code: 'wish_age_outside', params: { age: 15, min: 0, max: 14 } });
    expect(collectRefusal({ ...ok, householdTags: ['dibao'] })?.code).toBe('wish_tag_missing');
  });
});
