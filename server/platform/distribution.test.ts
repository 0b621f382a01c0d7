import { readdirSync } from 'node:fs';
import { is } from 'drizzle-orm';
import { getTableConfig, integer, PgTable, pgTable, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { checkDistribution, DISTRIBUTION, PRIMARY_KEY, type TableShape } from './distribution.js';
import { packagePath } from './paths.js';

/** A Drizzle table as the rules see it: columns, primary and unique keys, foreign keys. */
function shape(table: PgTable): TableShape {
  const c = getTableConfig(table);
  const keys: TableShape['keys'] = [];
  const pkColumns = c.columns.filter((x) => x.primary).map((x) => x.name);
  if (pkColumns.length) keys.push({ name: PRIMARY_KEY, columns: pkColumns });
  for (const pk of c.primaryKeys) keys.push({ name: PRIMARY_KEY, columns: pk.columns.map((x) => x.name) });
  for (const u of c.uniqueConstraints) keys.push({ name: u.getName() ?? u.columns.map((x) => x.name).join('_'), columns: u.columns.map((x) => x.name) });
  for (const col of c.columns) if (col.isUnique) keys.push({ name: col.uniqueName ?? `${c.name}_${col.name}_unique`, columns: [col.name] });
  for (const i of c.indexes) {
    if (!i.config.unique) continue;
    keys.push({ name: i.config.name ?? '(unnamed unique index)', columns: i.config.columns.map((x) => ('name' in x && typeof x.name === 'string' ? x.name : null)) });
  }
  const foreignKeys = c.foreignKeys.map((fk) => {
    const r = fk.reference();
    return { columns: r.columns.map((x) => x.name), table: getTableConfig(r.foreignTable).name, foreignColumns: r.foreignColumns.map((x) => x.name) };
  });
  return { name: c.name, columns: c.columns.map((x) => x.name), keys, foreignKeys };
}

/** Every table of the schema, read from the same files drizzle.config.ts names. */
async function schemaTables(): Promise<TableShape[]> {
  const files = [
    ...readdirSync(packagePath('server', 'platform')).filter((f) => f.endsWith('.tables.ts')).map((f) => packagePath('server', 'platform', f)),
    ...readdirSync(packagePath('server', 'modules')).flatMap((d) =>
      readdirSync(packagePath('server', 'modules', d)).filter((f) => f.endsWith('.tables.ts')).map((f) => packagePath('server', 'modules', d, f)),
    ),
  ];
  const tables = new Map<string, TableShape>();
  for (const file of files) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const v of Object.values(mod)) if (is(v, PgTable)) tables.set(getTableConfig(v).name, shape(v));
  }
  return [...tables.values()];
}

describe('the schema on a distributed PostgreSQL (docs/distributed.md)', () => {
  it('classifies every table, and every distributed table keys by its county or names the exception', async () => {
    const tables = await schemaTables();
    expect(tables.length).toBeGreaterThan(100);
    const appeals = tables.find((t) => t.name === 'appeals')!;
    expect(appeals.keys.map((k) => k.name).sort()).toEqual(['appeals_number_uq', 'appeals_token_uq', PRIMARY_KEY]);
    expect(tables.find((t) => t.name === 'meetings')!.foreignKeys.map((f) => f.table).sort()).toEqual(['meeting_kinds', 'meeting_series']);
    expect(checkDistribution(tables, DISTRIBUTION)).toEqual([]);
  });

  it('keeps the shared vocabularies as reference tables and the large tables distributed by county', () => {
    for (const t of ['regions', 'appeal_categories', 'calendar_days', 'orgs']) expect(DISTRIBUTION[t].kind).toBe('reference');
    for (const t of ['appeals', 'households', 'people', 'visits', 'visit_plan_items', 'grids']) expect(DISTRIBUTION[t]).toMatchObject({ kind: 'distributed' });
  });

  it('fails a table that is not classified, a key without the county and a stale exception', () => {
    const fresh = pgTable('fresh_things', { id: uuid('id').primaryKey() });
    const keyed = pgTable('keyed', { id: uuid('id').primaryKey(), gridCode: varchar('grid_code', { length: 15 }).notNull(), n: integer('n') }, (t) => [uniqueIndex('keyed_n_uq').on(t.n)]);
    const problems = checkDistribution([shape(fresh), shape(keyed)], {
      keyed: { kind: 'distributed', by: 'grid_code', exceptions: { [PRIMARY_KEY]: 'uuid', gone_uq: 'an index long dropped' } },
    });
    expect(problems).toEqual([
      'fresh_things: not classified (distributed, reference or local) in server/platform/distribution.ts',
      'keyed: unique keyed_n_uq (n) lacks grid_code: include it or list it in exceptions with the reason',
      'keyed: exception "gone_uq" no longer applies: remove it',
    ]);
  });

  it('fails a foreign key between distributed tables without the county, and a reference table pointing at a distributed one', () => {
    const parent = pgTable('parent', { id: uuid('id').primaryKey(), regionCode: varchar('region_code', { length: 12 }).notNull() });
    const kid = pgTable('kid', { id: uuid('id').primaryKey(), regionCode: varchar('region_code', { length: 12 }).notNull(), parentId: uuid('parent_id').references(() => parent.id) });
    const ref = pgTable('ref', { code: varchar('code', { length: 8 }).primaryKey(), parentId: uuid('parent_id').references(() => parent.id) });
    const problems = checkDistribution([shape(parent), shape(kid), shape(ref)], {
      parent: { kind: 'distributed', by: 'region_code', exceptions: { [PRIMARY_KEY]: 'uuid' } },
      kid: { kind: 'distributed', by: 'region_code', exceptions: { [PRIMARY_KEY]: 'uuid' } },
      ref: { kind: 'reference', why: 'small' },
    });
    expect(problems).toEqual([
      'kid: the foreign key (parent_id) → parent lacks the county column on both sides: include it or list it in exceptions',
      'ref: a reference table may only reference reference tables (→ parent)',
    ]);
  });
});
