import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Result, Spin, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { EnvironmentOutlined, LockOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useUser } from './auth';
import { errorText } from './api';
import { LanguageSwitch } from './components';
import { shortRegion } from './format';
import { useI18n } from './i18n';
import { GROUP_LABELS, PAGES, canSee, type MenuGroup, type PageDef } from './pages';
import { ROLE_LABELS } from './labels';
import { ChangePasswordModal } from '../features/account/ChangePasswordModal';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { bilingual } from '../shared/i18n';

const { Header, Sider, Content, Footer } = Layout;

export const APP_TITLE = bilingual('common:tingsu-grid-governance');

/** Full-page states while the session is checked: loading, server unreachable, or signed out. */
export function RequireSession() {
  const { user, error, retry } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  if (error) {
    return (
      <Result
        status="500"
        title={t('common:cannot-reach-the-server')}
        subTitle={errorText(error)}
        extra={
          <Button type="primary" onClick={retry}>
            {t('common:retry')}
          </Button>
        }
      />
    );
  }
  if (user === undefined) return <FullPageSpin />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <ConsoleLayout />;
}

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

function pageOfPath(pathname: string): PageDef | undefined {
  return PAGES.find((p) => (p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(p.path + '/')));
}

function ConsoleLayout() {
  const user = useUser();
  const { t, tl } = useI18n();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  // Below 768 px (a phone) the side menu becomes a drawer opened from the header.
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Navigating (a menu link, a link in the page, the back button) closes the drawer.
  useEffect(() => setDrawerOpen(false), [location.pathname, location.search]);
  const labelsShown = narrow || !collapsed;

  const menuItems = useMemo<MenuProps['items']>(() => {
    const groups: MenuGroup[] = ['work', 'cogov', 'enterprise', 'system', 'personal'];
    return groups
      .map((g) => {
        const items = PAGES.filter((p) => p.group === g && !p.hidden && canSee(user, p)).map((p) => ({
          key: p.key,
          icon: p.icon,
          label: (
            <Link to={p.path} data-testid={`menu-${p.key}`}>
              {tl(p.label(user))}
            </Link>
          ),
        }));
        return items.length ? { type: 'group' as const, key: `group-${g}`, label: labelsShown ? tl(GROUP_LABELS[g]) : null, children: items } : null;
      })
      .filter((g) => g !== null);
  }, [user, tl, labelsShown]);

  const current = pageOfPath(location.pathname);

  const onLogout = async () => {
    try {
      await logout();
    } catch (e) {
      // The session is dropped locally either way.
      message.warning(errorText(e));
    }
    navigate('/login', { replace: true });
  };

  const userMenu: MenuProps['items'] = [
    { key: 'account', icon: <UserOutlined />, label: <Link to="/account">{t('common:my-account')}</Link> },
    { key: 'password', icon: <LockOutlined />, label: <span data-testid="change-password">{t('common:change-password')}</span>, onClick: () => setPasswordOpen(true) },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('common:sign-out')}</span>, onClick: () => void onLogout() },
  ];

  const scope = user.regionCode === '' ? t('common:whole-installation') : shortRegion(user.regionName) || user.regionCode;
  const scopePath = user.regionCode === '' ? t('common:whole-installation') : user.regionName;

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={current ? [current.key] : []}
      items={menuItems}
      style={{ borderInlineEnd: 0 }}
      onClick={() => setDrawerOpen(false)}
    />
  );
  const roles = user.roles.map((r) => tl(ROLE_LABELS[r])).join('、');

  return (
    <Layout style={{ minHeight: '100vh' }} className={narrow ? 'ts-narrow' : undefined}>
      <Header className="ts-header" style={narrow ? { paddingInline: 8, gap: 8 } : undefined}>
        <Flex align="center" gap={narrow ? 6 : 12} style={{ minWidth: 0 }}>
          {narrow ? (
            <Button
              type="text"
              aria-label={t('common:open-the-menu')}
              aria-expanded={drawerOpen}
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              style={{ color: '#fff' }}
              data-testid="menu-drawer-toggle"
            />
          ) : (
            <Button
              type="text"
              aria-label={t('common:toggle-menu')}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              style={{ color: '#fff' }}
            />
          )}
          <Link to="/" className="ts-brand" aria-label={tl(APP_TITLE)}>
            <span className="ts-logo">听</span>
            {!narrow && <span className="ts-title">{tl(APP_TITLE)}</span>}
          </Link>
        </Flex>
        <Flex align="center" gap={narrow ? 8 : 16} style={{ minWidth: 0 }}>
          {!narrow && (
            <Tooltip title={`${t('common:your-area')}：${scopePath}`}>
              <Tag icon={<EnvironmentOutlined />} className="ts-scope" data-testid="user-region">
                {scope}
              </Tag>
            </Tooltip>
          )}
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown menu={{ items: userMenu }} placement="bottomRight" trigger={['click']}>
            <a className="ts-user" data-testid="user-menu" onClick={(e) => e.preventDefault()}>
              <Avatar size="small" style={{ background: '#fa8c16' }}>
                {user.displayName.slice(0, 1)}
              </Avatar>
              <span data-testid="user-name" className={narrow ? 'ts-user-name-narrow' : undefined}>
                {user.displayName}
              </span>
            </a>
          </Dropdown>
        </Flex>
      </Header>
      <Layout>
        {narrow ? (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={264}
            title={
              <Flex vertical>
                <span>{tl(APP_TITLE)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }} data-testid="user-region">
                  <EnvironmentOutlined /> {scopePath}
                </Typography.Text>
              </Flex>
            }
            styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
            rootClassName="ts-menu-drawer"
            data-testid="menu-drawer"
          >
            {menu}
            <div className="ts-sider-foot">{roles}</div>
          </Drawer>
        ) : (
          <Sider theme="light" width={216} collapsedWidth={64} collapsed={collapsed} className="ts-sider">
            {menu}
            {!collapsed && <div className="ts-sider-foot">{roles}</div>}
          </Sider>
        )}
        <Layout style={{ minWidth: 0 }}>
          <Content style={{ padding: narrow ? 12 : 20, minWidth: 0 }}>
            <Suspense fallback={<FullPageSpin />}>
              {current && !canSee(user, current) ? <Forbidden /> : <Outlet />}
            </Suspense>
          </Content>
          <Footer style={{ textAlign: 'center', color: '#8c8c8c', padding: '12px 20px' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common:tingsu-open-source-apache-2-0')}
            </Typography.Text>
          </Footer>
        </Layout>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}

function Forbidden() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('common:not-allowed')}
      subTitle={t('common:your-roles-do-not-include-this-page-ask-your')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common:back-to-overview')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('common:page-not-found')}
      subTitle={t('common:check-the-address-or-use-the-menu-on-the-left')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common:back-to-overview')}</Button>
        </Link>
      }
    />
  );
}
