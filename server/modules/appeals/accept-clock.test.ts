/** 受理时限: an appeal waiting to be accepted has a clock too, warned and escalated by the deadline job. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { scanDeadlines } from './appeals.jobs.js';
import { appealAcceptLimits } from './appeals.tables.js';

let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  // Configured per channel: door-to-door visits within an hour on the clock.
  await env.database.db.insert(appealAcceptLimits).values({ channel: 'visit', amount: 1, unit: 'hours' });
});
afterAll(() => env.close());

const register = async (extra: Record<string, unknown> = {}) => {
  const res = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(extra) });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
};
const minutesLater = (at: string, m: number) => new Date(new Date(at).getTime() + m * 60_000);
const eventTypes = async (id: string) => (await env.database.query<{ type: string }>('select type from appeal_events where appeal_id = $1 order by id', [id])).map((e) => e.type);

describe('the acceptance clock', () => {
  it('runs from registration by the channel’s limit, is warned at 80% and escalated once when it passes', async () => {
    const a = await register();
    const accepted = await register();
    await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${accepted.id}/actions/accept`, payload: { version: accepted.version } });
    expect(new Date(a.acceptDueAt).getTime() - new Date(a.createdAt).getTime()).toBeGreaterThanOrEqual(59 * 60_000);
    expect(new Date(a.acceptDueAt).getTime() - new Date(a.createdAt).getTime()).toBeLessThanOrEqual(61 * 60_000);

    const deps = { database: env.database, vault: env.app.vault };
    expect((await scanDeadlines(deps, minutesLater(a.createdAt, 30))).acceptWarned).toBe(0);
    expect((await scanDeadlines(deps, minutesLater(a.createdAt, 50))).acceptWarned).toBe(1);
    expect((await scanDeadlines(deps, minutesLater(a.createdAt, 62))).acceptOverdue).toBe(1);
    expect((await scanDeadlines(deps, minutesLater(a.createdAt, 120))).acceptOverdue).toBe(0);
    expect(await eventTypes(a.id)).toEqual(['registered', 'accept_warning', 'accept_overdue']);
    expect(await eventTypes(accepted.id)).toEqual(['registered', 'accepted']);
    const notes = (await w.as.dispatcher.inject({ url: '/api/notifications' })).json().items.filter((n: { appealId: string }) => n.appealId === a.id);
    expect(notes.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['appeal.accept_warning', 'appeal.accept_overdue']));
  });

  it('gives online channels two working hours by default, and none to an appeal solved on the spot', async () => {
    const online = await register({ channel: 'qr' });
    expect(online.acceptDueAt).not.toBeNull();
    expect(new Date(online.acceptDueAt).getTime()).toBeGreaterThan(new Date(online.createdAt).getTime() + 119 * 60_000);
    const solved = await register({ solvedOnSpot: { result: '已当场处理' } });
    expect(solved.acceptDueAt).toBeNull();
  });

  it('is configured per channel by administrators, through the API', async () => {
    const put = (s: typeof w.as.admin, limits: unknown[]) => s.inject({ method: 'PUT', url: '/api/appeal-accept-limits', payload: { limits } });
    expect((await put(w.as.dispatcher, [{ channel: 'hotline', amount: 30, unit: 'hours' }])).statusCode).toBe(403);
    const res = await put(w.as.admin, [
      { channel: 'visit', amount: 1, unit: 'hours' },
      { channel: 'hotline', amount: 3, unit: 'hours' },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect((await w.as.dispatcher.inject({ url: '/api/appeal-accept-limits' })).json()).toEqual([
      { channel: 'hotline', amount: 3, unit: 'hours' },
      { channel: 'visit', amount: 1, unit: 'hours' },
    ]);
    const a = await register({ channel: 'hotline' });
    expect(new Date(a.acceptDueAt).getTime() - new Date(a.createdAt).getTime()).toBeGreaterThanOrEqual(179 * 60_000);
    expect(new Date(a.acceptDueAt).getTime() - new Date(a.createdAt).getTime()).toBeLessThanOrEqual(181 * 60_000);
    expect((await put(w.as.admin, [{ channel: 'visit', amount: 1, unit: 'hours' }, { channel: 'visit', amount: 2, unit: 'hours' }])).json().error).toBe('limits_repeated');
  });
});
