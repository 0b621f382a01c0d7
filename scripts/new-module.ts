/**
 * `npm run new:module -- <name>`: writes a working module in the house shape (ARCHITECTURE.md, "How to
 * add a module") — a regional row with its table, schemas, scoped repository, service, routes and a
 * test that includes the cross-scope case — and wires it into the shared files at their
 * `// new-module: …` anchors. Refuses when the module, its permissions or its table already exist,
 * and changes nothing until every check has passed.
 *
 * `scripts/check-new-module.sh` runs it in a scratch copy of the repository, so the template keeps
 * compiling, linting and passing its test as the code around it changes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Words the name becomes a variable of (`export const <name> = pgTable(…)`) must not be reserved.
const RESERVED = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(
    ' ',
  ),
);

interface Anchor {
  file: string;
  marker: string;
  /** The lines put above the marker, at its indentation. */
  lines: string[];
}

function fail(message: string): never {
  console.error(`new-module: ${message}`);
  process.exit(1);
}

function pascal(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/** English plural → singular, for type and function names; names that are not plainly plural stay. */
function singularOf(name: string): string {
  if (name.endsWith('ies') && name.length > 4) return name.slice(0, -3) + 'y';
  if (name.endsWith('s') && !name.endsWith('ss') && name.length > 2) return name.slice(0, -1);
  return name;
}

function insertAbove(text: string, anchor: Anchor): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(anchor.marker));
  if (at < 0) fail(`${anchor.file} has no line with "${anchor.marker}"; put the anchor back (see ARCHITECTURE.md) and rerun.`);
  if (lines.findIndex((l, i) => i > at && l.includes(anchor.marker)) >= 0) fail(`${anchor.file} has "${anchor.marker}" twice.`);
  const indent = /^\s*/.exec(lines[at])![0];
  lines.splice(at, 0, ...anchor.lines.map((l) => indent + l));
  return lines.join('\n');
}

function tableNames(): Set<string> {
  const names = new Set<string>();
  const scan = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) scan(full);
      else if (entry.name.endsWith('.tables.ts')) {
        for (const m of readFileSync(full, 'utf8').matchAll(/pgTable\(\s*'([a-z0-9_]+)'/g)) names.add(m[1]);
      }
    }
  };
  scan(path.join(ROOT, 'server'));
  return names;
}

const name = process.argv[2];
if (!name || process.argv.length > 3) fail('usage: npm run new:module -- <name>   (lower-case letters, plural, e.g. notices)');
if (!/^[a-z]{3,30}$/.test(name)) fail(`"${name}": a module's name is 3–30 lower-case letters (it names a folder, a table, permissions and routes).`);
if (RESERVED.has(name)) fail(`"${name}" is a reserved word in JavaScript; choose another name.`);

const moduleDir = path.join(ROOT, 'server', 'modules', name);
const accessFile = path.join(ROOT, 'server', 'platform', 'access', `${name}.ts`);
if (existsSync(moduleDir)) fail(`server/modules/${name} exists already.`);
if (existsSync(accessFile)) fail(`server/platform/access/${name}.ts exists already.`);
if (tableNames().has(name)) fail(`a table named "${name}" exists already.`);
const accessText = readFileSync(path.join(ROOT, 'server/platform/access.ts'), 'utf8');
if (accessText.includes(`'${name}.`)) fail(`PERMISSIONS already has permissions starting with "${name}.".`);

const one = singularOf(name);
const One = pascal(one);
const Many = pascal(name);
const audited = one === name ? `${name}_item` : one;

const files: Record<string, string> = {
  [`server/modules/${name}/${name}.tables.ts`]: `import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, regionCode } from '../../platform/columns.js';

/**
 * ${Many}: regional rows. The region code is captured when a row is made and never follows its author
 * afterwards, so scope (server/platform/access/${name}.ts) is a range on this column.
 */
export const ${name} = pgTable(
  '${name}',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    title: text('title').notNull(),
    // An account or API key id, or 'system' for the CLI and jobs.
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('${name}_region_idx').on(t.regionCode, t.createdAt)],
);
`,

  [`server/modules/${name}/${name}.schemas.ts`]: `import { Type } from 'typebox';
import { PageQuery, RegionCodeSchema, Text, Timestamp } from '../../platform/schemas.js';

export const ${One}View = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  title: Type.String(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  version: Type.Integer(),
});

export const Create${One}Body = Type.Object({
  // Where the row belongs: inside the caller's scope, checked by the service.
  regionCode: RegionCodeSchema,
  title: Text({ minLength: 1, maxLength: 200 }),
});

export const List${Many}Query = Type.Object({
  ...PageQuery,
});
`,

  [`server/platform/access/${name}.ts`]: `/**
 * Who sees which ${name}. Deny by default: without '${name}.read' a caller sees none; with it, the rows
 * whose region lies in the caller's subtree. Outside scope a row does not exist (404).
 */
import type { SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { ${name} } from '../../modules/${name}/${name}.tables.js';

export function visible${Many}(actor: Actor): SQL | undefined {
  if (!can(actor, '${name}.read')) return NONE;
  return scopeCondition(actor, ${name}.regionCode);
}
`,

  [`server/modules/${name}/${name}.repo.ts`]: `import { and, count, desc, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import { visible${Many} } from '../../platform/access/${name}.js';
import type { DbOrTx } from '../../platform/db.js';
import { ${name} } from './${name}.tables.js';

export type ${One}Row = typeof ${name}.$inferSelect;

/** Every query here is scoped by the access rule: a row outside it is never read. */
export async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<${One}Row | undefined> {
  const [row] = await db
    .select()
    .from(${name})
    .where(and(eq(${name}.id, id), visible${Many}(actor)))
    .limit(1);
  return row;
}

export async function listVisible(db: DbOrTx, actor: Actor, page: { limit: number; offset: number }): Promise<{ rows: ${One}Row[]; total: number }> {
  const where = visible${Many}(actor);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(${name}).where(where).orderBy(desc(${name}.createdAt), desc(${name}.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(${name}).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function insert(tx: DbOrTx, row: typeof ${name}.$inferInsert): Promise<${One}Row> {
  const [created] = await tx.insert(${name}).values(row).returning();
  return created;
}
`,

  [`server/modules/${name}/${name}.service.ts`]: `import { randomUUID } from 'node:crypto';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import * as regionsService from '../regions/regions.service.js';
import * as repo from './${name}.repo.js';

export interface ${One}View {
  id: string;
  regionCode: string;
  title: string;
  createdBy: string;
  createdAt: string;
  version: number;
}

function view(row: repo.${One}Row): ${One}View {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function list${Many}(db: DbOrTx, actor: Actor, query: { page?: number; pageSize?: number }): Promise<PageResult<${One}View>> {
  authorize(actor, '${name}.read');
  const { page, pageSize, offset } = pageOf(query);
  const { rows, total } = await repo.listVisible(db, actor, { limit: pageSize, offset });
  return { items: rows.map(view), total, page, pageSize };
}

export async function get${One}(db: DbOrTx, actor: Actor, id: string): Promise<${One}View> {
  authorize(actor, '${name}.read');
  const row = await repo.findVisible(db, actor, id);
  if (!row) throw notFound('${one}', '${One}');
  return view(row);
}

export interface ${One}Input {
  regionCode: string;
  title: string;
}

export async function create${One}(database: Database, ctx: RequestContext, input: ${One}Input): Promise<${One}View> {
  authorize(ctx.actor, '${name}.write');
  assertAssignable(ctx.actor, input.regionCode, '所在区域', 'The region');
  if (!(await regionsService.exists(database.db, input.regionCode))) throw notFound(\`区域 \${input.regionCode} \`, \`Region \${input.regionCode}\`);
  const id = randomUUID();
  // The row and its audit entry land together or not at all.
  const row = await database.db.transaction(async (tx) => {
    const created = await repo.insert(tx, { id, regionCode: input.regionCode, title: input.title, createdBy: ctx.actor.id });
    await audit(tx, ctx, { action: '${audited}.create', targetType: '${audited}', targetId: id, regionCode: input.regionCode });
    return created;
  });
  return view(row);
}
`,

  [`server/modules/${name}/${name}.routes.ts`]: `import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import { ${One}View, Create${One}Body, List${Many}Query } from './${name}.schemas.js';
import * as service from './${name}.service.js';

export const ${name}Routes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.get(
    '/${name}',
    { schema: { tags: ['${name}'], summary: '${Many}', querystring: List${Many}Query, response: { 200: Page(${One}View), ...errorResponses } } },
    async (req) => service.list${Many}(database.db, req.actor!, req.query),
  );
  app.get(
    '/${name}/:id',
    { schema: { tags: ['${name}'], params: IdParams, response: { 200: ${One}View, ...errorResponses } } },
    async (req) => service.get${One}(database.db, req.actor!, req.params.id),
  );
  app.post(
    '/${name}',
    { schema: { tags: ['${name}'], summary: 'Create a ${one}', body: Create${One}Body, response: { 201: ${One}View, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.create${One}(database, requestContext(req), req.body)),
  );
};
`,

  [`server/modules/${name}/${name}.test.ts`]: `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

describe('${name}', () => {
  it('creates a ${one}, lists it and reads it back', async () => {
    const { session, user } = await signIn(env, ['community_staff'], '360802004');
    const res = await session.inject({ method: 'POST', url: '/api/${name}', payload: { regionCode: '360802004001', title: '第一条' } });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ regionCode: '360802004001', title: '第一条', createdBy: user.id, version: 1 });

    const list = await session.inject({ url: '/api/${name}?pageSize=200' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(created.id);
    expect((await session.inject({ url: \`/api/${name}/\${created.id}\` })).json()).toEqual(created);
  });

  it('refuses a request its schema does not allow (400)', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004');
    const empty = await session.inject({ method: 'POST', url: '/api/${name}', payload: { regionCode: '360802004001', title: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe('validation_failed');
    const badRegion = await session.inject({ method: 'POST', url: '/api/${name}', payload: { regionCode: '3608020', title: 'x' } });
    expect(badRegion.statusCode).toBe(400);
  });

  it('hides a ${one} from a caller of another region (cross-scope): 404 and not in the list', async () => {
    const { session: owner } = await signIn(env, ['community_staff'], '360802004');
    const created = (await owner.inject({ method: 'POST', url: '/api/${name}', payload: { regionCode: '360802004002', title: '本街道的' } })).json();

    const { session: neighbour } = await signIn(env, ['community_staff'], '360802001');
    expect((await neighbour.inject({ url: \`/api/${name}/\${created.id}\` })).statusCode).toBe(404);
    const seen = (await neighbour.inject({ url: '/api/${name}?pageSize=200' })).json().items.map((r: { id: string }) => r.id);
    expect(seen).not.toContain(created.id);

    // Nor may anyone place a row outside their own scope.
    const outside = await owner.inject({ method: 'POST', url: '/api/${name}', payload: { regionCode: '360802001001', title: '越界' } });
    expect(outside.statusCode).toBe(403);
  });

  it('refuses a role without the permission (403)', async () => {
    const { session: handler } = await signIn(env, ['handler'], '360802');
    expect((await handler.inject({ url: '/api/${name}' })).statusCode).toBe(403);
    const { session: worker } = await signIn(env, ['grid_worker'], '360802004001001');
    const res = await worker.inject({ method: 'POST', url: '/api/${name}', payload: { regionCode: '360802004001001', title: 'x' } });
    expect(res.statusCode).toBe(403);
  });
});
`,
};

const anchors: Anchor[] = [
  {
    file: 'server/platform/access.ts',
    marker: '// new-module: permissions',
    lines: [
      `'${name}.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],`,
      `'${name}.write': ['admin', 'dispatcher', 'community_staff'],`,
    ],
  },
  { file: 'server/app.ts', marker: '// new-module: imports', lines: [`import { ${name}Routes } from './modules/${name}/${name}.routes.js';`] },
  { file: 'server/app.ts', marker: '// new-module: routes', lines: [`await api.register(${name}Routes);`] },
  { file: 'eslint.config.js', marker: '// new-module: modules', lines: [`'${name}',`] },
];

// Every anchor is found before anything is written, so a refusal leaves the tree as it was.
const edited = new Map<string, string>();
for (const anchor of anchors) {
  const before = edited.get(anchor.file) ?? readFileSync(path.join(ROOT, anchor.file), 'utf8');
  edited.set(anchor.file, insertAbove(before, anchor));
}

mkdirSync(moduleDir, { recursive: true });
for (const [file, text] of Object.entries(files)) writeFileSync(path.join(ROOT, file), text, { flag: 'wx' });
for (const [file, text] of edited) writeFileSync(path.join(ROOT, file), text);

console.log(`Wrote the ${name} module:
${Object.keys(files)
  .map((f) => `  ${f}`)
  .join('\n')}
and added it to server/platform/access.ts (PERMISSIONS), server/app.ts (routes) and eslint.config.js (MODULE_ORDER).

Next:
  npx drizzle-kit generate --name ${name}
  npm run gen:api
  npx vitest run server/modules/${name}

Then make it yours (ARCHITECTURE.md, "How to add a module"): its real columns, who may read and write
it in PERMISSIONS, a workflow table if it has states, web/src/features/${name}/ with a ListPage and its
catalog namespace, and demo rows in server/generate.`);
