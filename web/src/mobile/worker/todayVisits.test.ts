import { describe, expect, it } from 'vitest';
import type { OfflinePackage, Visit, VisitSubmission } from '../../app/contract';
import type { QueuedVisit } from './db';
import { syncQueue } from './queue';
import { todaysVisits, withUploadedVisit, type TodayVisitFromServer } from './todayVisits';

const DAY = '2026-12-01';
// 09:30 and later on 1 December, China time.
const at = (hhmm: string, day = DAY) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

const server = (over: Partial<TodayVisitFromServer>): TodayVisitFromServer => ({
  id: 'v',
  clientId: 'c',
  householdId: 'h',
  householdAddress: '1组1号',
  planItemId: null,
  checkInAt: at('09:30'),
  outcome: 'met',
  finding: 'nothing',
  appealNumber: null,
  appealError: null,
  ...over,
});
const pkgWith = (todayVisits: TodayVisitFromServer[]) => ({ plan: { date: DAY }, todayVisits }) as unknown as OfflinePackage;
const body = (clientId: string, over: Partial<VisitSubmission> = {}): VisitSubmission => ({ clientId, householdId: `h-${clientId}`, checkInAt: at('10:00'), outcome: 'met', finding: 'nothing', ...over });
const queued = (clientId: string, over: Partial<QueuedVisit> = {}, b: Partial<VisitSubmission> = {}): QueuedVisit => ({
  clientId,
  savedAt: 1,
  userId: 'u',
  userName: 'n',
  householdAddress: `地址-${clientId}`,
  body: body(clientId, b),
  state: 'pending',
  error: null,
  attempts: 0,
  lastTriedAt: null,
  visit: null,
  ...over,
});

describe('今日已走访: today’s visits on the phone', () => {
  it('lists the server’s visits and those still on the phone, planned or not, newest first, with the appeal numbers', () => {
    const pkg = pkgWith([
      server({ clientId: 'planned', planItemId: 'item-1', checkInAt: at('08:10'), finding: 'appeal', appealNumber: '360802-20261201-0007' }),
      server({ clientId: 'beside', householdAddress: '2组3号', checkInAt: at('08:40') }),
      // Yesterday's visit is not today's.
      server({ clientId: 'old', checkInAt: at('16:00', '2026-11-30') }),
    ]);
    const list = todaysVisits(pkg, [queued('waiting', {}, { checkInAt: at('11:00'), finding: 'appeal', planItemId: 'item-2' }), queued('refused', { state: 'failed', error: '户档案已注销' }, { checkInAt: at('10:30') })], DAY);
    expect(list.map((e) => [e.clientId, e.state, e.planned])).toEqual([
      ['waiting', 'pending', true],
      ['refused', 'failed', false],
      ['beside', 'uploaded', false],
      ['planned', 'uploaded', true],
    ]);
    expect(list.find((e) => e.clientId === 'planned')!.appealNumber).toBe('360802-20261201-0007');
    // Not uploaded yet: no appeal number to show yet, the address as saved on the phone.
    expect(list[0]).toMatchObject({ appealNumber: null, householdAddress: '地址-waiting', finding: 'appeal' });
  });

  it('shows one entry for a visit both uploaded and still on the phone (a notice or a conflict to settle)', () => {
    const pkg = pkgWith([server({ clientId: 'x', finding: 'appeal', appealError: '问题类别已停用', checkInAt: at('10:00') })]);
    const list = todaysVisits(pkg, [queued('x', { state: 'notice', error: '问题类别已停用' }, { finding: 'appeal' })], DAY);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ state: 'notice', appealError: '问题类别已停用', householdAddress: '1组1号' });
  });

  it('keeps an uploaded visit (with its appeal number) after the queue drops it, before the package is downloaded again', async () => {
    let pkg = pkgWith([]);
    const visit = { id: 'v1', clientId: 'a', householdId: 'h-a', householdAddress: '3组8号', planItemId: null, checkInAt: at('10:00'), outcome: 'met', finding: 'appeal', appealNumber: '360802-20261201-0012', appealError: null } as Visit;
    const removed: string[] = [];
    await syncQueue([queued('a', {}, { finding: 'appeal' })], {
      submit: async () => ({ ok: true, status: 201, visit }),
      refreshCsrf: async () => true,
      save: async () => undefined,
      remove: async (id) => void removed.push(id),
      uploaded: async (v) => void (pkg = withUploadedVisit(pkg, v)),
      now: () => 1,
    });
    expect(removed).toEqual(['a']);
    const list = todaysVisits(pkg, [], DAY);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ clientId: 'a', state: 'uploaded', appealNumber: '360802-20261201-0012', householdAddress: '3组8号' });
    // Uploading the same visit again (a retry answered 200) leaves one entry.
    expect(withUploadedVisit(pkg, visit).todayVisits).toHaveLength(1);
  });

  it('works with a package saved before the list existed', () => {
    const old = { plan: { date: DAY } } as unknown as OfflinePackage;
    expect(todaysVisits(old, [queued('q', {}, { checkInAt: at('09:00') })], DAY).map((e) => e.clientId)).toEqual(['q']);
    expect(todaysVisits(null, [], DAY)).toEqual([]);
  });
});
