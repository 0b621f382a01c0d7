import { useMemo, useState } from 'react';
import { App, Badge, Button, Card, Input, Popconfirm, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { ExportButton } from '../../app/ExportButton';
import { formatTime, shortRegion } from '../../app/format';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import { ORG_KIND_LABELS } from '../../app/labels';
import type { Org, OrgKind } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { listOrgs, useCategories, useOrgs, useUpdateOrg, type OrgFilter } from './api';
import { CategorySelect } from './CategorySelect';
import { OrgFormModal } from './OrgFormModal';

const KIND_COLORS: Record<OrgKind, string> = { department: 'blue', governance_center: 'red', workstation: 'green' };

export default function OrgsPage() {
  const user = useUser();
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const isAdmin = hasAnyRole(user, ['admin']);
  const list = useListState<OrgFilter>();
  const { filter, setFilter: setF } = list;
  const [editing, setEditing] = useState<Org | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const orgs = useOrgs(filter, list.page, list.pageSize);
  const update = useUpdateOrg();
  const categories = useCategories();
  const categoryNames = useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c.name])), [categories.data]);

  const openCreate = () => {
    setEditing(null);
    setFormOpen(true);
  };

  const toggleActive = async (org: Org) => {
    try {
      await update.mutateAsync({ id: org.id, body: { version: org.version, active: !org.active } });
      message.success(org.active ? t('已停用', 'Deactivated') : t('已启用', 'Activated'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const kindLabel = (k: OrgKind) => tl(ORG_KIND_LABELS[k]);

  return (
    <>
      <PageHeader
        title={t('组织机构', 'Organisations')}
        subtitle={t('职能部门、乡镇（街道）综治中心和村（社区）工作站，以及各自负责的诉求类别。', 'Departments, township governance centres and community workstations, with the appeal categories each handles.')}
        extra={
          isAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="org-create">
              {t('新建组织机构', 'New organisation')}
            </Button>
          )
        }
      />
      <Card>
        <ListPage<Org, OrgFilter>
          listId="orgs"
          rowKey="id"
          data={pageData(orgs)}
          state={list}
          toolbar={
            <ExportButton<Org>
              filename="orgs.csv"
              fetchPage={(p, s) => listOrgs(filter, p, s)}
              columns={[
                { title: t('名称', 'Name'), value: (o) => o.name },
                { title: t('类型', 'Kind'), value: (o) => kindLabel(o.kind) },
                { title: t('区划代码', 'Division code'), value: (o) => o.regionCode },
                { title: t('区划', 'Division'), value: (o) => o.regionName },
                { title: t('电话', 'Phone'), value: (o) => o.phone },
                { title: t('诉求类别', 'Categories'), value: (o) => o.categoryCodes.map((c) => categoryNames.get(c) ?? c).join('、') },
                { title: t('状态', 'Status'), value: (o) => (o.active ? t('启用', 'Active') : t('停用', 'Inactive')) },
                { title: t('更新时间', 'Updated'), value: (o) => o.updatedAt },
              ]}
            />
          }
          testId="orgs-table"
          scroll={{ x: 960 }}
          totalText={(n) => t(`共 ${n} 个机构`, `${n} organisations`)}
          filters={
            <>
              <Input.Search key={`q-${filter.q ?? ''}`} defaultValue={filter.q} allowClear placeholder={t('搜索名称或电话', 'Search name or phone')} onSearch={(v) => setF({ q: v.trim() || undefined })} style={{ width: 240 }} />
              <Select<OrgKind>
                allowClear
                placeholder={t('全部类型', 'All kinds')}
                value={filter.kind}
                onChange={(v) => setF({ kind: v })}
                options={(Object.keys(ORG_KIND_LABELS) as OrgKind[]).map((k) => ({ value: k, label: kindLabel(k) }))}
                style={{ width: 180 }}
              />
              <RegionPicker value={filter.regionCode} onChange={(v) => setF({ regionCode: v })} placeholder={t('全部区划', 'All divisions')} style={{ width: 220 }} />
              <div style={{ width: 200 }}>
                <CategorySelect
                  multiple={false}
                  value={filter.categoryCode}
                  onChange={(v) => setF({ categoryCode: typeof v === 'string' ? v : undefined })}
                  placeholder={t('全部诉求类别', 'All categories')}
                />
              </div>
              <Select<'true' | 'false'>
                allowClear
                placeholder={t('全部状态', 'Any status')}
                value={filter.active === undefined ? undefined : filter.active ? 'true' : 'false'}
                onChange={(v) => setF({ active: v === undefined ? undefined : v === 'true' })}
                options={[
                  { value: 'true', label: t('启用', 'Active') },
                  { value: 'false', label: t('停用', 'Inactive') },
                ]}
                style={{ width: 120 }}
              />
            </>
          }
          empty={(filtered) => ({
            title: filtered ? t('没有符合条件的组织机构', 'No organisation matches') : t('还没有组织机构', 'No organisations yet'),
            hint: filtered
              ? t('调整或清空筛选条件再试。', 'Change or clear the filters.')
              : isAdmin
                ? t('点击右上角“新建组织机构”添加职能部门、综治中心或工作站。', 'Use “New organisation” to add departments, centres and workstations.')
                : t('组织机构由系统管理员维护。', 'Organisations are maintained by the administrator.'),
            action: !filtered && isAdmin && (
              <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
                {t('新建组织机构', 'New organisation')}
              </Button>
            ),
          })}
          columns={[
            { title: t('名称', 'Name'), dataIndex: 'name', render: (n: string, o) => <Typography.Text strong={o.active} delete={!o.active}>{n}</Typography.Text> },
            { title: t('类型', 'Kind'), dataIndex: 'kind', width: 150, render: (k: OrgKind) => <Tag color={KIND_COLORS[k]}>{kindLabel(k)}</Tag> },
            {
              title: t('区划', 'Division'),
              dataIndex: 'regionName',
              width: 160,
              render: (n: string, o) => (
                <Tooltip title={`${n}（${o.regionCode}）`}>
                  <span>{shortRegion(n) || o.regionCode}</span>
                </Tooltip>
              ),
            },
            { title: t('电话', 'Phone'), dataIndex: 'phone', width: 140, render: (p: string | null) => p ?? '—' },
            {
              title: t('诉求类别', 'Categories'),
              dataIndex: 'categoryCodes',
              render: (codes: string[]) =>
                codes.length ? (
                  <Tooltip title={codes.map((c) => categoryNames.get(c) ?? c).join('、')}>
                    <Space size={[4, 4]} wrap>
                      {codes.slice(0, 3).map((c) => (
                        <Tag key={c} variant="filled">
                          {categoryNames.get(c) ?? c}
                        </Tag>
                      ))}
                      {codes.length > 3 && <Tag variant="filled">+{codes.length - 3}</Tag>}
                    </Space>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            {
              title: t('状态', 'Status'),
              dataIndex: 'active',
              width: 90,
              render: (a: boolean) => <Badge status={a ? 'success' : 'default'} text={a ? t('启用', 'Active') : t('停用', 'Inactive')} />,
            },
            { title: t('更新时间', 'Updated'), dataIndex: 'updatedAt', width: 150, render: formatTime },
            ...(isAdmin
              ? [
                  {
                    title: t('操作', 'Actions'),
                    key: 'actions',
                    width: 130,
                    fixed: 'right' as const,
                    render: (_: unknown, o: Org) => (
                      <Space size={0}>
                        <Button
                          type="link"
                          size="small"
                          onClick={() => {
                            setEditing(o);
                            setFormOpen(true);
                          }}
                        >
                          {t('编辑', 'Edit')}
                        </Button>
                        <Popconfirm
                          title={o.active ? t(`停用“${o.name}”？`, `Deactivate “${o.name}”?`) : t(`启用“${o.name}”？`, `Activate “${o.name}”?`)}
                          description={o.active ? t('停用后不再接收派遣，历史记录保留。', 'It stops receiving dispatches; its history is kept.') : undefined}
                          onConfirm={() => toggleActive(o)}
                        >
                          <Button type="link" size="small" danger={o.active}>
                            {o.active ? t('停用', 'Deactivate') : t('启用', 'Activate')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <OrgFormModal open={formOpen} org={editing} onClose={() => setFormOpen(false)} />
    </>
  );
}
