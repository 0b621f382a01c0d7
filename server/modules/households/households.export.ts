/**
 * Roster export (台账): the households in the caller's scope matching a filter, one row per person,
 * in the import template's columns. Masked by default; a full export needs the reveal permission and
 * a reason, and is audited like a reveal. Streamed, so a county's roster does not sit in memory.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from '../../platform/xlsx.js';
import { and, asc, inArray, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.js';
import { audit, revealReason, type RequestContext } from '../../platform/audit.js';
import { allTags, HOUSEHOLD_TYPES, RELATIONS, RISK_LEVELS } from './households.config.js';
import { COLUMNS, GRID_NAME_HEADER } from './households.import.js';
import { householdWhere, searchKind, type Deps, type HouseholdFilter } from './households.service.js';
import { buildingLabels } from '../buildings/buildings.service.js';
import { namesOf as placeNamesOf } from '../regions/regions.service.js';
import { households, people } from './households.tables.js';
import type { Db } from '../../platform/db.js';

const CHUNK = 1000;

/** `readDb` (`req.readDb`: the replica when there is one) serves the rows; the audit entry goes to the primary. */
export async function exportRoster(deps: Deps, ctx: RequestContext, filter: HouseholdFilter, unmasked: boolean, reason?: string, readDb: Db = deps.database.db): Promise<Readable> {
  authorize(ctx.actor, 'households.export');
  if (unmasked) authorize(ctx.actor, 'people.reveal');
  // A full export reveals every number in it: like a single reveal, it needs a reason.
  const why = unmasked ? revealReason(reason) : null;
  const db = readDb;
  const where = householdWhere(deps.pii, ctx.actor, filter);
  // Filter values that could be personal (a searched name or number) are recorded only as used.
  await audit(deps.database.db, ctx, {
    action: 'household.export',
    targetType: 'household',
    details: {
      unmasked,
      ...(why ? { reason: why } : {}),
      within: filter.within ?? null,
      gridCode: filter.gridCode ?? null,
      type: filter.type ?? null,
      tag: filter.tag ?? null,
      search: !!filter.q,
      // A search by full ID number or phone is kept masked (see searchKind).
      ...(searchKind(filter.q) ? { searchBy: searchKind(filter.q)!.by, searchValue: searchKind(filter.q)!.masked } : {}),
    },
  });
  const tagName = new Map((await allTags(db)).map((t) => [t.code, t.name]));
  const chunk = (after: { gridCode: string; address: string; id: string } | null): Promise<(typeof households.$inferSelect)[]> =>
    db
      .select()
      .from(households)
      .where(and(where, after ? sql`(${households.gridCode}, ${households.address}, ${households.id}) > (${after.gridCode}, ${after.address}, ${after.id})` : undefined))
      .orderBy(asc(households.gridCode), asc(households.address), asc(households.id))
      .limit(CHUNK);
  // The first chunk is read before the answer starts: a filter the database refuses is an error
  // answer, not a 200 whose download breaks off.
  let firstChunk: (typeof households.$inferSelect)[] | null = await chunk(null);
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('户籍台账');
  // The grid's name beside its code, for people reading the roster; the import reads the code and
  // passes over the name, so an export goes back in unchanged.
  ws.columns = COLUMNS.flatMap((c) => {
    const col = { header: c.header, key: c.key, width: c.width };
    return c.key === 'gridCode' ? [col, { header: GRID_NAME_HEADER, key: 'gridName', width: 22 }] : [col];
  });
  const gridNames = new Map<string, string>();
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();

  const run = async () => {
    let after: { gridCode: string; address: string; id: string } | null = null;
    for (;;) {
      const rows: (typeof households.$inferSelect)[] = firstChunk ?? (await chunk(after));
      firstChunk = null;
      if (!rows.length) break;
      const ids = rows.map((r) => r.id);
      const members = await db.select().from(people).where(inArray(people.householdId, ids)).orderBy(sql`${people.relation} = 'head' desc`, asc(people.birthDate));
      const buildingIds = [...new Set(rows.map((r) => r.buildingId).filter((x): x is string => !!x))];
      const bById = await buildingLabels(db, buildingIds);
      const unnamed = [...new Set(rows.map((r) => r.gridCode))].filter((c) => !gridNames.has(c));
      if (unnamed.length) for (const [code, name] of await placeNamesOf(db, unnamed)) gridNames.set(code, name);
      const byHousehold = new Map<string, (typeof people.$inferSelect)[]>();
      for (const m of members) byHousehold.set(m.householdId!, [...(byHousehold.get(m.householdId!) ?? []), m]);
      for (const h of rows) {
        const b = h.buildingId ? bById.get(h.buildingId) : undefined;
        const base = {
          gridCode: h.gridCode,
          gridName: gridNames.get(h.gridCode) ?? '',
          compound: b?.compound ?? '',
          building: b?.name ?? '',
          unit: h.unit ?? '',
          floor: h.floor ?? '',
          room: h.room ?? '',
          villageGroup: h.villageGroup ?? '',
          houseNumber: h.houseNumber ?? '',
          householdType: HOUSEHOLD_TYPES[h.type as keyof typeof HOUSEHOLD_TYPES]?.zh ?? h.type,
          tags: h.tags.map((t) => tagName.get(t) ?? t).join('、'),
          riskLevel: RISK_LEVELS[h.riskLevel as keyof typeof RISK_LEVELS]?.zh ?? h.riskLevel,
          riskNotes: h.riskNotes ?? '',
        };
        const ms = byHousehold.get(h.id) ?? [];
        if (!ms.length) ws.addRow(base).commit();
        for (const m of ms) {
          ws.addRow({
            ...base,
            name: m.name,
            relation: m.relation ? RELATIONS[m.relation as keyof typeof RELATIONS]?.zh ?? m.relation : '',
            idNumber: unmasked && m.idNumberEnc ? deps.pii.decrypt(m.idNumberEnc) : m.idNumberMasked ?? '',
            phone: unmasked && m.phoneEnc ? deps.pii.decrypt(m.phoneEnc) : m.phoneMasked ?? '',
            birthDate: m.birthDate ?? '',
            sex: m.sex === 'male' ? '男' : m.sex === 'female' ? '女' : '',
          }).commit();
        }
      }
      const last = rows[rows.length - 1];
      after = { gridCode: last.gridCode, address: last.address, id: last.id };
      if (rows.length < CHUNK) break;
    }
    ws.commit();
    await wb.commit();
  };
  run().catch((err: unknown) => out.destroy(err as Error));
  return out;
}
