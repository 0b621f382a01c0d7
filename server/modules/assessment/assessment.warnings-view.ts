/**
 * Early warnings as the township and the county see them: the list (newest first), one warning with its
 * series, the appeals behind it and the counts of household tags in its place (counts only: tags are
 * personal), and the two steps a desk takes — acknowledge (签收) and handle (处置) with a note, audited.
 * The seasonal rules (汛期, 高温, 开学) are the admin's.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { visibleWarningRules, visibleWarnings } from '../../platform/access/assessment.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { appealsIn } from '../appeals/appeals.trends.js';
import { unknownCodes } from '../categories/categories.service.js';
import { tagCounts } from '../households/households.service.js';
import { namesOf } from '../regions/regions.service.js';
import { warningRules, warnings } from './assessment.tables.js';
import { levelOf, type SeriesPoint } from './assessment.warnings.js';

type Row = typeof warnings.$inferSelect;
export const WARNING_STATUSES = ['open', 'acknowledged', 'handled'] as const;
const STATUS_ZH = { open: '待签收', acknowledged: '已签收', handled: '已处置' } as const;

function view(r: Row, names: Map<string, string>) {
  return {
    id: r.id,
    kind: r.kind as 'rise' | 'season',
    /** Where it is placed: a grid or a community (a rise), a township (a seasonal rule). */
    level: levelOf(r.regionCode),
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    categoryCodes: r.categoryCodes,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    count: r.count,
    baseline: r.baseline,
    controlLimit: r.controlLimit,
    method: r.method,
    message: r.message,
    status: r.status as (typeof WARNING_STATUSES)[number],
    note: r.note,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    handledAt: r.handledAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
export type WarningView = ReturnType<typeof view>;

export const WARNING_LEVELS = ['grid', 'community', 'township'] as const;
const LEVEL_LENGTH = { grid: 15, community: 12, township: 9 } as const;

export async function listWarnings(db: DbOrTx, actor: Actor, q: { status?: string; kind?: string; level?: string; page?: number; pageSize?: number }): Promise<PageResult<WarningView>> {
  authorize(actor, 'warnings.read');
  const { page, pageSize, offset } = pageOf(q);
  const where = and(
    visibleWarnings(actor),
    q.status ? eq(warnings.status, q.status) : undefined,
    q.kind ? eq(warnings.kind, q.kind) : undefined,
    q.level && q.level in LEVEL_LENGTH ? sql`length(${warnings.regionCode}) = ${LEVEL_LENGTH[q.level as keyof typeof LEVEL_LENGTH]}` : undefined,
  );
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(warnings).where(where).orderBy(desc(warnings.periodStart), desc(warnings.createdAt), warnings.id).limit(pageSize).offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(warnings).where(where),
  ]);
  const names = await namesOf(db, rows.map((r) => r.regionCode));
  return { items: rows.map((r) => view(r, names)), total: Number(n), page, pageSize };
}

async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<Row> {
  authorize(actor, 'warnings.read');
  const [row] = await db.select().from(warnings).where(and(eq(warnings.id, id), visibleWarnings(actor))).limit(1);
  if (!row) throw notFound('预警', 'Warning');
  return row;
}

export async function getWarning(db: DbOrTx, actor: Actor, id: string) {
  const row = await findVisible(db, actor, id);
  const names = await namesOf(db, [row.regionCode]);
  // The appeals behind a rise: its week; behind a season: none yet (the count is last season's).
  const from = new Date(`${row.periodStart}T00:00:00+08:00`);
  const to = new Date(new Date(`${row.periodEnd}T00:00:00+08:00`).getTime() + 86_400_000);
  const appeals = row.kind === 'rise' ? await appealsIn(db, actor, { place: row.regionCode, category: row.categoryCodes[0], from, to }) : [];
  const tags = await tagCounts(db, actor, row.regionCode);
  return {
    ...view(row, names),
    series: (row.series as SeriesPoint[] | null) ?? [],
    appeals: appeals.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    tags: tags.map((t) => ({ code: t.code, name: t.name, nameEn: t.nameEn, vulnerable: t.vulnerable, households: t.households })),
  };
}

/** 签收 (open → acknowledged) or 处置 (open or acknowledged → handled, with a note); audited. */
export async function actOnWarning(database: Database, ctx: RequestContext, id: string, action: 'acknowledge' | 'handle', note?: string) {
  authorize(ctx.actor, 'warnings.handle');
  await database.db.transaction(async (tx) => {
    const row = await findVisible(tx, ctx.actor, id);
    const now = new Date();
    if (action === 'acknowledge') {
      if (row.status !== 'open') throw new AppError('warning_not_acknowledgeable', { status: STATUS_ZH[row.status as keyof typeof STATUS_ZH] ?? row.status, statusEn: row.status });
      const done = await tx
        .update(warnings)
        .set({ status: 'acknowledged', acknowledgedBy: ctx.actor.id, acknowledgedAt: now, note: note ?? row.note })
        .where(and(eq(warnings.id, id), eq(warnings.status, 'open')))
        .returning({ id: warnings.id });
      if (!done.length) throw new AppError('warning_not_acknowledgeable', { status: STATUS_ZH.acknowledged, statusEn: 'acknowledged' });
    } else {
      if (row.status === 'handled') throw new AppError('warning_not_handleable');
      if (!note?.trim()) throw new AppError('warning_note_required');
      const done = await tx
        .update(warnings)
        .set({ status: 'handled', handledBy: ctx.actor.id, handledAt: now, note: note ?? row.note, acknowledgedBy: row.acknowledgedBy ?? ctx.actor.id, acknowledgedAt: row.acknowledgedAt ?? now })
        .where(and(eq(warnings.id, id), sql`${warnings.status} <> 'handled'`))
        .returning({ id: warnings.id });
      if (!done.length) throw new AppError('warning_not_handleable');
    }
    await audit(tx, ctx, { action: `warning.${action}`, targetType: 'warning', targetId: id, regionCode: row.regionCode, details: { note: note ? note.length : 0 } });
  });
  return getWarning(database.db, ctx.actor, id);
}

// ---------------------------------------------------------------------------------------------
// Seasonal rules (季节性预警规则)

export interface RuleInput {
  regionCode: string;
  name: string;
  fromDay: string;
  toDay: string;
  categoryCodes: string[];
  message: string;
  active?: boolean;
}

function checkDays(input: RuleInput) {
  for (const day of [input.fromDay, input.toDay]) {
    const [m, d] = day.split('-').map(Number);
    if (!/^\d\d-\d\d$/.test(day) || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(2024, m, 0)).getUTCDate()) throw new AppError('warning_rule_days', { day });
  }
}

const ruleView = (r: typeof warningRules.$inferSelect) => ({ id: r.id, regionCode: r.regionCode, name: r.name, fromDay: r.fromDay, toDay: r.toDay, categoryCodes: r.categoryCodes, message: r.message, active: r.active });

export async function listRules(db: DbOrTx, actor: Actor) {
  authorize(actor, 'warnings.read');
  const rows = await db.select().from(warningRules).where(visibleWarningRules(actor)).orderBy(warningRules.fromDay, warningRules.id);
  return rows.map(ruleView);
}

async function checkRule(db: DbOrTx, actor: Actor, input: RuleInput) {
  checkDays(input);
  assertAssignable(actor, input.regionCode, `区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  const unknown = await unknownCodes(db, input.categoryCodes);
  if (unknown.length) throw new AppError('bad_request', { reason: `未知类别：${unknown.join('、')}`, reasonEn: `unknown categories: ${unknown.join(', ')}` });
}

export async function createRule(database: Database, ctx: RequestContext, input: RuleInput) {
  authorize(ctx.actor, 'warnings.configure');
  await checkRule(database.db, ctx.actor, input);
  return database.db.transaction(async (tx) => {
    const [row] = await tx.insert(warningRules).values({ ...input, active: input.active ?? true }).returning();
    await audit(tx, ctx, { action: 'warning_rule.create', targetType: 'warning_rule', targetId: String(row.id), regionCode: row.regionCode, details: { fromDay: row.fromDay, toDay: row.toDay, categories: row.categoryCodes } });
    return ruleView(row);
  });
}

export async function updateRule(database: Database, ctx: RequestContext, id: number, input: RuleInput) {
  authorize(ctx.actor, 'warnings.configure');
  await checkRule(database.db, ctx.actor, input);
  return database.db.transaction(async (tx) => {
    const [row] = await tx.update(warningRules).set({ ...input, active: input.active ?? true }).where(and(eq(warningRules.id, id), visibleWarningRules(ctx.actor))).returning();
    if (!row) throw notFound('预警规则', 'Warning rule');
    await audit(tx, ctx, { action: 'warning_rule.update', targetType: 'warning_rule', targetId: String(id), regionCode: row.regionCode, details: { fromDay: row.fromDay, toDay: row.toDay, categories: row.categoryCodes, active: row.active } });
    return ruleView(row);
  });
}
