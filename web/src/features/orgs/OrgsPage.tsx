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

const KIND_COLORS: Record<OrgKind, string> = { department: 'blue', governance_center: 'red', workstation: 'green',
  party_org: 'volcano',
  owners_committee: 'cyan',
  property_company: 'geekblue',
  mediation_committee: 'orange',
  elder_studio: 'gold',
  court_liaison: 'geekblue',
  chamber_mediation: 'volcano',
  volunteer_team: 'lime',
  justice_office: 'purple',
  court: 'magenta',
};

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
      message.success(org.active ? t('orgs:deactivated') : t('orgs:activated'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const kindLabel = (k: OrgKind) => tl(ORG_KIND_LABELS[k]);

  return (
    <>
      <PageHeader
        title={t('common:organisations')}
        subtitle={t('orgs:departments-township-governance-centres-and')}
        extra={
          isAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="org-create">
              {t('orgs:new-organisation')}
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
                { title: t('orgs:name'), value: (o) => o.name },
                { title: t('orgs:kind'), value: (o) => kindLabel(o.kind) },
                { title: t('orgs:division-code'), value: (o) => o.regionCode },
                { title: t('orgs:division-2'), value: (o) => o.regionName },
                { title: t('orgs:phone-2'), value: (o) => o.phone },
                { title: t('orgs:categories'), value: (o) => o.categoryCodes.map((c) => categoryNames.get(c) ?? c).join('、') },
                { title: t('orgs:status'), value: (o) => (o.active ? t('orgs:active') : t('orgs:inactive')) },
                { title: t('orgs:updated'), value: (o) => formatTime(o.updatedAt) },
              ]}
            />
          }
          testId="orgs-table"
          scroll={{ x: 960 }}
          totalText={(n) => t('orgs:n-organisations', { n })}
          filters={
            <>
              <Input.Search key={`q-${filter.q ?? ''}`} defaultValue={filter.q} allowClear placeholder={t('orgs:search-name-or-phone')} onSearch={(v) => setF({ q: v.trim() || undefined })} style={{ width: 240 }} />
              <Select<OrgKind>
                allowClear
                placeholder={t('orgs:all-kinds')}
                value={filter.kind}
                onChange={(v) => setF({ kind: v })}
                options={(Object.keys(ORG_KIND_LABELS) as OrgKind[]).map((k) => ({ value: k, label: kindLabel(k) }))}
                style={{ width: 180 }}
              />
              <RegionPicker value={filter.regionCode} onChange={(v) => setF({ regionCode: v })} placeholder={t('orgs:all-divisions')} style={{ width: 220 }} />
              <div style={{ width: 200 }}>
                <CategorySelect
                  multiple={false}
                  value={filter.categoryCode}
                  onChange={(v) => setF({ categoryCode: typeof v === 'string' ? v : undefined })}
                  placeholder={t('orgs:all-categories')}
                />
              </div>
              <Select<'true' | 'false'>
                allowClear
                placeholder={t('orgs:any-status')}
                value={filter.active === undefined ? undefined : filter.active ? 'true' : 'false'}
                onChange={(v) => setF({ active: v === undefined ? undefined : v === 'true' })}
                options={[
                  { value: 'true', label: t('orgs:active') },
                  { value: 'false', label: t('orgs:inactive') },
                ]}
                style={{ width: 120 }}
              />
            </>
          }
          empty={(filtered) => ({
            title: filtered ? t('orgs:no-organisation-matches') : t('orgs:no-organisations-yet'),
            hint: filtered
              ? t('orgs:change-or-clear-the-filters')
              : isAdmin
                ? t('orgs:use-new-organisation-to-add-departments-centres')
                : t('orgs:organisations-are-maintained-by-the'),
            action: !filtered && isAdmin && (
              <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
                {t('orgs:new-organisation')}
              </Button>
            ),
          })}
          columns={[
            { title: t('orgs:name'), dataIndex: 'name', render: (n: string, o) => <Typography.Text strong={o.active} delete={!o.active}>{n}</Typography.Text> },
            { title: t('orgs:kind'), dataIndex: 'kind', width: 150, render: (k: OrgKind) => <Tag color={KIND_COLORS[k]}>{kindLabel(k)}</Tag> },
            {
              title: t('orgs:division-2'),
              dataIndex: 'regionName',
              width: 160,
              render: (n: string, o) => (
                <Tooltip title={`${n}（${o.regionCode}）`}>
                  <span>{shortRegion(n) || o.regionCode}</span>
                </Tooltip>
              ),
            },
            { title: t('orgs:phone-2'), dataIndex: 'phone', width: 140, render: (p: string | null) => p ?? '—' },
            {
              title: t('orgs:categories'),
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
              title: t('orgs:status'),
              dataIndex: 'active',
              width: 90,
              render: (a: boolean) => <Badge status={a ? 'success' : 'default'} text={a ? t('orgs:active') : t('orgs:inactive')} />,
            },
            { title: t('orgs:updated'), dataIndex: 'updatedAt', width: 150, render: formatTime },
            ...(isAdmin
              ? [
                  {
                    title: t('orgs:actions'),
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
                          {t('orgs:edit')}
                        </Button>
                        <Popconfirm
                          title={o.active ? t('orgs:deactivate-name', { name: o.name }) : t('orgs:activate-name', { name: o.name })}
                          description={o.active ? t('orgs:it-stops-receiving-dispatches-its-history-is') : undefined}
                          onConfirm={() => toggleActive(o)}
                        >
                          <Button type="link" size="small" danger={o.active}>
                            {o.active ? t('orgs:deactivate') : t('orgs:activate')}
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
