/**
 * Where a project comes from: an appeal (a whistle), a meeting's decided action, or the community.
 * The source is stored as (kind, id). Appeals sit below funds in MODULE_ORDER and are read through
 * their service; meeting actions belong to the deliberation module, which registers its resolver here
 * when the app is built (`resolveMeetingActions`), like onAppealStatus() / followGridReshapes(). Until
 * it does, a meeting-action source is refused with 409 project_source_unavailable.
 */
import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as appeals from '../appeals/appeals.service.js';
import type { SourceKind } from './funds.workflow.js';

export interface ResolvedSource {
  /** Where the problem is: the project is placed in this region (or inside it). */
  regionCode: string;
  /** A public label (an appeal's number, a meeting's title), never a person's name. */
  label: string;
  /** When the problem was raised or decided. */
  at: Date;
}

/** Finds a source the actor may see, or undefined (answered with 404). */
export type SourceResolver = (db: DbOrTx, actor: Actor, id: string) => Promise<ResolvedSource | undefined>;

let meetingActions: SourceResolver | null = null;

/** The deliberation module calls this when its routes are built. */
export function resolveMeetingActions(resolver: SourceResolver): void {
  meetingActions = resolver;
}

export async function resolveSource(db: DbOrTx, actor: Actor, kind: SourceKind, id: string | undefined, now: Date): Promise<ResolvedSource | null> {
  if (kind === 'community') return null;
  if (!id) throw new AppError('required', { field: 'sourceId' });
  if (kind === 'appeal') {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('诉求', 'Appeal');
    const a = await appeals.findVisible(db, actor, id);
    if (!a) throw notFound('诉求', 'Appeal');
    return { regionCode: a.regionCode.slice(0, 12), label: a.number, at: a.createdAt };
  }
  if (!meetingActions) throw new AppError('project_source_unavailable');
  const r = await meetingActions(db, actor, id);
  if (!r) throw notFound('会议议定事项', 'Meeting action');
  return { ...r, at: r.at > now ? now : r.at };
}
