/** The console's co-governance and enterprise pages (共建共治, 企业服务): a part of the page table (pages.tsx). */
import { lazy } from 'react';
import { AccountBookOutlined, ClusterOutlined, CommentOutlined, GiftOutlined, HeartOutlined, InteractionOutlined, ShopOutlined } from '@ant-design/icons';
import type { Role } from './contract';
import type { PageDef } from './pageDefs';
import { bilingual } from '../shared/i18n';

const mediationRoles: Role[] = ['mediator', 'dispatcher', 'community_staff', 'handler', 'leader', 'admin'];
const enterpriseRoles: Role[] = ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker', 'commissioner'];

export const COGOV_PAGES: PageDef[] = [
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
];
