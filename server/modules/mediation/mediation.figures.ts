/**
 * 人民调解: what the 司法所 watches — the supervision board, the mediator's day, the figures (with the
 * petitions (信访) of the same area beside them, this period and the same period a year before) — and
 * the ledger (调解台账) as an Excel workbook in the form a 司法所 keeps it.
 */
import { and, eq, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { chinaDay } from '../../platform/china-time.js';
import type { DbOrTx } from '../../platform/db.js';
import ExcelJS from '../../platform/xlsx.js';
import * as appealsService from '../appeals/appeals.service.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as repo from './mediation.repo.js';
import { actorOrg, summaries } from './mediation.service.js';
import { mediationAgreements, mediationCases, mediationChecks, mediationEvents, mediationParties, mediators } from './mediation.tables.js';
import { STATUS_NAMES, type Status } from './mediation.workflow.js';


export async function board(db: DbOrTx, actor: Actor, now = new Date()) {
  authorize(actor, 'mediation.read');
  const c = mediationCases;
  const today = chinaDay(now);
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + 7);
  const page = { limit: 100, offset: 0 };
  const overdue = await repo.listVisible(db, actor, {}, page, and(lt(c.stepDueAt, now), notInArray(c.status, ['closed', 'declined', 'not_agreed', 'performed', 'failed', 'referred'])));
  const lapsingSoon = await repo.listVisible(db, actor, {}, page, and(eq(c.confirmation, 'none'), inArray(c.status, ['agreed', 'performed']), sql`${c.confirmationDueOn} >= ${today} and ${c.confirmationDueOn} <= ${soon.toISOString().slice(0, 10)}`));
  const lapsed = await repo.listVisible(db, actor, {}, page, eq(c.confirmation, 'lapsed'));
  return { overdue: await summaries(db, overdue.rows, now), lapsingSoon: await summaries(db, lapsingSoon.rows, now), lapsed: await summaries(db, lapsed.rows, now) };
}

/** The mediator's day: the sessions planned for it (and any held on it), of the cases the caller sees. */
export async function today(db: DbOrTx, actor: Actor, q: { date?: string }, now = new Date()) {
  authorize(actor, 'mediation.read');
  const day = q.date ?? chinaDay(now);
  const c = mediationCases;
  const held = sql`exists (select 1 from mediation_sessions ms where ms.case_id = ${c.id} and ms.held_on = ${day})`;
  const { rows } = await repo.listVisible(db, actor, {}, { limit: 200, offset: 0 }, sql`(${c.nextSessionOn} = ${day} or ${held})`);
  return { date: day, items: await summaries(db, rows, now) };
}

/** The cases accepted in a period that the caller sees, and the outcome of each (a closed case keeps it in its events). */
async function periodCases(db: DbOrTx, actor: Actor, q: { from?: string; to?: string }) {
  const c = mediationCases;
  const period = and(isNotNull(c.acceptedAt), q.from ? sql`${c.acceptedAt} >= ${q.from}::date - interval '8 hours'` : undefined, q.to ? sql`${c.acceptedAt} < ${q.to}::date + interval '16 hours'` : undefined);
  const { rows } = await repo.listVisible(db, actor, {}, { limit: 100_000, offset: 0 }, period);
  // The status before closing tells the outcome of a closed case.
  const closedOutcome = new Map<string, string>();
  const closedIds = rows.filter((r) => r.status === 'closed').map((r) => r.id);
  if (closedIds.length) {
    const ev = await db.select({ caseId: mediationEvents.caseId, from: mediationEvents.fromStatus }).from(mediationEvents).where(and(inArray(mediationEvents.caseId, closedIds), eq(mediationEvents.type, 'close')));
    for (const e of ev) closedOutcome.set(e.caseId, e.from ?? '');
  }
  const outcome = (r: repo.CaseRow) => (r.status === 'closed' ? closedOutcome.get(r.id) ?? '' : r.status);
  return { rows, outcome };
}

const SETTLED = ['agreed', 'performed', 'failed'];

/** The same China day a year before (29 February → 28 February). */
function yearBefore(ymd: string): string {
  const y = Number(ymd.slice(0, 4)) - 1;
  const md = ymd.slice(5) === '02-29' ? '02-28' : ymd.slice(5);
  return `${y}-${md}`;
}

/** The months (YYYY-MM) from one China day to another, both included. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (let i = 0; i < 120; i++) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    if (k > end) break;
    out.push(k);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * 信访 beside the mediation figures: petitions (appeals of the channel `petition`) registered in the
 * caller's area (its body's or 司法所's region, else its scope) in the period and in the same period a
 * year before, month by month, with the cases accepted and settled in each month.
 */
async function petitionFigures(db: DbOrTx, actor: Actor, q: { from?: string; to?: string }, rows: repo.CaseRow[], outcome: (r: repo.CaseRow) => string, now: Date) {
  const today = chinaDay(now);
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  const regionCode = (await actorOrg(db, actor))?.regionCode ?? actor.regionCode;
  const [current, before] = await Promise.all([
    appealsService.monthlyByChannel(db, { regionCode, channel: 'petition', from, to }),
    appealsService.monthlyByChannel(db, { regionCode, channel: 'petition', from: yearBefore(from), to: yearBefore(to) }),
  ]);
  const months = monthsBetween(from, to).map((month) => {
    const last = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
    const accepted = rows.filter((r) => r.acceptedAt && chinaDay(r.acceptedAt).slice(0, 7) === month);
    return { month, petitions: current.get(month) ?? 0, petitionsLastYear: before.get(last) ?? 0, casesAccepted: accepted.length, casesSettled: accepted.filter((r) => SETTLED.includes(outcome(r))).length };
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const thisPeriod = sum([...current.values()]);
  const lastYear = sum([...before.values()]);
  return { regionCode, from, to, current: thisPeriod, lastYear, change: lastYear ? Math.round(((thisPeriod - lastYear) / lastYear) * 1000) / 1000 : null, months };
}

export async function figures(db: DbOrTx, actor: Actor, q: { from?: string; to?: string }, now = new Date()) {
  authorize(actor, 'mediation.read');
  const { rows, outcome } = await periodCases(db, actor, q);
  const names = await orgsService.namesOf(db, rows.map((r) => r.bodyId));
  // Performed on time: the check that found it performed is dated no later than the agreement's deadline.
  const ids = rows.map((r) => r.id);
  const deadlines = new Map<string, string>();
  const performedOn = new Map<string, string>();
  if (ids.length) {
    for (const a of await db.select({ caseId: mediationAgreements.caseId, deadline: mediationAgreements.deadline }).from(mediationAgreements).where(inArray(mediationAgreements.caseId, ids)).orderBy(mediationAgreements.version)) deadlines.set(a.caseId, a.deadline);
    for (const k of await db.select({ caseId: mediationChecks.caseId, on: mediationChecks.checkedOn }).from(mediationChecks).where(and(inArray(mediationChecks.caseId, ids), eq(mediationChecks.result, 'performed')))) performedOn.set(k.caseId, k.on);
  }
  const mids = [...new Set(rows.map((r) => r.mediatorId).filter((x): x is string => !!x))];
  const mnames = new Map(mids.length ? (await db.select({ id: mediators.id, name: mediators.name }).from(mediators).where(inArray(mediators.id, mids))).map((m) => [m.id, m.name]) : []);
  const fold = (key: string, name: string, rs: repo.CaseRow[]) => {
    const settled = rs.filter((r) => SETTLED.includes(outcome(r))).length;
    const notSettled = rs.filter((r) => outcome(r) === 'not_agreed').length;
    const referred = rs.filter((r) => outcome(r) === 'referred').length;
    const concluded = rs.filter((r) => r.concludedAt && r.acceptedAt);
    const days = concluded.map((r) => (r.concludedAt!.getTime() - r.acceptedAt!.getTime()) / 86_400_000);
    return {
      key,
      name,
      accepted: rs.length,
      settled,
      notSettled,
      referred,
      // As the sources count it (宜春: 389 settled of 513 accepted).
      settlementRate: rs.length ? Math.round((settled / rs.length) * 1000) / 1000 : null,
      performed: rs.filter((r) => performedOn.has(r.id)).length,
      performedOnTime: rs.filter((r) => performedOn.has(r.id) && deadlines.has(r.id) && performedOn.get(r.id)! <= deadlines.get(r.id)!).length,
      confirmationsApplied: rs.filter((r) => ['applied', 'accepted', 'granted', 'refused'].includes(r.confirmation)).length,
      confirmationsGranted: rs.filter((r) => r.confirmation === 'granted').length,
      averageDays: days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null,
    };
  };
  const group = (keyOf: (r: repo.CaseRow) => string, nameOf: (k: string) => string) => {
    const by = new Map<string, repo.CaseRow[]>();
    for (const r of rows) by.set(keyOf(r), [...(by.get(keyOf(r)) ?? []), r]);
    return [...by.entries()].map(([k, rs]) => fold(k, nameOf(k), rs)).sort((a, b) => b.accepted - a.accepted);
  };
  return {
    total: fold('total', '合计', rows),
    byBody: group((r) => r.bodyId, (k) => names.get(k) ?? k),
    byKind: group((r) => r.kind, (k) => k),
    byMediator: group((r) => r.mediatorId ?? '', (k) => mnames.get(k) ?? '—'),
    petitions: await petitionFigures(db, actor, q, rows, outcome, now),
  };
}


const KIND_NAMES: Record<string, string> = { neighbours: '邻里纠纷', family: '婚姻家庭', land: '土地山林', labour: '劳动争议', property_management: '物业纠纷', contract: '合同纠纷', debt: '债务纠纷', damages: '损害赔偿', other: '其他' };
const SOURCE_NAMES: Record<string, string> = { appeal: '诉求转办', visit: '走访排查', application: '当事人申请', court: '法院委派', federation: '工商联委派' };
const CONFIRMATION_NAMES: Record<string, string> = { none: '', applied: '已申请', accepted: '法院已受理', granted: '已确认', refused: '不予确认', lapsed: '逾期未申请' };
const RESULT_NAMES: Record<string, string> = { agreed: '调解成功', performed: '调解成功', failed: '调解成功', not_agreed: '调解不成功', referred: '已移送', declined: '不予受理' };

/**
 * 调解台账: one row a case accepted in the period (as the figures count them), parties masked, in the
 * columns a 司法所 keeps; a second sheet with the figures and the petitions beside them.
 */
export async function ledgerWorkbook(db: DbOrTx, actor: Actor, q: { from?: string; to?: string }, now = new Date()): Promise<Buffer> {
  const f = await figures(db, actor, q, now);
  const { rows, outcome } = await periodCases(db, actor, q);
  rows.sort((a, b) => a.acceptedAt!.getTime() - b.acceptedAt!.getTime() || a.number.localeCompare(b.number));
  const ids = rows.map((r) => r.id);
  const parties = ids.length ? await db.select({ caseId: mediationParties.caseId, side: mediationParties.side, name: mediationParties.nameMasked }).from(mediationParties).where(inArray(mediationParties.caseId, ids)).orderBy(mediationParties.side, mediationParties.id) : [];
  const deadlines = new Map<string, string>();
  const performedOn = new Map<string, string>();
  if (ids.length) {
    for (const a of await db.select({ caseId: mediationAgreements.caseId, deadline: mediationAgreements.deadline }).from(mediationAgreements).where(inArray(mediationAgreements.caseId, ids)).orderBy(mediationAgreements.version)) deadlines.set(a.caseId, a.deadline);
    for (const k of await db.select({ caseId: mediationChecks.caseId, on: mediationChecks.checkedOn }).from(mediationChecks).where(and(inArray(mediationChecks.caseId, ids), eq(mediationChecks.result, 'performed')))) performedOn.set(k.caseId, k.on);
  }
  const bodyNames = await orgsService.namesOf(db, rows.map((r) => r.bodyId));
  const mids = [...new Set(rows.map((r) => r.mediatorId).filter((x): x is string => !!x))];
  const mnames = new Map(mids.length ? (await db.select({ id: mediators.id, name: mediators.name }).from(mediators).where(inArray(mediators.id, mids))).map((m) => [m.id, m.name]) : []);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tingsu 听诉';
  const s1 = wb.addWorksheet('调解台账');
  s1.columns = [
    { header: '序号', key: 'seq', width: 6 },
    { header: '编号', key: 'number', width: 14 },
    { header: '受理日期', key: 'acceptedOn', width: 12 },
    { header: '纠纷类型', key: 'kind', width: 10 },
    { header: '纠纷简要情况', key: 'title', width: 28 },
    { header: '当事人', key: 'parties', width: 36 },
    { header: '来源', key: 'source', width: 10 },
    { header: '调解组织', key: 'body', width: 26 },
    { header: '调解员', key: 'mediator', width: 10 },
    { header: '涉及金额（元）', key: 'amount', width: 14 },
    { header: '调解结果', key: 'result', width: 12 },
    { header: '协议履行', key: 'performance', width: 22 },
    { header: '司法确认', key: 'confirmation', width: 12 },
    { header: '结案日期', key: 'closedOn', width: 12 },
  ];
  s1.getRow(1).font = { bold: true };
  rows.forEach((r, i) => {
    const out = outcome(r);
    const ps = parties.filter((p) => p.caseId === r.id);
    const side = (s: string, label: string) => { const names = ps.filter((p) => p.side === s).map((p) => p.name); return names.length ? `${label}：${names.join('、')}` : ''; };
    const performance = performedOn.has(r.id) ? `已履行（${performedOn.get(r.id)}）` : out === 'failed' ? '未履行' : out === 'agreed' && deadlines.has(r.id) ? `履行中（期限 ${deadlines.get(r.id)}）` : '';
    s1.addRow({
      seq: i + 1,
      number: r.number,
      acceptedOn: chinaDay(r.acceptedAt!),
      kind: KIND_NAMES[r.kind] ?? r.kind,
      title: r.title,
      parties: [side('applicant', '申请人'), side('respondent', '被申请人')].filter(Boolean).join('；'),
      source: SOURCE_NAMES[r.source] ?? r.source,
      body: bodyNames.get(r.bodyId) ?? '',
      mediator: r.mediatorId ? mnames.get(r.mediatorId) ?? '' : '',
      amount: r.amountFen / 100,
      result: RESULT_NAMES[out] ?? STATUS_NAMES[out as Status]?.zh ?? out,
      performance,
      confirmation: CONFIRMATION_NAMES[r.confirmation] ?? r.confirmation,
      closedOn: r.closedAt ? chinaDay(r.closedAt) : '',
    });
  });
  s1.getColumn('amount').numFmt = '#,##0.00';
  s1.views = [{ state: 'frozen', ySplit: 1 }];

  const s2 = wb.addWorksheet('统计');
  s2.columns = [
    { header: '项目', key: 'k', width: 28 },
    { header: '数值', key: 'v', width: 16 },
  ];
  const t = f.total;
  const p = f.petitions;
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  for (const [k, v] of [
    ['受理日期区间', `${q.from ?? '—'} 至 ${q.to ?? chinaDay(now)}`],
    ['受理', t.accepted],
    ['调解成功', t.settled],
    ['调解不成功', t.notSettled],
    ['移送', t.referred],
    ['调解成功率', pct(t.settlementRate)],
    ['按期履行 / 已履行', `${t.performedOnTime} / ${t.performed}`],
    ['司法确认 申请 / 确认', `${t.confirmationsApplied} / ${t.confirmationsGranted}`],
    ['平均办理天数', t.averageDays ?? '—'],
    [`信访件（${p.from} 至 ${p.to}）`, p.current],
    ['信访件（上年同期）', p.lastYear],
    ['信访件同比', pct(p.change)],
  ] as [string, string | number][]) s2.addRow({ k, v });
  s2.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
