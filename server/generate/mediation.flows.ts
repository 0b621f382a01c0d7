/**
 * The mediation demo's live flows, made through the services so that they hold exactly as the app
 * makes them: appeals of the dispute category that went to the community's committee (one in hand by
 * mediation, one settled and back at the desk for feedback), and two court referrals (诉前委派): one
 * sent today, whose warning and deadline are keyed jobs, and one left unaccepted past its three working
 * days, marked overdue with the court and the 司法所 told. Runs once (the first appeal's id is stable).
 */
import { eq } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../platform/access.js';
import { systemContext } from '../platform/audit.js';
import type { Vault } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { createAppeal } from '../modules/appeals/appeals.service.js';
import { appeals } from '../modules/appeals/appeals.tables.js';
import { workCalendar } from '../modules/calendar/calendar.service.js';
import { workingMinutesBefore } from './appeal-life.clock.js';
import { act } from '../modules/mediation/mediation.act.js';
import { runReferralJob } from '../modules/mediation/mediation.referral.js';
import { createCase } from '../modules/mediation/mediation.service.js';
import { mediationCases, mediationEvents } from '../modules/mediation/mediation.tables.js';
import { addDays } from '../modules/mediation/mediation.workflow.js';
import { stableUuid } from './grids.js';

const ymd = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export async function generateMediationFlows(database: Database, vault: Vault, opts: { seed: number; now: Date; grid: string; county: string; committeeId: string; committeeRegion: string; studioId: string; courtId: string }): Promise<number> {
  const db = database.db;
  const first = stableUuid(opts.seed, 'mediation-flow-appeal:0');
  if ((await db.select({ id: appeals.id }).from(appeals).where(eq(appeals.id, first))).length) return 0;
  const deps = { database, vault };
  const desk = systemContext('cli', { ...SYSTEM_ACTOR, name: 'community', displayName: '习溪桥居委会' });
  const ctx = systemContext('cli', { kind: 'user', id: stableUuid(opts.seed, 'mediator'), name: 'mediator', displayName: '罗德昌', roles: ['mediator'], regionCode: opts.committeeRegion, orgId: opts.committeeId });
  const today = ymd(opts.now);
  const outsider = (name: string, phone: string, side: 'applicant' | 'respondent') => ({ side, kind: 'outsider' as const, name, phone });

  const stories = [
    { content: '楼上住户养狗，夜间犬吠不止，多次协商无果，请求社区调解。', title: '邻居犬吠扰民纠纷', parties: [outsider('黄小燕', '13907961201', 'applicant'), outsider('邓建军', '13907961202', 'respondent')], settle: false },
    { content: '邻居在公共过道加装铁门占用通道，双方争吵，请求调解。', title: '过道加装铁门占道纠纷', parties: [outsider('钟美玲', '13907961203', 'applicant'), outsider('罗志强', '13907961204', 'respondent')], settle: true },
  ];
  let made = 0;
  for (const [i, s] of stories.entries()) {
    const appeal = await createAppeal(deps, { ctx: desk, source: 'console' }, { id: stableUuid(opts.seed, `mediation-flow-appeal:${i}`), channel: 'hotline', requester: { kind: 'resident', name: s.parties[0].name, phone: s.parties[0].phone }, content: s.content, categoryCode: '0601', placeCode: opts.grid });
    const created = await createCase(deps, ctx, { bodyId: opts.committeeId, source: 'appeal', sourceRef: appeal.id, kind: 'neighbours', title: s.title, summary: s.content, risk: 'medium', riskKinds: ['to_petition'], parties: s.parties });
    let c = await act(deps, ctx, created.id, 'accept', { version: created.version });
    c = await act(deps, ctx, c.id, 'hold_session', { version: c.version, session: { heldOn: today, place: '习溪桥居委会调解室', attendees: '双方当事人、调解员罗德昌', hardship: '夜间休息受影响', crux: '双方各执一词', reconcile: '讲邻里情分、讲道理、讲法律，双方各让一步' } });
    if (!s.settle) continue;
    const respondent = c.parties.find((p) => p.side === 'respondent')!;
    c = await act(deps, ctx, c.id, 'agree', { version: c.version, agreement: { facts: '一方在公共过道加装铁门，占用通道。', responsibilities: [{ partyId: respondent.id, text: '三日内拆除铁门，恢复通道' }], manner: '自行拆除，社区网格员现场查看', deadline: addDays(today, 3), effectiveOn: today } });
    await act(deps, ctx, c.id, 'performed', { version: c.version, check: { checkedOn: today, note: '回访：铁门已拆除，通道恢复' } });
    made += 1;
  }

  // 诉前委派: one sent today (its warning and deadline wait as jobs), one left past its deadline.
  const courtCtx = systemContext('cli', { kind: 'user', id: stableUuid(opts.seed, 'court'), name: 'court', displayName: '胡静', roles: ['mediator'], regionCode: opts.county, orgId: opts.courtId });
  await createCase(deps, courtCtx, { bodyId: opts.studioId, source: 'court', kind: 'debt', title: '民间借贷纠纷（诉前委派）', summary: '原告起诉要求归还借款，法院立案前委派调解。', amountFen: 4_500_000, parties: [outsider('陈海波', '13907961205', 'applicant'), outsider('许文斌', '13907961206', 'respondent')] });
  const late = await createCase(deps, courtCtx, { bodyId: opts.studioId, source: 'court', kind: 'contract', title: '房屋租赁合同纠纷（诉前委派）', summary: '承租人拖欠租金，出租人起诉，法院委派诉前调解。', amountFen: 1_800_000, parties: [outsider('李秋华', '13907961207', 'applicant'), outsider('王宏', '13907961208', 'respondent')] });
  // Sent six working days ago: past its three, so the deadline's job finds it overdue now.
  const cal = await workCalendar(db);
  const sent = new Date(workingMinutesBefore(cal, opts.now.getTime(), 6 * 420));
  const due = new Date(workingMinutesBefore(cal, opts.now.getTime(), 3 * 420));
  await db.update(mediationCases).set({ createdAt: sent, updatedAt: sent, stepDueAt: due }).where(eq(mediationCases.id, late.id));
  await db.update(mediationEvents).set({ at: sent }).where(eq(mediationEvents.caseId, late.id));
  await runReferralJob({ database }, { caseId: late.id, step: 'warn' }, new Date(workingMinutesBefore(cal, opts.now.getTime(), 4 * 420)));
  await runReferralJob({ database }, { caseId: late.id, step: 'overdue' }, opts.now);
  return made + 2;
}
