/**
 * The display names of the server's enumerations, from the server's own tables into the web's `enums`
 * catalog (web/src/locales/{zh-CN,en}/enums.json), so that no label is copied by hand.
 *
 *   npm run gen:labels          rewrites the generated entries of enums.json
 *   tsx scripts/gen-labels.ts --check   (part of `npm run check:api`) fails when enums.json is out of date
 *
 * Each group `<prefix>.<code>` below is owned by the server: its codes, their order and the texts the
 * server has (both languages for statuses, actions, roles, levels, risk levels; Chinese only for channels, ratings,
 * findings, services, whose English is written once in en/enums.json and kept). Other groups of
 * enums.json (urgency, clock, boxes, event types…) name codes the server has no names for; they are kept
 * as they are. The web reads every group through enumLabels() (web/src/shared/enums.ts).
 */
import path from 'node:path';
import { ACTIONS, STATUS_NAMES } from '../server/modules/appeals/appeals.workflow.js';
import { CHANNEL_NAMES } from '../server/modules/appeals/appeals.register.js';
import { RATING_NAMES } from '../server/modules/appeals/appeals.closing.js';
import { RISK_LEVELS } from '../server/modules/households/households.config.js';
import { LEVEL_NAMES } from '../server/modules/regions/regions.import.js';
import { FINDING_NAMES, SERVICE_KINDS } from '../server/modules/visits/visits.service.js';
import { ROLE_NAMES } from '../server/platform/access.js';
import { HELPER_KIND_NAMES, WISH_ACTIONS, WISH_STATUS_NAMES } from '../server/modules/wishes/wishes.workflow.js';
import { HELPER_KIND_NAMES as PERSON_KIND_NAMES, NEED_ACTIONS, NEED_STATUS_NAMES, RESOURCE_KIND_NAMES } from '../server/modules/volunteers/volunteers.workflow.js';
import { ENUMS, loadCatalogs, ROOT, saveCatalogs, type Catalogs } from './i18n-catalogs.js';

type Names = Record<string, { zh: string; en?: string }>;

const zhOnly = (names: Record<string, string>): Names => Object.fromEntries(Object.entries(names).map(([code, zh]) => [code, { zh }]));
/** The workflow's action names are phrases for sentences ("cannot accept"); as a button they start upper-case. */
const capitalised = (en: string) => en.charAt(0).toUpperCase() + en.slice(1);

/** prefix → the server's names, in the server's order. */
export const SERVER_GROUPS: Record<string, Names> = {
  role: ROLE_NAMES,
  level: LEVEL_NAMES,
  'appeal-status': STATUS_NAMES,
  'appeal-action': Object.fromEntries(Object.entries(ACTIONS).map(([code, a]) => [code, { zh: a.zh, en: capitalised(a.en) }])),
  'appeal-channel': zhOnly(CHANNEL_NAMES),
  'requester-rating': zhOnly(RATING_NAMES),
  'visit-finding': zhOnly(FINDING_NAMES),
  'service-kind': zhOnly(SERVICE_KINDS),
  'risk-level': Object.fromEntries(Object.entries(RISK_LEVELS).map(([code, r]) => [code, { zh: r.zh, en: capitalised(r.en) }])),
  'wish-status': Object.fromEntries(Object.entries(WISH_STATUS_NAMES).map(([code, r]) => [code, { zh: r.zh, en: capitalised(r.en) }])),
  'wish-action': Object.fromEntries(Object.entries(WISH_ACTIONS).map(([code, a]) => [code, { zh: a.zh, en: capitalised(a.en) }])),
  'need-status': Object.fromEntries(Object.entries(NEED_STATUS_NAMES).map(([code, r]) => [code, { zh: r.zh, en: capitalised(r.en) }])),
  'need-action': Object.fromEntries(Object.entries(NEED_ACTIONS).map(([code, a]) => [code, { zh: a.zh, en: capitalised(a.en) }])),
  'resource-kind': Object.fromEntries(Object.entries(RESOURCE_KIND_NAMES).map(([code, r]) => [code, { zh: r.zh, en: capitalised(r.en) }])),
  'person-kind': Object.fromEntries(Object.entries(PERSON_KIND_NAMES).map(([code, r]) => [code, { zh: r.zh, en: capitalised(r.en) }])),
  'helper-kind': Object.fromEntries(Object.entries(HELPER_KIND_NAMES).map(([code, r]) => [code, { zh: r.zh, en: capitalised(r.en) }])),
};

/** The enums namespace with the server's groups brought up to date; problems name missing English. */
export function generate(catalogs: Catalogs): { zh: Record<string, string>; en: Record<string, string>; problems: string[] } {
  const current = catalogs.get(ENUMS) ?? { 'zh-CN': {}, en: {} };
  const zh: Record<string, string> = {};
  const en: Record<string, string> = {};
  const problems: string[] = [];
  for (const [prefix, names] of Object.entries(SERVER_GROUPS)) {
    for (const [code, name] of Object.entries(names)) {
      const key = `${prefix}.${code}`;
      zh[key] = name.zh;
      const english = name.en ?? current.en[key];
      if (english) en[key] = english;
      else problems.push(`${key} (${name.zh}) has no English: add it to web/src/locales/en/enums.json`);
    }
  }
  const owned = (key: string) => key.split('.')[0]! in SERVER_GROUPS;
  for (const [key, text] of Object.entries(current['zh-CN'])) if (!owned(key)) zh[key] = text;
  for (const [key, text] of Object.entries(current.en)) if (!owned(key)) en[key] = text;
  return { zh, en, problems };
}

function main() {
  const check = process.argv.includes('--check');
  const catalogs = loadCatalogs();
  const { zh, en, problems } = generate(catalogs);
  if (problems.length) {
    for (const p of problems) console.error(`gen-labels: ${p}`);
    process.exitCode = 1;
    return;
  }
  if (check) {
    const current = catalogs.get(ENUMS);
    const same = (a: Record<string, string> | undefined, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
    if (!current || !same(current['zh-CN'], zh) || !same(current.en, en)) {
      console.error('gen-labels: web/src/locales/*/enums.json is out of date with the server\'s names; run `npm run gen:labels` and commit');
      process.exitCode = 1;
    } else console.log('gen-labels: enums.json matches the server\'s names');
    return;
  }
  catalogs.set(ENUMS, { 'zh-CN': zh, en });
  const written = saveCatalogs(catalogs);
  console.log(written.length ? `gen-labels: wrote ${written.join(', ')}` : 'gen-labels: enums.json already up to date');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'scripts/gen-labels.ts')) main();
