/**
 * The household vocabulary: types, relations to the head, tags (configurable), risk levels, and the
 * visit-frequency rules that follow from them (configurable; the visit planner reads the result).
 */
import { asc, eq, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { householdTags, households, visitRules } from './households.tables.js';

export const HOUSEHOLD_TYPES = {
  ordinary: { zh: '普通户', en: 'ordinary' },
  farming: { zh: '农耕户', en: 'farming' },
  migrant: { zh: '务工户', en: 'migrant workers' },
  left_behind: { zh: '留守户', en: 'left-behind' },
  business: { zh: '经营户', en: 'small business' },
  renting: { zh: '租住户', en: 'tenants' },
} as const;
export type HouseholdType = keyof typeof HOUSEHOLD_TYPES;
export const HOUSEHOLD_TYPE_CODES = Object.keys(HOUSEHOLD_TYPES) as HouseholdType[];

export const RELATIONS = {
  head: { zh: '户主', en: 'head' },
  spouse: { zh: '配偶', en: 'spouse' },
  child: { zh: '子女', en: 'child' },
  child_in_law: { zh: '儿媳/女婿', en: 'child-in-law' },
  parent: { zh: '父母', en: 'parent' },
  grandchild: { zh: '孙子女', en: 'grandchild' },
  grandparent: { zh: '祖父母', en: 'grandparent' },
  sibling: { zh: '兄弟姐妹', en: 'sibling' },
  other: { zh: '其他', en: 'other' },
} as const;
export type Relation = keyof typeof RELATIONS;
export const RELATION_CODES = Object.keys(RELATIONS) as Relation[];

export const RISK_LEVELS = { none: { zh: '无', en: 'none' }, low: { zh: '低', en: 'low' }, medium: { zh: '中', en: 'medium' }, high: { zh: '高', en: 'high' } } as const;
export type RiskLevel = keyof typeof RISK_LEVELS;
export const RISK_LEVEL_CODES = Object.keys(RISK_LEVELS) as RiskLevel[];

/** Chinese label → code, for spreadsheets (also accepts the code itself). */
export function codeOfLabel<T extends string>(table: Record<T, { zh: string; en: string }>, label: string): T | undefined {
  const v = label.trim();
  for (const [code, l] of Object.entries(table) as [T, { zh: string; en: string }][]) {
    if (v === code || v === l.zh || v === l.en || l.zh.split('/').includes(v)) return code;
  }
  return undefined;
}

const DEFAULT_TAGS: { code: string; name: string; nameEn: string; vulnerable: boolean }[] = [
  { code: 'dibao', name: '低保', nameEn: 'minimum living allowance', vulnerable: true },
  { code: 'tekun', name: '特困', nameEn: 'extreme hardship', vulnerable: true },
  { code: 'disability', name: '残疾', nameEn: 'disability', vulnerable: true },
  { code: 'elderly_alone', name: '独居老人', nameEn: 'elderly living alone', vulnerable: true },
  { code: 'empty_nest', name: '空巢', nameEn: 'empty nest', vulnerable: true },
  { code: 'left_behind_child', name: '留守儿童', nameEn: 'left-behind child', vulnerable: true },
  { code: 'child_in_difficulty', name: '困境儿童', nameEn: 'child in difficulty', vulnerable: true },
  { code: 'key_person', name: '重点人员', nameEn: 'person of concern', vulnerable: true },
  { code: 'new_employment', name: '新就业群体', nameEn: 'new employment group (riders, couriers)', vulnerable: false },
  { code: 'veteran', name: '退役军人', nameEn: 'veteran', vulnerable: false },
  { code: 'party_member', name: '党员户', nameEn: 'party member household', vulnerable: false },
];

/** docs/DOMAIN.md §8: ordinary households twice a year; poor, migrant and empty-nest households monthly. */
export const DEFAULT_VISIT_RULES: { householdType?: string; tagCode?: string; riskLevel?: string; intervalDays: number; note: string }[] = [
  { intervalDays: 182, note: '普通户每半年一次' },
  { householdType: 'migrant', intervalDays: 30, note: '务工户每月' },
  { householdType: 'left_behind', intervalDays: 30, note: '留守户每月' },
  { tagCode: 'dibao', intervalDays: 30, note: '低保户每月' },
  { tagCode: 'tekun', intervalDays: 30, note: '特困户每月' },
  { tagCode: 'empty_nest', intervalDays: 30, note: '空巢每月' },
  { tagCode: 'elderly_alone', intervalDays: 14, note: '独居老人每两周' },
  { tagCode: 'left_behind_child', intervalDays: 30, note: '留守儿童每月' },
  { tagCode: 'child_in_difficulty', intervalDays: 14, note: '困境儿童每两周' },
  { tagCode: 'disability', intervalDays: 60, note: '残疾每两月' },
  { tagCode: 'key_person', intervalDays: 14, note: '重点人员每两周' },
  { riskLevel: 'medium', intervalDays: 30, note: '中风险每月' },
  { riskLevel: 'high', intervalDays: 7, note: '高风险每周' },
];

/** Installs the default tags and, on a fresh database, the default visit rules. Idempotent. */
export async function installHouseholdDefaults(db: DbOrTx): Promise<void> {
  await db
    .insert(householdTags)
    .values(DEFAULT_TAGS.map((t, i) => ({ ...t, sort: i + 1 })))
    .onConflictDoNothing();
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(visitRules);
  if (Number(n) === 0) await db.insert(visitRules).values(DEFAULT_VISIT_RULES.map((r) => ({ ...r })));
}

export interface TagView {
  code: string;
  name: string;
  nameEn: string;
  vulnerable: boolean;
  active: boolean;
  sort: number;
}

export async function listTags(db: DbOrTx, actor: Actor): Promise<TagView[]> {
  authorize(actor, 'households.read');
  return db.select().from(householdTags).orderBy(asc(householdTags.sort), asc(householdTags.code));
}

export async function allTags(db: DbOrTx): Promise<TagView[]> {
  return db.select().from(householdTags).orderBy(asc(householdTags.sort), asc(householdTags.code));
}

export async function putTag(database: Database, ctx: RequestContext, code: string, input: Omit<TagView, 'code'>): Promise<TagView> {
  authorize(ctx.actor, 'households.configure');
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(householdTags)
      .values({ code, ...input })
      .onConflictDoUpdate({ target: householdTags.code, set: { ...input } })
      .returning();
    await audit(tx, ctx, { action: 'household_tag.put', targetType: 'household_tag', targetId: code, regionCode: '', details: { active: input.active } });
    return row;
  });
}

export interface VisitRule {
  householdType: string | null;
  tagCode: string | null;
  riskLevel: string | null;
  intervalDays: number;
  note: string | null;
}

export async function listVisitRules(db: DbOrTx, actor?: Actor): Promise<VisitRule[]> {
  if (actor) authorize(actor, 'households.read');
  const rows = await db.select().from(visitRules).orderBy(asc(visitRules.id));
  return rows.map(({ householdType, tagCode, riskLevel, intervalDays, note }) => ({ householdType, tagCode, riskLevel, intervalDays, note }));
}

/** The visit interval that follows from a household's type, tags and risk: the shortest matching rule. */
export function visitIntervalFor(rules: VisitRule[], h: { type: string; tags: string[]; riskLevel: string }): number {
  let best = Infinity;
  for (const r of rules) {
    if (r.householdType && r.householdType !== h.type) continue;
    if (r.tagCode && !h.tags.includes(r.tagCode)) continue;
    if (r.riskLevel && r.riskLevel !== h.riskLevel) continue;
    best = Math.min(best, r.intervalDays);
  }
  return Number.isFinite(best) ? best : 182;
}

/** Replaces the rules and recomputes every household's interval in one statement. */
export async function replaceVisitRules(database: Database, ctx: RequestContext, rules: VisitRule[]): Promise<VisitRule[]> {
  authorize(ctx.actor, 'households.configure');
  await database.db.transaction(async (tx) => {
    await tx.delete(visitRules);
    await tx.insert(visitRules).values(rules.map((r) => ({ ...r })));
    await recomputeVisitIntervals(tx);
    await audit(tx, ctx, { action: 'visit_rules.replace', targetType: 'visit_rules', regionCode: '', details: { rules: rules.length } });
  });
  return listVisitRules(database.db);
}

async function recomputeVisitIntervals(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`
    update ${households} h set visit_interval_days = coalesce((
      select min(r.interval_days) from ${visitRules} r
      where (r.household_type is null or r.household_type = h.type)
        and (r.tag_code is null or r.tag_code = any(h.tags))
        and (r.risk_level is null or r.risk_level = h.risk_level)
    ), 182)`);
}

export async function activeTagCodes(db: DbOrTx): Promise<Set<string>> {
  const rows = await db.select({ code: householdTags.code }).from(householdTags).where(eq(householdTags.active, true));
  return new Set(rows.map((r) => r.code));
}
