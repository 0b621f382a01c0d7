/**
 * The households a visit needs, read for the visits module: the grid worker's own grids, each
 * household as a card for the door (members' names, ages and masked phones; never ID numbers), with
 * its visiting state. Reads only; the household file is changed through the households service.
 */
import { asc, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../platform/db.js';
import { assignedGrids, gridNamesOf } from '../grids/grids.service.js';
import { allTags, HOUSEHOLD_TYPES, type HouseholdType } from '../households/households.config.js';
import { ageOf } from '../households/households.service.js';
import { activeMembersOf, householdFiles } from '../households/households.repo.js';
import { dueAtOf, isVulnerable, type PlannerHousehold } from './visits.planner.js';
import { householdVisitState } from './visits.tables.js';

interface MemberCard {
  name: string;
  relation: string | null;
  age: number | null;
  sex: string | null;
  phoneMasked: string | null;
}

export interface HouseholdCard {
  id: string;
  gridCode: string;
  gridName: string;
  address: string;
  type: string;
  typeName: string;
  tags: string[];
  tagNames: string[];
  vulnerable: boolean;
  riskLevel: string;
  riskNotes: string | null;
  headName: string | null;
  memberCount: number;
  members: MemberCard[];
  visitIntervalDays: number;
  lastVisitAt: string | null;
  dueAt: string | null;
  lon: number | null;
  lat: number | null;
  version: number;
}

/** Grids a worker is assigned to (any kind); `planned` keeps only those whose workers get daily plans. */
export function gridsOfWorker(db: DbOrTx, userId: string, planned = false): Promise<string[]> {
  return assignedGrids(db, userId, planned ? PLANNED_KINDS : undefined);
}

/** Full-time workers and 大组长 get a daily plan and a quota; part-time workers (riders) report as they pass. */
export const PLANNED_KINDS = ['full_time', 'group_leader'];

export interface VisitVocabulary {
  vulnerableTags: Map<string, string>;
  tagNames: Map<string, string>;
  typeNames: Record<string, string>;
}

export async function vocabulary(db: DbOrTx): Promise<VisitVocabulary> {
  const tags = await allTags(db);
  return {
    vulnerableTags: new Map(tags.filter((t) => t.vulnerable).map((t) => [t.code, t.name])),
    tagNames: new Map(tags.map((t) => [t.code, t.name])),
    typeNames: Object.fromEntries(Object.entries(HOUSEHOLD_TYPES).map(([k, v]) => [k, v.zh])),
  };
}

/** The households to visit first, in SQL: `isVulnerable` of the planner, over household files. */
export function vulnerableSql(vocab: VisitVocabulary, h: { riskLevel: AnyColumn; tags: AnyColumn }): SQL {
  return sql`(${h.riskLevel} in ('medium', 'high') or ${h.tags} && ${sql.param([...vocab.vulnerableTags.keys()])}::text[])`;
}

/** A household as the planner's SQL reads it (plannerHouseholds, visits.candidates.ts). */
export interface PlannerHouseholdRow {
  id: string;
  grid_code: string;
  type: string;
  tags: string[];
  risk_level: string;
  visit_interval_days: number;
  place_key: string;
  address: string;
  last_visit_at: Date | string | null;
  nobody_home_windows: string[] | null;
}

export function plannerHouseholdOf(r: PlannerHouseholdRow): PlannerHousehold {
  return {
    id: r.id,
    gridCode: r.grid_code,
    type: r.type,
    tags: r.tags,
    riskLevel: r.risk_level,
    visitIntervalDays: Number(r.visit_interval_days),
    placeKey: r.place_key,
    address: r.address,
    lastVisitAt: r.last_visit_at === null ? null : r.last_visit_at instanceof Date ? r.last_visit_at : new Date(r.last_visit_at),
    nobodyHomeWindows: r.nobody_home_windows ?? [],
  };
}

/**
 * The active households of some grids, as the planner needs them. Read in plain SQL: the morning run
 * reads every household of the city, and mapping 1.6 million rows through the query builder costs
 * more than the query.
 */
export async function plannerHouseholds(db: DbOrTx, gridCodes: string[]): Promise<PlannerHousehold[]> {
  if (!gridCodes.length) return [];
  const h = householdFiles(db, { active: true, grids: gridCodes });
  const found = await rows<PlannerHouseholdRow>(
    db,
    sql`select ${h.id}, ${h.gridCode}, ${h.type}, ${h.tags}, ${h.riskLevel}, ${h.visitIntervalDays}, coalesce(${h.buildingId}::text, ${h.villageGroup}, '') as place_key,
               ${h.address}, s.last_visit_at, s.nobody_home_windows
        from ${h} left join ${householdVisitState} s on s.household_id = ${h.id}`,
  );
  return found.map(plannerHouseholdOf);
}

/** Cards for households by id, in the given order. */
export async function householdCards(db: DbOrTx, ids: string[], vocab?: VisitVocabulary, likelyGrids?: string[]): Promise<HouseholdCard[]> {
  if (!ids.length) return [];
  const byId = await cardsOf(db, { ids }, vocab, likelyGrids);
  return ids.map((id) => byId.get(id)).filter((c): c is HouseholdCard => !!c);
}

/**
 * Cards by id for the households a subquery selects (a plan's): the files, their visiting state, their
 * members and the tags' names at once, then the grids' names: two round trips.
 */
export function householdCardsIn(db: DbOrTx, idsIn: SQL, vocab?: VisitVocabulary): Promise<Map<string, HouseholdCard>> {
  return cardsOf(db, { idsIn }, vocab);
}

/** `likelyGrids`: the grids the households are probably in, their names read beside the files (any other grid's after them). */
async function cardsOf(db: DbOrTx, which: { ids: string[] } | { idsIn: SQL }, vocab?: VisitVocabulary, likelyGrids?: string[]): Promise<Map<string, HouseholdCard>> {
  const files = householdFiles(db, which);
  const [v, rows, members, likely] = await Promise.all([
    vocab ?? vocabulary(db),
    db
      .select({
        h: files._.selectedFields,
        lastVisitAt: householdVisitState.lastVisitAt,
      })
      .from(files)
      .leftJoin(householdVisitState, eq(householdVisitState.householdId, files.id)),
    activeMembersOf(db, 'ids' in which ? which.ids : which.idsIn),
    likelyGrids?.length ? gridNamesOf(db, likelyGrids) : new Map<string, string>(),
  ]);
  const others = rows.map((r) => r.h.gridCode).filter((g) => !likely.has(g));
  const gridNames = others.length ? new Map([...likely, ...(await gridNamesOf(db, others))]) : likely;
  const byHousehold = new Map<string, typeof members>();
  for (const m of members) {
    const list = byHousehold.get(m.householdId!) ?? [];
    list.push(m);
    byHousehold.set(m.householdId!, list);
  }
  return new Map(
    rows.map(({ h, lastVisitAt }) => {
      const ms = byHousehold.get(h.id) ?? [];
      const due = dueAtOf(lastVisitAt ?? null, h.visitIntervalDays);
      const card: HouseholdCard = {
        id: h.id,
        gridCode: h.gridCode,
        gridName: gridNames.get(h.gridCode) ?? h.gridCode,
        address: h.address,
        type: h.type,
        typeName: HOUSEHOLD_TYPES[h.type as HouseholdType]?.zh ?? h.type,
        tags: h.tags,
        tagNames: h.tags.map((t) => v.tagNames.get(t) ?? t),
        vulnerable: isVulnerable(h, v.vulnerableTags),
        riskLevel: h.riskLevel,
        riskNotes: h.riskNotes,
        headName: ms.find((m) => m.id === h.headPersonId)?.name ?? null,
        memberCount: h.memberCount,
        members: ms.map((m) => ({ name: m.name, relation: m.relation, age: ageOf(m.birthDate), sex: m.sex, phoneMasked: m.phoneMasked })),
        visitIntervalDays: h.visitIntervalDays,
        lastVisitAt: lastVisitAt ? lastVisitAt.toISOString() : null,
        dueAt: due ? due.toISOString() : null,
        lon: h.lon,
        lat: h.lat,
        version: h.version,
      };
      return [h.id, card] as const;
    }),
  );
}

/** Ids of the active households of some grids, in address order. */
export async function householdIdsOf(db: DbOrTx, gridCodes: string[]): Promise<string[]> {
  if (!gridCodes.length) return [];
  const h = householdFiles(db, { active: true, grids: gridCodes });
  const rows = await db
    .select({ id: h.id })
    .from(h)
    .orderBy(asc(h.gridCode), asc(h.address));
  return rows.map((r) => r.id);
}
