/**
 * Appeal numbers (编号): 360802-20261205-0042, the county, the China day of registration and a serial.
 *
 * The serial comes from a PostgreSQL sequence per county (`appeal_number_360802`), created on the
 * county's first appeal. A sequence is not a row: `nextval` takes no lock that lasts until commit, so
 * concurrent registrations of one county do not queue behind each other's commit flush, as they did on
 * the one counter row per county and day (`appeal_sequences`, now only read when a county's sequence is
 * created). Numbers stay unique (the county is in the number, and its sequence never repeats a value),
 * readable, and increase within a county; the serial runs on across days instead of restarting each day,
 * and a registration that fails leaves a gap (a sequence is not rolled back).
 */
import type { Database } from '../../platform/db.js';

const COUNTY = /^\d{6}$/;

/** The sequence of a county's serials. */
export function numberSequence(countyCode: string): string {
  if (!COUNTY.test(countyCode)) throw new Error(`not a county code: ${countyCode}`);
  return `appeal_number_${countyCode}`;
}

// Counties whose sequence exists (or is being made), per database: tests open many databases in one
// process. A failed creation is forgotten, so the next registration tries again.
const known = new WeakMap<Database, Map<string, Promise<void>>>();

/**
 * Makes sure the county's sequence exists before a registration draws from it: a lookup in memory
 * after the first time. The first time creates it (if it does not exist) above every serial the county
 * already has, so numbers issued before the sequence, by the old daily counters or by a bulk load, are
 * never issued again.
 */
export async function ensureNumberSequence(database: Database, countyCode: string): Promise<string> {
  const name = numberSequence(countyCode);
  let counties = known.get(database);
  if (!counties) known.set(database, (counties = new Map()));
  let made = counties.get(countyCode);
  if (!made) {
    made = createSequence(database, countyCode, name);
    counties.set(countyCode, made);
    made.catch(() => counties.delete(countyCode));
  }
  await made;
  return name;
}

const EXISTS = `select 1 as n from pg_class where relkind = 'S' and relname = $1 and pg_table_is_visible(oid)`;

async function createSequence(database: Database, countyCode: string, name: string): Promise<void> {
  if ((await database.query(EXISTS, [name])).length) return;
  try {
    await database.transaction(async (q) => {
      // Created and set in one transaction: nobody draws from it before it starts above the old serials.
      await q(`create sequence if not exists ${name}`);
      await advance(q, countyCode, name);
    });
  } catch (err) {
    // Two instances creating it at once: one wins, the other finds it made (and set) by the winner.
    if (!(await database.query(EXISTS, [name])).length) throw err;
  }
}

/**
 * Moves the county's sequence past every serial its appeals carry (after a bulk load wrote numbers of
 * its own), creating the sequence if need be. Never moves it back. Not for a county registering at the
 * same moment: a value drawn between the read and the set could be drawn again.
 */
export async function syncNumberSequence(database: Database, countyCode: string): Promise<void> {
  const name = await ensureNumberSequence(database, countyCode);
  await advance(database.query.bind(database), countyCode, name);
}

type Q = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

async function advance(q: Q, countyCode: string, name: string): Promise<void> {
  // The highest serial of the county: in its appeals' numbers (the unique index on number serves the
  // range, bounded by digits alone since a collation may ignore the dash) and in the old daily counters.
  await q(
    `select setval('${name}', greatest(s.last_value, m.top), true) from ${name} s,
       (select greatest(
          (select max(substring(number from '^[0-9]{6}-[0-9]{8}-([0-9]{1,18})$')::bigint) from appeals where number >= $2 and number < $3 and left(number, 7) = $1),
          (select max(last) from appeal_sequences where prefix >= $2 and prefix < $3 and left(prefix, 7) = $1)) as top) m
      where m.top is not null and (m.top > s.last_value or not s.is_called)`,
    [`${countyCode}-`, countyCode, String(Number(countyCode) + 1)],
  );
}
