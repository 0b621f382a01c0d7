/**
 * 推送: near a wish campaign's end (its last two days), each unit paired with a community that still
 * has unclaimed wishes gets one SMS through the outbox: how many wishes wait and where the wall is.
 * Once per campaign and unit (wish_pushes), in the transaction that queues the message, so a job run
 * twice, or on two instances, sends it once.
 */
import { and, inArray, isNotNull } from 'drizzle-orm';
import { chinaDay } from '../../platform/china-time.js';
import type { Vault } from '../../platform/crypto.js';
import type { Database } from '../../platform/db.js';
import { queueMessage } from '../notifications/notifications.service.js';
import { unclaimedNearEnd } from '../wishes/wishes.service.js';
import { pairedUnits, wishPushes } from './volunteers.tables.js';

/** Days before a campaign's last day when its paired units are told (its last day included). */
const PUSH_DAYS = 2;

export async function pushUnclaimedWishes(deps: { database: Database; vault: Vault }, now: Date): Promise<number> {
  const db = deps.database.db;
  const waiting = await unclaimedNearEnd(db, chinaDay(now), PUSH_DAYS - 1);
  if (!waiting.length) return 0;
  const units = await db
    .select()
    .from(pairedUnits)
    .where(and(inArray(pairedUnits.regionCode, [...new Set(waiting.map((w) => w.community))]), isNotNull(pairedUnits.phoneEnc)));
  let sent = 0;
  for (const w of waiting) {
    for (const u of units.filter((x) => x.regionCode === w.community)) {
      const queued = await db.transaction(async (tx) => {
        const [claimed] = await tx.insert(wishPushes).values({ campaignId: w.campaignId, unitId: u.id, waiting: w.waiting }).onConflictDoNothing().returning({ unitId: wishPushes.unitId });
        if (!claimed) return false;
        await queueMessage(tx, deps.vault, {
          phone: deps.vault.decrypt(u.phoneEnc!),
          regionCode: u.regionCode,
          body: `【听诉】${u.name}：您结对的社区还有 ${w.waiting} 个微心愿待认领，“${w.campaignName}”将于 ${w.endsOn} 结束。请打开心愿墙 /r/wishes?campaign=${w.campaignId} 查看认领。`,
        });
        return true;
      });
      if (queued) sent++;
    }
  }
  return sent;
}
