/**
 * A merged duplicate's life (重复诉求): registered while its master was open, merged into it by the desk,
 * and told the master's outcome. The master is lived by appeal-life.ts.
 */
import { addWorkingMinutes } from '../modules/calendar/calendar.time.js';
import type { appealEvents } from '../modules/appeals/appeals.tables.js';
import type { AppealInsert, Draft, Life, LifeEnv } from './appeal-life.js';

type EventInsert = typeof appealEvents.$inferInsert;


/**
 * A duplicate (重复诉求) registered while its master was open and merged into it by the desk; it hears
 * the master's outcome. Returns null when the master was already handled by then.
 */
export function liveMerged(child: Draft, master: AppealInsert, masterLife: Life, rnd: () => number, env: LifeEnv): Life | null {
  const a = child.appeal;
  const created = (a.createdAt as Date).getTime();
  const work = (t: number, minutes: number) => addWorkingMinutes(env.cal, new Date(t), minutes).getTime();
  const accepted = work(created, 5 + rnd() * 60);
  const merged = work(accepted, 5 + rnd() * 60);
  if (merged > env.now || (masterLife.handledAt !== undefined && merged >= masterLife.handledAt) || master.status === 'not_accepted') return null;
  const life: Life = { events: [], parts: [], evaluations: [], requests: [], messages: [] };
  const phone = !!a.requesterPhoneEnc;
  const ev = (at: number, type: string, from: string | null, to: string | null, o: Partial<EventInsert> = {}) =>
    life.events.push({ appealId: a.id, at: new Date(at), type, fromStatus: from, toStatus: to, actorKind: 'user', actorName: child.desk, ...o });
  const sms = (at: number, body: string) => phone && life.messages.push({ appealId: a.id, regionCode: a.regionCode, at, body: `【听诉】${body}` });
  ev(created, 'registered', null, 'registered', { actorName: child.reporter, actorKind: a.source === 'public' ? 'public' : 'user', publicText: `您的诉求已登记，编号 ${a.number}。` });
  sms(created, `您的诉求已登记，编号 ${a.number}。可凭编号和手机号后四位查询办理进度。`);
  ev(accepted, 'accepted', 'registered', 'accepted', { publicText: '您的诉求已受理。' });
  ev(merged, 'merged', 'accepted', 'merged', {
    note: '与在办诉求反映同一问题',
    publicText: `您反映的问题与诉求 ${master.number} 相同，已合并办理，结果将一并告知您。`,
    data: { masterId: master.id, masterNumber: master.number },
  });
  life.events.push({ appealId: master.id, at: new Date(merged), type: 'merged_in', fromStatus: null, toStatus: null, actorKind: 'user', actorName: child.desk, note: '与在办诉求反映同一问题', data: { appealId: a.id, number: a.number } });
  Object.assign(a, { status: 'merged', acceptedAt: new Date(accepted), masterId: master.id, updatedAt: new Date(merged) });
  if (masterLife.feedbackAt !== undefined) {
    ev(masterLife.feedbackAt, 'feedback', 'merged', 'merged', { publicText: `与您的诉求相同的问题已办结：${master.result ?? ''}` });
    sms(masterLife.feedbackAt, `您反映的问题（${a.number}）已并案办结：${master.result ?? ''}`);
  }
  if (masterLife.closedAt !== undefined) {
    ev(masterLife.closedAt, 'closed', 'merged', 'merged', { publicText: '并案诉求已结案。' });
    a.closedAt = new Date(masterLife.closedAt);
  }
  return life;
}
