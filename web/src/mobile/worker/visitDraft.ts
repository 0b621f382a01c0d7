/**
 * The visit form's content, its checks (the phone says what is missing before anything is saved) and
 * the submission it becomes. Pure: the form keeps a draft, these turn it into answers.
 */
import type { HouseholdCard, ServiceKind, VisitFinding, VisitOutcome, VisitSubmission } from '../../app/contract';
import type { Position } from './geo';
import type { VisitPhoto } from './photos';
import { translate as t } from '../../shared/i18n';

export interface VisitDraft {
  outcome: VisitOutcome;
  metWith: string;
  situation: string;
  finding: VisitFinding;
  /** on_spot and appeal: what the matter is; dispute: what the quarrel is about (矛盾排查). */
  content: string;
  /** on_spot: how it was solved. */
  result: string;
  categoryCode: string | null;
  urgency: 'normal' | 'urgent';
  fileType: string;
  fileTags: string[];
  riskLevel: string;
  riskNotes: string;
  fileReason: string;
  serviceKind: ServiceKind | null;
  serviceNote: string;
  photos: VisitPhoto[];
}

export function emptyDraft(h: HouseholdCard): VisitDraft {
  return {
    outcome: 'met',
    metWith: '',
    situation: '',
    finding: 'nothing',
    content: '',
    result: '',
    categoryCode: null,
    urgency: 'normal',
    fileType: h.type,
    fileTags: [...h.tags],
    riskLevel: h.riskLevel,
    riskNotes: h.riskNotes ?? '',
    fileReason: '',
    serviceKind: null,
    serviceNote: '',
    photos: [],
  };
}

/**
 * Choosing what was found. A new appeal (转诉求) or a dispute (矛盾纠纷) starts from the situation already
 * typed in the visit form, so the worker does not write it twice; text of its own is never overwritten.
 */
export function pickFinding(d: VisitDraft, finding: VisitFinding): Partial<VisitDraft> {
  if ((finding === 'appeal' || finding === 'dispute') && !d.content.trim() && d.situation.trim()) return { finding, content: d.situation.trim() };
  return { finding };
}

export type DraftErrors = Partial<Record<'metWith' | 'situation' | 'content' | 'result' | 'categoryCode' | 'fileChange' | 'fileReason' | 'serviceKind' | 'serviceNote', string>>;

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The household file fields this draft changes (empty: nothing changed). */
function filePatch(d: VisitDraft, h: HouseholdCard): NonNullable<VisitSubmission['fileChange']>['patch'] {
  const patch: NonNullable<VisitSubmission['fileChange']>['patch'] = {};
  if (d.fileType !== h.type) patch.type = d.fileType;
  if (!sameSet(d.fileTags, h.tags)) patch.tags = d.fileTags;
  if (d.riskLevel !== h.riskLevel) patch.riskLevel = d.riskLevel;
  if (d.riskNotes.trim() !== (h.riskNotes ?? '')) patch.riskNotes = d.riskNotes.trim() || null;
  return patch;
}

export function validate(d: VisitDraft, h: HouseholdCard): DraftErrors {
  const e: DraftErrors = {};
  const long = (s: string, max: number) => s.trim().length > max;
  if (d.situation && long(d.situation, 2000)) e.situation = t('worker:notes-at-most-2-000-characters');
  if (d.outcome === 'nobody_home') return e;
  if (!d.metWith.trim()) e.metWith = t('worker:write-who-you-met-e-g-the-head-of-household-mr');
  else if (long(d.metWith, 100)) e.metWith = t('worker:at-most-100-characters');
  switch (d.finding) {
    case 'on_spot':
      if (!d.content.trim()) e.content = t('worker:write-what-it-was');
      if (!d.result.trim()) e.result = t('worker:write-how-it-was-solved-there-and-then');
      if (!d.categoryCode) e.categoryCode = t('worker:choose-a-category');
      break;
    case 'appeal':
      if (!d.content.trim()) e.content = t('worker:write-the-residents-problem-what-where-and-for');
      if (!d.categoryCode) e.categoryCode = t('worker:choose-a-category');
      break;
    case 'file_change':
      if (!Object.keys(filePatch(d, h)).length) e.fileChange = t('worker:nothing-in-the-file-has-changed-change-the-type');
      if (!d.fileReason.trim()) e.fileReason = t('worker:write-why-it-changes-e-g-the-elderly-parents');
      break;
    case 'service':
      if (!d.serviceKind) e.serviceKind = t('worker:choose-the-kind-of-service');
      if (!d.serviceNote.trim()) e.serviceNote = t('worker:write-what-was-done');
      break;
    case 'dispute':
      if (!d.content.trim()) e.content = t('worker:write-what-the-dispute-is-between-whom-over-what');
      break;
    case 'nothing':
      break;
  }
  if (long(d.content, 2000)) e.content = t('mobile:at-most-2-000-characters');
  if (long(d.result, 2000)) e.result = t('mobile:at-most-2-000-characters');
  return e;
}

export function toSubmission(
  d: VisitDraft,
  ctx: { household: HouseholdCard; planItemId: string | null; checkInAt: string; position: Position | null },
): Omit<VisitSubmission, 'clientId'> {
  const met = d.outcome === 'met';
  const finding: VisitFinding = met ? d.finding : 'nothing';
  const body: Omit<VisitSubmission, 'clientId'> = {
    householdId: ctx.household.id,
    checkInAt: ctx.checkInAt,
    outcome: d.outcome,
    finding,
    ...(ctx.planItemId ? { planItemId: ctx.planItemId } : {}),
    ...(ctx.position ? { location: { lon: ctx.position.lon, lat: ctx.position.lat, accuracy: Math.round(ctx.position.accuracy) } } : {}),
    ...(met ? { metWith: d.metWith.trim() } : {}),
    ...(d.situation.trim() ? { situation: d.situation.trim() } : {}),
    ...(d.photos.length ? { photos: d.photos.map(({ filename, mime, data }) => ({ filename, mime, data })) } : {}),
  };
  switch (finding) {
    case 'on_spot':
      body.onSpot = { content: d.content.trim(), result: d.result.trim(), categoryCode: d.categoryCode! };
      break;
    case 'appeal':
      body.appeal = { content: d.content.trim(), categoryCode: d.categoryCode!, urgency: d.urgency };
      break;
    case 'file_change':
      body.fileChange = { version: ctx.household.version, reason: d.fileReason.trim(), patch: filePatch(d, ctx.household) };
      break;
    case 'service':
      body.serviceKind = d.serviceKind!;
      body.findingNote = d.serviceNote.trim();
      break;
    case 'dispute':
      body.dispute = { summary: d.content.trim() };
      break;
    case 'nothing':
      break;
  }
  return body;
}
