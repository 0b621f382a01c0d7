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
  const scopePath = (u: User) => (u.regionCode === '' ? t('全部辖区', 'Whole installation') : u.regionName || u.regionCode);
  const scopeName = (u: User) => (u.regionCode === '' ? t('全部辖区', 'Whole installation') : shortRegion(u.regionName) || u.regionCode);

  const toggleDisabled = async (u: User) => {
    try {
      await update.mutateAsync({ id: u.id, body: { version: u.version, disabled: !u.disabled } });
      message.success(u.disabled ? t(`已启用 ${u.username}`, `${u.username} enabled`) : t(`已停用 ${u.username}`, `${u.username} disabled`));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('账号管理', 'Accounts')}
        subtitle={t('平台账号、角色与管辖范围。账号不删除，离岗人员请停用。', 'Accounts, their roles and areas. Accounts are never deleted: disable those who leave.')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="user-create">
            {t('新建账号', 'New account')}
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
                { title: t('用户名', 'Username'), value: (u) => u.username },
                { title: t('姓名', 'Name'), value: (u) => u.displayName },
                { title: t('角色', 'Roles'), value: (u) => roleNames(u.roles) },
                { title: t('管辖范围代码', 'Area code'), value: (u) => u.regionCode },
                { title: t('管辖范围', 'Area'), value: scopePath },
                { title: t('所属机构', 'Organisation'), value: (u) => u.orgName },
                { title: t('状态', 'Status'), value: (u) => (u.disabled ? t('停用', 'Disabled') : t('正常', 'Active')) },
                { title: t('上次登录', 'Last sign-in'), value: (u) => u.lastLoginAt },
              ]}
            />
          }
          testId="users-table"
          scroll={{ x: 1100 }}
          totalText={(n) => t(`共 ${n} 个账号`, `${n} accounts`)}
          filters={
            <>
              <Input.Search key={`q-${filter.q ?? ''}`} defaultValue={filter.q} allowClear placeholder={t('搜索用户名或姓名', 'Search username or name')} onSearch={(v) => setF({ q: v.trim() || undefined })} style={{ width: 240 }} />
              <Select<Role>
                allowClear
                placeholder={t('全部角色', 'All roles')}
                value={filter.role}
                onChange={(v) => setF({ role: v })}
                options={ROLES.map((r) => ({ value: r, label: tl(ROLE_LABELS[r]) }))}
                style={{ width: 180 }}
              />
              <RegionPicker value={filter.regionCode} onChange={(v) => setF({ regionCode: v || undefined })} includeGrids placeholder={t('全部区划', 'All divisions')} style={{ width: 220 }} />
              <Select<'false' | 'true'>
                allowClear
                placeholder={t('全部状态', 'Any status')}
                value={filter.disabled === undefined ? undefined : filter.disabled ? 'true' : 'false'}
                onChange={(v) => setF({ disabled: v === undefined ? undefined : v === 'true' })}
                options={[
                  { value: 'false', label: t('正常', 'Active') },
                  { value: 'true', label: t('已停用', 'Disabled') },
                ]}
                style={{ width: 120 }}
              />
            </>
          }
          empty={(filtered) => ({
            title: filtered ? t('没有符合条件的账号', 'No account matches') : t('还没有账号', 'No accounts yet'),
            hint: filtered ? t('调整或清空筛选条件再试。', 'Change or clear the filters.') : t('点击右上角“新建账号”。', 'Use “New account”.'),
            action: !filtered && (
              <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
                {t('新建账号', 'New account')}
              </Button>
            ),
          })}
          columns={[
            {
              title: t('用户名', 'Username'),
              dataIndex: 'username',
              width: 150,
              render: (n: string, u) => (
                <Typography.Text strong>
                  {n}
                  {u.id === me.id && (
                    <Tag color="blue" style={{ marginInlineStart: 6 }}>
                      {t('本人', 'You')}
                    </Tag>
                  )}
                </Typography.Text>
              ),
            },
            { title: t('姓名', 'Name'), dataIndex: 'displayName', width: 120 },
            {
              title: t('角色', 'Roles'),
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
              title: t('管辖范围', 'Area'),
              dataIndex: 'regionName',
              width: 160,
              render: (_: string, u) => (
                <Tooltip title={u.regionCode ? `${scopePath(u)}（${u.regionCode}）` : undefined}>
                  <span>{scopeName(u)}</span>
                </Tooltip>
              ),
            },
            { title: t('所属机构', 'Organisation'), dataIndex: 'orgName', width: 180, render: (n: string | null) => n ?? '—' },
            {
              title: t('状态', 'Status'),
              dataIndex: 'disabled',
              width: 90,
              render: (d: boolean) => <Badge status={d ? 'default' : 'success'} text={d ? t('已停用', 'Disabled') : t('正常', 'Active')} />,
            },
            { title: t('上次登录', 'Last sign-in'), dataIndex: 'lastLoginAt', width: 150, render: formatTime },
            {
              title: t('操作', 'Actions'),
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
                    {t('编辑', 'Edit')}
                  </Button>
                  <Button type="link" size="small" onClick={() => setResetting(u)}>
                    {t('重置密码', 'Reset password')}
                  </Button>
                  <Popconfirm
                    title={u.disabled ? t(`启用 ${u.username}？`, `Enable ${u.username}?`) : t(`停用 ${u.username}？`, `Disable ${u.username}?`)}
                    description={u.disabled ? undefined : t('停用后该账号立即无法登录，数据保留。', 'The account can no longer sign in; its records are kept.')}
                    onConfirm={() => toggleDisabled(u)}
                    disabled={u.id === me.id}
                  >
                    <Tooltip title={u.id === me.id ? t('不能停用自己的账号', 'You cannot disable yourself') : undefined}>
                      <Button type="link" size="small" danger={!u.disabled} disabled={u.id === me.id}>
                        {u.disabled ? t('启用', 'Enable') : t('停用', 'Disable')}
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
