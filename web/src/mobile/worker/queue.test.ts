import { describe, expect, it } from 'vitest';
import type { Visit, VisitSubmission } from '../../app/contract';
import type { QueuedVisit } from './db';
import { decide, syncQueue, type SubmitAnswer } from './queue';

const visit = (over: Partial<Visit> = {}) => ({ id: 'v', changeStatus: null, appealError: null, replayed: false, ...over }) as Visit;
const body = (clientId: string): VisitSubmission => ({ clientId, householdId: 'h', checkInAt: '2026-12-01T01:00:00Z', outcome: 'met', finding: 'nothing' });
const queued = (clientId: string, savedAt: number): QueuedVisit =>
  ({ clientId, savedAt, userId: 'u', userName: 'n', householdAddress: 'a', body: body(clientId), state: 'pending', error: null, attempts: 0, lastTriedAt: null }) as QueuedVisit;

describe('what an answer means for a queued visit', () => {
  it('drops what the server has, keeps conflicts, stops on no signal, and keeps refusals visible', () => {
    expect(decide({ ok: true, status: 201, visit: visit() })).toEqual({ kind: 'done' });
    expect(decide({ ok: true, status: 200, visit: visit({ replayed: true }) })).toEqual({ kind: 'done' });
    expect(decide({ ok: true, status: 201, visit: visit({ changeStatus: 'conflict' }) }).kind).toBe('conflict');
    expect(decide({ ok: true, status: 201, visit: visit({ appealError: '问题类别已停用' }) })).toMatchObject({ kind: 'notice', message: '问题类别已停用' });
    for (const status of [0, 500, 503, 408, 429]) expect(decide({ ok: false, status, code: 'x', message: 'm' }).kind).toBe('stop');
    expect(decide({ ok: false, status: 401, code: 'unauthenticated', message: 'm' }).kind).toBe('signin');
    expect(decide({ ok: false, status: 403, code: 'csrf_failed', message: 'm' }).kind).toBe('csrf');
    for (const status of [400, 403, 404, 409, 413, 415]) expect(decide({ ok: false, status, code: 'x', message: '原因' })).toEqual({ kind: 'failed', message: '原因' });
  });
});

describe('the upload queue', () => {
  function harness(answers: Record<string, SubmitAnswer[]>) {
    const sent: string[] = [];
    const saved = new Map<string, QueuedVisit>();
    const removed: string[] = [];
    return {
      sent,
      saved,
      removed,
      deps: {
        submit: async (b: VisitSubmission) => {
          sent.push(b.clientId);
          return answers[b.clientId].shift()!;
        },
        refreshCsrf: async () => true,
        save: async (q: QueuedVisit) => void saved.set(q.clientId, q),
        remove: async (id: string) => void removed.push(id),
        now: () => 1000,
      },
    };
  }

  it('uploads in the order saved; one refused visit never blocks the others', async () => {
    const h = harness({
      a: [{ ok: true, status: 201, visit: visit() }],
      b: [{ ok: false, status: 404, code: 'not_found', message: '户档案不存在' }],
      c: [{ ok: true, status: 201, visit: visit() }],
    });
    const report = await syncQueue([queued('c', 3), queued('a', 1), queued('b', 2)], h.deps);
    expect(h.sent).toEqual(['a', 'b', 'c']);
    expect(h.removed).toEqual(['a', 'c']);
    expect(h.saved.get('b')).toMatchObject({ state: 'failed', error: '户档案不存在', attempts: 1 });
    expect(report).toEqual({ sent: 2, conflicts: 0, notices: 0, failed: 1, stopped: null });
  });

  it('tells the worker when a saved visit’s appeal could not be registered, and goes on', async () => {
    const h = harness({ a: [{ ok: true, status: 201, visit: visit({ appealError: '问题类别已停用' }) }], b: [{ ok: true, status: 201, visit: visit() }] });
    const report = await syncQueue([queued('a', 1), queued('b', 2)], h.deps);
    expect(h.sent).toEqual(['a', 'b']);
    expect(h.removed).toEqual(['b']);
    expect(h.saved.get('a')).toMatchObject({ state: 'notice', error: '问题类别已停用' });
    expect(report).toMatchObject({ sent: 2, notices: 1, failed: 0, stopped: null });
  });

  it('stops at the first network failure and keeps that visit and the rest for the next try', async () => {
    const h = harness({ a: [{ ok: false, status: 0, code: 'network_error', message: '无法连接服务器' }], b: [] });
    const report = await syncQueue([queued('a', 1), queued('b', 2)], h.deps);
    expect(h.sent).toEqual(['a']);
    expect(h.removed).toEqual([]);
    expect(h.saved.get('a')).toMatchObject({ state: 'pending', error: '无法连接服务器' });
    expect(report.stopped).toEqual({ kind: 'stop', message: '无法连接服务器' });
  });

  it('sends the same body again after a stale CSRF token, so the server sees one submission id', async () => {
    const h = harness({ a: [{ ok: false, status: 403, code: 'csrf_failed', message: 'csrf' }, { ok: true, status: 201, visit: visit() }] });
    await syncQueue([queued('a', 1)], h.deps);
    expect(h.sent).toEqual(['a', 'a']);
    expect(h.removed).toEqual(['a']);
  });

  it('sends a dispute found offline (矛盾排查) as it was saved, and drops it once the server has it', async () => {
    const dispute: QueuedVisit = { ...queued('d', 1), body: { ...body('d'), finding: 'dispute', dispute: { summary: '邻里因排水沟争吵' } } };
    const sent: VisitSubmission[] = [];
    const removed: string[] = [];
    const report = await syncQueue([dispute], {
      submit: async (b: VisitSubmission) => {
        sent.push(b);
        return { ok: true, status: 201, visit: visit({ finding: 'dispute', disputeSummary: '邻里因排水沟争吵' }) };
      },
      refreshCsrf: async () => true,
      save: async () => undefined,
      remove: async (id: string) => void removed.push(id),
      now: () => 1000,
    });
    expect(sent).toEqual([expect.objectContaining({ finding: 'dispute', dispute: { summary: '邻里因排水沟争吵' } })]);
    expect(removed).toEqual(['d']);
    expect(report.sent).toBe(1);
  });
});
