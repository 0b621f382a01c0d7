/**
 * The web's string catalogs on disk, shared by the codemod (i18n-extract.ts), the check (i18n-check.ts)
 * and the enum labels' generator (gen-labels.ts).
 *
 * web/src/locales/<language>/<namespace>.json holds flat { key: text } objects; keys never contain ':'
 * (it separates the namespace) and the runtime has no key separator, so enums' '<group>.<code>' stay whole. Files are written with
 * sorted keys (the `enums` namespace keeps its codes in order) so that two branches adding keys merge line by line
 * and a re-run rewrites nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_SRC = path.join(ROOT, 'web/src');
export const LOCALES = path.join(WEB_SRC, 'locales');
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type CatalogLanguage = (typeof LANGUAGES)[number];

/** One namespace in both languages: key → text. */
export interface Namespace {
  'zh-CN': Record<string, string>;
  en: Record<string, string>;
}
export type Catalogs = Map<string, Namespace>;

/**
 * The namespace a source file's strings belong to: its feature folder, `worker` for the grid worker's
 * app, `mobile` for the residents' pages, `common` for the console's shell and shared code.
 */
export function namespaceOf(file: string): string {
  const rel = path.relative(WEB_SRC, file).split(path.sep).join('/');
  const feature = /^features\/([^/]+)\//.exec(rel);
  if (feature) return feature[1]!;
  if (rel.startsWith('mobile/worker/')) return 'worker';
  if (rel.startsWith('mobile/')) return 'mobile';
  return 'common';
}

export function loadCatalogs(dir = LOCALES): Catalogs {
  const catalogs: Catalogs = new Map();
  for (const language of LANGUAGES) {
    const folder = path.join(dir, language);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
      const ns = file.slice(0, -'.json'.length);
      const entry = catalogs.get(ns) ?? { 'zh-CN': {}, en: {} };
      entry[language] = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Record<string, string>;
      catalogs.set(ns, entry);
    }
  }
  return catalogs;
}

/** The namespace whose order is the enumerations' own (lists show codes in that order), not sorted. */
export const ENUMS = 'enums';

/**
 * The web's label tables of enumerations and their group in the `enums` catalog. A table written out
 * by hand again (a branch that predates the catalogs) is folded back by the codemod.
 */
export const ENUM_TABLES: Record<string, string> = {
  ROLE_LABELS: 'role',
  ORG_KIND_LABELS: 'org-kind',
  GRID_WORKER_KIND_LABELS: 'grid-worker-kind',
  LEVEL_LABELS: 'level',
  LEVEL_SHORT_LABELS: 'level-short',
  GRID_KIND_LABELS: 'grid-kind',
  AUDIT_ACTION_LABELS: 'audit-action',
  ACTOR_KIND_LABELS: 'actor-kind',
  STATUS_LABELS: 'appeal-status',
  CHANNEL_LABELS: 'appeal-channel',
  URGENCY_LABELS: 'urgency',
  CLOCK_LABELS: 'appeal-clock',
  BOX_LABELS: 'appeal-box',
  REQUESTER_KIND_LABELS: 'requester-kind',
  ACTION_LABELS: 'appeal-action',
  EVENT_LABELS: 'appeal-event',
  REQUESTER_RATING_LABELS: 'requester-rating',
  ORG_RATING_LABELS: 'org-rating',
  EVALUATION_METHOD_LABELS: 'evaluation-method',
  EVALUATION_KIND_LABELS: 'evaluation-kind',
  REQUEST_KIND_LABELS: 'request-kind',
  REQUEST_STATUS_LABELS: 'request-status',
  LIMIT_UNIT_LABELS: 'limit-unit',
  PART_ROLE_LABELS: 'part-role',
  PART_STATUS_LABELS: 'part-status',
  PAUSE_REASON_LABELS: 'pause-reason',
  OUTCOME_LABELS: 'visit-outcome',
  FINDING_LABELS: 'visit-finding',
  SERVICE_LABELS: 'service-kind',
  FLAG_LABELS: 'visit-flag',
  CHANGE_STATUS_LABELS: 'file-change-status',
};

export function formatCatalog(entries: Record<string, string>, sorted = true): string {
  const out = sorted ? Object.fromEntries(Object.keys(entries).sort().map((k) => [k, entries[k]])) : entries;
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Writes the namespaces whose text changed; returns the files written. */
export function saveCatalogs(catalogs: Catalogs, dir = LOCALES): string[] {
  const written: string[] = [];
  for (const [ns, entry] of [...catalogs].sort(([a], [b]) => a.localeCompare(b))) {
    for (const language of LANGUAGES) {
      const file = path.join(dir, language, `${ns}.json`);
      const text = formatCatalog(entry[language], ns !== ENUMS);
      if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      written.push(file);
    }
  }
  return written;
}

/** 'Edit account: {{username}}' → 'edit-account-username', cut at a word boundary to stay readable. */
export function slug(english: string, max = 48): string {
  const words = english
    .replace(/\{\{\s*(\w+)\s*\}\}/g, ' $1 ')
    .replace(/['’]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > max && out) break;
    out = next;
  }
  return out.slice(0, max) || 'text';
}

/** Every web source file the catalogs cover (tests and generated types excluded). */
export function sourceFiles(dir = WEB_SRC): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'locales') walk(p);
      } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.gen.ts') && !name.endsWith('.d.ts')) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}
