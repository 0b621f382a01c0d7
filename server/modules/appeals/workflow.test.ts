import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../platform/access.js';
import type { Database } from '../../platform/db.js';
import { AppError, ERRORS } from '../../platform/errors.js';
import { createTestEnv, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { act } from './appeals.act.js';
import type { ActionInput } from './appeals.input.js';
import { ACTIONS, availableActions, GUARDS, refusalOf, STATUSES, type Action, type GuardName, type Situation, type Status } from './appeals.workflow.js';

// ---------------------------------------------------------------------------------------------
// The rows, without a database: each refusal has its code.

const NOW = new Date('2026-11-24T03:00:00Z'); // a Tuesday, 11:00 China time
const CAL = { holidays: new Set<string>(), workdays: new Set<string>(), periods: [[510, 720], [840, 1050]] as [number, number][] };
const LEAD = 'org-lead';
const CO = 'org-co';

/** An actor who plays the row's first party, for an appeal of region 360802004001001. */
function playerOf(rule: (typeof ACTIONS)[Action]): Actor {
  const party = rule.by[0];
  const base: Actor = { kind: 'user', id: 'u-1', name: 'u', roles: [], regionCode: '360802004', orgId: null };
  if (party === 'handling_org' || party === 'lead_org') return { ...base, roles: ['handler'], regionCode: '360802', orgId: LEAD };
  if (party === 'assigned_leader') return { ...base, roles: ['leader'] };
  return { ...base, roles: [party as Role] };
}

function baseSituation(status: Status): Situation {
  return {
    appeal: { status, regionCode: '360802004001001', leaderUserId: 'u-1', reporterUserId: 'u-1', handlingOrgId: LEAD, pausedAt: null, needsPlacement: false },
    parts: [
      { orgId: LEAD, role: 'lead', status: 'in_progress', dispatchedAt: NOW },
      { orgId: CO, role: 'co', status: 'handled', dispatchedAt: NOW },
    ],
    pendingRequest: false,
    rated: { requester: false, township: false },
    now: NOW,
    cal: CAL,
  };
}

type Patch = (s: Situation) => Situation;
const withLead = (status: string): Patch => (s) => ({ ...s, parts: s.parts.map((p) => (p.orgId === LEAD ? { ...p, status } : p)) });
const withAppeal = (a: Partial<Situation['appeal']>): Patch => (s) => ({ ...s, appeal: { ...s.appeal, ...a } });

/** For each guard: a situation where it holds, and one where only it fails. */
const GUARD_CASES: Record<GuardName, { holds: Patch; fails: Patch }> = {
  clock_running: { holds: withAppeal({ pausedAt: null }), fails: withAppeal({ pausedAt: NOW }) },
  clock_paused: { holds: withAppeal({ pausedAt: NOW }), fails: withAppeal({ pausedAt: null }) },
  no_pending_request: { holds: (s) => ({ ...s, pendingRequest: false }), fails: (s) => ({ ...s, pendingRequest: true }) },
  pending_request: { holds: (s) => ({ ...s, pendingRequest: true }), fails: (s) => ({ ...s, pendingRequest: false }) },
  needs_placement: { holds: withAppeal({ needsPlacement: true }), fails: withAppeal({ needsPlacement: false }) },
  not_rated: { holds: (s) => ({ ...s, rated: { ...s.rated, requester: false } }), fails: (s) => ({ ...s, rated: { ...s.rated, requester: true } }) },
  has_handling_org: { holds: withAppeal({ handlingOrgId: LEAD }), fails: withAppeal({ handlingOrgId: null }) },
  org_not_evaluated: { holds: (s) => ({ ...s, rated: { ...s.rated, township: false } }), fails: (s) => ({ ...s, rated: { ...s.rated, township: true } }) },
  part_unsigned: { holds: withLead('dispatched'), fails: withLead('in_progress') },
  part_signed: { holds: withLead('in_progress'), fails: withLead('dispatched') },
  co_parts_done: {
    holds: (s) => s,
    fails: (s) => ({ ...s, parts: s.parts.map((p) => (p.orgId === CO ? { ...p, status: 'in_progress' } : p)) }),
  },
  within_return_limit: {
    holds: (s) => s,
    fails: (s) => ({ ...s, parts: s.parts.map((p) => (p.orgId === LEAD ? { ...p, dispatchedAt: new Date(NOW.getTime() - 10 * 86_400_000) } : p)) }),
  },
};

describe('the workflow rows', () => {
  const rows = Object.entries(ACTIONS) as [Action, (typeof ACTIONS)[Action]][];

  it.each(rows)('%s: allowed when its state, party and guards hold; each failing guard refused with its own code', (action, rule) => {
    const actor = playerOf(rule);
    const holding = rule.guards.reduce<Situation>((s, g) => GUARD_CASES[g].holds(s), baseSituation(rule.from[0]));
    expect(refusalOf(action, actor, holding)).toBeNull();
    expect(availableActions(actor, holding)).toContain(action);
    for (const g of rule.guards) {
      const failing = GUARD_CASES[g].fails(holding);
      expect(refusalOf(action, actor, failing), g).toEqual({ code: GUARDS[g].refusal, guard: g });
      expect(availableActions(actor, failing)).not.toContain(action);
    }
    for (const status of STATUSES.filter((s) => !(rule.from as readonly Status[]).includes(s))) {
      expect(refusalOf(action, actor, { ...holding, appeal: { ...holding.appeal, status } })).toEqual({ code: rule.refused });
    }
    const stranger: Actor = { kind: 'user', id: 'u-2', name: 's', roles: ['grid_worker'], regionCode: '360802001001001', orgId: 'org-other' };
    expect(refusalOf(action, stranger, holding)).toEqual({ code: 'forbidden' });
  });

  it('gives every refusal a code of its own in the catalog, a 409', () => {
    const codes = [...Object.values(ACTIONS).map((r) => r.refused), ...Object.values(GUARDS).map((g) => g.refusal)];
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(ERRORS[c].status, c).toBe(409);
  });
});

// ---------------------------------------------------------------------------------------------
// The list of actions against act(): for appeals in different states and every person, an action
// is listed exactly when act() takes it. Each attempt is rolled back behind a savepoint.

let env: TestEnv;
let w: AppealWorld;
type Member = { name: string; session: Session; actor: Actor };
let cast: Member[];
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const member = async (name: string, roles: Role[], regionCode: string, extra: { orgId?: string; grid?: string } = {}): Promise<Member> => {
    const { user, session } = await signIn(env, roles, regionCode, extra);
    return { name, session, actor: { kind: 'user', id: user.id, name: user.username, roles, regionCode, orgId: extra.orgId ?? null } };
  };
  cast = [
    await member('dispatcher', ['dispatcher'], '360802004', { orgId: w.orgs.centre }),
    await member('handler', ['handler'], '360802', { orgId: w.orgs.urban }),
    await member('coHandler', ['handler'], '360802', { orgId: w.orgs.housing }),
    await member('gridWorker', ['grid_worker'], '360802004001001', { grid: '360802004001001' }),
    await member('community', ['community_staff'], '360802004001'),
    await member('leader', ['leader'], '360802'),
    await member('admin', ['admin'], ''),
    await member('otherDispatcher', ['dispatcher'], '360802001'),
  ];
});
afterAll(() => env.close());

type Detail = { id: string; version: number; status: string; actions: string[]; requests: { id: string; status: string }[] };
const by = (name: string) => cast.find((m) => m.name === name)!;

async function post(s: Session, url: string, payload: Record<string, unknown>): Promise<Detail> {
  const res = await s.inject({ method: 'POST', url, payload });
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const register = (extra: Record<string, unknown> = {}) =>
  post(by('gridWorker').session, '/api/appeals', appealBody(extra));
const step = (who: string, a: Detail, action: string, body: Record<string, unknown> = {}) =>
  post(by(who).session, `/api/appeals/${a.id}/actions/${action}`, { version: a.version, ...body });

/** Input that satisfies each action, so that only the workflow can refuse it. */
function inputFor(action: Action, a: Detail, masterId: string): ActionInput {
  const base = { version: a.version };
  const inputs: Record<Action, ActionInput> = {
    accept: base,
    reject: { ...base, reason: '不属于受理范围' },
    solve_on_spot: { ...base, result: '已当场处理' },
    place: { ...base, gridCode: '360802004001001' },
    dispatch: { ...base, leadOrgId: w.orgs.urban },
    whistle: { ...base, target: 'township', reason: '需要街道协调' },
    sign: base,
    return: { ...base, reason: '不属本单位职责' },
    note: { ...base, note: '已电话联系' },
    request_extension: { ...base, reason: '需要采购配件', amount: 2, unit: 'working_days' },
    request_deferral: { ...base, reason: '等待汛期结束' },
    decide_request: { ...base, requestId: a.requests.find((r) => r.status === 'pending')?.id ?? '00000000-0000-4000-8000-000000000000', approve: true },
    await_requester: base,
    resume: base,
    handle: { ...base, result: '已修复' },
    feedback: base,
    evaluate: { ...base, rating: 'satisfied' },
    evaluate_org: { ...base, rating: 'good', verified: true },
    assign_leader: { ...base, leaderUserId: by('leader').actor.id },
    instruct: { ...base, note: '请尽快办理' },
    merge: { ...base, masterId },
    recategorize: { ...base, categoryCode: '0201', reason: '类别登记有误' },
    reroute: { ...base, leadOrgId: w.orgs.housing, reason: '属住建局职责' },
    urge: { ...base, note: '请加快办理' },
    supervise: { ...base, note: '列入督办' },
    withdraw: { ...base, reason: '问题已自行解决，申请撤诉', askedBy: 'requester' },
  };
  return inputs[action];
}

class Rollback extends Error {}

/**
 * Runs `attempts` in one transaction rolled back at the end, each attempt behind a savepoint rolled
 * back after it: what act() answers, 'ok' or the error code, on the appeal as it was. One transaction
 * for all of them (not one each) lets act() read the work calendar once (it is cached per connection
 * or transaction) and spares a BEGIN and a ROLLBACK per attempt.
 */
async function attempts(runs: { actor: Actor; a: Detail; action: Action; input: ActionInput }[]): Promise<string[]> {
  const outcomes: string[] = [];
  try {
    await env.database.db.transaction(async (tx) => {
      const deps = { database: { ...env.database, db: tx } as unknown as Database, vault: env.app.vault };
      for (const { actor, a, action, input } of runs) {
        await tx.execute(sql`savepoint attempt`);
        try {
          await act(deps, { actor, ip: null, userAgent: null, requestId: null }, a.id, action, input);
          outcomes.push('ok');
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          outcomes.push(err.code);
        }
        // Undoes the attempt whether it succeeded or not, and the savepoints act() made inside it.
        await tx.execute(sql`rollback to savepoint attempt`);
        await tx.execute(sql`release savepoint attempt`);
      }
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return outcomes;
}

const STATES = ['registered', 'unplaced', 'accepted', 'requested', 'paused', 'handled', 'fedBack', 'rated', 'onSpot', 'closed', 'withdrawn'] as const;

describe('the actions listed are the actions act() takes', () => {
  const appeals = {} as Record<(typeof STATES)[number], Detail>;
  let master: Detail;
  beforeAll(async () => {
    master = await register();
    const accept = async () => step('dispatcher', await register(), 'accept');
    const dispatch = async (body: Record<string, unknown> = {}) => step('dispatcher', await accept(), 'dispatch', { leadOrgId: w.orgs.urban, ...body });
    const signed = async () => step('handler', await dispatch(), 'sign');
    const handle = async () => step('handler', await signed(), 'handle', { result: '已修复' });
    const feedback = async () => step('dispatcher', await handle(), 'feedback');

    appeals.registered = await register();
    appeals.unplaced = await post(by('dispatcher').session, '/api/appeals', appealBody({ location: undefined, placeCode: '360802004' }));
    appeals.accepted = await accept();
    // Joint handling: the lead signed, the co-handler not yet; a leader case with a request waiting.
    const joint = await step('handler', await dispatch({ coOrgs: [{ orgId: w.orgs.housing }] }), 'sign');
    const leaderCase = await step('dispatcher', joint, 'assign_leader', { leaderUserId: by('leader').actor.id });
    appeals.requested = await step('handler', leaderCase, 'request_extension', { reason: '配件', amount: 1, unit: 'working_days' });
    appeals.paused = await step('dispatcher', await signed(), 'await_requester');
    appeals.handled = await handle();
    appeals.fedBack = await feedback();
    appeals.rated = await step('dispatcher', await feedback(), 'evaluate', { rating: 'satisfied' });
    appeals.onSpot = await step('dispatcher', await step('gridWorker', await register(), 'solve_on_spot', { result: '已当场处理' }), 'feedback');
    appeals.withdrawn = await step('dispatcher', await accept(), 'withdraw', { reason: '诉求人来电撤回' });
    appeals.closed = await step('dispatcher', await step('dispatcher', await feedback(), 'evaluate', { rating: 'satisfied' }), 'evaluate_org', { rating: 'good' });
  });

  it.each(STATES)('holds for every person and action on an appeal %s', async (state) => {
    const a = appeals[state];
    const disagreements: string[] = [];
    let taken = 0;
    // What each person is shown (read first: the attempts' transaction holds PGlite's one connection).
    const runs: { m: Member; listed: string[]; actor: Actor; a: Detail; action: Action; input: ActionInput }[] = [];
    for (const m of cast) {
      const res = await m.session.inject({ url: `/api/appeals/${a.id}` });
      const listed: string[] = res.statusCode === 200 ? res.json().actions : [];
      const detail: Detail = res.statusCode === 200 ? res.json() : a;
      for (const action of Object.keys(ACTIONS) as Action[]) runs.push({ m, listed, actor: m.actor, a: detail, action, input: inputFor(action, detail, master.id) });
    }
    const outcomes = await attempts(runs);
    expect(outcomes).toHaveLength(runs.length);
    for (const [i, { m, listed, action }] of runs.entries()) {
      const outcome = outcomes[i];
      if (outcome === 'ok') taken++;
      if (listed.includes(action) !== (outcome === 'ok')) disagreements.push(`${m.name} · ${action}: listed ${listed.includes(action)}, act() ${outcome}`);
    }
    expect(disagreements).toEqual([]);
    // Not vacuous: someone may act on every appeal still open.
    if (state !== 'closed' && state !== 'withdrawn') expect(taken).toBeGreaterThan(0);
    // The attempts were rolled back: the appeal is as it was.
    const again = (await by('admin').session.inject({ url: `/api/appeals/${a.id}` })).json();
    expect([again.status, again.version]).toEqual([a.status, a.version]);
  });
});
