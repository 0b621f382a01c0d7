/**
 * `npm run check:i18n`: the web's catalogs are complete.
 *
 * Fails when
 * - a key is in one language's catalog and not in the other's (or a namespace file is missing);
 * - code names a key that no catalog has: t('ns:key'), t('key') (namespace `common`), translate('ns:key'),
 *   translateIn(language, 'ns:key'),
 *   bilingual('ns:key'); or, in a phone app, names a namespace the app does not bundle;
 * - an inline pair t('中文', 'English') or label { zh: '中文', en: 'English' } is left (convert it:
 *   `npx tsx scripts/i18n-extract.ts`).
 * Keys built at run time (t(`enums:status.${s}`)) are checked where they are built: gen-labels.ts keeps
 * the enum namespace complete.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'oxc-parser';
import { LANGUAGES, loadCatalogs, namespaceOf, ROOT, sourceFiles, type Catalogs } from './i18n-catalogs.js';
import { bilingualCalls, isLabelLiteral, walk, type Node } from './i18n-extract.js';

export interface Source {
  file: string;
  code: string;
}

/** Keys in one language and not the other. */
export function missingTranslations(catalogs: Catalogs): string[] {
  const problems: string[] = [];
  for (const [ns, entry] of catalogs) {
    for (const language of LANGUAGES) {
      const other = LANGUAGES.find((l) => l !== language)!;
      for (const key of Object.keys(entry[language])) {
        if (!(key in entry[other])) problems.push(`${ns}:${key} is in ${language} but not in ${other}`);
        else if (entry[language][key] === '') problems.push(`${ns}:${key} is empty in ${language}`);
      }
    }
  }
  return problems;
}

/** Literal keys the code names, with their places. */
export function usedKeys({ file, code }: Source): { key: string; at: string }[] {
  const used: { key: string; at: string }[] = [];
  walk(parseSync(file, code).program as unknown as Node, (n) => {
    if (n.type !== 'CallExpression') return;
    const callee = n.callee as Node;
    const first = (n.arguments as Node[])[0];
    if (callee.type === 'Identifier' && callee.name === 'translateIn') {
      const key = (n.arguments as Node[])[1];
      if (key?.type === 'Literal' && typeof key.value === 'string') used.push({ key: key.value, at: `${path.relative(ROOT, file)}:${code.slice(0, n.start).split('\n').length}` });
      return;
    }
    if (callee.type !== 'Identifier' || !['t', 'translate', 'bilingual'].includes(callee.name as string)) return;
    if (first?.type !== 'Literal' || typeof first.value !== 'string') return;
    // t('中文', 'English'): an inline pair, reported as such below.
    const second = (n.arguments as Node[])[1];
    if (second && (second.type === 'TemplateLiteral' || (second.type === 'Literal' && typeof second.value === 'string'))) return;
    used.push({ key: first.value, at: `${path.relative(ROOT, file)}:${code.slice(0, n.start).split('\n').length}` });
  });
  return used;
}

/** The namespaces each phone app bundles (its entry.tsx); the console bundles them all. */
const LOADED: Record<string, string[]> = { mobile: ['mobile', 'enums'], worker: ['worker', 'mobile', 'enums'] };

function namespaceOfKey(fullKey: string): string {
  const colon = fullKey.indexOf(':');
  return colon < 0 ? 'common' : fullKey.slice(0, colon);
}

function hasKey(catalogs: Catalogs, fullKey: string): boolean {
  const colon = fullKey.indexOf(':');
  const [ns, key] = colon < 0 ? ['common', fullKey] : [fullKey.slice(0, colon), fullKey.slice(colon + 1)];
  const entry = catalogs.get(ns);
  return !!entry && key in entry['zh-CN'] && key in entry.en;
}

/** Every problem in the catalogs and the sources; empty when all is well. */
export function checkI18n(catalogs: Catalogs, sources: Source[]): string[] {
  const problems = missingTranslations(catalogs);
  for (const source of sources) {
    const loaded = LOADED[namespaceOf(source.file)];
    for (const { key, at } of usedKeys(source)) {
      if (!hasKey(catalogs, key)) problems.push(`${at}: ${key} is in no catalog`);
      else if (loaded && !loaded.includes(namespaceOfKey(key))) problems.push(`${at}: ${key} is not in a namespace this phone app loads (${loaded.join(', ')})`);
    }
    const program = parseSync(source.file, source.code).program as unknown as Node;
    walk(program, (n) => {
      if (!isLabelLiteral(n)) return;
      const line = source.code.slice(0, n.start).split('\n').length;
      problems.push(`${path.relative(ROOT, source.file)}:${line}: inline label ${source.code.slice(n.start, n.end).slice(0, 80)} (run npx tsx scripts/i18n-extract.ts)`);
    });
    for (const call of bilingualCalls(program)) {
      const line = source.code.slice(0, call.start).split('\n').length;
      problems.push(`${path.relative(ROOT, source.file)}:${line}: inline text ${source.code.slice(call.start, call.end).slice(0, 80)} (run npx tsx scripts/i18n-extract.ts)`);
    }
  }
  return problems;
}

function main() {
  const sources = sourceFiles().map((file) => ({ file, code: readFileSync(file, 'utf8') }));
  const catalogs = loadCatalogs();
  const problems = checkI18n(catalogs, sources);
  if (problems.length) {
    console.error(`check:i18n: ${problems.length} problems`);
    for (const p of problems) console.error(`  ${p}`);
    process.exitCode = 1;
    return;
  }
  const used = new Set(sources.flatMap((source) => usedKeys(source).map(({ key }) => (key.includes(':') ? key : `common:${key}`))));
  const unused = [...catalogs].flatMap(([ns, c]) => (ns === 'enums' ? [] : Object.keys(c['zh-CN']).filter((k) => !used.has(`${ns}:${k}`))));
  if (unused.length) console.log(`check:i18n: note: ${unused.length} keys no code names; drop them with npx tsx scripts/i18n-extract.ts --prune`);
  const keys = [...catalogs.values()].reduce((n, c) => n + Object.keys(c['zh-CN']).length, 0);
  console.log(`check:i18n: ${catalogs.size} namespaces, ${keys} keys in zh-CN and en, ${sources.length} files use only catalog keys`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'scripts/i18n-check.ts')) main();
