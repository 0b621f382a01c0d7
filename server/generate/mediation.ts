/**
 * A year of 人民调解 in 吉州区 for the demo: the bodies of 习溪桥街道 and the county (a community
 * committee, a 新乡贤 studio, a volunteer team, the court–federation liaison room, the chamber of
 * commerce's committee), their mediators, and cases as they come: neighbours' disputes found on visits,
 * a family dispute, labour disputes referred by the court before litigation, a dispute between two firms,
 * with sessions, agreements, performance checks, confirmations granted and one that lapsed.
 * Deterministic (seeded) and written in bulk: it adds well under a second to the demo. The stories and
 * the year's plan are in mediation.stories.ts; this file lives each case and writes it.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { and, desc, eq, inArray, isNull, like } from 'drizzle-orm';
import type { Vault } from '../platform/crypto.js';
import { maskName, maskPhone } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { enqueue } from '../platform/jobs.js';
import { CONFIRMATION_JOB } from '../modules/mediation/mediation.act.js';
import { mediationAgreements, mediationAttachments, mediationCases, mediationChecks, mediationEvents, mediationParties, mediationSessions, mediators } from '../modules/mediation/mediation.tables.js';
import { addDays, CONFIRMATION_DAYS } from '../modules/mediation/mediation.workflow.js';
import { households, people } from '../modules/households/households.tables.js';
import { visits } from '../modules/visits/visits.tables.js';
import { orgs } from '../modules/orgs/orgs.tables.js';
import type { OrgKind } from '../modules/orgs/orgs.service.js';
import { personName } from './names.js';
import { intBetween, pick, rngFor } from './random.js';
import { stableUuid } from './grids.js';
import { MEDIATORS, planYear, SESSION_PLACES } from './mediation.stories.js';

const MEDIATION_TOWNSHIP = '360802004'; // 习溪桥街道
const MEDIATION_COMMUNITY = '360802004002'; // 习溪桥居委会
const DISPUTE_AT_THE_DOOR = '户主反映楼上空调外机冷凝水滴在自家阳台，双方多次争吵，情绪激动，希望社区调解。';
const SITUATION_AT_THE_DOOR = '矛盾排查：户主在家，谈及与楼上住户的矛盾，情绪激动。';
const COUNTY = '360802';

/** The organisations the demo's mediation needs, created with the others. */
export const MEDIATION_DEMO_ORGS: { name: string; kind: OrgKind; regionCode: string; categoryCodes: string[] }[] = [
  { name: '习溪桥居委会人民调解委员会', kind: 'mediation_committee', regionCode: MEDIATION_COMMUNITY, categoryCodes: [] },
  { name: '习溪桥街道新乡贤调解工作室', kind: 'elder_studio', regionCode: MEDIATION_TOWNSHIP, categoryCodes: [] },
  { name: '习溪桥街道马大叔调解队', kind: 'volunteer_team', regionCode: MEDIATION_TOWNSHIP, categoryCodes: [] },
  { name: '吉州区诉调对接工作室', kind: 'court_liaison', regionCode: COUNTY, categoryCodes: [] },
  { name: '吉州区总商会人民调解委员会', kind: 'chamber_mediation', regionCode: COUNTY, categoryCodes: [] },
  { name: '习溪桥司法所', kind: 'justice_office', regionCode: MEDIATION_TOWNSHIP, categoryCodes: [] },
  { name: '吉州区人民法院', kind: 'court', regionCode: COUNTY, categoryCodes: [] },
];

const DAY = 86_400_000;
const ymd = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const creditCode = (rnd: () => number) => `913608${String(intBetween(rnd, 10, 99))}MA${Array.from({ length: 8 }, () => pick(rnd, [...'0123456789ABCDEFGHJKLMNPQRTUWXY'])).join('')}`;

export async function generateDemoMediation(database: Database, vault: Vault, opts: { seed: number; now: Date }): Promise<{ cases: number }> {
  const db = database.db;
  const rnd = rngFor(opts.seed, 'mediation');
  const orgRows = await db.select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode }).from(orgs).where(inArray(orgs.name, MEDIATION_DEMO_ORGS.map((o) => o.name)));
  const org = new Map(orgRows.map((o) => [o.name, o]));
  const court = org.get('吉州区人民法院');
  if (!court || orgRows.length < MEDIATION_DEMO_ORGS.length) return { cases: 0 };
  // Loaded once: a second run over the same workspace leaves the cases as they are.
  if ((await db.select({ id: mediationCases.id }).from(mediationCases).where(eq(mediationCases.id, stableUuid(opts.seed, 'mediation-case:0')))).length) return { cases: 0 };

  const mediatorRows = MEDIATORS.map(([body, name, specialities]) => ({ id: stableUuid(opts.seed, `mediator:${name}`), bodyId: org.get(body)!.id, regionCode: org.get(body)!.regionCode, name, specialities }));
  await db.insert(mediators).values(mediatorRows).onConflictDoNothing();
  const mediatorsOf = (bodyId: string) => mediatorRows.filter((m) => m.bodyId === bodyId);

  // Neighbours from the household files of the community; visits there to point at.
  const residents = await db
    .select({ id: people.id, name: people.name, phoneMasked: people.phoneMasked })
    .from(people)
    .innerJoin(households, eq(households.id, people.householdId))
    .where(and(like(households.gridCode, `${MEDIATION_COMMUNITY}%`), eq(people.status, 'active')))
    .orderBy(people.id)
    .limit(400);
  // The cases from visits cite visits that met somebody and found nothing else; each becomes a dispute found at the door.
  const atTheDoor = and(like(visits.gridCode, `${MEDIATION_COMMUNITY}%`), eq(visits.outcome, 'met'), inArray(visits.finding, ['nothing', 'dispute']));
  const visitIds = (await db.select({ id: visits.id }).from(visits).where(and(atTheDoor, isNull(visits.mediationCaseId))).orderBy(visits.id).limit(60)).map((v) => v.id);
  // 矛盾排查: the community's latest visit where someone was met found a neighbours' quarrel (the visit's
  // dispute finding), not yet sent to mediation (the console's 转人民调解 on the visit opens the case).
  const [latest] = await db.select({ id: visits.id }).from(visits).where(atTheDoor).orderBy(desc(visits.checkInAt), desc(visits.id)).limit(1);
  if (latest) await db.update(visits).set({ situation: SITUATION_AT_THE_DOOR, finding: 'dispute', disputeSummary: DISPUTE_AT_THE_DOOR }).where(eq(visits.id, latest.id));
  const visitRefs = visitIds.filter((v) => v !== latest?.id);

  const cases: (typeof mediationCases.$inferInsert)[] = [];
  const parties: (typeof mediationParties.$inferInsert)[] = [];
  const sessions: (typeof mediationSessions.$inferInsert)[] = [];
  const agreements: (typeof mediationAgreements.$inferInsert)[] = [];
  const signed: (typeof mediationAttachments.$inferInsert)[] = [];
  const scan = await signedScan();
  const checks: (typeof mediationChecks.$inferInsert)[] = [];
  const events: (typeof mediationEvents.$inferInsert)[] = [];
  const jobs: { caseId: string; dueOn: string }[] = [];
  const plans = planYear(rnd).sort((a, b) => b.openedDaysAgo - a.openedDaysAgo);
  const seq = new Map<string, number>();

  for (const [i, p] of plans.entries()) {
    const s = p.story;
    const body = org.get(s.body)!;
    const id = stableUuid(opts.seed, `mediation-case:${i}`);
    const opened = new Date(opts.now.getTime() - p.openedDaysAgo * DAY - intBetween(rnd, 1, 8) * 3600_000);
    const year = ymd(opened).slice(0, 4);
    const n = (seq.get(year) ?? 0) + 1;
    seq.set(year, n);
    const m = pick(rnd, mediatorsOf(body.id));
    const amountFen = intBetween(rnd, s.amount[0], s.amount[1]) * 100;
    const ev = (at: Date, type: string, from: string | null, to: string | null, actorName: string, note?: string) => events.push({ caseId: id, type, fromStatus: from, toStatus: to, actorName, note: note ?? null, at });

    // The parties: residents (from the files) for the community's disputes; outsiders; two firms.
    const partyIds: string[] = [];
    const addOutsider = (side: string) => {
      const name = personName(rnd);
      const phone = `139${String(intBetween(rnd, 10000000, 99999999))}`;
      const pid = randomUUID();
      parties.push({ id: pid, caseId: id, side, kind: 'outsider', nameEnc: vault.encrypt(name), nameMasked: maskName(name), phoneEnc: vault.encrypt(phone), phoneBidx: vault.blindIndex('phone', phone), phoneMasked: maskPhone(phone) });
      partyIds.push(pid);
    };
    if (s.firms) {
      for (const [k, firm] of s.firms.entries()) {
        const pid = randomUUID();
        const rep = personName(rnd);
        parties.push({ id: pid, caseId: id, side: k === 0 ? 'applicant' : 'respondent', kind: 'enterprise', nameMasked: firm, enterpriseName: firm, creditCode: creditCode(rnd), representativeEnc: vault.encrypt(rep), representativeMasked: maskName(rep) });
        partyIds.push(pid);
      }
    } else if (s.source === 'court') {
      addOutsider('applicant');
      const pid = randomUUID();
      parties.push({ id: pid, caseId: id, side: 'respondent', kind: 'enterprise', nameMasked: '吉安市顺达物流有限公司', enterpriseName: '吉安市顺达物流有限公司', creditCode: creditCode(rnd) });
      partyIds.push(pid);
    } else if (residents.length >= 2 && s.body === '习溪桥居委会人民调解委员会') {
      for (const side of ['applicant', 'respondent']) {
        const r = pick(rnd, residents);
        const pid = randomUUID();
        parties.push({ id: pid, caseId: id, side, kind: 'person', personId: r.id, nameEnc: vault.encrypt(r.name), nameMasked: maskName(r.name), phoneMasked: r.phoneMasked });
        partyIds.push(pid);
      }
    } else {
      addOutsider('applicant');
      addOutsider('respondent');
    }

    const c: typeof mediationCases.$inferInsert = {
      id,
      number: `TJ${year}${String(n).padStart(5, '0')}`,
      bodyId: body.id,
      regionCode: body.regionCode,
      status: 'applied',
      source: s.source,
      sourceRef: s.source === 'visit' && visitRefs.length ? pick(rnd, visitRefs) : null,
      referringOrgId: s.source === 'court' ? court.id : null,
      kind: s.kind,
      title: s.title,
      summary: s.summary,
      amountFen,
      risk: amountFen > 10_000_000 ? 'high' : p.fate === 'failed' || rnd() < 0.2 ? 'medium' : 'low',
      riskKinds: s.source === 'court' ? ['to_petition'] : rnd() < 0.1 ? ['to_violence'] : [],
      mediatorId: m.id,
      stepDueAt: new Date(opened.getTime() + 3 * DAY),
      createdBy: 'system',
      createdAt: opened,
      updatedAt: opened,
      version: 1,
    };
    ev(opened, 'apply', null, 'applied', s.source === 'court' ? '吉州区人民法院' : m.name);
    cases.push(c);
    if (p.fate === 'applied') continue;
    if (p.fate === 'declined') {
      const at = new Date(opened.getTime() + DAY);
      Object.assign(c, { status: 'closed', declineReason: '纠纷已进入诉讼程序，不属于人民调解受理范围', acceptedAt: null, concludedAt: at, closedAt: at, stepDueAt: null });
      ev(at, 'decline', 'applied', 'declined', m.name, c.declineReason!);
      ev(at, 'close', 'declined', 'closed', m.name);
      continue;
    }
    const accepted = new Date(opened.getTime() + intBetween(rnd, 0, 2) * DAY + 3600_000);
    Object.assign(c, { status: 'accepted', acceptedAt: accepted, stepDueAt: new Date(accepted.getTime() + 30 * DAY) });
    ev(accepted, 'accept', 'applied', 'accepted', m.name);
    if (p.fate === 'accepted') continue;
    const investigated = new Date(accepted.getTime() + DAY);
    ev(investigated, 'investigate', 'accepted', 'investigating', m.name);
    const rounds = p.fate === 'not_agreed' ? 3 : intBetween(rnd, 1, 2);
    let last = investigated;
    for (let k = 0; k < rounds; k++) {
      last = new Date(last.getTime() + intBetween(rnd, 2, 5) * DAY);
      sessions.push({ id: randomUUID(), caseId: id, heldOn: ymd(last), place: SESSION_PLACES[s.body] ?? '调解室', attendees: `双方当事人、调解员${m.name}`, notes: s.notes, createdBy: 'system', createdAt: last });
      ev(last, 'hold_session', k === 0 ? 'investigating' : 'in_session', 'in_session', m.name);
    }
    c.status = 'in_session';
    if (p.fate === 'in_session') {
      // The next session is today: the mediator's day shows it.
      Object.assign(c, { nextSessionOn: ymd(opts.now), nextSessionPlace: SESSION_PLACES[s.body] ?? '调解室' });
      continue;
    }
    const concluded = new Date(last.getTime() + 3600_000);
    if (p.fate === 'not_agreed' || p.fate === 'referred') {
      Object.assign(c, { status: 'not_agreed', concludedAt: concluded, stepDueAt: null });
      ev(concluded, 'no_agreement', 'in_session', 'not_agreed', m.name, '双方分歧较大，未能达成协议');
      if (p.fate === 'referred') {
        Object.assign(c, { status: 'referred', referredTo: 'court', referredName: '吉州区人民法院' });
        ev(new Date(concluded.getTime() + DAY), 'refer', 'not_agreed', 'referred', m.name);
      }
      if (p.openedDaysAgo > 40) {
        const from = c.status as string;
        Object.assign(c, { status: 'closed', closedAt: new Date(concluded.getTime() + 5 * DAY) });
        ev(c.closedAt as Date, 'close', from, 'closed', m.name);
      }
      continue;
    }
    // The agreement (Art. 29), in effect the day it was signed.
    const effectiveOn = p.confirmation === 'soon' ? addDays(ymd(opts.now), -26) : p.confirmation === 'lapsed' ? addDays(ymd(opts.now), -45) : ymd(concluded);
    const deadline = addDays(effectiveOn, intBetween(rnd, 15, 45));
    // The signed copy, photographed, kept with its version.
    signed.push({ id: randomUUID(), caseId: id, step: 'agree', agreementVersion: 1, filename: `${c.number}-协议书签字页.jpg`, mime: 'image/jpeg', size: scan.length, data: scan, createdAt: concluded });
    agreements.push({ id: randomUUID(), caseId: id, version: 1, facts: s.facts, responsibilities: partyIds.map((pid, k) => ({ partyId: pid, text: s.duties[Math.min(k, 1)] })), manner: s.manner, deadline, effectiveOn, createdBy: 'system', createdAt: concluded });
    const dueOn = addDays(effectiveOn, CONFIRMATION_DAYS);
    Object.assign(c, { status: 'agreed', concludedAt: concluded, confirmationDueOn: dueOn, stepDueAt: new Date(`${addDays(deadline, 1)}T00:00:00+08:00`) });
    ev(concluded, 'agree', 'in_session', 'agreed', m.name);
    if (p.confirmation === 'granted') {
      c.confirmation = 'granted';
      ev(new Date(concluded.getTime() + 2 * DAY), 'apply_confirmation', 'agreed', 'agreed', m.name);
      ev(new Date(concluded.getTime() + 4 * DAY), 'court_accept', 'agreed', 'agreed', '吉州区人民法院');
      ev(new Date(concluded.getTime() + 6 * DAY), 'court_decide', 'agreed', 'agreed', '吉州区人民法院', '裁定调解协议有效');
    } else if (p.confirmation === 'lapsed') {
      c.confirmation = 'lapsed';
      c.confirmationWarned = true;
      ev(new Date(`${addDays(dueOn, -5)}T09:00:00+08:00`), 'confirmation_warning', null, null, '系统');
      ev(new Date(`${addDays(dueOn, 1)}T00:00:00+08:00`), 'confirmation_lapsed', null, null, '系统');
    } else if (dueOn >= ymd(opts.now)) {
      jobs.push({ caseId: id, dueOn });
    }
    if (p.fate === 'agreed') continue;
    // Performance followed (Art. 31): a check midway, then performed or failed.
    const mid = addDays(effectiveOn, 7);
    checks.push({ id: randomUUID(), caseId: id, checkedOn: mid, result: 'ongoing', note: '回访：已部分履行', createdAt: new Date(`${mid}T10:00:00+08:00`) });
    ev(new Date(`${mid}T10:00:00+08:00`), 'check', 'agreed', 'agreed', m.name);
    const end = deadline;
    const ok = p.fate === 'performed';
    checks.push({ id: randomUUID(), caseId: id, checkedOn: end, result: ok ? 'performed' : 'failed', note: ok ? '回访：协议已全部履行' : '回访：逾期未履行，告知当事人可向法院起诉', createdAt: new Date(`${end}T10:00:00+08:00`) });
    ev(new Date(`${end}T10:00:00+08:00`), ok ? 'performed' : 'failed', 'agreed', ok ? 'performed' : 'failed', m.name);
    Object.assign(c, { status: ok ? 'performed' : 'failed', stepDueAt: null });
    if (new Date(`${end}T00:00:00+08:00`).getTime() < opts.now.getTime() - 20 * DAY) {
      const closed = new Date(`${addDays(end, 10)}T10:00:00+08:00`);
      ev(closed, 'close', c.status as string, 'closed', m.name);
      Object.assign(c, { status: 'closed', closedAt: closed });
    }
  }
  await db.transaction(async (tx) => {
    await tx.insert(mediationCases).values(cases).onConflictDoNothing();
    // The visits the cases came from: a dispute found at the door, sent to mediation (the first case citing it).
    for (const c of cases) {
      if (c.source !== 'visit' || !c.sourceRef) continue;
      await tx
        .update(visits)
        .set({ finding: 'dispute', disputeSummary: c.summary, mediationCaseId: c.id, mediationCaseNumber: c.number })
        .where(and(eq(visits.id, c.sourceRef), isNull(visits.mediationCaseId)));
    }
    await tx.insert(mediationParties).values(parties);
    if (sessions.length) await tx.insert(mediationSessions).values(sessions);
    if (agreements.length) await tx.insert(mediationAgreements).values(agreements);
    if (signed.length) await tx.insert(mediationAttachments).values(signed);
    if (checks.length) await tx.insert(mediationChecks).values(checks);
    await tx.insert(mediationEvents).values(events);
    for (const j of jobs) {
      await enqueue(tx, { kind: CONFIRMATION_JOB, key: `${CONFIRMATION_JOB}.warn:${j.caseId}`, runAt: new Date(`${addDays(j.dueOn, -5)}T09:00:00+08:00`), payload: { caseId: j.caseId, step: 'warn' } });
      await enqueue(tx, { kind: CONFIRMATION_JOB, key: `${CONFIRMATION_JOB}.lapse:${j.caseId}`, runAt: new Date(`${addDays(j.dueOn, 1)}T00:00:00+08:00`), payload: { caseId: j.caseId, step: 'lapse' } });
    }
  });
  return { cases: cases.length };
}

/** A photographed signature page for the demo: a sheet with ruled lines and hand-drawn signatures (one image, shared). */
async function signedScan(): Promise<Buffer> {
  const lines = [260, 330, 400, 470].map((y) => `<line x1="60" y1="${y}" x2="540" y2="${y}" stroke="#333" stroke-width="2"/>`).join('');
  const names = [250, 320, 390, 460].map((y, i) => `<path d="M${200 + i * 20} ${y} c 20 -30, 40 20, 60 -10 s 40 10, 70 -20" fill="none" stroke="#1a3c8c" stroke-width="3"/>`).join('');
  const seal = '<circle cx="440" cy="560" r="70" fill="none" stroke="#c8161d" stroke-width="6"/><polygon points="440,520 452,552 486,552 458,572 468,604 440,584 412,604 422,572 394,552 428,552" fill="#c8161d"/>';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800"><rect width="600" height="800" fill="#f7f5ef"/><rect x="60" y="60" width="480" height="40" fill="#ddd"/>${lines}${names}${seal}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}
