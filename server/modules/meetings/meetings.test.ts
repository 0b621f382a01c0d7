import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workCalendar } from '../calendar/calendar.service.js';
import { createTestEnv, makeOrg, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { placeOn, ruleDates } from './meetings.schedule.js';
import { planOccurrences } from './meetings.series.js';
import { lookupAction } from './meetings.decisions.js';
import { SYSTEM_ACTOR } from '../../platform/access.js';

let env: TestEnv;
let w: AppealWorld;
let staff: Session;
let staffId: string;
let propertyOrg: string;
const PLACE = '360802004001';

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const s = await signIn(env, ['community_staff'], PLACE);
  staff = s.session;
  staffId = s.user.id;
  propertyOrg = await makeOrg(env.database, { name: '洪城物业', regionCode: PLACE });
});
afterAll(() => env.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(res: { statusCode: number; body: string; json(): Json }, status = 200): Promise<Json> {
  if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? {} : res.json();
}

const fourParticipants = [
  { party: 'community', label: '社区书记' },
  { party: 'resident_rep', label: '3栋居民代表' },
  { party: 'property_company', label: '洪城物业' },
  { party: 'street_cadre', label: '街道包片干部' },
];

async function newMeeting(date = '2026-09-10') {
  return ok(await staff.inject({ method: 'POST', url: '/api/meetings', payload: { regionCode: PLACE, kindCode: 'building', title: '3栋楼栋会', date, participants: fourParticipants } }), 201);
}

describe('series rules (pure)', () => {
  it('gives monthly, every-other-week and first-Monday dates, and moves days off to the next working day', async () => {
    expect(ruleDates({ freq: 'monthly_day', day: 10 }, '2026-01-01', '2026-09-01', '2026-11-30')).toEqual(['2026-09-10', '2026-10-10', '2026-11-10']);
    expect(ruleDates({ freq: 'weekly', interval: 2, weekday: 3 }, '2026-09-01', '2026-09-01', '2026-10-31')).toEqual(['2026-09-02', '2026-09-16', '2026-09-30', '2026-10-14', '2026-10-28']);
    expect(ruleDates({ freq: 'monthly_nth_weekday', nth: 1, weekday: 1 }, '2026-01-01', '2026-09-01', '2026-11-30')).toEqual(['2026-09-07', '2026-10-05', '2026-11-02']);
    const cal = await workCalendar(env.database.db);
    expect(placeOn(cal, '2026-10-05', true)).toEqual({ date: '2026-10-08', moved: true }); // 国庆节
    expect(placeOn(cal, '2026-10-10', true)).toEqual({ date: '2026-10-10', moved: false }); // 调休上班 Saturday
    expect(placeOn(cal, '2026-10-05', false)).toEqual({ date: '2026-10-05', moved: false });
  });
});

describe('series and occurrences', () => {
  it('creates a series; the job makes its occurrences once, a holiday one moved', async () => {
    const series = await ok(
      await staff.inject({
        method: 'POST',
        url: '/api/meetings/series',
        payload: { regionCode: PLACE, kindCode: 'building', title: '月初楼栋会', rule: { freq: 'monthly_nth_weekday', nth: 1, weekday: 1 }, startDate: '2026-09-01' },
      }),
      201,
    );
    expect(series.participants.map((p: Json) => p.party)).toEqual(['community', 'resident_rep', 'property_company', 'street_cadre']);
    const now = new Date('2026-09-01T02:00:00Z');
    expect(await planOccurrences(env.database, now, series.id)).toBe(3);
    expect(await planOccurrences(env.database, now, series.id)).toBe(0); // idempotent per series and date
    const list = await ok(await staff.inject({ url: `/api/meetings?seriesId=${series.id}` }));
    const byRule = Object.fromEntries(list.items.map((m: Json) => [m.ruleDate, m.date]));
    expect(byRule).toEqual({ '2026-09-07': '2026-09-07', '2026-10-05': '2026-10-08', '2026-11-02': '2026-11-02' });
    expect(list.items.find((m: Json) => m.ruleDate === '2026-10-05').movedReason).toContain('顺延');
    expect(list.items[0].invited).toBe(4);
  });

  it('refuses a bad rule, a bad quorum and a bad body (400) and writes nothing', async () => {
    const before = (await ok(await staff.inject({ url: '/api/meetings/series' }))).length;
    const bad = await staff.inject({ method: 'POST', url: '/api/meetings/series', payload: { regionCode: PLACE, kindCode: 'building', title: 'x', rule: { freq: 'monthly_day', day: 31 }, startDate: '2026-09-01' } });
    expect(bad.statusCode).toBe(400);
    const noKind = await staff.inject({ method: 'POST', url: '/api/meetings/series', payload: { regionCode: PLACE, kindCode: 'nope', title: 'x', rule: { freq: 'monthly_day', day: 10 }, startDate: '2026-09-01' } });
    expect(noKind.statusCode).toBe(404);
    expect((await ok(await staff.inject({ url: '/api/meetings/series' }))).length).toBe(before);
    const quorum = await w.as.admin.inject({ method: 'PUT', url: '/api/meetings/kinds', payload: { code: 'x_kind', name: 'x', defaultParties: [], quorum: '3/2', cadence: 'monthly' } });
    expect(quorum.statusCode).toBe(400);
    const saved = await ok(await w.as.admin.inject({ method: 'PUT', url: '/api/meetings/kinds', payload: { code: 'red_council', name: '红色议事会', defaultParties: ['party_org', 'owners_committee'], quorum: '3/4', cadence: 'monthly' } }));
    expect(saved.quorum).toBe('3/4');
    expect((await staff.inject({ method: 'PUT', url: '/api/meetings/kinds', payload: { code: 'y_kind', name: 'y', defaultParties: [], quorum: '1/2', cadence: 'monthly' } })).statusCode).toBe(403);
  });

  it('postpones and cancels only with a reason; a held or cancelled meeting refuses further steps (409)', async () => {
    const m = await newMeeting();
    const noReason = await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/steps`, payload: { step: 'cancel' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toBe('meeting_reason_required');
    const postponed = await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/steps`, payload: { step: 'postpone', reason: '暴雨预警', date: '2026-09-12' } }));
    expect(postponed).toMatchObject({ status: 'postponed', date: '2026-09-12', steps: ['hold', 'postpone', 'cancel'] });
    const cancelled = await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/steps`, payload: { step: 'cancel', reason: '与街道会议冲突' } }));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.events.map((e: Json) => e.action)).toEqual(['postpone', 'cancel']);
    const again = await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/steps`, payload: { step: 'hold' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('meeting_step_refused');
    const signIn = await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/sign-ins`, payload: { participantId: cancelled.participants[0].id } });
    expect(signIn.json().error).toBe('meeting_sign_in_closed');
  });
});

describe('sign-in, quorum, decisions and actions', () => {
  it('counts sign-ins, refuses a duplicate, and refuses a decision before the meeting is held or without quorum', async () => {
    const m = await newMeeting('2026-09-11');
    const p = m.participants as Json[];
    const first = await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/sign-ins`, payload: { participantId: p[0].id } }));
    expect(first).toEqual({ invited: 4, present: 1, needed: 3, quorumMet: false });
    const dup = await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/sign-ins`, payload: { participantId: p[0].id } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toBe('meeting_already_signed_in');

    const decision = { text: '清理 3 棵危树', method: 'consensus', actions: [{ title: '砍伐 3 棵危树', ownerOrgId: propertyOrg, withinWorkingDays: 10 }] };
    const notHeld = await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/decisions`, payload: decision });
    expect(notHeld.json().error).toBe('meeting_not_held');
    await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/steps`, payload: { step: 'hold', minutes: '讨论危树问题' } }));
    await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/sign-ins`, payload: { participantId: p[1].id } }));
    const noQuorum = await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/decisions`, payload: decision, headers: { 'accept-language': 'en' } });
    expect(noQuorum.statusCode).toBe(409);
    expect(noQuorum.json()).toMatchObject({ error: 'meeting_quorum_not_met' });
    expect(noQuorum.json().message).toContain('2 of 4');
    const after = await ok(await staff.inject({ url: `/api/meetings/${m.id}` }));
    expect(after.decisions).toEqual([]);
  });

  it('refuses actions without owner or deadline and a vote without counts (400), nothing written', async () => {
    const m = await heldMeeting('2026-09-14');
    for (const action of [{ title: 'x', withinWorkingDays: 5 }, { title: 'x', ownerOrgId: propertyOrg }]) {
      const res = await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/decisions`, payload: { text: 't', method: 'consensus', actions: [action] } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('meeting_action_owner_required');
    }
    const vote = await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/decisions`, payload: { text: 't', method: 'show_of_hands', votesFor: 3, actions: [] } });
    expect(vote.json().error).toBe('meeting_vote_counts_required');
    expect((await ok(await staff.inject({ url: `/api/meetings/${m.id}` }))).decisions).toEqual([]);
  });

  it('turns a topic into a decision and an action; the action finished tells the proposer; unfinished ones carry forward', async () => {
    const series = await ok(
      await staff.inject({
        method: 'POST',
        url: '/api/meetings/series',
        payload: { regionCode: PLACE, kindCode: 'building', title: '10日楼栋会', rule: { freq: 'monthly_day', day: 10 }, startDate: '2026-09-01', participants: fourParticipants },
      }),
      201,
    );
    await planOccurrences(env.database, new Date('2026-09-01T02:00:00Z'), series.id);
    const occ = (await ok(await staff.inject({ url: `/api/meetings?seriesId=${series.id}` }))).items.sort((a: Json, b: Json) => a.date.localeCompare(b.date));
    const [sep, oct] = occ;
    expect(oct.date).toBe('2026-10-10');

    // A resident-facing topic proposed by a grid worker's colleague (the proposer is whoever proposes it).
    const proposer = await signIn(env, ['community_staff'], PLACE);
    const topic = await ok(await proposer.session.inject({ method: 'POST', url: `/api/meetings/${sep.id}/topics`, payload: { title: '小区 3 棵危树需砍伐' } }), 201);
    const declined = await ok(await proposer.session.inject({ method: 'POST', url: `/api/meetings/${sep.id}/topics`, payload: { title: '重新粉刷外墙' } }), 201);
    const noReason = await staff.inject({ method: 'POST', url: `/api/meetings/topics/${declined.id}/decision`, payload: { accept: false } });
    expect(noReason.statusCode).toBe(400);
    expect((await ok(await staff.inject({ method: 'POST', url: `/api/meetings/topics/${declined.id}/decision`, payload: { accept: false, reason: '属维修基金事项，转业委会' } }))).status).toBe('declined');
    const twice = await staff.inject({ method: 'POST', url: `/api/meetings/topics/${declined.id}/decision`, payload: { accept: true } });
    expect(twice.json().error).toBe('meeting_topic_decided');

    // A consultation topic moves collected → researched (with its report) → consulted → concluded, in order.
    const stage = (body: Json) => staff.inject({ method: 'POST', url: `/api/meetings/topics/${topic.id}/stage`, payload: body });
    expect((await stage({ stage: 'consulted' })).json().error).toBe('meeting_topic_stage_refused');
    expect((await stage({ stage: 'researched' })).json().error).toBe('meeting_report_required');
    expect((await ok(await stage({ stage: 'researched', text: '走访 3 栋住户 12 户，树木检测报告附后' }))).stage).toBe('researched');
    await ok(await stage({ stage: 'consulted' }));
    expect(await ok(await stage({ stage: 'concluded', text: '同意砍伐并补种' }))).toMatchObject({ stage: 'concluded', outcome: '同意砍伐并补种', researchReport: '走访 3 栋住户 12 户，树木检测报告附后' });

    const detail = await ok(await staff.inject({ url: `/api/meetings/${sep.id}` }));
    for (const p of detail.participants.slice(0, 3)) await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${sep.id}/sign-ins`, payload: { participantId: p.id } }));
    await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${sep.id}/steps`, payload: { step: 'hold' } }));
    const decision = await ok(
      await staff.inject({
        method: 'POST',
        url: `/api/meetings/${sep.id}/decisions`,
        payload: {
          topicId: topic.id,
          text: '同意砍伐 3 棵危树，物业负责',
          method: 'show_of_hands',
          votesFor: 3,
          votesAgainst: 0,
          votesAbstain: 0,
          actions: [
            { title: '砍伐 3 棵危树', ownerOrgId: propertyOrg, withinWorkingDays: 10 },
            { title: '补种绿化', ownerUserId: staffId, deadline: '2026-10-01' },
          ],
        },
      }),
      201,
    );
    const [trees, replant] = decision.actionIds as string[];
    const treeAction = await ok(await staff.inject({ url: `/api/meeting-actions/${trees}` }));
    // Ten working days from Thursday 09-10; Sunday 09-20 is a 调休 working day.
    expect(treeAction).toMatchObject({ ownerName: '洪城物业', deadline: '2026-09-23', status: 'planned', progress: 0 });
    // Other modules (funds) look an action up through the service.
    expect(await lookupAction(env.database.db, SYSTEM_ACTOR, trees)).toMatchObject({ id: trees, title: '砍伐 3 棵危树', status: 'planned', meetingId: sep.id });
    const replantAction = await ok(await staff.inject({ url: `/api/meeting-actions/${replant}` }));
    expect(replantAction.deadline).toBe('2026-10-08'); // 10-01 is 国庆节: the next working day

    // The October occurrence opens with both unfinished actions.
    expect((await ok(await staff.inject({ url: `/api/meetings/${oct.id}` }))).carried.map((a: Json) => a.id).sort()).toEqual([trees, replant].sort());

    const progress = await ok(await staff.inject({ method: 'POST', url: `/api/meeting-actions/${trees}/steps`, payload: { step: 'progress', progress: 60, note: '已砍 2 棵' } }));
    expect(progress).toMatchObject({ status: 'in_progress', progress: 60 });
    const done = await ok(await staff.inject({ method: 'POST', url: `/api/meeting-actions/${trees}/steps`, payload: { step: 'finish', note: '3 棵全部砍伐' } }));
    expect(done).toMatchObject({ status: 'done', progress: 100 });
    const closed = await staff.inject({ method: 'POST', url: `/api/meeting-actions/${trees}/steps`, payload: { step: 'progress', progress: 10 } });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error).toBe('meeting_action_closed');
    const dropNoReason = await staff.inject({ method: 'POST', url: `/api/meeting-actions/${replant}/steps`, payload: { step: 'drop' } });
    expect(dropNoReason.json().error).toBe('meeting_reason_required');

    // The proposer is told.
    const notes = await ok(await proposer.session.inject({ url: '/api/notifications' }));
    expect(notes.items.map((n: Json) => n.title)).toContain('您提出的议题已落实：砍伐 3 棵危树');
    // Only the unfinished one carries forward now.
    expect((await ok(await staff.inject({ url: `/api/meetings/${oct.id}` }))).carried.map((a: Json) => a.id)).toEqual([replant]);
    // The board lists them; the updates are dated.
    expect((await ok(await staff.inject({ url: `/api/meeting-actions/${trees}` }))).updates.map((u: Json) => u.progress)).toEqual([0, 60, 100]);

    // The public page: decisions and actions, no personal data, no login.
    const pub = await env.app.inject({ url: `/api/public/meetings/${PLACE}` });
    expect(pub.statusCode).toBe(200);
    const page = pub.json();
    const held = page.meetings.find((x: Json) => x.id === sep.id);
    expect(held.decisions[0].actions.map((a: Json) => [a.title, a.status, a.owner])).toEqual([
      ['砍伐 3 棵危树', 'done', '洪城物业'],
      ['补种绿化', 'planned', '责任人'],
    ]);
    expect(pub.body).not.toContain('居民代表');
    expect(pub.body).not.toContain('测试');
    expect(pub.body).not.toContain('已砍 2 棵');

    // A resident proposes a topic from the page: it lands on the next scheduled meeting.
    const { today } = await import('./meetings.service.js');
    const { addDays } = await import('./meetings.schedule.js');
    const next = await newMeeting(addDays(today(), 7));
    const proposed = await ok(await env.app.inject({ method: 'POST', url: `/api/public/meetings/${PLACE}/topics`, payload: { title: '希望增加快递柜' } }), 201);
    expect(proposed.meetingDate).toBe(next.date);
    expect((await ok(await staff.inject({ url: `/api/meetings/${next.id}` }))).topics.map((t: Json) => [t.title, t.source])).toEqual([['希望增加快递柜', 'resident']]);
    expect((await env.app.inject({ method: 'POST', url: `/api/public/meetings/${PLACE}/topics`, payload: { title: 'x' } })).statusCode).toBe(400);
    expect((await env.app.inject({ method: 'POST', url: '/api/public/meetings/360803001001/topics', payload: { title: '希望增加快递柜' } })).json().error).toBe('meeting_none_upcoming');

    const figures = await ok(await staff.inject({ url: '/api/meetings/figures?from=2026-09-01&to=2026-12-31' }));
    expect(figures.actions.done).toBeGreaterThanOrEqual(1);
    expect(figures.byKind.find((k: Json) => k.kindName === '楼栋会').held).toBeGreaterThanOrEqual(1);
    const ledger = await staff.inject({ url: '/api/meetings/export.xlsx?from=2026-09-01&to=2026-12-31' });
    expect(ledger.statusCode).toBe(200);
    expect(ledger.headers['content-type']).toContain('spreadsheetml');
    expect(ledger.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('draws a topic from the place’s open appeals by category', async () => {
    for (let i = 0; i < 2; i++) await ok(await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() }), 201);
    const m = await newMeeting('2026-09-15');
    const suggestions = await ok(await staff.inject({ url: `/api/meetings/${m.id}/appeal-topics` }));
    expect(suggestions).toEqual([{ categoryCode: '0302', name: expect.any(String), open: 2 }]);
    const topic = await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/topics`, payload: { title: suggestions[0].name, categoryCode: '0302' } }), 201);
    expect(topic).toMatchObject({ source: 'appeals', appealCount: 2 });
    expect(topic.title).toContain('2 件未办结诉求');
  });
});

describe('action → appeal', () => {
  it('sends an action into the appeal loop (the township desk); it follows the appeal’s outcome', async () => {
    const m = await heldMeeting('2026-04-01');
    const d = await ok(
      await staff.inject({
        method: 'POST',
        url: `/api/meetings/${m.id}/decisions`,
        payload: { text: 't', method: 'consensus', actions: [{ title: '修复 4 栋井盖', ownerOrgId: propertyOrg, withinWorkingDays: 5 }, { title: '清理 4 栋楼道杂物', ownerOrgId: propertyOrg, withinWorkingDays: 5 }] },
      }),
      201,
    );
    const [fix, clear] = d.actionIds as string[];
    // A village-level place lands in the township's queue: the community cannot register there, the township desk can.
    expect((await staff.inject({ method: 'POST', url: `/api/meeting-actions/${fix}/appeal`, payload: { categoryCode: '0302' } })).statusCode).toBe(403);
    const desk = w.as.dispatcher;
    const sent = await ok(await desk.inject({ method: 'POST', url: `/api/meeting-actions/${fix}/appeal`, payload: { categoryCode: '0302' } }), 201);
    expect((await desk.inject({ method: 'POST', url: `/api/meeting-actions/${fix}/appeal`, payload: { categoryCode: '0302' } })).json().error).toBe('meeting_action_in_appeal');
    expect(await ok(await staff.inject({ url: `/api/meeting-actions/${fix}` }))).toMatchObject({ appealId: sent.appealId, status: 'in_progress' });
    let appeal = await ok(await desk.inject({ url: `/api/appeals/${sent.appealId}` }));
    expect(appeal).toMatchObject({ channel: 'deliberation', number: sent.number });
    appeal = await ok(await desk.inject({ method: 'POST', url: `/api/appeals/${sent.appealId}/actions/accept`, payload: { version: appeal.version } }));
    await ok(await desk.inject({ method: 'POST', url: `/api/appeals/${sent.appealId}/actions/reject`, payload: { version: appeal.version, reason: '属物业服务合同事项' } }));
    const dropped = await ok(await staff.inject({ url: `/api/meeting-actions/${fix}` }));
    expect(dropped).toMatchObject({ status: 'dropped' });
    expect(dropped.reason).toContain(sent.number);

    // The other one is handled on the spot by the township desk's appeal: done.
    const sent2 = await ok(await desk.inject({ method: 'POST', url: `/api/meeting-actions/${clear}/appeal`, payload: { categoryCode: '0302' } }), 201);
    const townshipStaff = await signIn(env, ['community_staff'], '360802004');
    const a2 = await ok(await townshipStaff.session.inject({ url: `/api/appeals/${sent2.appealId}` }));
    await ok(await townshipStaff.session.inject({ method: 'POST', url: `/api/appeals/${sent2.appealId}/actions/solve_on_spot`, payload: { version: a2.version, result: '已清理' } }));
    const done = await ok(await staff.inject({ url: `/api/meeting-actions/${clear}` }));
    expect(done).toMatchObject({ status: 'done', progress: 100 });
  });
});

describe('late actions', () => {
  it('warns the owner organisation’s staff and the recorder once, and the leaders after five working days', async () => {
    const { warnOverdueActions } = await import('./meetings.overdue.js');
    const ownerStaff = await signIn(env, ['community_staff'], PLACE, { orgId: propertyOrg });
    const leader = await signIn(env, ['leader'], '360802004');
    const m = await heldMeeting('2026-03-02');
    const d = await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/decisions`, payload: { text: 't', method: 'consensus', actions: [{ title: '清理楼顶违建', ownerOrgId: propertyOrg, deadline: '2026-03-06' }] } }), 201);
    const titles = async (s: Session) => (await ok(await s.inject({ url: '/api/notifications?pageSize=100' }))).items.map((n: Json) => n.title) as string[];
    const warn = '议事事项已逾期：清理楼顶违建（期限 2026-03-06）';
    // The day after the deadline: warned, not yet escalated.
    await warnOverdueActions(env.database, new Date('2026-03-07T02:00:00Z'));
    expect(await titles(ownerStaff.session)).toContain(warn);
    expect(await titles(staff)).toContain(warn);
    expect((await titles(leader.session)).some((t) => t.includes('清理楼顶违建'))).toBe(false);
    // Weeks later: escalated once; the warning is not repeated.
    await warnOverdueActions(env.database, new Date('2026-03-20T02:00:00Z'));
    await warnOverdueActions(env.database, new Date('2026-03-21T02:00:00Z'));
    expect((await titles(staff)).filter((t) => t === warn)).toHaveLength(1);
    expect((await titles(leader.session)).filter((t) => t.includes('清理楼顶违建'))).toHaveLength(1);
    // A finished action is never warned.
    await ok(await staff.inject({ method: 'POST', url: `/api/meeting-actions/${d.actionIds[0]}/steps`, payload: { step: 'finish' } }));
  });
});

describe('QR sign-in', () => {
  it('shows a code; a participant scans it and signs in without an account, once; a wrong token is 404', async () => {
    const { today } = await import('./meetings.service.js');
    const m = await newMeeting(today());
    const code = await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/sign-in-qr` }));
    expect(code.qr).toMatch(/^data:image\/png;base64,/);
    const t = new URL(code.url).searchParams.get('t')!;
    expect(code.url).toContain(`/r/sign/${m.id}?t=`);
    // The same code while the meeting runs.
    expect((await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/sign-in-qr` }))).url).toBe(code.url);
    const page = await ok(await env.app.inject({ url: `/api/public/meeting-sign-in/${m.id}?t=${t}` }));
    expect(page).toMatchObject({ title: '3栋楼栋会', present: 0, invited: 4 });
    const who = page.participants[1].id;
    const after = await ok(await env.app.inject({ method: 'POST', url: `/api/public/meeting-sign-in/${m.id}`, payload: { t, participantId: who } }));
    expect(after.present).toBe(1);
    const again = await env.app.inject({ method: 'POST', url: `/api/public/meeting-sign-in/${m.id}`, payload: { t, participantId: who } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('meeting_already_signed_in');
    const wrong = await env.app.inject({ url: `/api/public/meeting-sign-in/${m.id}?t=${'0'.repeat(32)}` });
    expect(wrong.statusCode).toBe(404);
    const detail = await ok(await staff.inject({ url: `/api/meetings/${m.id}` }));
    expect(detail.participants.find((p: Json) => p.id === who).via).toBe('qr');
    // Another day's meeting has no working code.
    const other = await newMeeting('2026-09-18');
    const otherCode = await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${other.id}/sign-in-qr` }));
    const ot = new URL(otherCode.url).searchParams.get('t')!;
    expect((await env.app.inject({ url: `/api/public/meeting-sign-in/${other.id}?t=${ot}` })).statusCode).toBe(404);
  });
});

describe('scope', () => {
  it('hides a meeting and its actions from another township (404) and refuses creating outside scope (403)', async () => {
    const m = await heldMeeting('2026-09-16');
    const d = await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/decisions`, payload: { text: 't', method: 'consensus', actions: [{ title: 'a', ownerOrgId: propertyOrg, withinWorkingDays: 3 }] } }), 201);
    const { session: other } = await signIn(env, ['community_staff'], '360802001');
    expect((await other.inject({ url: `/api/meetings/${m.id}` })).statusCode).toBe(404);
    expect((await other.inject({ url: `/api/meeting-actions/${d.actionIds[0]}` })).statusCode).toBe(404);
    expect((await other.inject({ method: 'POST', url: `/api/meeting-actions/${d.actionIds[0]}/steps`, payload: { step: 'finish' } })).statusCode).toBe(404);
    expect((await other.inject({ url: '/api/meetings?pageSize=200' })).json().items.map((x: Json) => x.id)).not.toContain(m.id);
    expect((await other.inject({ url: '/api/meeting-actions?pageSize=200' })).json().items).toEqual([]);
    const outside = await other.inject({ method: 'POST', url: '/api/meetings', payload: { regionCode: PLACE, kindCode: 'building', title: 'x', date: '2026-09-20' } });
    expect(outside.statusCode).toBe(403);
    const { session: handler } = await signIn(env, ['handler'], '360802');
    expect((await handler.inject({ url: '/api/meetings' })).statusCode).toBe(403);
  });
});

async function heldMeeting(date: string) {
  const m = await newMeeting(date);
  for (const p of (m.participants as Json[]).slice(0, 3)) await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/sign-ins`, payload: { participantId: p.id } }));
  await ok(await staff.inject({ method: 'POST', url: `/api/meetings/${m.id}/steps`, payload: { step: 'hold' } }));
  return m;
}

describe('demo', () => {
  it('makes a year of 楼栋会 with the trees and cameras actions done and a few late, once', async () => {
    const { generateDemoMeetings } = await import('../../generate/meetings.js');
    const opts = { seed: 7, community: '360802004002', township: '360802004', now: new Date(), staffUserId: staffId, proposerUserId: null };
    const made = await generateDemoMeetings(env.database, opts);
    expect(made.meetings).toBeGreaterThanOrEqual(14);
    expect(made.actions).toBeGreaterThanOrEqual(12);
    expect(await generateDemoMeetings(env.database, opts)).toEqual({ meetings: 0, actions: 0 });
    const page = (await env.app.inject({ url: '/api/public/meetings/360802004002' })).json();
    const actions = page.meetings.flatMap((m: Json) => m.decisions.flatMap((d: Json) => d.actions));
    expect(actions.find((a: Json) => a.title === '砍伐 3 棵危树')).toMatchObject({ status: 'done', lateness: 'on_time' });
    expect(actions.find((a: Json) => a.title === '加装 16 个高空抛物监控摄像头')).toMatchObject({ status: 'done', progress: 100 });
    expect(actions.filter((a: Json) => a.lateness === 'overdue').length).toBeGreaterThanOrEqual(2);
    const held = page.meetings.filter((m: Json) => m.kindName === '楼栋会' && m.status === 'held');
    expect(held.length).toBeGreaterThanOrEqual(10);
  });
});
