import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Form, Input, List, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { formatTime } from '../../app/format';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import type { CreateNeedBody, Need, NeedAction, NeedStatus, ResourceItem } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useCreateNeed, useCreateResource, useNeed, useNeedAction, useNeeds, useResources, useUnits, type NeedFilter } from './api';
import { HelperSelect } from './HelperSelect';
import { NeedHouseholdSelect } from './NeedHouseholdSelect';
import { NEED_ACTION_LABELS, NEED_STATUS_COLORS, NEED_STATUS_LABELS, RESOURCE_KIND_LABELS } from './labels';

const KINDS = ['skills', 'goods', 'money', 'hours', 'venue'] as const;

function NeedDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const need = useNeed(id);
  const run = useNeedAction();
  const units = useUnits();
  const [action, setAction] = useState<NeedAction | null>(null);
  const [form] = Form.useForm<{ by: 'helper' | 'unit'; helperId?: string; unitId?: string; evidence?: string }>();
  const by = Form.useWatch('by', form);
  const n = need.data;
  const submit = async () => {
    if (!n || !action) return;
    const v = await form.validateFields();
    try {
      await run.mutateAsync({
        id: n.id,
        action,
        body: { version: n.version, ...(action === 'claim' ? (v.by === 'unit' ? { unitId: v.unitId } : { helperId: v.helperId }) : {}), ...(action === 'done' ? { evidence: v.evidence } : {}) },
      });
      setAction(null);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Drawer open={!!id} onClose={onClose} width={560} title={n?.title ?? t('volunteers:need')}>
      {n && (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            {n.actions.map((a) => (
              <Button key={a} type={a === 'cancel' ? 'default' : 'primary'} danger={a === 'cancel'} onClick={() => (form.resetFields(), setAction(a))} data-testid={`need-action-${a}`}>
                {tl(NEED_ACTION_LABELS[a])}
              </Button>
            ))}
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('volunteers:status')}>
              <Tag color={NEED_STATUS_COLORS[n.status]}>{tl(NEED_STATUS_LABELS[n.status])}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('volunteers:community')}>{n.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers:kind')}>{tl(RESOURCE_KIND_LABELS[n.kind])}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers:detail')}>{n.detail ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers:claimed-by')}>{n.claimant?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers:evidence')}>{n.evidence ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers:confirmed')}>{n.confirmedAt ? formatTime(n.confirmedAt) : '—'}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('volunteers:matching-resources-by-kind-and-place')} style={{ marginTop: 16 }}>
            <List
              size="small"
              dataSource={n.suggestions}
              locale={{ emptyText: t('volunteers:no-matching-resource-in-the-lists-yet') }}
              renderItem={(r) => (
                <List.Item>
                  <Space>
                    <Tag>{tl(RESOURCE_KIND_LABELS[r.kind])}</Tag>
                    {r.title} · {r.owner.name}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Modal open={!!action} title={action ? tl(NEED_ACTION_LABELS[action]) : ''} onOk={submit} onCancel={() => setAction(null)} confirmLoading={run.isPending}>
            <Form form={form} layout="vertical" initialValues={{ by: 'helper' }}>
              {action === 'claim' && (
                <>
                  <Form.Item name="by">
                    <Radio.Group
                      options={[
                        { value: 'helper', label: t('volunteers:a-member-or-volunteer') },
                        { value: 'unit', label: t('volunteers:a-paired-unit') },
                      ]}
                    />
                  </Form.Item>
                  {by === 'unit' ? (
                    <Form.Item name="unitId" rules={[{ required: true, message: t('volunteers:choose-the-unit') }]}>
                      <Select options={(units.data?.items ?? []).filter((u) => n.regionCode.startsWith(u.regionCode)).map((u) => ({ value: u.id, label: u.name }))} />
                    </Form.Item>
                  ) : (
                    <Form.Item name="helperId" rules={[{ required: true, message: t('volunteers:choose-the-person') }]}>
                      <HelperSelect within={n.regionCode.slice(0, 12)} />
                    </Form.Item>
                  )}
                </>
              )}
              {action === 'done' && (
                <Form.Item name="evidence" label={t('volunteers:what-was-done-evidence')} rules={[{ required: true, whitespace: true, message: t('volunteers:describe-what-was-done') }]}>
                  <Input.TextArea rows={3} maxLength={1000} />
                </Form.Item>
              )}
              {(action === 'confirm' || action === 'cancel') && <p>{t('volunteers:go-ahead')}</p>}
            </Form>
          </Modal>
        </>
      )}
    </Drawer>
  );
}

function NeedModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateNeedBody>();
  const create = useCreateNeed();
  const regionCode = Form.useWatch('regionCode', form);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync(v);
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open={open} title={t('volunteers:new-need')} onOk={submit} onCancel={onClose} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'skills', source: 'staff' }}>
        <Form.Item name="title" label={t('volunteers:need')} rules={[{ required: true, whitespace: true, message: t('volunteers:describe-the-need') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('volunteers:community')} rules={[{ required: true, message: t('volunteers:choose-the-community') }]}>
          <RegionPicker includeGrids onChange={() => form.setFieldValue('householdId', undefined)} />
        </Form.Item>
        <Form.Item name="householdId" label={t('volunteers:for-a-household-optional')}>
          <NeedHouseholdSelect within={regionCode} />
        </Form.Item>
        <Form.Item name="kind" label={t('volunteers:kind')}>
          <Select options={KINDS.map((k) => ({ value: k, label: tl(RESOURCE_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="source" label={t('volunteers:source')}>
          <Select
            options={[
              { value: 'visit', label: t('volunteers:a-visit') },
              { value: 'appeal', label: t('volunteers:an-appeal') },
              { value: 'meeting', label: t('volunteers:a-meeting') },
              { value: 'staff', label: t('volunteers:staff') },
            ]}
          />
        </Form.Item>
        <Form.Item name="detail" label={t('volunteers:detail')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Resources({ canWrite }: { canWrite: boolean }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const resources = useResources(page, 10);
  const create = useCreateResource();
  const [draft, setDraft] = useState<{ kind: string; title: string; helperId?: string }>({ kind: 'skills', title: '' });
  return (
    <Card size="small" title={t('volunteers:resources-offered')} style={{ marginTop: 16 }}>
      {canWrite && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select value={draft.kind} onChange={(kind) => setDraft({ ...draft, kind })} options={KINDS.map((k) => ({ value: k, label: tl(RESOURCE_KIND_LABELS[k]) }))} style={{ width: 100 }} />
          <Input placeholder={t('volunteers:e-g-legal-advice-a-meeting-room')} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} style={{ width: 220 }} />
          <div style={{ width: 240 }}>
            <HelperSelect value={draft.helperId} onChange={(helperId) => setDraft({ ...draft, helperId })} />
          </div>
          <Button
            disabled={!draft.title.trim() || !draft.helperId}
            onClick={() =>
              create
                .mutateAsync({ kind: draft.kind as 'skills', title: draft.title.trim(), helperId: draft.helperId })
                .then(() => setDraft({ kind: draft.kind, title: '' }))
                .catch((e: unknown) => message.error(errorText(e)))
            }
          >
            {t('volunteers:add')}
          </Button>
        </Space>
      )}
      <Table<ResourceItem>
        rowKey="id"
        size="small"
        dataSource={resources.data?.items ?? []}
        pagination={{ current: page, pageSize: 10, total: resources.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('volunteers:kind'), dataIndex: 'kind', width: 80, render: (k: string) => tl(RESOURCE_KIND_LABELS[k]) },
          { title: t('volunteers:resource'), dataIndex: 'title' },
          { title: t('volunteers:offered-by'), key: 'owner', render: (_: unknown, r) => r.owner.name },
        ]}
      />
    </Card>
  );
}

export function NeedsTab({ canWrite }: { canWrite: boolean }) {
  const { t, tl } = useI18n();
  const list = useListState<NeedFilter>();
  const needs = useNeeds(list.filter, list.page, list.pageSize);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <ListPage<Need, NeedFilter>
        listId="needs"
        rowKey="id"
        data={pageData(needs)}
        state={list}
        testId="needs-table"
        onRowClick={(n) => setOpenId(n.id)}
        totalText={(n) => t('volunteers:n-needs', { n })}
        toolbar={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('volunteers:new-need')}
            </Button>
          )
        }
        filters={
          <Select<NeedStatus>
            allowClear
            placeholder={t('volunteers:any-status')}
            value={list.filter.status}
            onChange={(v) => list.setFilter({ status: v })}
            options={(Object.keys(NEED_STATUS_LABELS) as NeedStatus[]).map((s) => ({ value: s, label: tl(NEED_STATUS_LABELS[s]) }))}
            style={{ width: 140 }}
          />
        }
        empty={(filtered) => ({
          title: filtered ? t('volunteers:no-need-matches') : t('volunteers:the-needs-list-is-empty'),
          hint: t('volunteers:record-needs-found-in-visits-appeals-and'),
        })}
        columns={[
          { title: t('volunteers:need'), dataIndex: 'title' },
          { title: t('volunteers:community'), dataIndex: 'regionName', width: 160 },
          { title: t('volunteers:kind'), dataIndex: 'kind', width: 80, render: (k: string) => tl(RESOURCE_KIND_LABELS[k]) },
          { title: t('volunteers:status'), dataIndex: 'status', width: 110, render: (s: NeedStatus) => <Tag color={NEED_STATUS_COLORS[s]}>{tl(NEED_STATUS_LABELS[s])}</Tag> },
          { title: t('volunteers:claimed-by'), dataIndex: 'claimant', render: (c: Need['claimant']) => c?.name ?? '—' },
          { title: t('volunteers:recorded'), dataIndex: 'createdAt', width: 150, render: formatTime },
        ]}
      />
      <Resources canWrite={canWrite} />
      <NeedDrawer id={openId} onClose={() => setOpenId(null)} />
      {canWrite && <NeedModal open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
