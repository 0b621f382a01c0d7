/**
 * The roster import's baseline (issue 19): the same rows into the same tables, the best way the database
 * allows through the same driver. It streams the same file, seals each ID number and phone with the same
 * vault (AES-GCM and blind indexes: work any system storing them must do), and writes compounds,
 * buildings, households, people, memberships, versioned changes and timeline events with the same values
 * as the import, in one transaction, a multi-row `insert … select from unnest($1::type[], …)` per table
 * every 5,000 households. What it leaves out is the import's own work: checking the rows (check digits,
 * headers, duplicates, scope, people registered elsewhere), grouping rows of one address wherever they
 * are in the file (the baseline relies on the generated file listing a household's rows together),
 * keeping rows while they are checked, progress and the error report.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from '../server/platform/xlsx.js';
import type { Vault } from '../server/platform/crypto.js';
import { maskIdNumber, maskPhone } from '../server/platform/personal-data.js';
import { codeOfLabel, HOUSEHOLD_TYPES, RELATIONS, visitIntervalFor, type VisitRule } from '../server/modules/households/households.config.js';
import { addressKeyOf, composeAddress, householdHistory, type HouseholdFields } from '../server/modules/households/households.edit.js';
import { creationChanges } from '../server/modules/households/households.history.js';
import { personHistory } from '../server/modules/households/people.fields.js';

/** Runs one statement: through a pg client inside BEGIN … COMMIT, or the embedded database's. */
export type Query = (text: string, params?: unknown[]) => Promise<unknown>;

const HOUSEHOLDS_PER_BATCH = 5000;

/**
 * `insert into t (a, b) select c0::uuid, c1::text from json_to_recordset($1::json) as u(c0 text, c1 text)`:
 * one statement for a batch of rows, sent as one JSON text. The fastest way through this driver that
 * measurements found (the earlier `unnest($1::uuid[], …)` arrays were escaped value by value by the
 * driver and cost more than the database's own work; COPY needs a package the project does not have).
 */
async function insert(query: Query, table: string, columns: [name: string, type: string, cast?: string][], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const json = `[${rows.map((r) => JSON.stringify(Object.fromEntries(r.map((v, i) => [`c${i}`, v])))).join(',')}]`;
  const select = columns.map(([, type, cast], i) => (type === 'jsonb' ? `c${i}` : `c${i}::${cast ?? type}`)).join(', ');
  const record = columns.map(([, type], i) => `c${i} ${type === 'jsonb' ? 'jsonb' : 'text'}`).join(', ');
  await query(`insert into ${table} (${columns.map(([n]) => n).join(', ')}) select ${select} from json_to_recordset($1::json) as u(${record})`, [json]);
}

/**
 * Imports the generated roster at `file` (a Buffer or path's bytes) with the actor and job id the
 * changes and events name. The caller wraps it in one transaction. Returns the rows read.
 */
export async function baselineImport(query: Query, pii: Vault, file: Buffer, o: { jobId: string; actor: { id: string; name: string }; rules: VisitRule[]; tags: Map<string, string> }): Promise<number> {
  const compounds = new Map<string, string>();
  const buildings = new Map<string, string>();
  const seq = new Map<string, number>();
  const next = (k: string) => {
    const n = (seq.get(k) ?? 0) + 1;
    seq.set(k, n);
    return n;
  };
  let b = { compounds: [] as unknown[][], buildings: [] as unknown[][], households: [] as unknown[][], people: [] as unknown[][], members: [] as unknown[][], changes: [] as unknown[][], events: [] as unknown[][] };
  let count = 0;
  const flush = async () => {
    await insert(query, 'compounds', [['id', 'uuid'], ['grid_code', 'varchar'], ['seq', 'int'], ['name', 'text']], b.compounds);
    await insert(query, 'buildings', [['id', 'uuid'], ['grid_code', 'varchar'], ['seq', 'int'], ['compound_id', 'uuid'], ['name', 'text']], b.buildings);
    await insert(
      query,
      'households',
      [['id', 'uuid'], ['grid_code', 'varchar'], ['address_kind', 'varchar'], ['building_id', 'uuid'], ['unit', 'varchar'], ['room', 'varchar'], ['address', 'text'], ['address_key', 'text'], ['type', 'varchar'], ['tags', 'text', 'text[]'], ['visit_interval_days', 'int'], ['member_count', 'int'], ['head_person_id', 'uuid']],
      b.households,
    );
    await insert(
      query,
      'people',
      [['id', 'uuid'], ['household_id', 'uuid'], ['grid_code', 'varchar'], ['name', 'text'], ['relation', 'varchar'], ['id_number_enc', 'text'], ['id_number_bidx', 'varchar'], ['id_number_masked', 'varchar'], ['phone_enc', 'text'], ['phone_bidx', 'varchar'], ['phone_masked', 'varchar'], ['birth_date', 'date'], ['sex', 'varchar']],
      b.people,
    );
    await insert(query, 'household_members', [['person_id', 'uuid'], ['household_id', 'uuid'], ['relation', 'varchar'], ['reason', 'text']], b.members);
    await insert(
      query,
      'record_changes',
      [['entity_type', 'varchar'], ['entity_id', 'uuid'], ['household_id', 'uuid'], ['grid_code', 'varchar'], ['version', 'int'], ['action', 'varchar'], ['changes', 'jsonb'], ['reason', 'text'], ['import_job_id', 'uuid'], ['actor_id', 'text'], ['actor_name', 'text']],
      b.changes,
    );
    await insert(query, 'household_events', [['household_id', 'uuid'], ['grid_code', 'varchar'], ['source', 'varchar'], ['kind', 'varchar'], ['summary', 'text'], ['ref_type', 'varchar'], ['ref_id', 'text'], ['actor_id', 'text'], ['actor_name', 'text']], b.events);
    b = { compounds: [], buildings: [], households: [], people: [], members: [], changes: [], events: [] };
  };

  // One household at a time: its rows follow each other in the file.
  let household: { key: string; rows: string[][] } | null = null;
  const write = (rows: string[][]) => {
    const [grid, compound, building, unit, , room, , , type_, tags_] = rows[0].slice(1);
    const ck = `${grid}:${compound}`;
    let cid = compounds.get(ck);
    if (!cid) {
      compounds.set(ck, (cid = randomUUID()));
      b.compounds.push([cid, grid, next(`c:${grid}`), compound]);
    }
    const bk = `${grid}:${cid}:${building}`;
    let bid = buildings.get(bk);
    if (!bid) {
      buildings.set(bk, (bid = randomUUID()));
      b.buildings.push([bid, grid, next(`b:${grid}`), cid, building]);
    }
    const type = type_ ? codeOfLabel(HOUSEHOLD_TYPES, type_)! : 'ordinary';
    const tags = tags_ ? [o.tags.get(tags_)!] : [];
    const id = randomUUID();
    const address = composeAddress('building', { building: { name: building, compoundName: compound }, unit, room });
    const fields: HouseholdFields = { gridCode: grid, addressKind: 'building', buildingId: bid, unit, floor: null, room, villageGroup: null, houseNumber: null, address, addressKey: addressKeyOf('building', { buildingId: bid, unit, room, gridCode: grid }), type, tags, riskLevel: 'none', riskNotes: null, visitIntervalDays: visitIntervalFor(o.rules, { type, tags, riskLevel: 'none' }), lon: null, lat: null, status: 'active' };
    let head: string | null = null;
    for (const r of rows) {
      const [name, relationLabel, idNumber, phone] = r.slice(13, 17);
      const pid = randomUUID();
      const relation = codeOfLabel(RELATIONS, relationLabel)!;
      if (relation === 'head') head = pid;
      const sealed = {
        name,
        relation,
        idNumberEnc: pii.encrypt(idNumber),
        idNumberBidx: pii.blindIndex('id', idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        phoneEnc: pii.encrypt(phone),
        phoneBidx: pii.blindIndex('phone', phone),
        phoneMasked: maskPhone(phone),
        birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
        sex: Number(idNumber[16]) % 2 ? 'male' : 'female',
      };
      b.people.push([pid, id, grid, name, relation, sealed.idNumberEnc, sealed.idNumberBidx, sealed.idNumberMasked, sealed.phoneEnc, sealed.phoneBidx, sealed.phoneMasked, sealed.birthDate, sealed.sex]);
      b.members.push([pid, id, relation, '批量导入']);
      b.changes.push(['person', pid, id, grid, 1, 'create', creationChanges(personHistory({ ...sealed, status: 'active', householdId: id })), '批量导入', o.jobId, o.actor.id, o.actor.name]);
    }
    b.households.push([id, grid, 'building', bid, unit, room, address, fields.addressKey, type, `{${tags.join(',')}}`, fields.visitIntervalDays, rows.length, head]);
    b.changes.push(['household', id, id, grid, 1, 'create', creationChanges(householdHistory(fields)), '批量导入', o.jobId, o.actor.id, o.actor.name]);
    b.events.push([id, grid, 'households', 'file.created', `建档（批量导入）：${address}`, 'import_job', o.jobId, o.actor.id, o.actor.name]);
  };

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file), { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const r of sheet) {
      if (r.number === 1) continue;
      const v = Array.from(r.values as unknown[], (x) => (x === undefined || x === null || x === '' ? null : String(x))) as string[];
      count++;
      const key = `${v[1]}:${v[2]}:${v[3]}:${v[4]}:${v[6]}`;
      if (household && household.key !== key) {
        write(household.rows);
        if (b.households.length >= HOUSEHOLDS_PER_BATCH) await flush();
        household = null;
      }
      (household ??= { key, rows: [] }).rows.push(v);
    }
    break;
  }
  if (household) write(household.rows);
  await flush();
  return count;
}

/**
 * The earlier reference, kept for comparison: the file streamed and six text columns per row INSERTed,
 * 1,000 rows a statement, nothing checked or sealed. Returns the rows written.
 */
export async function textReference(query: Query, file: Buffer): Promise<number> {
  await query(`create table if not exists bench_roster (grid_code varchar(15), address text, name text, relation text, id_number text, phone text)`);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file), { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  let batch: unknown[][] = [];
  let rows = 0;
  const flush = async () => {
    if (!batch.length) return;
    const values = batch.map((_, j) => `($${j * 6 + 1},$${j * 6 + 2},$${j * 6 + 3},$${j * 6 + 4},$${j * 6 + 5},$${j * 6 + 6})`).join(',');
    await query(`insert into bench_roster values ${values}`, batch.flat());
    batch = [];
  };
  for await (const sheet of reader) {
    for await (const r of sheet) {
      if (r.number === 1) continue;
      const v = r.values as string[];
      batch.push([v[1], `${v[2]}${v[3]}${v[4]}单元${v[6]}室`, v[13], v[14], v[15], v[16]]);
      rows++;
      if (batch.length >= 1000) await flush();
    }
    break;
  }
  await flush();
  return rows;
}

/**
 * The re-import's baseline: the same file compared with what is stored, the best way the database
 * allows, in one transaction the caller opens. It streams the file, computes each ID number's and
 * phone's blind index with the same vault (how the stored values are found and compared), finds each
 * household by its address key (buildings read once) and each person by ID number, and counts, per
 * batch of 5,000 households, in one `select … from unnest(…)`, the rows that are missing or differ in
 * any column the file fills (name, relation, phone, birth date, sex, household, status; the
 * household's type and tags where given). Nothing differs in the benchmark, so it writes nothing; it
 * returns the rows read and the counts, which the benchmark checks are zero.
 */
export async function baselineReimport(query: <T>(text: string, params?: unknown[]) => Promise<T[]>, pii: Vault, file: Buffer, o: { tags: Map<string, string> }): Promise<{ rows: number; missing: number; changed: number }> {
  const buildingIds = new Map<string, string>();
  for (const b of await query<{ id: string; name: string; compound: string; grid_code: string }>(`select b.id, b.name, c.name as compound, b.grid_code from buildings b join compounds c on c.id = b.compound_id`)) {
    buildingIds.set(`${b.grid_code}:${b.compound}:${b.name}`, b.id);
  }
  const cols = ['bidx', 'name', 'relation', 'phone_bidx', 'birth', 'sex', 'address_key', 'type', 'tags'] as const;
  let batch: (string | null)[][] = cols.map(() => []);
  let households = 0;
  let lastKey = '';
  const out = { rows: 0, missing: 0, changed: 0 };
  const flush = async () => {
    if (!batch[0].length) return;
    const [r] = await query<{ missing: number; changed: number }>(
      `select count(*) filter (where p.id is null or h.id is null)::int as missing,
              count(*) filter (where p.name is distinct from u.name or p.relation is distinct from u.relation or p.phone_bidx is distinct from u.phone_bidx
                or p.birth_date is distinct from u.birth::date or p.sex is distinct from u.sex or p.household_id is distinct from h.id or p.status <> 'active'
                or (u.type is not null and h.type is distinct from u.type) or (u.tags is not null and h.tags is distinct from u.tags::text[]))::int as changed
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) as u(${cols.join(', ')})
       left join people p on p.id_number_bidx = u.bidx
       left join households h on h.address_key = u.address_key`,
      batch,
    );
    out.missing += r.missing;
    out.changed += r.changed;
    batch = cols.map(() => []);
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file), { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const r of sheet) {
      if (r.number === 1) continue;
      const v = Array.from(r.values as unknown[], (x) => (x === undefined || x === null || x === '' ? null : String(x)));
      const [grid, compound, building, unit, , room, , , type_, tags_] = v.slice(1) as string[];
      const [name, relationLabel, idNumber, phone] = v.slice(13, 17) as string[];
      const addressKey = addressKeyOf('building', { buildingId: buildingIds.get(`${grid}:${compound}:${building}`) ?? '', unit, room, gridCode: grid });
      if (addressKey !== lastKey) {
        if (++households % HOUSEHOLDS_PER_BATCH === 0) await flush();
        lastKey = addressKey;
      }
      const row = [
        pii.blindIndex('id', idNumber),
        name,
        codeOfLabel(RELATIONS, relationLabel)!,
        pii.blindIndex('phone', phone),
        `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
        Number(idNumber[16]) % 2 ? 'male' : 'female',
        addressKey,
        type_ ? codeOfLabel(HOUSEHOLD_TYPES, type_)! : null,
        tags_ ? `{${o.tags.get(tags_)}}` : null,
      ];
      for (let i = 0; i < cols.length; i++) batch[i].push(row[i]);
      out.rows++;
    }
    break;
  }
  await flush();
  return out;
}
