import type { Bilingual } from '../../app/i18n';
import { bilingual } from '../../shared/i18n';

/** The mediation workflow's words (server/modules/mediation/mediation.workflow.ts). */
export const STATUS: Record<string, Bilingual> = {
  applied: bilingual('mediation:applied-2'),
  accepted: bilingual('mediation:accepted-2'),
  declined: bilingual('mediation:declined'),
  investigating: bilingual('mediation:investigating'),
  in_session: bilingual('mediation:in-session'),
  agreed: bilingual('mediation:agreed'),
  not_agreed: bilingual('mediation:no-agreement'),
  performed: bilingual('mediation:performed'),
  failed: bilingual('mediation:not-performed'),
  referred: bilingual('mediation:referred-2'),
  closed: bilingual('mediation:closed-and-archived'),
};

export const STATUS_COLOR: Record<string, string> = {
  applied: 'default',
  accepted: 'blue',
  declined: 'default',
  investigating: 'cyan',
  in_session: 'geekblue',
  agreed: 'green',
  not_agreed: 'orange',
  performed: 'success',
  failed: 'red',
  referred: 'purple',
  closed: 'default',
};

export const ACTION: Record<string, Bilingual> = {
  accept: bilingual('mediation:accept'),
  decline: bilingual('mediation:decline'),
  investigate: bilingual('mediation:investigate'),
  schedule_session: bilingual('mediation:schedule-a-session'),
  hold_session: bilingual('mediation:record-a-session'),
  agree: bilingual('mediation:record-the-agreement'),
  revise_agreement: bilingual('mediation:revise-the-agreement'),
  no_agreement: bilingual('mediation:no-agreement'),
  check: bilingual('mediation:check-performance'),
  performed: bilingual('mediation:confirm-performed'),
  failed: bilingual('mediation:record-non-performance'),
  refer: bilingual('mediation:refer'),
  transfer: bilingual('mediation:transfer'),
  close: bilingual('mediation:close-and-archive'),
  apply_confirmation: bilingual('mediation:apply-for-judicial-confirmation'),
  court_accept: bilingual('mediation:record-the-courts-acceptance'),
  court_decide: bilingual('mediation:record-the-courts-decision'),
};

export const KIND: Record<string, Bilingual> = {
  neighbours: bilingual('mediation:neighbours'),
  family: bilingual('mediation:family'),
  land: bilingual('mediation:land'),
  labour: bilingual('mediation:labour'),
  property_management: bilingual('mediation:property-management'),
  contract: bilingual('mediation:contract'),
  debt: bilingual('mediation:debt'),
  damages: bilingual('mediation:damages'),
  other: bilingual('common:other'),
};

export const SOURCE: Record<string, Bilingual> = {
  appeal: bilingual('mediation:from-an-appeal'),
  visit: bilingual('mediation:from-a-visit'),
  application: bilingual('mediation:application'),
  court: bilingual('mediation:court-referral'),
  federation: bilingual('mediation:business-federation'),
};

export const CONFIRMATION: Record<string, Bilingual> = {
  none: bilingual('mediation:not-applied'),
  applied: bilingual('mediation:applied-2'),
  accepted: bilingual('mediation:accepted-by-the-court'),
  granted: bilingual('mediation:confirmed-2'),
  refused: bilingual('mediation:not-confirmed'),
  lapsed: bilingual('mediation:lapsed'),
};

export const RISK: Record<string, Bilingual> = {
  low: bilingual('mediation:low'),
  medium: bilingual('mediation:medium'),
  high: bilingual('mediation:high'),
};

export const RISK_COLOR: Record<string, string> = { low: 'default', medium: 'orange', high: 'red' };

export const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
