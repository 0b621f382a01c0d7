import type { Bilingual } from '../../app/i18n';
import { bilingual } from '../../shared/i18n';

export const PROJECT_STATUS_LABELS: Record<string, Bilingual> = {
  proposed: bilingual('funds:proposed'),
  approved: bilingual('funds:approved-2'),
  in_progress: bilingual('funds:in-progress'),
  completed: bilingual('funds:awaiting-acceptance'),
  accepted: bilingual('funds:accepted'),
  closed: bilingual('funds:closed'),
  rejected: bilingual('funds:rejected'),
  cancelled: bilingual('funds:cancelled'),
};
export const PROJECT_STATUS_COLORS: Record<string, string> = {
  proposed: 'gold',
  approved: 'blue',
  in_progress: 'processing',
  completed: 'purple',
  accepted: 'green',
  closed: 'default',
  rejected: 'red',
  cancelled: 'default',
};

export const CATEGORY_LABELS: Record<string, Bilingual> = {
  lights: bilingual('funds:street-lights'),
  resurfacing: bilingual('funds:resurfacing'),
  guard_rails: bilingual('funds:guard-rails'),
  drains: bilingual('funds:drains'),
  facilities: bilingual('funds:public-facilities'),
  greening: bilingual('funds:greening'),
  other: bilingual('common:other'),
};

export const FUND_KIND_LABELS: Record<string, Bilingual> = {
  whistle: bilingual('funds:whistle-fund'),
  public_income: bilingual('funds:public-income-account'),
};

export const SOURCE_LABELS: Record<string, Bilingual> = {
  appeal: bilingual('funds:an-appeal-whistle'),
  meeting_action: bilingual('funds:a-meetings-action'),
  community: bilingual('funds:the-community'),
};

export const APPROVAL_LEVEL_LABELS: Record<string, Bilingual> = {
  community: bilingual('funds:community'),
  township: bilingual('funds:township'),
  county: bilingual('funds:county'),
};

export const INCOME_SOURCE_LABELS: Record<string, Bilingual> = {
  parking: bilingual('funds:parking'),
  advertising: bilingual('funds:advertising'),
  rent: bilingual('funds:rent'),
  recovered: bilingual('funds:recovered-income'),
  other: bilingual('funds:other-income'),
};

export const ENTRY_KIND_LABELS: Record<string, Bilingual> = {
  appropriation: bilingual('funds:budget'),
  allocation_in: bilingual('funds:allocation-received'),
  allocation_out: bilingual('funds:allocation-made'),
  income: bilingual('funds:income'),
  payment: bilingual('funds:payment'),
  reversal: bilingual('funds:reversal'),
};

export const PROJECT_ACTION_LABELS: Record<string, Bilingual> = {
  approve: bilingual('funds:approve-2'),
  reject: bilingual('funds:reject'),
  raise: bilingual('funds:request-a-higher-amount'),
  start: bilingual('funds:start-the-works'),
  milestone: bilingual('funds:record-a-milestone'),
  complete: bilingual('funds:complete'),
  accept: bilingual('funds:record-the-acceptance'),
  close: bilingual('funds:close'),
  cancel: bilingual('funds:cancel'),
  request_payment: bilingual('funds:request-a-payment'),
};

export const PROJECT_EVENT_LABELS: Record<string, Bilingual> = {
  proposed: bilingual('funds:proposed-2'),
  approved: bilingual('funds:approved-3'),
  rejected: bilingual('funds:rejected-2'),
  raised: bilingual('funds:higher-amount-requested'),
  start: bilingual('funds:started'),
  milestone: bilingual('funds:milestone'),
  complete: bilingual('funds:completed'),
  accept: bilingual('funds:accepted-by-residents'),
  close: bilingual('funds:closed-2'),
  cancel: bilingual('funds:cancelled-2'),
  payment_requested: bilingual('funds:payment-requested'),
  paid: bilingual('funds:paid-3'),
  payment_rejected: bilingual('funds:payment-refused'),
  payment_reversed: bilingual('funds:payment-reversed'),
  households: bilingual('funds:households-benefiting-corrected'),
};
