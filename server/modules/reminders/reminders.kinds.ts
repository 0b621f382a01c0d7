/**
 * The kinds of dated items (小闹钟) as data: shipped defaults an administrator can tune (how many days ahead
 * each reminds), audited.
 */
import { asc, eq } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { reminderKinds } from './reminders.tables.js';

type Subject = 'person' | 'enterprise';

export interface KindView {
  code: string;
  name: string;
  subject: Subject;
  daysBefore: number[];
  active: boolean;
}

/** The shipped kinds: 低保 review, the elderly allowance's yearly check, the disability certificate, a firm's licence. */
const DEFAULT_KINDS: KindView[] = [
  { code: 'dibao_review', name: '低保复核', subject: 'person', daysBefore: [30, 7], active: true },
  { code: 'elderly_allowance_check', name: '高龄津贴年审', subject: 'person', daysBefore: [30, 7], active: true },
  { code: 'disability_certificate', name: '残疾人证到期', subject: 'person', daysBefore: [60, 30, 7], active: true },
  { code: 'business_licence', name: '企业证照到期', subject: 'enterprise', daysBefore: [60, 30, 7], active: true },
];

/** Installs the shipped kinds the database lacks (an edited kind is never overwritten). */
export async function installReminderKinds(db: DbOrTx): Promise<void> {
  await db
    .insert(reminderKinds)
    .values(DEFAULT_KINDS.map((k, i) => ({ ...k, sort: i })))
    .onConflictDoNothing();
}

const view = (r: typeof reminderKinds.$inferSelect): KindView => ({ code: r.code, name: r.name, subject: r.subject as Subject, daysBefore: r.daysBefore, active: r.active });

export async function allKinds(db: DbOrTx): Promise<KindView[]> {
  await installReminderKinds(db);
  return (await db.select().from(reminderKinds).orderBy(asc(reminderKinds.sort), asc(reminderKinds.code))).map(view);
}

export async function listKinds(db: DbOrTx, actor: Actor): Promise<KindView[]> {
  authorize(actor, 'reminders.read');
  return allKinds(db);
}

/** Sets how many days ahead a kind reminds (admin): distinct whole days, 1–366, audited. */
export async function setKindDays(database: Database, ctx: RequestContext, code: string, daysBefore: number[]): Promise<KindView> {
  authorize(ctx.actor, 'reminders.configure');
  if (new Set(daysBefore).size !== daysBefore.length) throw new AppError('reminder_days_repeated', { field: 'body.daysBefore' }, [{ field: 'body.daysBefore', rule: 'unique' }]);
  await installReminderKinds(database.db);
  const sorted = [...daysBefore].sort((a, b) => b - a);
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(reminderKinds).where(eq(reminderKinds.code, code)).for('update');
    if (!before) throw notFound('提醒类型', 'Reminder kind');
    const [row] = await tx.update(reminderKinds).set({ daysBefore: sorted }).where(eq(reminderKinds.code, code)).returning();
    await audit(tx, ctx, { action: 'reminder_kind.update', targetType: 'reminder_kind', targetId: code, regionCode: '', details: { before: before.daysBefore, after: sorted } });
    return view(row);
  });
}
