/**
 * One appeal's life, decided ahead and cut at "now": the steps the workflow takes (appeals.workflow.ts),
 * on the working calendar and within the limits, written as the rows the service would have written
 * (the appeal, its timeline, parts, evaluations, requests and the SMS it sends). Pure: the shells
 * (appeals.ts, demo-appeals.ts) load what it needs and save what it returns. Its clock is in
 * appeal-life.clock.ts; a merged duplicate's life in appeal-life.merged.ts.
 */
import {
  addWorkingMinutes,
  dueAt,
  minutesPerWorkingDay,
  workingMinutesBetween,
  type LimitUnit,
  type WorkCalendar,
} from '../modules/calendar/calendar.time.js';
import type { Limits, Urgency } from '../modules/appeals/appeals.limits.js';
import type { appealEvaluations, appealEvents, appealParts, appealRequests, appeals } from '../modules/appeals/appeals.tables.js';
import { deadlines } from './appeal-life.clock.js';
import { pick, weighted } from './random.js';

export type AppealInsert = typeof appeals.$inferInsert;
type EventInsert = typeof appealEvents.$inferInsert;
type PartInsert = typeof appealParts.$inferInsert;
type EvaluationInsert = typeof appealEvaluations.$inferInsert;
type RequestInsert = typeof appealRequests.$inferInsert;

/** Points of a life the demo pins to make sure a state is on someone's desk. */
export type Step = 'accepted' | 'dispatched' | 'signed' | 'handled' | 'feedback' | 'rated';
/** Where a pinned life stops, whatever the clock says. */
export type StopAt = 'registered' | 'accepted' | 'dispatched' | 'in_progress' | 'handled' | 'feedback_given';

export interface Draft {
  /** Identity, place, requester, channel, category, urgency and createdAt; the rest is filled in. */
  appeal: AppealInsert;
  field: boolean;
  /** The department that handles it; null when none does (it waits at the desk). */
  leadOrgId: string | null;
  coOrgIds: string[];
  /** Who accepts, dispatches and follows up: the township's governance centre. */
  desk: string;
  /** Who registered it: the grid worker for field channels. */
  reporter: string;
  leader?: { id: string; name: string };
  /** Pinned instants (a demo desk's work); the rest are drawn. */
  plan?: Partial<Record<Step, number>>;
  stopAt?: StopAt;
  firstRating?: Rating;
  /** A pending extension request from the handler (the dispatcher's 待审批 box). */
  requestExtension?: boolean;
  /** A pinned life that never rejects nor solves on the spot. */
  dispatch?: boolean;
}

export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'unreachable';
const RATING_NAMES: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意', unreachable: '无法联系' };

export interface Message {
  appealId: string;
  regionCode: string;
  at: number;
  body: string;
}

export interface Life {
  events: EventInsert[];
  parts: PartInsert[];
  evaluations: EvaluationInsert[];
  requests: RequestInsert[];
  messages: Message[];
  /** When the master of a merged duplicate reached these steps (children follow it). */
  handledAt?: number;
  feedbackAt?: number;
  closedAt?: number;
}

export interface LifeEnv {
  cal: WorkCalendar;
  limits: (categoryCode: string, urgency: Urgency) => Limits;
  /** 受理时限 per channel (appeals.limits.ts: acceptLimitFor). */
  acceptLimit: (channel: string) => { amount: number; unit: LimitUnit };
  orgName: (id: string) => string;
  /** Nothing happens after this instant. */
  now: number;
  /** 即诉即办: whether a category is simple (its appeals due the end of the working day they came in). */
  simple?: (categoryCode: string) => boolean;
}

const HOUR = 3600_000;

const RESULTS: Record<string, string[]> = {
  '01': ['已责令当事人整改，现场已恢复', '已组织清运，现场已清理干净', '已依法拆除违建部分'],
  '02': ['已督促物业维修，现已恢复正常', '已协调物业公司落实整改'],
  '03': ['已完成修复，道路恢复通行', '已更换井盖并设置警示标志', '已疏通排水管道'],
  '04': ['已上门核实并纳入帮扶对象', '已指导准备申请材料并受理'],
  '05': ['已督促用人单位足额支付工资', '已安排参加技能培训'],
  '06': ['已组织双方调解并达成协议', '已联系司法所跟进调解'],
  '07': ['已责令商户安装净化设施', '已现场执法并责令停止排放'],
  '08': ['已清理楼道电动车并加强巡查', '已组织专业人员排除隐患'],
  '09': ['已恢复供水供电，并督促提前公告', '已协调供气企业加快办理'],
  '10': ['已协调相关部门加快办理', '已组织企业座谈并答复'],
  '11': ['已答复入学政策并协助报名', '已协调交警加强疏导'],
  '12': ['已依法答复申请人', '已告知办理材料与流程'],
  '13': ['已立案查处并下架问题商品', '已督促商户整改'],
};
const REJECT_REASONS = ['不属于受理范围', '已通过诉讼途径处理', '诉求内容不明确，无法联系诉求人核实'];
const INSTRUCTIONS = ['请牵头单位三日内拿出方案，每周报告进展', '请相关部门会商解决，确保按期办结', '要求举一反三，排查同类问题'];


/**
 * Lives the draft up to now (or its stopAt) and fills in its appeal row. Children (merged
 * duplicates) are lived by `liveMerged` once their master's life is known.
 */
export function live(d: Draft, rnd: () => number, env: LifeEnv): Life {
  const a = d.appeal;
  const life: Life = { events: [], parts: [], evaluations: [], requests: [], messages: [] };
  const phone = !!a.requesterPhoneEnc;
  const work = (t: number, minutes: number) => addWorkingMinutes(env.cal, new Date(t), minutes).getTime();
  const ev = (at: number, type: string, from: string | null, to: string | null, o: Partial<EventInsert> = {}) =>
    life.events.push({ appealId: a.id, at: new Date(at), type, fromStatus: from, toStatus: to, actorKind: 'user', actorName: d.desk, ...o });
  const sms = (at: number, body: string) => phone && life.messages.push({ appealId: a.id, regionCode: a.regionCode, at, body: `【听诉】${body}` });
  const set = (status: string, at: number) => {
    a.status = status;
    a.updatedAt = new Date(at);
  };
  const plan = d.plan ?? {};
  const top = a.categoryCode.slice(0, 2);
  const created = (a.createdAt as Date).getTime();
  // A pinned rework stops in its second round.
  const stopRound = d.firstRating === 'dissatisfied' ? 1 : 0;
  const stops = (s: StopAt, round: number) => d.stopAt === s && round === stopRound;

  ev(created, 'registered', null, 'registered', { actorName: d.reporter, actorKind: a.source === 'public' ? 'public' : 'user', publicText: `您的诉求已登记，编号 ${a.number}。` });
  sms(created, `您的诉求已登记，编号 ${a.number}。可凭编号和手机号后四位查询办理进度。`);
  set('registered', created);
  // The acceptance clock starts at registration, as appeals.register.ts starts it (warned at 80%).
  const acceptLimit = env.acceptLimit(a.channel);
  const acceptMinutes = acceptLimit.unit === 'working_days' ? acceptLimit.amount * minutesPerWorkingDay(env.cal) : acceptLimit.unit === 'days' ? acceptLimit.amount * 1440 : acceptLimit.amount * 60;
  const acceptWarnUnit: LimitUnit = acceptLimit.unit === 'working_days' ? 'working_hours' : acceptLimit.unit === 'days' ? 'hours' : acceptLimit.unit;
  a.acceptDueAt = dueAt(env.cal, new Date(created), acceptLimit);
  a.acceptWarnAt = dueAt(env.cal, new Date(created), { amount: (acceptMinutes * 0.8) / 60, unit: acceptWarnUnit });
  if (d.stopAt === 'registered') return life;

  // The desk accepts in working time; a field worker's own report is accepted as it is made.
  let t = plan.accepted ?? (d.field ? created + rnd() * 10 * 60_000 : work(created, rnd() < 0.85 ? 5 + rnd() * 55 : 60 + rnd() * 420));
  if (t > env.now) return life;
  if (!d.dispatch && rnd() < 0.02) {
    const reason = pick(rnd, REJECT_REASONS);
    ev(t, 'not_accepted', 'registered', 'not_accepted', { note: reason, publicText: `不予受理：${reason}` });
    sms(t, `您的诉求 ${a.number} 不予受理，理由：${reason}`);
    Object.assign(a, { closedAt: new Date(t) });
    set('not_accepted', t);
    return life;
  }
  ev(t, 'accepted', 'registered', 'accepted', { actorName: d.field ? d.reporter : d.desk, publicText: '您的诉求已受理。' });
  a.acceptedAt = new Date(t);
  set('accepted', t);

  let round = 0;
  let onSpotRound = d.field && !d.dispatch && rnd() < 0.55;
  // Each pass is one round of handling: the first, and one more after an unsatisfied rating (重办).
  for (;;) {
    let handled: number;
    const result = pick(rnd, RESULTS[top] ?? ['已处理完毕']);
    if (onSpotRound) {
      handled = t + rnd() * HOUR;
      if (handled > env.now) return life;
      ev(handled, 'solved_on_spot', 'accepted', 'handled', { actorName: d.reporter, note: result, publicText: `已就地解决：${result}` });
      Object.assign(a, { onSpot: true, handledAt: new Date(handled), handlingMinutes: 0, result });
      set('handled', handled);
    } else if (a.status === 'accepted') {
      if (!d.leadOrgId || d.stopAt === 'accepted') return life;
      const dispatched = plan.dispatched && round === 0 ? plan.dispatched : work(t, rnd() < 0.85 ? 10 + rnd() * 110 : 120 + rnd() * 360);
      if (dispatched > env.now) return life;
      const due = deadlines(env, d, dispatched, (a.createdAt as Date).getTime());
      const lead = d.leadOrgId;
      const whistle = a.channel === 'visit' && rnd() < 0.08;
      const co = round === 0 ? d.coOrgIds : [];
      ev(dispatched, whistle ? 'whistled' : 'dispatched', 'accepted', 'dispatched', {
        orgId: lead,
        publicText: `已转交${env.orgName(lead)}${co.length ? `牵头，会同${co.map(env.orgName).join('、')}` : ''}办理。`,
        data: { leadOrgId: lead, coOrgIds: co, whistle },
      });
      Object.assign(a, { handlingOrgId: lead, dispatchedAt: new Date(dispatched), whistled: a.whistled || whistle, ...due });
      set('dispatched', dispatched);
      const lp: PartInsert = { appealId: a.id, orgId: lead, role: 'lead', status: 'dispatched', dispatchedAt: new Date(dispatched) };
      const cps: PartInsert[] = co.map((orgId) => ({ appealId: a.id, orgId, role: 'co', task: '配合核查并落实职责范围内事项', status: 'dispatched', dispatchedAt: new Date(dispatched) }));
      life.parts.push(lp, ...cps);
      if (d.leader && round === 0) {
        const at = dispatched + 5 * 60_000;
        ev(at, 'leader_assigned', 'dispatched', 'dispatched', { data: { leaderUserId: d.leader.id, leader: d.leader.name }, note: '重点诉求，领导包案' });
        const note = pick(rnd, INSTRUCTIONS);
        ev(Math.min(env.now, at + 2 * HOUR), 'instructed', 'dispatched', 'dispatched', { actorName: d.leader.name, actorId: d.leader.id, note });
        a.leaderUserId = d.leader.id;
      }
      const responseDue = due.responseDueAt.getTime();
      const signed = plan.signed ?? dispatched + (rnd() < 0.92 ? rnd() : 1 + rnd() * 3) * (responseDue - dispatched);
      if (d.stopAt === 'dispatched' || signed > env.now) {
        if (responseDue <= env.now) {
          ev(responseDue, 'response_overdue', 'dispatched', 'dispatched', { actorKind: 'system', actorName: '系统', data: { responseDueAt: due.responseDueAt.toISOString() } });
          a.responseOverdueNotified = true;
        }
        return life;
      }
      ev(signed, 'signed', 'dispatched', 'in_progress', { actorName: env.orgName(lead), orgId: lead, publicText: `${env.orgName(lead)}已签收，正在办理。` });
      Object.assign(lp, { status: 'in_progress', signedAt: new Date(signed) });
      for (const cp of cps) {
        const at = Math.min(env.now, signed + rnd() * HOUR);
        ev(at, 'part_signed', 'in_progress', 'in_progress', { actorName: env.orgName(cp.orgId), orgId: cp.orgId });
        Object.assign(cp, { status: 'in_progress', signedAt: new Date(at) });
      }
      a.signedAt = new Date(signed);
      set('in_progress', signed);
      t = signed;
    }
    if (a.status === 'in_progress') {
      const lead = a.handlingOrgId!;
      const lp = life.parts.find((p) => p.orgId === lead)!;
      const warnAt = (a.warnAt as Date).getTime();
      const handlingDue = (a.handlingDueAt as Date).getTime();
      const onTime = rnd() < 0.9;
      // A same-day limit (即诉即办) may have run out before the appeal was signed for: it is handled late, after signing.
      const span = handlingDue - t;
      handled =
        (round === 0 ? plan.handled : undefined) ??
        (span <= 0 ? t + (0.5 + 4 * rnd()) * HOUR : onTime ? t + (0.15 + 0.85 * rnd()) * span : handlingDue + rnd() * 0.5 * span);
      if (stops('in_progress', round)) handled = Infinity;
      if (d.requestExtension && round === 0) {
        const at = Math.min(env.now, t + 2 * HOUR);
        const requestId = a.id.replace(/^.{8}/, 'e0e0e0e0');
        life.requests.push({ id: requestId, appealId: a.id, kind: 'extension', orgId: lead, reason: '需协调多个部门现场会商，申请延长办理期限', amount: 5, unit: 'working_days', status: 'pending', requestedBy: env.orgName(lead), createdAt: new Date(at) });
        ev(at, 'extension_requested', 'in_progress', 'in_progress', { actorName: env.orgName(lead), orgId: lead, note: '需协调多个部门现场会商', data: { requestId, amount: 5, unit: 'working_days' } });
      }
      const until = Math.min(handled, env.now);
      // The deadline job runs every few minutes: each notice went out when its instant passed.
      if (warnAt <= until) {
        ev(warnAt, 'deadline_warning', 'in_progress', 'in_progress', { actorKind: 'system', actorName: '系统', data: { handlingDueAt: (a.handlingDueAt as Date).toISOString() } });
        a.warnedNotified = true;
      }
      if (handlingDue <= until) {
        ev(handlingDue, 'overdue', 'in_progress', 'in_progress', { actorKind: 'system', actorName: '系统', data: { handlingDueAt: (a.handlingDueAt as Date).toISOString() } });
        Object.assign(a, { overdueNotified: true, warnedNotified: true });
      }
      // Co-handlers finish their parts first; the lead's handling closes the round.
      for (const cp of life.parts.filter((p) => p.role === 'co' && p.status === 'in_progress')) {
        const at = (cp.signedAt as Date).getTime() + rnd() * Math.max(0, Math.min(handled, env.now) - (cp.signedAt as Date).getTime());
        if (at > env.now) continue;
        ev(at, 'part_handled', 'in_progress', 'in_progress', { actorName: env.orgName(cp.orgId), orgId: cp.orgId, note: '已完成配合事项' });
        Object.assign(cp, { status: 'handled', handledAt: new Date(at), result: '已完成配合事项' });
      }
      if (handled > env.now) return life;
      ev(handled, 'handled', 'in_progress', 'handled', { actorName: env.orgName(lead), orgId: lead, note: result, publicText: `已办结：${result}` });
      Object.assign(lp, { status: 'handled', handledAt: new Date(handled), result });
      Object.assign(a, { handledAt: new Date(handled), result, handlingMinutes: workingMinutesBetween(env.cal, a.acceptedAt as Date, new Date(handled)) });
      set('handled', handled);
    }
    handled = (a.handledAt as Date).getTime();
    life.handledAt = handled;
    if (stops('handled', round)) return life;

    // 双反馈 and 双评价: the desk tells the requester, then calls back for the rating.
    const feedback = (round === 0 ? plan.feedback : undefined) ?? work(handled, 10 + rnd() * 300);
    if (feedback > env.now) return life;
    const res = String(a.result ?? '');
    ev(feedback, 'feedback', 'handled', 'feedback_given', {
      note: `您的诉求 ${a.number} 已办结：${res}`,
      publicText: `已向您反馈办理结果：${res.replace(/[。.！!]+$/, '')}。请对办理结果进行评价。`,
      data: { toRequester: phone, toGrid: !!a.gridCode },
    });
    sms(feedback, `您的诉求 ${a.number} 已办结：${res}。请凭编号和手机号后四位评价办理结果。`);
    set('feedback_given', feedback);
    life.feedbackAt = feedback;
    if (stops('feedback_given', round)) return life;

    const rated = (round === 0 ? plan.rated : undefined) ?? work(feedback, rnd() * 3 * 420);
    if (rated > env.now) return life;
    const rating: Rating =
      round === 0 && d.firstRating
        ? d.firstRating
        : weighted<Rating>(rnd, round === 0 ? [['satisfied', 82], ['basically_satisfied', 11], ['dissatisfied', 4], ['unreachable', 3]] : [['satisfied', 45], ['basically_satisfied', 50], ['unreachable', 5]]);
    const solved = rating === 'unreachable' ? null : rating !== 'dissatisfied';
    const method = a.source === 'public' && rnd() < 0.4 && rating !== 'unreachable' ? 'self' : 'callback';
    life.evaluations.push({ appealId: a.id, round, kind: 'requester', rating, solved, method, by: method === 'self' ? '诉求人' : d.desk, at: new Date(rated) });
    ev(rated, 'rated', 'feedback_given', 'feedback_given', { actorKind: method === 'self' ? 'public' : 'user', actorName: method === 'self' ? '诉求人' : d.desk, publicText: rating === 'unreachable' ? null : `您的评价：${RATING_NAMES[rating]}。`, data: { rating, solved, method } });
    Object.assign(a, { lastRating: rating, lastSolved: solved, lastRatedAt: new Date(rated) });
    if (rating === 'dissatisfied') {
      round++;
      a.reworkCount = round;
      if (a.handlingOrgId) {
        const lead = a.handlingOrgId;
        const due = deadlines(env, d, rated);
        ev(rated, 'reworked', 'feedback_given', 'in_progress', { orgId: lead, note: '诉求人不满意，重新办理', publicText: '根据评价，您的诉求已重新交办。' });
        Object.assign(life.parts.find((p) => p.orgId === lead)!, { status: 'in_progress', handledAt: null });
        Object.assign(a, { handledAt: null, handlingDueAt: due.handlingDueAt, warnAt: due.warnAt, overdueNotified: false, warnedNotified: false });
        set('in_progress', rated);
      } else {
        ev(rated, 'reworked', 'feedback_given', 'accepted', { note: '诉求人不满意，重新办理', publicText: '根据评价，您的诉求将重新办理。' });
        Object.assign(a, { handledAt: null, result: null, onSpot: false });
        set('accepted', rated);
      }
      onSpotRound = false;
      t = rated;
      continue;
    }
    let closed = rated;
    if (a.handlingOrgId) {
      const verified = true;
      const orgRating = rating === 'satisfied' ? 'good' : 'fair';
      closed = Math.min(env.now, rated + rnd() * HOUR);
      life.evaluations.push({ appealId: a.id, round, kind: 'township', rating: orgRating, verified, method: 'staff', by: d.desk, orgId: a.handlingOrgId, at: new Date(closed) });
      ev(closed, 'org_evaluated', 'feedback_given', 'feedback_given', { orgId: a.handlingOrgId, data: { rating: orgRating, verified } });
    }
    ev(closed, 'closed', 'feedback_given', 'closed', { publicText: '诉求已结案，感谢您的反映与评价。' });
    a.closedAt = new Date(closed);
    set('closed', closed);
    life.closedAt = closed;
    return life;
  }
}
