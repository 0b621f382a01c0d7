import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, BankOutlined, DashboardOutlined, HomeOutlined, KeyOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { QrcodeOutlined } from '@ant-design/icons';
import { BarChartOutlined, CalendarOutlined, MessageOutlined, SolutionOutlined } from '@ant-design/icons';
import { CommentOutlined } from '@ant-design/icons';
import { InteractionOutlined } from '@ant-design/icons';
import { GiftOutlined, HeartOutlined } from '@ant-design/icons';
import { AccountBookOutlined } from '@ant-design/icons';
import { ClusterOutlined, ShopOutlined } from '@ant-design/icons';
import { AimOutlined, AlertOutlined } from '@ant-design/icons';
import { CarryOutOutlined, ClockCircleOutlined, DesktopOutlined, FileSearchOutlined, TagsOutlined, TrophyOutlined } from '@ant-design/icons';
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

const everyoneButGridWorkers: Role[] = ['admin', 'leader', 'dispatcher', 'handler', 'community_staff'];
/** Every role works appeals (appeals.read); the statistics are for everyone but grid workers (appeals.metrics). */
const appealRoles: Role[] = ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker'];
const mediationRoles: Role[] = ['mediator', 'dispatcher', 'community_staff', 'handler', 'leader', 'admin'];
const enterpriseRoles: Role[] = ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker', 'commissioner'];

/** A grid worker's tree starts at their own grid, so the divisions page is "my grids" to them. */
function onlyGridWorker(user: User) {
  return user.roles.length > 0 && user.roles.every((r) => r === 'grid_worker');
}

export const PAGES: PageDef[] = [
  {
    // The home page: what waits for the signed-in person.
    key: 'workbench',
    path: '/',
    group: 'work',
    label: () => (bilingual('common:workbench')),
    icon: <DesktopOutlined />,
    component: lazy(() => import('../features/overview/WorkbenchPage')),
  },
  {
    key: 'appeals',
    path: '/appeals',
    roles: appealRoles,
    group: 'work',
    label: () => (bilingual('common:appeals')),
    icon: <SolutionOutlined />,
    component: lazy(() => import('../features/appeals/AppealsPage')),
  },
  {
    key: 'appeal',
    path: '/appeals/:id',
    roles: appealRoles,
    group: 'work',
    hidden: true,
    label: () => (bilingual('common:appeal')),
    icon: <SolutionOutlined />,
    component: lazy(() => import('../features/appeals/AppealDetailPage')),
  },
  {
    key: 'appealSlip',
    path: '/appeals/:id/slip',
    roles: appealRoles,
    group: 'work',
    hidden: true,
    label: () => (bilingual('common:dispatch-slip')),
    icon: <SolutionOutlined />,
    component: lazy(() => import('../features/appeals/AppealSlipPage')),
  },
  {
    key: 'statistics',
    path: '/statistics',
    roles: everyoneButGridWorkers,
    group: 'work',
    label: () => (bilingual('common:appeal-statistics')),
    icon: <BarChartOutlined />,
    component: lazy(() => import('../features/appeals/StatisticsPage')),
  },
  {
    // 月度考核: rankings and the archived monthly reports (server: assessment.read).
    key: 'assessment',
    path: '/assessment',
    roles: ['admin', 'leader', 'dispatcher', 'community_staff'],
    group: 'work',
    label: () => (bilingual('common:monthly-assessment')),
    icon: <TrophyOutlined />,
    component: lazy(() => import('../features/assessment/AssessmentPage')),
  },
  {
    key: 'assessmentReport',
    path: '/assessment/reports/:id',
    roles: ['admin', 'leader', 'dispatcher', 'community_staff'],
    group: 'work',
    hidden: true,
    label: () => (bilingual('common:monthly-assessment-report')),
    icon: <TrophyOutlined />,
    component: lazy(() => import('../features/assessment/ReportPage')),
  },
  {
    // 未诉先办 early warnings (server: warnings.read); a notification opens one at /warnings/:id.
    key: 'warnings',
    path: '/warnings',
    roles: ['admin', 'leader', 'dispatcher', 'community_staff'],
    group: 'work',
    label: () => (bilingual('common:early-warnings')),
    icon: <AlertOutlined />,
    component: lazy(() => import('../features/assessment/WarningsPage')),
  },
  {
    key: 'warning',
    path: '/warnings/:id',
    roles: ['admin', 'leader', 'dispatcher', 'community_staff'],
    group: 'work',
    hidden: true,
    label: () => (bilingual('common:early-warnings')),
    icon: <AlertOutlined />,
    component: lazy(() => import('../features/assessment/WarningsPage')),
  },
  {
    // 每月一题 (server: assessment.read; leaders pick with assessment.write).
    key: 'problems',
    path: '/assessment/problems',
    roles: ['admin', 'leader', 'dispatcher', 'community_staff'],
    group: 'work',
    label: () => (bilingual('common:problem-of-the-month')),
    icon: <AimOutlined />,
    component: lazy(() => import('../features/assessment/ProblemsPage')),
  },
  {
    // 依申请公开 (server: disclosure.read).
    key: 'disclosure',
    path: '/disclosure',
    roles: ['admin', 'leader', 'dispatcher', 'community_staff'],
    group: 'work',
    label: () => (bilingual('common:disclosure-requests')),
    icon: <FileSearchOutlined />,
    component: lazy(() => import('../features/disclosure/DisclosurePage')),
  },
  {
    // The area's make-up (divisions, grids, workers, accounts), once the home page.
    key: 'overview',
    path: '/overview',
    group: 'work',
    label: () => (bilingual('common:area-overview')),
    icon: <DashboardOutlined />,
    component: lazy(() => import('../features/overview/OverviewPage')),
  },
  {
    key: 'regions',
    path: '/regions',
    group: 'work',
    label: (user) => (onlyGridWorker(user) ? bilingual('common:my-grids') : bilingual('common:divisions')),
    icon: <ApartmentOutlined />,
    component: lazy(() => import('../features/regions/RegionsPage')),
  },
  {
    key: 'households',
    path: '/households',
    // Departments see no household files (server: households.read).
    roles: ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
    group: 'work',
    label: () => (bilingual('common:household-files')),
    icon: <HomeOutlined />,
    component: lazy(() => import('../features/households/HouseholdsPage')),
  },
  {
    key: 'visits',
    path: '/visits',
    // Supervision of 入户听诉 (server: visits supervision); grid workers log visits on the phone app.
    roles: ['admin', 'leader', 'dispatcher', 'community_staff'],
    group: 'work',
    label: () => (bilingual('common:visits')),
    icon: <CarryOutOutlined />,
    component: lazy(() => import('../features/visits/VisitsPage')),
  },
  {
    key: 'meetings',
    path: '/meetings',
    // 议事协商 (server: meetings.read).
    roles: ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
    group: 'cogov',
    label: () => (bilingual('common:deliberation')),
    icon: <CommentOutlined />,
    component: lazy(() => import('../features/meetings/MeetingsPage')),
  },
  {
    key: 'meeting',
    path: '/meetings/:id',
    roles: ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
    group: 'cogov',
    hidden: true,
    label: () => (bilingual('common:meeting')),
    icon: <CommentOutlined />,
    component: lazy(() => import('../features/meetings/MeetingPage')),
  },
  {
    key: 'mediation',
    path: '/mediation',
    // 人民调解: the bodies' members, the 司法所, the courts' rooms (server: mediation.read; the access
    // rule shows each only its own cases).
    roles: mediationRoles,
    group: 'cogov',
    label: () => (bilingual('common:mediation')),
    icon: <InteractionOutlined />,
    component: lazy(() => import('../features/mediation/MediationPage')),
  },
  {
    // The mediator's phone view of the day (a narrow page of cards).
    key: 'mediationToday',
    path: '/mediation/today',
    roles: mediationRoles,
    group: 'cogov',
    label: () => (bilingual('common:todays-sessions')),
    icon: <InteractionOutlined />,
    component: lazy(() => import('../features/mediation/TodayPage')),
  },
  {
    key: 'mediationCase',
    path: '/mediation/:id',
    roles: mediationRoles,
    group: 'cogov',
    hidden: true,
    label: () => (bilingual('common:mediation-case')),
    icon: <InteractionOutlined />,
    component: lazy(() => import('../features/mediation/MediationCasePage')),
  },
  {
    key: 'mediationAgreement',
    path: '/mediation/:id/agreement',
    roles: mediationRoles,
    group: 'cogov',
    hidden: true,
    label: () => (bilingual('common:mediation-agreement')),
    icon: <InteractionOutlined />,
    component: lazy(() => import('../features/mediation/AgreementPrintPage')),
  },
  {
    key: 'wishes',
    path: '/wishes',
    // 微心愿 (server: wishes.read).
    roles: ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
    group: 'cogov',
    label: () => (bilingual('common:micro-wishes')),
    icon: <GiftOutlined />,
    component: lazy(() => import('../features/wishes/WishesPage')),
  },
  {
    key: 'volunteers',
    path: '/volunteers',
    // 党员报到、结对共建、志愿服务 (server: volunteers.read).
    roles: ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
    group: 'cogov',
    label: () => (bilingual('common:members-and-volunteers')),
    icon: <HeartOutlined />,
    component: lazy(() => import('../features/volunteers/VolunteersPage')),
  },
  {
    key: 'funds',
    path: '/funds',
    // 社区吹哨专项基金 and 三账公开 (server: funds.read).
    roles: ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
    group: 'cogov',
    label: () => (bilingual('common:whistle-funds-and-accounts')),
    icon: <AccountBookOutlined />,
    component: lazy(() => import('../features/funds/FundsPage')),
  },
  {
    // 企业名录, 企业诉求, 企业特派员, 链长制 (server: enterprises.read).
    key: 'enterprises',
    path: '/enterprises',
    roles: enterpriseRoles,
    group: 'enterprise',
    label: () => (bilingual('common:enterprise-register')),
    icon: <ShopOutlined />,
    component: lazy(() => import('../features/enterprises/EnterprisesPage')),
  },
  {
    key: 'enterprise',
    path: '/enterprises/:id',
    roles: enterpriseRoles,
    group: 'enterprise',
    hidden: true,
    label: () => (bilingual('common:firm')),
    icon: <ShopOutlined />,
    component: lazy(() => import('../features/enterprises/EnterprisePage')),
  },
  {
    key: 'enterpriseService',
    path: '/enterprise-service',
    roles: enterpriseRoles,
    group: 'enterprise',
    label: () => (bilingual('common:enterprise-service')),
    icon: <ShopOutlined />,
    component: lazy(() => import('../features/enterprises/EnterpriseServicePage')),
  },
  {
    key: 'chains',
    path: '/chains',
    roles: enterpriseRoles,
    group: 'enterprise',
    label: () => (bilingual('common:industrial-chains')),
    icon: <ClusterOutlined />,
    component: lazy(() => import('../features/enterprises/ChainsPage')),
  },
  {
    key: 'chain',
    path: '/chains/:id',
    roles: enterpriseRoles,
    group: 'enterprise',
    hidden: true,
    label: () => (bilingual('common:industrial-chain')),
    icon: <ClusterOutlined />,
    component: lazy(() => import('../features/enterprises/ChainPage')),
  },
  {
    key: 'orgs',
    path: '/orgs',
    roles: everyoneButGridWorkers,
    group: 'work',
    label: () => (bilingual('common:organisations')),
    icon: <BankOutlined />,
    component: lazy(() => import('../features/orgs/OrgsPage')),
  },
  {
    key: 'outbox',
    path: '/outbox',
    roles: ['admin', 'dispatcher'],
    group: 'work',
    label: () => (bilingual('common:sms-outbox')),
    icon: <MessageOutlined />,
    component: lazy(() => import('../features/notifications/OutboxPage')),
  },
  {
    key: 'qr',
    path: '/qr',
    // Mirrors the server's qr.print permission.
    roles: ['admin', 'dispatcher', 'community_staff', 'grid_worker'],
    group: 'work',
    label: () => (bilingual('common:qr-posters')),
    icon: <QrcodeOutlined />,
    component: lazy(() => import('../features/qr/QrPosterPage')),
  },
  {
    key: 'users',
    path: '/users',
    roles: ['admin'],
    group: 'system',
    label: () => (bilingual('common:accounts')),
    icon: <TeamOutlined />,
    component: lazy(() => import('../features/users/UsersPage')),
  },
  {
    key: 'apikeys',
    path: '/apikeys',
    roles: ['admin'],
    group: 'system',
    label: () => (bilingual('common:api-keys')),
    icon: <KeyOutlined />,
    component: lazy(() => import('../features/apikeys/ApiKeysPage')),
  },
  {
    key: 'calendar',
    path: '/calendar',
    roles: ['admin'],
    group: 'system',
    label: () => (bilingual('common:working-calendar')),
    icon: <CalendarOutlined />,
    component: lazy(() => import('../features/calendar/CalendarPage')),
  },
  {
    key: 'reminders',
    path: '/reminders',
    roles: ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
    group: 'work',
    label: () => (bilingual('common:expiry-reminders')),
    icon: <ClockCircleOutlined />,
    component: lazy(() => import('../features/reminders/RemindersPage')),
  },
  {
    key: 'categories',
    path: '/categories',
    roles: ['admin'],
    group: 'system',
    label: () => (bilingual('common:appeal-categories')),
    icon: <TagsOutlined />,
    component: lazy(() => import('../features/categories/CategoriesPage')),
  },
  {
    key: 'audit',
    path: '/audit',
    roles: ['admin'],
    group: 'system',
    label: () => (bilingual('common:audit-log')),
    icon: <AuditOutlined />,
    component: lazy(() => import('../features/audit/AuditPage')),
  },
  {
    key: 'account',
    path: '/account',
    group: 'personal',
    label: () => (bilingual('common:my-account')),
    icon: <UserOutlined />,
    component: lazy(() => import('../features/account/AccountPage')),
  },
];

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
