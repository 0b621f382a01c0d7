/**
 * 多诉统办 in the demo: on the desk of 习溪桥街道, problems reported twice in other words by other people
 * a few dozen metres apart (each repeat's page suggests the first, the register form suggests both),
 * and residents who said 我也遇到 on the first reports. Through the register service, as the QR page
 * registers them; idempotent (a problem already there is left alone).
 */
import { and, asc, eq, like } from 'drizzle-orm';
import type { Database } from '../platform/db.js';
import type { Vault } from '../platform/crypto.js';
import { createAppeal } from '../modules/appeals/appeals.register.js';
import { appealAffected, appeals } from '../modules/appeals/appeals.tables.js';
import { grids } from '../modules/grids/grids.tables.js';
import { PROBLEMS } from './duplicates-eval.js';

const METRE = 1 / 111_320;
/** Problem (PROBLEMS index), how many said 我也遇到 on the first report. */
const CASES: [number, number][] = [
  [0, 3],
  [6, 1],
  [8, 5],
  [14, 2],
];

export async function generateDemoDuplicates(database: Database, vault: Vault, community: string): Promise<number> {
  const db = database.db;
  const places = await db.select({ code: grids.code, lon: grids.centroidLon, lat: grids.centroidLat }).from(grids).where(like(grids.code, `${community}%`)).orderBy(asc(grids.code)).limit(CASES.length);
  let made = 0;
  for (const [i, [problem, metoo]] of CASES.entries()) {
    const at = places[i % places.length];
    if (!at) break;
    const p = PROBLEMS[problem];
    const [already] = await db.select({ id: appeals.id }).from(appeals).where(and(eq(appeals.gridCode, at.code), eq(appeals.content, p.texts[0]))).limit(1);
    if (already) continue;
    const first = await createAppeal({ database, vault }, { ctx: null, source: 'public' }, {
      channel: 'qr',
      requester: { kind: 'resident', name: '周女士', phone: `1390796${String(5100 + i * 10).padStart(4, '0')}` },
      content: p.texts[0],
      categoryCode: p.category,
      location: { lon: at.lon, lat: at.lat },
      placeCode: at.code,
    });
    await createAppeal({ database, vault }, { ctx: null, source: 'public' }, {
      channel: 'qr',
      requester: { kind: 'resident', name: '吴先生', phone: `1390796${String(5101 + i * 10).padStart(4, '0')}` },
      content: p.texts[2],
      categoryCode: p.category,
      location: { lon: at.lon + (35 * METRE) / Math.cos((at.lat * Math.PI) / 180), lat: at.lat },
      placeCode: at.code,
    });
    for (let k = 0; k < metoo; k++) {
      const phone = `1390797${String(i * 10 + k).padStart(4, '0')}`;
      await db.insert(appealAffected).values({ appealId: first.id, phoneIndex: vault.blindIndex('phone', phone), phoneEnc: vault.encrypt(phone) }).onConflictDoNothing();
    }
    made += 2;
  }
  return made;
}
