/**
 * What a console page is (its key, menu group, roles, label, icon and component), the menu's group labels and
 * who sees a page. The table of pages is pages.tsx.
 */
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { Bilingual } from './i18n';
import type { Role, User } from './contract';
import { bilingual } from '../shared/i18n';

type PageKey =
  | 'workbench'
  | 'overview'
  | 'regions'
  | 'households'
  | 'orgs'
  | 'users'
  | 'apikeys'
  | 'audit'
  | 'account'
  | 'qr'
  | 'appeals'
  | 'appeal'
  | 'appealSlip'
  | 'statistics'
  | 'outbox'
  | 'calendar'
  | 'categories'
  | 'reminders'
  | 'visits'
  | 'meetings'
  | 'meeting'
  | 'mediation'
  | 'mediationToday'
  | 'mediationCase'
  | 'mediationAgreement'
  | 'wishes'
  | 'volunteers'
  | 'funds'
  | 'enterprises'
  | 'enterprise'
  | 'enterpriseService'
  | 'chains'
  | 'chain'
  | 'assessment'
  | 'assessmentReport'
  | 'disclosure'
  | 'warnings'
  | 'warning'
  | 'problems';
/** The menu's sections: the loop and the files; co-governance around them; firms; administration; one's own. */
export type MenuGroup = 'work' | 'cogov' | 'enterprise' | 'system' | 'personal';

export interface PageDef {
  key: PageKey;
  path: string;
  /** Roles that see the page; undefined means every signed-in account. Mirrors the server's permissions. */
  roles?: readonly Role[];
  group: MenuGroup;
  /** A page reached from another (a record's detail): routed, but not in the menu. */
  hidden?: boolean;
  label: (user: User) => Bilingual;
  icon: ReactNode;
  component: LazyExoticComponent<ComponentType>;
}

export const GROUP_LABELS: Record<MenuGroup, Bilingual> = {
  work: bilingual('common:governance'),
  cogov: bilingual('common:co-governance'),
  enterprise: bilingual('common:business-services'),
  system: bilingual('common:administration'),
  personal: bilingual('common:personal'),
};

export function canSee(user: User, page: PageDef): boolean {
  return !page.roles || user.roles.some((r) => page.roles!.includes(r));
}
