/**
 * 多诉统办 clusters: the open appeals in the caller's area that are about one problem — connected
 * components of the pairs the duplicate scorer (appeals.similar.ts) puts at or above its threshold —
 * with the residents affected (distinct requesters and 我也遇到). The desk handles each as one: the
 * oldest is the master, the others are merged into it and hear its outcome (appeals.closing.ts).
 */
import { and, gte, inArray } from 'drizzle-orm';
import { authorize } from '../../platform/access.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import type { RequestContext } from '../../platform/audit.js';
import { affectedCounts } from './appeals.affected.js';
import { listViews } from './appeals.inbox.js';
import type { AppealRow, Deps } from './appeals.repo.js';
import { DUPLICATES, REASON_ORDER, scoreCandidates } from './appeals.similar.js';
import { appeals } from './appeals.tables.js';
import { OPEN_STATUSES } from './appeals.workflow.js';

const DAY = 86_400_000;
/** At most this many open appeals are grouped at once (a county's open work is a few hundred). */
const MAX_OPEN = 3000;
/** Cells of about the scorer's distance: neighbours are within the 3 × 3 cells around. */
const cellOf = (r: AppealRow) => (r.lon === null || r.lat === null ? null : [Math.floor((r.lat * 111_320) / DUPLICATES.metres), Math.floor((r.lon * 111_320 * Math.cos((r.lat * Math.PI) / 180)) / DUPLICATES.metres)]);

export async function openClusters(deps: Deps, ctx: RequestContext) {
  authorize(ctx.actor, 'appeals.read');
  const db = deps.database.db;
  const now = new Date();
  const rows = await db
    .select()
    .from(appeals)
    .where(and(visibleAppeals(ctx.actor), inArray(appeals.status, OPEN_STATUSES), gte(appeals.createdAt, new Date(now.getTime() - DUPLICATES.openDays * DAY))))
    .orderBy(appeals.createdAt)
    .limit(MAX_OPEN);
  const byGrid = new Map<string, number[]>();
  const byCell = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.gridCode) byGrid.set(r.gridCode, [...(byGrid.get(r.gridCode) ?? []), i]);
    const c = cellOf(r);
    if (c) byCell.set(c.join(':'), [...(byCell.get(c.join(':')) ?? []), i]);
  });
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const settings = { ...DUPLICATES, margin: 1, limit: Number.MAX_SAFE_INTEGER };
  /** The reasons of the links that joined each appeal to an earlier one (read per cluster below). */
  const linkReasons = rows.map(() => new Set<string>());
  rows.forEach((r, i) => {
    const near = new Set<number>(r.gridCode ? byGrid.get(r.gridCode) : []);
    const c = cellOf(r);
    if (c) for (let y = -1; y <= 1; y++) for (let x = -1; x <= 1; x++) for (const j of byCell.get(`${c[0] + y}:${c[1] + x}`) ?? []) near.add(j);
    const later = [...near].filter((j) => j > i).map((j) => rows[j]);
    if (!later.length) return;
    const probe = { text: `${r.title} ${r.content}`, categoryCode: r.categoryCode, lon: r.lon, lat: r.lat, gridCode: r.gridCode, phoneIndex: r.requesterPhoneIndex, at: r.createdAt };
    for (const s of scoreCandidates(probe, later, settings)) {
      const j = rows.indexOf(s.row);
      parent[find(j)] = find(i);
      for (const reason of s.reasons) linkReasons[j].add(reason.code);
    }
  });
  const groups = new Map<number, AppealRow[]>();
  const groupReasons = new Map<number, Set<string>>();
  rows.forEach((r, i) => {
    groups.set(find(i), [...(groups.get(find(i)) ?? []), r]);
    const set = groupReasons.get(find(i)) ?? new Set<string>();
    for (const code of linkReasons[i]) set.add(code);
    groupReasons.set(find(i), set);
  });
  const reasonsOf = new Map([...groups.entries()].map(([root, g]) => [g, REASON_ORDER.filter((c) => groupReasons.get(root)!.has(c))]));
  const clusters = [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length || a[0].createdAt.getTime() - b[0].createdAt.getTime());
  const all = clusters.flat();
  const [views, metoo] = await Promise.all([listViews(deps, db, all, now), affectedCounts(db, all.map((r) => r.id))]);
  const viewOf = new Map(views.map((v) => [v.id, v]));
  return {
    items: clusters.map((g) => {
      const requesters = new Set(g.map((r) => r.requesterPhoneIndex ?? r.id));
      const positioned = g.filter((r) => r.lon !== null && r.lat !== null);
      return {
        // The oldest is the master when handled as one.
        masterId: g[0].id,
        appeals: g.map((r) => viewOf.get(r.id)!),
        /** Why these are one problem: the reasons (codes) of the links that joined them. */
        reasons: reasonsOf.get(g)!,
        affected: requesters.size + g.reduce((n, r) => n + (metoo.get(r.id) ?? 0), 0),
        lon: positioned.length ? positioned.reduce((n, r) => n + r.lon!, 0) / positioned.length : null,
        lat: positioned.length ? positioned.reduce((n, r) => n + r.lat!, 0) / positioned.length : null,
      };
    }),
  };
}
