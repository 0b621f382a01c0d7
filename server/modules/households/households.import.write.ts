/**
 * Roster import, step 3: writing one chunk of planned households inside the job's transaction. A
 * household is found by its address, a person by their ID number (blind index) or, without one, by
 * name within the household; what is unchanged is left alone. People come sealed from the file's
 * check (households.import.plan.ts): new ones are stored as they are, without sealing them again.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type Actor } from '../../platform/access.js';
import { gridVisible } from '../../platform/access/grids.js';
import { type RequestContext } from '../../platform/audit.js';
import { bulkInsert } from '../../platform/bulk.js';
import { type DbOrTx, inValues } from '../../platform/db.js';
import { ensureBuildings } from '../buildings/buildings.service.js';
import { activeGridCodes } from '../grids/grids.service.js';
import { visitIntervalFor, type VisitRule } from './households.config.js';
import { creationChanges, recordChangesBatch, type ChangeRecord } from './households.history.js';
import { addressKeyOf, applyHousehold, applyMove, applyPerson, composeAddress, householdHistory, type Deps, type HouseholdFields, type HouseholdRow, type PersonRow } from './households.service.js';
import { householdMembers, households, importJobErrors, people } from './households.tables.js';
import { appendHouseholdEvents, type HouseholdEventInput } from './households.timeline.js';
import { personHistory, type PersonColumns, type PersonValues } from './people.fields.js';
import { type PlannedHousehold, type PlannedPerson, type RowError } from './households.import.plan.js';

export async function saveErrors(db: DbOrTx, jobId: string, errors: RowError[]) {
  for (let i = 0; i < errors.length; i += 2000) {
    await db.insert(importJobErrors).values(errors.slice(i, i + 2000).map((e) => ({ jobId, ...e })));
  }
}

export async function visibleActiveGrids(db: DbOrTx, actor: Actor, codes: string[]): Promise<Set<string>> {
  const ok = new Set<string>();
  if (!codes.length) return ok;
  for (const code of await activeGridCodes(db, codes)) if (await gridVisible(db, actor, code)) ok.add(code);
  return ok;
}

/**
 * What the import needs of a person registered under an ID number it reads: enough to find them, check
 * the grid they are in, tell whether the row changes them (rowChangesNothing) and keep their sealed ID
 * number and phone where the row's are the same (sealPerson). A person the row changes is read whole
 * before the change.
 */
const registeredColumns = {
  id: people.id,
  householdId: people.householdId,
  gridCode: people.gridCode,
  status: people.status,
  name: people.name,
  relation: people.relation,
  idNumberBidx: people.idNumberBidx,
  idNumberEnc: people.idNumberEnc,
  phoneEnc: people.phoneEnc,
  phoneBidx: people.phoneBidx,
  birthDate: people.birthDate,
  sex: people.sex,
};
export type RegisteredPerson = Pick<PersonRow, keyof typeof registeredColumns>;

/**
 * The people registered under these ID numbers (blind indexes), by blind index. One array parameter,
 * not a parameter per number: a chunk's thousands of numbers cost one bind, not a statement built and
 * planned with thousands of placeholders.
 */
export async function peopleByIdNumberBidx(db: DbOrTx, bidxs: string[]): Promise<Map<string, RegisteredPerson>> {
  const out = new Map<string, RegisteredPerson>();
  if (!bidxs.length) return out;
  for (const r of await db.select(registeredColumns).from(people).where(inValues(people.idNumberBidx, bidxs))) out.set(r.idNumberBidx!, r);
  return out;
}

type Counts = { householdsCreated: number; householdsUpdated: number; peopleCreated: number; peopleUpdated: number; unchanged: number };

/** Writes one chunk of planned households: creates what is new, changes what differs, leaves the rest. */
export async function writeHouseholds(
  deps: Deps,
  tx: DbOrTx,
  ctx: RequestContext,
  jobId: string,
  chunk: PlannedHousehold[],
  rules: VisitRule[],
  existingPeople: Map<string, RegisteredPerson>,
): Promise<Counts> {
  const counts: Counts = { householdsCreated: 0, householdsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, unchanged: 0 };
  /** Registered already (by ID number): moved here and updated rather than created. */
  const registered = (p: PlannedPerson) => !!p.person.idNumberBidx && existingPeople.has(p.person.idNumberBidx);
  const meta = { action: 'update' as const, reason: '批量导入', importJobId: jobId };
  const buildingIds = await ensureBuildings(tx, chunk.filter((x) => x.kind === 'building'));
  const keyOf = (h: PlannedHousehold) =>
    h.kind === 'building'
      ? addressKeyOf('building', { buildingId: buildingIds.get(`${h.gridCode}:${h.compound}:${h.building}`)!.id, unit: h.unit, room: h.room, gridCode: h.gridCode })
      : h.key;
  const keys = chunk.map(keyOf);
  const existing = new Map<string, HouseholdRow>();
  for (const r of await tx.select().from(households).where(inValues(households.addressKey, keys))) existing.set(r.addressKey, r);
  // The members of the households that exist, in one query (a re-import finds every household here): only
  // where the file has someone not found by ID number (matched by name among the members below).
  const membersOf = new Map<string, PersonRow[]>();
  const existingIds = chunk.flatMap((h, i) => (existing.has(keys[i]) && h.people.some((p) => !registered(p)) ? [existing.get(keys[i])!.id] : []));
  if (existingIds.length) {
    for (const m of await tx.select().from(people).where(inValues(people.householdId, existingIds, 'uuid'))) {
      const list = membersOf.get(m.householdId!);
      if (list) list.push(m);
      else membersOf.set(m.householdId!, [m]);
    }
  }
  /** Each household's id and grid, as found or created (for the registered people moved or updated below). */
  const targets: { id: string; gridCode: string }[] = [];
  /** People changed by this chunk's first pass: the second reads them afresh. */
  const touched = new Set<string>();

  const newHouseholds: (typeof households.$inferInsert)[] = [];
  const newPeople: (typeof people.$inferInsert)[] = [];
  const newMembers: (typeof householdMembers.$inferInsert)[] = [];
  const changes: ChangeRecord[] = [];
  const events: HouseholdEventInput[] = [];

  for (const [i, h] of chunk.entries()) {
    const key = keys[i];
    let target = existing.get(key);
    let householdId: string;
    if (!target) {
      householdId = randomUUID();
      const b = h.kind === 'building' ? buildingIds.get(`${h.gridCode}:${h.compound}:${h.building}`)! : null;
      const type = h.type ?? 'ordinary';
      const tags = h.tags ?? [];
      const riskLevel = h.riskLevel ?? 'none';
      const fields: HouseholdFields = {
        gridCode: h.gridCode,
        addressKind: h.kind,
        buildingId: b?.id ?? null,
        unit: h.unit,
        floor: h.floor,
        room: h.room,
        villageGroup: h.villageGroup,
        houseNumber: h.houseNumber,
        address: composeAddress(h.kind, { building: b, unit: h.unit, room: h.room, villageGroup: h.villageGroup, houseNumber: h.houseNumber }),
        addressKey: key,
        type,
        tags,
        riskLevel,
        riskNotes: h.riskNotes,
        visitIntervalDays: visitIntervalFor(rules, { type, tags, riskLevel }),
        lon: null,
        lat: null,
        status: 'active',
      };
      const head = h.people.find((p) => p.person.relation === 'head' && !registered(p));
      const headId = head ? randomUUID() : null;
      const fresh = h.people.filter((p) => !registered(p));
      newHouseholds.push({ id: householdId, ...fields, memberCount: fresh.length, headPersonId: headId });
      changes.push({ entityType: 'household', entityId: householdId, householdId, gridCode: h.gridCode, version: 1, action: 'create', changes: creationChanges(householdHistory(fields)), reason: '批量导入', importJobId: jobId });
      events.push({ householdId, gridCode: h.gridCode, source: 'households', kind: 'file.created', summary: `建档（批量导入）：${fields.address}`, refType: 'import_job', refId: jobId, actor: ctx.actor });
      counts.householdsCreated++;
      for (const p of fresh) {
        const id = p === head ? headId! : randomUUID();
        const cols = p.person;
        newPeople.push({ id, householdId, gridCode: h.gridCode, ...cols });
        newMembers.push({ personId: id, householdId, relation: cols.relation, reason: '批量导入' });
        changes.push({ entityType: 'person', entityId: id, householdId, gridCode: h.gridCode, version: 1, action: 'create', changes: creationChanges(personHistory({ ...cols, status: 'active', householdId })), reason: '批量导入', importJobId: jobId });
        counts.peopleCreated++;
      }
      // People already registered elsewhere in scope move into the new household after it exists.
      target = undefined;
      targets.push({ id: householdId, gridCode: h.gridCode });
    } else {
      targets.push({ id: target.id, gridCode: target.gridCode });
      householdId = target.id;
      // Only columns filled in the file change the file; empty cells leave values as they are.
      const type = h.type ?? target.type;
      const tags = h.tags ?? target.tags;
      const riskLevel = h.riskLevel ?? target.riskLevel;
      const next: HouseholdFields = {
        ...(({ id: _i, createdAt: _c, updatedAt: _u, version: _v, headPersonId: _h, memberCount: _m, ...rest }) => rest)(target),
        type,
        tags,
        riskLevel,
        riskNotes: h.riskNotes ?? target.riskNotes,
        visitIntervalDays: visitIntervalFor(rules, { type, tags, riskLevel }),
        status: 'active',
      };
      if (await applyHousehold(tx, ctx, target, next, target.version, { ...meta, action: target.status === 'archived' ? 'restore' : 'update' })) counts.householdsUpdated++;
      const members = membersOf.get(target.id) ?? [];
      for (const p of h.people) {
        if (registered(p)) continue;
        // Without an ID number on one side, a member of the same name is the same person (the row may
        // add the ID number the file lacked before, or omit one already recorded).
        const same = members.find((m) => m.name === p.person.name && (!m.idNumberBidx || !p.person.idNumberBidx));
        if (same) {
          if (rowChangesNothing(same, p.person)) counts.unchanged++;
          else if (await updatePersonFromRow(deps, tx, ctx, same, p.person, meta)) {
            touched.add(same.id);
            counts.peopleUpdated++;
          } else counts.unchanged++;
          continue;
        }
        const id = randomUUID();
        const cols = p.person;
        newPeople.push({ id, householdId, gridCode: target.gridCode, ...cols });
        newMembers.push({ personId: id, householdId, relation: cols.relation, reason: '批量导入' });
        changes.push({ entityType: 'person', entityId: id, householdId, gridCode: target.gridCode, version: 1, action: 'create', changes: creationChanges(personHistory({ ...cols, status: 'active', householdId })), reason: '批量导入', importJobId: jobId });
        events.push({ householdId, gridCode: target.gridCode, source: 'households', kind: 'member.joined', summary: `新增成员（批量导入）：${p.person.name}`, refType: 'person', refId: id, actor: ctx.actor });
        counts.peopleCreated++;
      }
    }
  }
  await bulkInsert(tx, households, newHouseholds);
  await bulkInsert(tx, people, newPeople);
  await bulkInsert(tx, householdMembers, newMembers);
  await recordChangesBatch(tx, ctx, changes);
  await appendHouseholdEvents(tx, events);
  // Registered people (by ID number): update their fields, and move them here if they live elsewhere.
  for (const [i, h] of chunk.entries()) {
    const known = h.people.filter(registered);
    if (!known.length) continue;
    const target = targets[i];
    for (const p of known) {
      const found = existingPeople.get(p.person.idNumberBidx!)!;
      // Read in this transaction by the chunk's check: unless this chunk changed them, what is already as
      // the row says costs nothing more (a re-import of an unchanged file is all this).
      if (!touched.has(found.id) && found.householdId === target.id && found.status === 'active' && rowChangesNothing(found, p.person)) {
        counts.unchanged++;
        continue;
      }
      let [person] = await tx.select().from(people).where(eq(people.id, found.id));
      let changed = false;
      if (person.householdId !== target.id || person.status !== 'active') {
        await applyMove(tx, ctx, person, { householdId: target.id, relation: p.person.relation ?? null, status: 'active', gridCode: target.gridCode }, person.version, meta);
        [person] = await tx.select().from(people).where(eq(people.id, person.id));
        changed = true;
      }
      if (await updatePersonFromRow(deps, tx, ctx, person, p.person, meta)) changed = true;
      if (changed) counts.peopleUpdated++;
      else counts.unchanged++;
    }
  }
  return counts;
}

/**
 * True when applying the row's person columns (updatePersonFromRow) would change nothing, judged from the
 * blind indexes without decrypting or writing; false when it might (applyPerson then decides). A row's
 * ID number decides birth date and sex, as it did when the row was checked.
 */
function rowChangesNothing(current: Pick<PersonRow, 'name' | 'relation' | 'idNumberBidx' | 'birthDate' | 'sex' | 'phoneEnc' | 'phoneBidx'>, p: PersonColumns): boolean {
  if (current.name !== p.name || (current.relation ?? null) !== (p.relation ?? null)) return false;
  if (p.idNumberBidx) {
    if (current.idNumberBidx !== p.idNumberBidx || current.birthDate !== p.birthDate || current.sex !== p.sex) return false;
  } else {
    // The recorded ID number would decide them: left to applyPerson.
    if (current.idNumberBidx) return false;
    if ((p.birthDate && p.birthDate !== current.birthDate) || (p.sex && p.sex !== current.sex)) return false;
  }
  return !p.phoneBidx || (!!current.phoneEnc && current.phoneBidx === p.phoneBidx);
}

/** Applies a row's filled person columns to a registered person; false when nothing differs. */
async function updatePersonFromRow(deps: Deps, tx: DbOrTx, ctx: RequestContext, current: PersonRow, p: PersonColumns, meta: { action: 'update'; reason: string; importJobId: string }): Promise<boolean> {
  // Empty cells leave values as they are; birth date and sex follow the ID number when there is one.
  const idNumber = p.idNumberEnc ? deps.pii.decrypt(p.idNumberEnc) : null;
  const phone = p.phoneEnc ? deps.pii.decrypt(p.phoneEnc) : null;
  return applyPerson(
    deps,
    tx,
    ctx,
    current,
    {
      name: p.name,
      relation: p.relation ?? null,
      ...(idNumber ? { idNumber } : {}),
      ...(phone ? { phone } : {}),
      ...(p.birthDate && !idNumber ? { birthDate: p.birthDate } : {}),
      ...(p.sex && !idNumber ? { sex: p.sex as PersonValues['sex'] } : {}),
    },
    current.version,
    meta,
  );
}
