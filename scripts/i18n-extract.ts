/**
 * Codemod: moves inline bilingual texts into the catalogs.
 *
 *   npx tsx scripts/i18n-extract.ts            rewrite web/src and web/src/locales in place
 *   npx tsx scripts/i18n-extract.ts --dry-run  only list what it would convert
 *   npx tsx scripts/i18n-extract.ts --prune    also drop keys no code names any more (not `enums`)
 *
 * Every call `t('中文', 'English')` — string or template literals — in web/src becomes `t('ns:key')`, or
 * `t('ns:key', { n, username: user.username })` when the texts interpolate; an inline label
 * `{ zh: '首页', en: 'Overview' }` becomes `bilingual('ns:key')`, and a known enumeration's label table
 * (ENUM_TABLES in i18n-catalogs.ts) becomes `enumLabels<Code>('group')`; and the pair is added to
 * web/src/locales/{zh-CN,en}/<ns>.json. The namespace is the file's (features/<name> → <name>,
 * mobile/worker → worker, mobile → mobile, else common); a pair that already has a key in that namespace
 * or in `common` (for the worker's app: in `mobile`; the residents' pages: none) reuses it, otherwise the
 * key is the English text's slug (`-2`, `-3`… when the slug is taken by another pair). The type `(zh: string, en: string) => string` of a `t` passed as a parameter
 * becomes the catalog's `(key, values?) => string`.
 *
 * Safe to re-run: converted calls have one argument or an object as the second, so they are left alone,
 * and existing keys never change. After merging branches that still wrote inline texts, take their
 * version of the files and, on the merged tree:
 *
 *   npx tsx scripts/i18n-extract.ts --prune && npm run gen:labels && npm run check:i18n && npx tsc --noEmit -p web
 *
 * (gen:labels puts the server's enum names back in order if a merged label table added codes.)
 * Exits 1 when a call looks bilingual but cannot be converted (e.g. a computed English argument); such a
 * call is listed with its place and must be written with a key by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'oxc-parser';
import { usedKeys } from './i18n-check.js';
import { ENUM_TABLES, ENUMS, loadCatalogs, namespaceOf, ROOT, saveCatalogs, slug, sourceFiles, WEB_SRC, type Catalogs } from './i18n-catalogs.js';

/** Loose ESTree node: oxc-parser's output walked generically. */
export type Node = { type: string; start: number; end: number; [k: string]: unknown };

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';

export function walk(node: Node, visit: (n: Node) => void) {
  visit(node);
  for (const [k, v] of Object.entries(node)) {
    if (k === 'parent') continue;
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) walk(c, visit);
    } else if (isNode(v)) walk(v, visit);
  }
}

const isText = (n: Node | undefined): boolean => !!n && ((n.type === 'Literal' && typeof n.value === 'string') || n.type === 'TemplateLiteral');

/** A text, a label's `.zh`/`.en`, or a variable named zh/en: an argument of the inline form. */
const looksBilingual = (n: Node): boolean =>
  isText(n) ||
  (n.type === 'Identifier' && (n.name === 'zh' || n.name === 'en')) ||
  (n.type === 'MemberExpression' && !n.computed && ((n.property as Node).name === 'zh' || (n.property as Node).name === 'en'));

const CHINESE = /[\u3400-\u9fff]/;
const hasChinese = (n: Node): boolean =>
  (n.type === 'Literal' && typeof n.value === 'string' && CHINESE.test(n.value)) ||
  (n.type === 'TemplateLiteral' && (n.quasis as Node[]).some((q) => CHINESE.test((q.value as { raw: string }).raw)));

/** Calls of `t` in the inline form — two texts, label halves, or a Chinese text first — converted or not. */
export function bilingualCalls(program: Node): Node[] {
  const calls: Node[] = [];
  walk(program, (n) => {
    if (n.type !== 'CallExpression') return;
    const callee = n.callee as Node;
    const args = n.arguments as Node[];
    if (callee.type !== 'Identifier' || callee.name !== 't' || args.length !== 2 || args[1]!.type === 'ObjectExpression') return;
    // t('ns:key', values) with the values in a variable is the catalog form; a Chinese first text is not.
    if (args.every(looksBilingual) || hasChinese(args[0]!)) calls.push(n);
  });
  return calls;
}

/** Option names i18next reads from the values object; a placeholder must not take one of them. */
const RESERVED = new Set(['lng', 'lngs', 'ns', 'context', 'defaultValue', 'replace', 'interpolation', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'keyPrefix', 'fallbackLng', 'ordinal']);

/** Calls that only reword their argument: the placeholder takes the argument's name. */
const WRAPPERS = new Set(['t', 'tl', 'String', 'Number', 'Boolean', 'translate']);

/**
 * A readable placeholder name for an interpolated expression: `user.username` → username,
 * `appeals.length` → appealsCount, `errorText(e)` → errorText, `Math.round(x.accuracy)` → accuracy;
 * null (then `value`) for anything computed.
 */
function nameOf(n: Node): string | null {
  switch (n.type) {
    case 'Identifier':
      return n.name as string;
    case 'MemberExpression': {
      if (n.computed) return nameOf(n.property as Node);
      const property = (n.property as Node).name as string;
      if (property !== 'length') return property;
      const owner = nameOf(n.object as Node);
      return owner ? `${owner}Count` : 'count';
    }
    case 'ChainExpression':
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'ParenthesizedExpression':
      return nameOf(n.expression as Node);
    case 'LogicalExpression':
      return nameOf(n.left as Node);
    case 'CallExpression': {
      const callee = n.callee as Node;
      const args = n.arguments as Node[];
      if (callee.type === 'Identifier' && !WRAPPERS.has(callee.name as string)) return callee.name as string;
      return args.length ? nameOf(args[args.length - 1]!) : null;
    }
    default:
      return null;
  }
}

interface Converted {
  zh: string;
  en: string;
  /** placeholder → source of the expression */
  values: [string, string][];
}

function convert(code: string, zhArg: Node, enArg: Node): Converted {
  const values: [string, string][] = [];
  const bySource = new Map<string, string>();
  const text = (arg: Node): string => {
    if (arg.type === 'Literal') return arg.value as string;
    const quasis = arg.quasis as Node[];
    const expressions = arg.expressions as Node[];
    let out = '';
    quasis.forEach((q, i) => {
      out += (q.value as { cooked: string }).cooked;
      const e = expressions[i];
      if (!e) return;
      const source = code.slice(e.start, e.end);
      const norm = source.replace(/\s+/g, ' ');
      let name = bySource.get(norm);
      if (!name) {
        let base = nameOf(e) ?? 'value';
        if (!/^[A-Za-z_]\w*$/.test(base) || RESERVED.has(base)) base = `${base.replace(/\W/g, '') || 'value'}Value`;
        name = base;
        for (let k = 2; values.some(([v]) => v === name); k++) name = `${base}${k}`;
        bySource.set(norm, name);
        values.push([name, source]);
      }
      out += `{{${name}}}`;
    });
    return out;
  };
  return { zh: text(zhArg), en: text(enArg), values };
}

/** Where a namespace may reuse a pair's key: the phone apps load only their own namespaces, not `common`. */
const FALLBACK: Record<string, string[]> = { common: ['common'], mobile: ['mobile'], worker: ['worker', 'mobile'] };

/** The key of a (zh, en) pair in `ns`: an existing one (own namespace, then common) or a new slug. */
function keyFor(catalogs: Catalogs, ns: string, zh: string, en: string): string {
  for (const where of FALLBACK[ns] ?? [ns, 'common']) {
    const c = catalogs.get(where);
    if (!c) continue;
    for (const [key, z] of Object.entries(c['zh-CN'])) if (z === zh && c.en[key] === en) return `${where}:${key}`;
  }
  const c = catalogs.get(ns) ?? { 'zh-CN': {}, en: {} };
  catalogs.set(ns, c);
  const base = slug(en || zh);
  let key = base;
  for (let k = 2; key in c['zh-CN'] || key in c.en; k++) key = `${base}-${k}`;
  c['zh-CN'][key] = zh;
  c.en[key] = en;
  return `${ns}:${key}`;
}

/** Adds `import { name } from '<web/src/…>'` after the file's imports when the name is not imported yet. */
function ensureImport(file: string, code: string, name: string, module: string): string {
  if (new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from`).test(code)) return code;
  let from = path.relative(path.dirname(file), path.join(WEB_SRC, module)).split(path.sep).join('/');
  if (!from.startsWith('.')) from = `./${from}`;
  const body = (parseSync(file, code).program as unknown as Node).body as Node[];
  const last = body.filter((n) => n.type === 'ImportDeclaration').at(-1);
  const at = last ? last.end : 0;
  return `${code.slice(0, at)}${last ? '\n' : ''}import { ${name} } from '${from}';${last ? '' : '\n'}${code.slice(at)}`;
}

/**
 * A known enumeration's label table written out by hand (`export const STATUS_LABELS: Record<AppealStatus,
 * Bilingual> = { registered: { zh, en }, … }`) becomes `enumLabels<AppealStatus>('appeal-status')`; codes
 * the `enums` catalog lacks are added to it (gen-labels.ts still owns the groups named by the server).
 */
function enumTables(file: string, code: string, catalogs: Catalogs, converted: number): { code: string; converted: number } {
  const program = parseSync(file, code).program as unknown as Node;
  const tables: { decl: Node; prefix: string; codeType: string; entries: [string, string, string][] }[] = [];
  walk(program, (n) => {
    if (n.type !== 'VariableDeclarator' || (n.id as Node).type !== 'Identifier') return;
    const prefix = ENUM_TABLES[(n.id as Node).name as string];
    const init = n.init as Node | null;
    if (!prefix || init?.type !== 'ObjectExpression') return;
    const entries: [string, string, string][] = [];
    for (const p of init.properties as Node[]) {
      const key = p.key as Node | undefined;
      const value = p.value as Node | undefined;
      const name = key?.type === 'Identifier' ? (key.name as string) : key?.type === 'Literal' ? String(key.value) : null;
      if (p.type !== 'Property' || p.computed || !name || !value || !isLabelLiteral(value)) return;
      const [zh, en] = (value.properties as Node[]).map((q) => (q.value as Node).value as string);
      if (zh === undefined || en === undefined) return;
      entries.push([name, zh, en]);
    }
    const annotation = (n.id as Node).typeAnnotation as Node | null;
    const typeText = annotation ? code.slice(annotation.start, annotation.end) : '';
    const codeType = /Record<\s*([^,]+?)\s*,\s*Bilingual\s*>/.exec(typeText)?.[1] ?? 'string';
    tables.push({ decl: n, prefix, codeType, entries });
  });
  if (!tables.length) return { code, converted };
  const enums = catalogs.get(ENUMS) ?? { 'zh-CN': {}, en: {} };
  catalogs.set(ENUMS, enums);
  for (const { decl, prefix, codeType, entries } of tables.sort((a, b) => b.decl.start - a.decl.start)) {
    for (const [value, zh, en] of entries) {
      const key = `${prefix}.${value}`;
      if (!(key in enums['zh-CN'])) enums['zh-CN'][key] = zh;
      if (!(key in enums.en)) enums.en[key] = en;
    }
    const id = decl.id as Node;
    code = `${code.slice(0, decl.start)}${id.name as string} = enumLabels<${codeType}>('${prefix}')${code.slice(decl.end)}`;
    converted += entries.length;
  }
  code = ensureImport(file, code, 'enumLabels', 'shared/enums');
  // The tables were the only users of the Bilingual type in a labels file.
  if (code.split(/\bBilingual\b/).length === 2) {
    code = code.replace(/^import type \{ Bilingual \} from '[^']+';\n/m, '').replace(/,\s*type Bilingual\b/, '').replace(/\btype Bilingual,\s*/, '');
  }
  return { code, converted };
}

/** `{ zh: '…', en: '…' }` with literal texts: a label written inline in a table or a function. */
export function isLabelLiteral(n: Node): boolean {
  if (n.type !== 'ObjectExpression') return false;
  const props = n.properties as Node[];
  const named = (p: Node, name: string) => p.type === 'Property' && !p.computed && (p.key as Node).type === 'Identifier' && (p.key as Node).name === name && isText(p.value as Node);
  return props.length === 2 && named(props[0]!, 'zh') && named(props[1]!, 'en');
}

/**
 * Inline labels become `bilingual('ns:key', values)` (web/src/shared/i18n.tsx), which reads both texts
 * from the catalogs, and the file imports `bilingual` when it does not yet.
 */
function labelLiterals(file: string, code: string, catalogs: Catalogs, ns: string, converted: number): { code: string; converted: number } {
  const program = parseSync(file, code).program as unknown as Node;
  const literals: Node[] = [];
  walk(program, (n) => {
    if (isLabelLiteral(n)) literals.push(n);
  });
  if (!literals.length) return { code, converted };
  for (const lit of literals.sort((a, b) => b.start - a.start)) {
    const [zh, en] = (lit.properties as Node[]).map((p) => p.value as Node) as [Node, Node];
    const { zh: zhText, en: enText, values } = convert(code, zh, en);
    const key = keyFor(catalogs, ns, zhText, enText);
    const object = values.map(([name, source]) => (name === source ? name : `${name}: ${source}`)).join(', ');
    code = code.slice(0, lit.start) + (values.length ? `bilingual('${key}', { ${object} })` : `bilingual('${key}')`) + code.slice(lit.end);
    converted++;
  }
  code = ensureImport(file, code, 'bilingual', 'shared/i18n');
  return { code, converted };
}

/**
 * `t(label.zh, label.en)` becomes `tl(label)`, and `tl` joins the nearest `const { t } = useI18n()` above
 * the call when it is not there yet.
 */
function labelCalls(file: string, code: string): string {
  for (;;) {
    const program = parseSync(file, code).program as unknown as Node;
    const call = bilingualCalls(program).find((c) => {
      const [zh, en] = c.arguments as [Node, Node];
      return zh.type === 'MemberExpression' && en.type === 'MemberExpression' && !zh.computed && !en.computed && (zh.property as Node).name === 'zh' && (en.property as Node).name === 'en' && source(code, zh.object as Node) === source(code, en.object as Node);
    });
    if (!call) return code;
    const label = code.slice((call.arguments as Node[])[0]!.start, ((call.arguments as Node[])[0]!.object as Node).end);
    const patterns: Node[] = [];
    walk(program, (n) => {
      if (n.type !== 'VariableDeclarator' || (n.id as Node).type !== 'ObjectPattern') return;
      const init = n.init as Node | null;
      if (init?.type === 'CallExpression' && (init.callee as Node).type === 'Identifier' && (init.callee as Node).name === 'useI18n' && n.start < call.start) patterns.push(n.id as Node);
    });
    const pattern = patterns.sort((a, b) => b.start - a.start)[0];
    const hasTl = !pattern || (pattern.properties as Node[]).some((p) => p.type === 'Property' && (p.key as Node).name === 'tl');
    code = code.slice(0, call.start) + `tl(${label})` + code.slice(call.end);
    if (!hasTl) {
      const close = code.lastIndexOf('}', pattern!.end - 1);
      code = `${code.slice(0, close).trimEnd()}, tl ${code.slice(close)}`;
    }
  }
}

const source = (code: string, n: Node) => code.slice(n.start, n.end).replace(/\s+/g, '');

const T_PARAM = /\(zh: string, en: string\) => string/g;
const T_PARAM_NEW = '(key: string, values?: Record<string, unknown>) => string';

/** Rewrites one file's source; returns the new source and the calls it could not convert. */
export function extractFile(file: string, code: string, catalogs: Catalogs): { code: string; converted: number; left: string[] } {
  const ns = namespaceOf(file);
  let converted = 0;
  if (file === path.join(WEB_SRC, 'shared/i18n.tsx')) return { code, converted, left: [] };
  // Innermost calls first, one pass per nesting level, so that no two edits overlap.
  for (;;) {
    const program = parseSync(file, code).program as unknown as Node;
    const calls = bilingualCalls(program).filter((c) => isText((c.arguments as Node[])[0]) && isText((c.arguments as Node[])[1]));
    const innermost = calls.filter((c) => !calls.some((o) => o !== c && o.start >= c.start && o.end <= c.end));
    if (innermost.length === 0) break;
    for (const call of innermost.sort((a, b) => b.start - a.start)) {
      const [zhArg, enArg] = call.arguments as [Node, Node];
      const { zh, en, values } = convert(code, zhArg, enArg);
      const key = keyFor(catalogs, ns, zh, en);
      const object = values.map(([name, source]) => (name === source ? name : `${name}: ${source}`)).join(', ');
      const replacement = values.length ? `t('${key}', { ${object} })` : `t('${key}')`;
      code = code.slice(0, call.start) + replacement + code.slice(call.end);
      converted++;
    }
  }
  ({ code, converted } = enumTables(file, code, catalogs, converted));
  ({ code, converted } = labelLiterals(file, code, catalogs, ns, converted));
  code = labelCalls(file, code);
  code = code.replace(T_PARAM, T_PARAM_NEW);
  const program = parseSync(file, code).program as unknown as Node;
  const left = bilingualCalls(program).map((c) => `${path.relative(ROOT, file)}:${code.slice(0, c.start).split('\n').length}: ${code.slice(c.start, c.end).slice(0, 100)}`);
  return { code, converted, left };
}

function main() {
  const dryRun = process.argv.includes('--dry-run');
  const catalogs = loadCatalogs();
  let total = 0;
  const left: string[] = [];
  const changed: string[] = [];
  for (const file of sourceFiles()) {
    const before = readFileSync(file, 'utf8');
    const result = extractFile(file, before, catalogs);
    total += result.converted;
    left.push(...result.left);
    if (result.code !== before) {
      changed.push(path.relative(ROOT, file));
      if (!dryRun) writeFileSync(file, result.code);
    }
  }
  if (process.argv.includes('--prune')) {
    const used = new Set<string>();
    for (const file of sourceFiles()) for (const { key } of usedKeys({ file, code: readFileSync(file, 'utf8') })) used.add(key.includes(':') ? key : `common:${key}`);
    let pruned = 0;
    for (const [ns, entry] of catalogs) {
      if (ns === ENUMS) continue;
      for (const key of Object.keys(entry['zh-CN'])) {
        if (used.has(`${ns}:${key}`)) continue;
        delete entry['zh-CN'][key];
        delete entry.en[key];
        pruned++;
      }
    }
    console.log(`pruned ${pruned} keys no code names`);
  }
  const written = dryRun ? [] : saveCatalogs(catalogs);
  console.log(`${dryRun ? 'would convert' : 'converted'} ${total} calls in ${changed.length} files; ${written.length} catalog files written`);
  for (const f of changed) console.log(`  ${f}`);
  if (left.length) {
    console.error(`\n${left.length} calls look bilingual but are not literal texts; give them keys by hand:`);
    for (const l of left) console.error(`  ${l}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'scripts/i18n-extract.ts')) main();
