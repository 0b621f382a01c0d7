/** The console's pages: the menu and the router both read this table (what a page is: pageDefs.ts). */
import { lazy } from 'react';
import {
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  ClockCircleOutlined,
  DashboardOutlined,
  DesktopOutlined,
  FileSearchOutlined,
  HomeOutlined,
  KeyOutlined,
  MessageOutlined,
  QrcodeOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Role, User } from './contract';
import type { PageDef } from './pageDefs';
import { bilingual } from '../shared/i18n';
import { COGOV_PAGES } from './pages.cogov';

export { canSee, GROUP_LABELS, type MenuGroup, type PageDef } from './pageDefs';

const everyoneButGridWorkers: Role[] = ['admin', 'leader', 'dispatcher', 'handler', 'community_staff'];
/** Every role works appeals (appeals.read); the statistics are for everyone but grid workers (appeals.metrics). */
const appealRoles: Role[] = ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker'];

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
  ...COGOV_PAGES,
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
