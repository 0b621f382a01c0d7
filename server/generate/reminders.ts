/**
 * Demo 小闹钟: dated items on household files of the demo grid worker's grid (低保 reviews, elderly allowance
 * checks, a disability certificate already past due) and on firms of the county (licences, one expired),
 * due over the next weeks, then one run of the reminders job, so the outbox, the grid worker's workbench
 * and the console's list show them. Deterministic: the first people and firms by id; idempotent.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNotNull, like } from 'drizzle-orm';
import type { Vault } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { enterprises } from '../modules/enterprises/enterprises.tables.js';
import { people } from '../modules/households/households.tables.js';
import { installReminderKinds } from '../modules/reminders/reminders.kinds.js';
import { sendDueReminders } from '../modules/reminders/reminders.job.js';
import { addDays, chinaToday } from '../modules/reminders/reminders.service.js';
import { datedItems } from '../modules/reminders/reminders.tables.js';

/** Person items: kind, days from today, note. */
const PERSON_ITEMS: [string, number, string | null][] = [
  ['dibao_review', 5, '年度复核，需携带收入证明'],
  ['dibao_review', 21, null],
  ['elderly_allowance_check', 12, '本人到场或视频认证'],
  ['elderly_allowance_check', 40, null],
  ['disability_certificate', -3, '换证材料已告知家属'],
  ['disability_certificate', 55, null],
];
const FIRM_ITEMS: [number, string | null][] = [
  [25, '食品经营许可证'],
  [-2, '排污许可证，已联系企业'],
  [50, '营业执照年报'],
];

export async function generateDemoReminders(database: Database, vault: Vault, opts: { grid: string; county: string; now: Date }): Promise<number> {
  const db = database.db;
  await installReminderKinds(db);
  const [{ n }] = await db.select({ n: count() }).from(datedItems).where(like(datedItems.regionCode, `${opts.county}%`));
  if (Number(n) > 0) return 0;
  const today = chinaToday(opts.now);
  const folks = await db
    .select({ id: people.id, householdId: people.householdId, gridCode: people.gridCode })
    .from(people)
    .where(and(eq(people.gridCode, opts.grid), eq(people.status, 'active'), isNotNull(people.householdId), isNotNull(people.phoneEnc)))
    .orderBy(asc(people.id))
    .limit(PERSON_ITEMS.length);
  const firms = await db
    .select({ id: enterprises.id, regionCode: enterprises.regionCode })
    .from(enterprises)
    .where(and(like(enterprises.regionCode, `${opts.county}%`), isNotNull(enterprises.contactPhoneEnc)))
    .orderBy(asc(enterprises.id))
    .limit(FIRM_ITEMS.length);
  const rows: (typeof datedItems.$inferInsert)[] = [
    ...folks.map((p, i) => ({ id: randomUUID(), kind: PERSON_ITEMS[i][0], personId: p.id, householdId: p.householdId, regionCode: p.gridCode, dueDate: addDays(today, PERSON_ITEMS[i][1]), note: PERSON_ITEMS[i][2], createdBy: 'system' })),
    ...firms.map((f, i) => ({ id: randomUUID(), kind: 'business_licence', enterpriseId: f.id, regionCode: f.regionCode, dueDate: addDays(today, FIRM_ITEMS[i][0]), note: FIRM_ITEMS[i][1], createdBy: 'system' })),
  ];
  if (!rows.length) return 0;
  await db.insert(datedItems).values(rows);
  // The job's first run: those within their days ahead are reminded now (once), the rest later.
  await sendDueReminders(database, vault, opts.now);
  return rows.length;
}
