import { useState } from 'react';
import { App, Badge, Button, Card, Input, Popconfirm, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { ExportButton } from '../../app/ExportButton';
import { formatTime, shortRegion } from '../../app/format';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import { GRID_WORKER_KIND_LABELS, ROLE_COLORS, ROLE_LABELS, ROLES } from '../../app/labels';
import type { GridWorkerKind, Role, User } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { listUsers, useUpdateUser, useUsers, type UserFilter } from './api';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';

export default function UsersPage() {
  const me = useUser();
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const list = useListState<UserFilter>();
  const { filter, setFilter: setF } = list;
  const [editing, setEditing] = useState<User | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const users = useUsers(filter, list.page, list.pageSize);
  const update = useUpdateUser();

  const openCreate = () => {
    setEditing(null);
    setFormOpen(true);
  };
  const roleNames = (roles: Role[]) => roles.map((r) => tl(ROLE_LABELS[r])).join('、');
  const scopePath = (u: User) => (u.regionCode === '' ? t('common:whole-installation') : u.regionName || u.regionCode);
  const scopeName = (u: User) => (u.regionCode === '' ? t('common:whole-installation') : shortRegion(u.regionName) || u.regionCode);

  const toggleDisabled = async (u: User) => {
    try {
      await update.mutateAsync({ id: u.id, body: { version: u.version, disabled: !u.disabled } });
      message.success(u.disabled ? t('users:username-enabled', { username: u.username }) : t('users:username-disabled', { username: u.username }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('common:accounts')}
        subtitle={t('users:accounts-their-roles-and-areas-accounts-are')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="user-create">
            {t('users:new-account')}
          </Button>
        }
      />
      <Card>
        <ListPage<User, UserFilter>
          listId="users"
          rowKey="id"
          data={pageData(users)}
          state={list}
          toolbar={
            <ExportButton<User>
              filename="accounts.csv"
              fetchPage={(p, s) => listUsers(filter, p, s)}
              columns={[
                { title: t('users:username'), value: (u) => u.username },
                { title: t('users:name'), value: (u) => u.displayName },
                { title: t('users:roles'), value: (u) => roleNames(u.roles) },
                { title: t('users:area-code'), value: (u) => u.regionCode },
                { title: t('users:area'), value: scopePath },
                { title: t('users:organisation'), value: (u) => u.orgName },
                { title: t('users:status'), value: (u) => (u.disabled ? t('users:disabled-2') : t('users:active')) },
                { title: t('users:last-sign-in'), value: (u) => (u.lastLoginAt ? formatTime(u.lastLoginAt) : '') },
              ]}
            />
          }
          testId="users-table"
          scroll={{ x: 1100 }}
          totalText={(n) => t('users:n-accounts', { n })}
          filters={
            <>
              <Input.Search key={`q-${filter.q ?? ''}`} defaultValue={filter.q} allowClear placeholder={t('users:search-username-or-name')} onSearch={(v) => setF({ q: v.trim() || undefined })} style={{ width: 240 }} />
              <Select<Role>
                allowClear
                placeholder={t('users:all-roles')}
                value={filter.role}
                onChange={(v) => setF({ role: v })}
                options={ROLES.map((r) => ({ value: r, label: tl(ROLE_LABELS[r]) }))}
                style={{ width: 180 }}
              />
              <RegionPicker value={filter.regionCode} onChange={(v) => setF({ regionCode: v || undefined })} includeGrids placeholder={t('users:all-divisions')} style={{ width: 220 }} />
              <Select<'false' | 'true'>
                allowClear
                placeholder={t('users:any-status')}
                value={filter.disabled === undefined ? undefined : filter.disabled ? 'true' : 'false'}
                onChange={(v) => setF({ disabled: v === undefined ? undefined : v === 'true' })}
                options={[
                  { value: 'false', label: t('users:active') },
                  { value: 'true', label: t('users:disabled') },
                ]}
                style={{ width: 120 }}
              />
            </>
          }
          empty={(filtered) => ({
            title: filtered ? t('users:no-account-matches') : t('users:no-accounts-yet'),
            hint: filtered ? t('users:change-or-clear-the-filters') : t('users:use-new-account'),
            action: !filtered && (
              <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
                {t('users:new-account')}
              </Button>
            ),
          })}
          columns={[
            {
              title: t('users:username'),
              dataIndex: 'username',
              width: 150,
              render: (n: string, u) => (
                <Typography.Text strong>
                  {n}
                  {u.id === me.id && (
                    <Tag color="blue" style={{ marginInlineStart: 6 }}>
                      {t('users:you')}
                    </Tag>
                  )}
                </Typography.Text>
              ),
            },
            { title: t('users:name'), dataIndex: 'displayName', width: 120 },
            { title: t('users:mobile'), dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
            {
              title: t('users:roles'),
              dataIndex: 'roles',
              width: 210,
              render: (roles: Role[], u) => (
                <Space size={[4, 4]} wrap>
                  {roles.map((r) => (
                    <Tag key={r} color={ROLE_COLORS[r]}>
                      {tl(ROLE_LABELS[r])}
                      {r === 'grid_worker' && u.gridWorkerKind && GRID_WORKER_KIND_LABELS[u.gridWorkerKind as GridWorkerKind]
                        ? `（${tl(GRID_WORKER_KIND_LABELS[u.gridWorkerKind as GridWorkerKind])}）`
                        : ''}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('users:area'),
              dataIndex: 'regionName',
              width: 160,
              render: (_: string, u) => (
                <Tooltip title={u.regionCode ? `${scopePath(u)}（${u.regionCode}）` : undefined}>
                  <span>{scopeName(u)}</span>
                </Tooltip>
              ),
            },
            { title: t('users:organisation'), dataIndex: 'orgName', width: 180, render: (n: string | null) => n ?? '—' },
            {
              title: t('users:status'),
              dataIndex: 'disabled',
              width: 90,
              render: (d: boolean) => <Badge status={d ? 'default' : 'success'} text={d ? t('users:disabled') : t('users:active')} />,
            },
            { title: t('users:last-sign-in'), dataIndex: 'lastLoginAt', width: 150, render: formatTime },
            {
              title: t('users:actions'),
              key: 'actions',
              width: 190,
              fixed: 'right',
              render: (_: unknown, u) => (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      setEditing(u);
                      setFormOpen(true);
                    }}
                  >
                    {t('users:edit')}
                  </Button>
                  <Button type="link" size="small" onClick={() => setResetting(u)}>
                    {t('users:reset-password')}
                  </Button>
                  <Popconfirm
                    title={u.disabled ? t('users:enable-username', { username: u.username }) : t('users:disable-username', { username: u.username })}
                    description={u.disabled ? undefined : t('users:the-account-can-no-longer-sign-in-its-records')}
                    onConfirm={() => toggleDisabled(u)}
                    disabled={u.id === me.id}
                  >
                    <Tooltip title={u.id === me.id ? t('users:you-cannot-disable-yourself') : undefined}>
                      <Button type="link" size="small" danger={!u.disabled} disabled={u.id === me.id}>
                        {u.disabled ? t('users:enable') : t('users:disable')}
                      </Button>
                    </Tooltip>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <UserFormModal open={formOpen} user={editing} onClose={() => setFormOpen(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
