import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { authorize, inRegion, assertInScope, type Actor } from '../../platform/access.js';
import { audit, revealReason, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { listCategories } from '../categories/categories.service.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { displayNamesOf as userNamesOf, leadersFor } from '../users/users.service.js';
import { namesOf as placeNamesOf } from '../regions/regions.service.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import { findVisible, type Deps } from './appeals.repo.js';
import { appealAttachments, appealEvaluations, appealEvents, appealParts, appealRequests, appeals } from './appeals.tables.js';
import { availableActions, OPEN_STATUSES } from './appeals.workflow.js';
import { listViews } from './appeals.inbox.js';

/** Everything the appeal page shows, and only the actions the caller may take now. */
export async function appealDetail(deps: Deps, actor: Actor, id: string) {
  const db = deps.database.db;
  const a = await findVisible(db, actor, id);
  if (!a) throw notFound('诉求', 'Appeal');
  const now = new Date();
  const [base] = await listViews(deps, db, [a], now);
  const [parts, events, requests, evaluations, attachments, merged] = await Promise.all([
    db.select().from(appealParts).where(eq(appealParts.appealId, id)).orderBy(desc(appealParts.role)),
    db.select().from(appealEvents).where(eq(appealEvents.appealId, id)).orderBy(asc(appealEvents.id)),
    db.select().from(appealRequests).where(eq(appealRequests.appealId, id)).orderBy(asc(appealRequests.createdAt)),
    db.select().from(appealEvaluations).where(eq(appealEvaluations.appealId, id)).orderBy(asc(appealEvaluations.id)),
    db
      .select({ id: appealAttachments.id, eventId: appealAttachments.eventId, filename: appealAttachments.filename, mime: appealAttachments.mime, size: appealAttachments.size })
      .from(appealAttachments)
      .where(eq(appealAttachments.appealId, id)),
    db.select({ id: appeals.id, number: appeals.number, title: appeals.title }).from(appeals).where(eq(appeals.masterId, id)),
  ]);
  const eventGrid = (e: (typeof events)[number]) => (typeof e.data?.gridCode === 'string' ? e.data.gridCode : null);
  const [orgNames, eventPlaces] = await Promise.all([
    orgNamesOf(db, parts.map((p) => p.orgId)),
    placeNamesOf(db, events.map(eventGrid).filter((c): c is string => !!c && /^\d{2,15}$/.test(c))),
  ]);
  const categories = await listCategories(db, actor);
  // The same rules `act()` applies: every action listed here is one the service would take.
  const actions = availableActions(actor, {
    appeal: a,
    parts,
    pendingRequest: requests.some((r) => r.status === 'pending'),
    rated: {
      requester: evaluations.some((e) => e.kind === 'requester' && e.round === a.reworkCount),
      township: evaluations.some((e) => e.kind === 'township' && e.round === a.reworkCount),
    },
    now,
    cal: await workCalendar(db),
  });
  let master: { id: string; number: string } | null = null;
  if (a.masterId) {
    const [m] = await db.select({ id: appeals.id, number: appeals.number }).from(appeals).where(eq(appeals.id, a.masterId));
    master = m ?? null;
  }
  const people = await userNamesOf(db, [a.leaderUserId, a.reporterUserId].filter((x): x is string => !!x));
  return {
    ...base,
    leaderName: a.leaderUserId ? people.get(a.leaderUserId) ?? null : null,
    reporterName: a.reporterUserId ? people.get(a.reporterUserId) ?? null : null,
    content: a.content,
    address: a.address,
    location: a.lon !== null && a.lat !== null ? { lon: a.lon, lat: a.lat } : null,
    enterpriseName: a.enterpriseName,
    categoryName: categories.find((c) => c.code === a.categoryCode)?.name ?? a.categoryCode,
    result: a.result,
    acceptDueAt: a.acceptDueAt?.toISOString() ?? null,
    acceptedAt: a.acceptedAt?.toISOString() ?? null,
    dispatchedAt: a.dispatchedAt?.toISOString() ?? null,
    signedAt: a.signedAt?.toISOString() ?? null,
    warnAt: a.warnAt?.toISOString() ?? null,
    pausedAt: a.pausedAt?.toISOString() ?? null,
    pauseReason: a.pauseReason,
    deferred: a.deferred,
    parts: parts.map((p) => ({
      orgId: p.orgId,
      orgName: orgNames.get(p.orgId) ?? p.orgId,
      role: p.role,
      task: p.task,
      status: p.status,
      result: p.result,
      dispatchedAt: p.dispatchedAt.toISOString(),
      signedAt: p.signedAt?.toISOString() ?? null,
      handledAt: p.handledAt?.toISOString() ?? null,
    })),
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorName: e.actorName,
      actorKind: e.actorKind,
      orgName: e.orgId ? orgNames.get(e.orgId) ?? null : null,
      note: e.note,
      publicText: e.publicText,
      data: e.data ?? null,
      placeName: eventPlaces.get(eventGrid(e) ?? '') ?? null,
    })),
    requests: requests.map((r) => ({
      id: r.id,
      kind: r.kind,
      reason: r.reason,
      amount: r.amount,
      unit: r.unit,
      status: r.status,
      requestedBy: r.requestedBy,
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    evaluations: evaluations.map((e) => ({ round: e.round, kind: e.kind, rating: e.rating, solved: e.solved, verified: e.verified, method: e.method, comment: e.comment, by: e.by, at: e.at.toISOString() })),
    attachments,
    merged,
    master,
    actions,
  };
}

/** The requester's full name and phone: a separate step, audited with the reason the caller gave. */
export async function revealRequester(deps: Deps, ctx: RequestContext, id: string, reason: string) {
  authorize(ctx.actor, 'appeals.reveal');
  const why = revealReason(reason);
  const db = deps.database.db;
  const a = await findVisible(db, ctx.actor, id);
  if (!a) throw notFound('诉求', 'Appeal');
  await audit(db, ctx, { action: 'appeal.reveal_requester', targetType: 'appeal', targetId: id, regionCode: a.regionCode, details: { number: a.number, reason: why } });
  return {
    name: a.requesterNameEnc ? deps.vault.decrypt(a.requesterNameEnc) : null,
    phone: a.requesterPhoneEnc ? deps.vault.decrypt(a.requesterPhoneEnc) : null,
    enterpriseName: a.enterpriseName,
  };
}

export async function attachment(deps: Deps, actor: Actor, appealId: string, attachmentId: string) {
  const db = deps.database.db;
  const a = await findVisible(db, actor, appealId);
  if (!a) throw notFound('诉求', 'Appeal');
  const [f] = await db.select().from(appealAttachments).where(and(eq(appealAttachments.id, attachmentId), eq(appealAttachments.appealId, appealId)));
  if (!f) throw notFound('附件', 'Attachment');
  return f;
}

/** Leaders who may own this appeal as a leader case: leaders whose area contains it. */
export async function leaderChoices(deps: Deps, actor: Actor, id: string) {
  const a = await findVisible(deps.database.db, actor, id);
  if (!a) throw notFound('诉求', 'Appeal');
  return leadersFor(deps.database.db, a.regionCode);
}

/** Open appeals per grid under `within` (a township or community), for the grid map (网格分布图). */
export async function openByGrid(db: DbOrTx, actor: Actor, within: string): Promise<{ gridCode: string; open: number }[]> {
  authorize(actor, 'appeals.read');
  assertInScope(actor, within, `区域 ${within} `, `Region ${within}`);
  const rows = await db
    .select({ gridCode: appeals.gridCode, open: sql<number>`count(*)::int` })
    .from(appeals)
    .where(and(visibleAppeals(actor), inRegion(appeals.gridCode, within), inArray(appeals.status, OPEN_STATUSES)))
    .groupBy(appeals.gridCode);
  return rows.filter((r): r is { gridCode: string; open: number } => r.gridCode !== null).map((r) => ({ gridCode: r.gridCode, open: Number(r.open) }));
}

/** Appeals' numbers by id (the audit log names its entries' appeals by number). */
export async function appealNumbersOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: appeals.id, number: appeals.number }).from(appeals).where(inArray(appeals.id, ids));
  return new Map(rows.map((r) => [r.id, r.number]));
}
