/**
 * Where a project comes from: an appeal (a whistle), a meeting's decided action, or the community.
 * The source is stored as (kind, id). Appeals and meeting actions sit below funds in MODULE_ORDER and
 * are read through their services, each scoped to the caller (outside it: 404).
 */
import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as appeals from '../appeals/appeals.service.js';
import * as meetings from '../meetings/meetings.decisions.js';
import type { SourceKind } from './funds.workflow.js';

export interface ResolvedSource {
  /** Where the problem is: the project is placed in this region (or inside it). */
  regionCode: string;
  /** A public label (an appeal's number, a meeting's title), never a person's name. */
  label: string;
  /** When the problem was raised or decided. */
  at: Date;
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
  const r = /^[0-9a-f-]{36}$/i.test(id) ? await meetings.lookupAction(db, actor, id) : null;
  if (!r) throw notFound('会议议定事项', 'Meeting action');
  // A meeting's action: placed at the meeting's place, labelled by what was decided.
  return { regionCode: r.regionCode.slice(0, 12), label: r.title, at: r.decidedAt > now ? now : r.decidedAt };
}
