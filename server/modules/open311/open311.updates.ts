/** Service request updates (mySociety's extension): our public timeline out, the other system's notes in. */
import { authorize, type Actor } from '../../platform/access.js';
import type { RequestContext } from '../../platform/audit.js';
import { act, feedAppeals, lastEventIdBy, publicSteps, type Deps } from '../appeals/appeals.service.js';
import { bad, dateWindow, description as descriptionOf, isoChina, MAX_RESULTS, mediaUrl, Open311Error, open311Status, text, withMedia, type Form } from './open311.common.js';

interface UpdateView {
  update_id: string;
  service_request_id: string;
  status: 'open' | 'closed';
  updated_datetime: string;
  description: string;
  media_url: string | null;
}

/**
 * Our side of the conversation: every step with plain words for the requester, after registration
 * (the request itself is not an update). Notes posted through Open311 carry no public words, so an
 * integration never reads its own updates back.
 */
export async function listUpdates(deps: Deps, actor: Actor | null, q: { start_date?: string; end_date?: string }, now = new Date()): Promise<UpdateView[]> {
  const { from, to } = dateWindow(q.start_date, q.end_date, now);
  const rows = await publicSteps(deps.database.db, actor, from, to, MAX_RESULTS);
  return rows.map((r) => ({
    update_id: String(r.id),
    service_request_id: r.number,
    status: open311Status(r.toStatus ?? r.status),
    updated_datetime: isoChina(r.at),
    description: r.text!,
    media_url: null,
  }));
}

/**
 * An update from the other system: a note (添加办理记录) on the appeal, taken by the key's actor through
 * the workflow, so the key's roles decide whether it may. A status it reports is recorded in the note;
 * it does not move the appeal, whose closing belongs to the evaluation loop.
 */
export async function postUpdate(deps: Deps, ctx: RequestContext, form: Form): Promise<{ update_id: string }[]> {
  const db = deps.database.db;
  authorize(ctx.actor, 'appeals.read');
  const id = text(form.service_request_id);
  if (!id) throw bad('缺少 service_request_id', 'service_request_id is required');
  const description = descriptionOf(form);
  const status = text(form.status)?.toLowerCase();
  if (status !== undefined && status !== 'open' && status !== 'closed') throw bad('status 应为 open 或 closed', 'status must be open or closed');
  const media = mediaUrl(text(form.media_url));
  const [appeal] = await feedAppeals(db, ctx.actor, { numbers: [id], limit: 1 });
  if (!appeal) throw new Open311Error(404, `服务请求 ${id} 不存在`, `Service request ${id} not found`);
  const note = withMedia(status ? `${description}\n（对方系统状态 status: ${status}）` : description, media);
  await act(deps, ctx, appeal.id, 'note', { version: appeal.version, note });
  return [{ update_id: String(await lastEventIdBy(db, appeal.id, 'note', ctx.actor.id)) }];
}
