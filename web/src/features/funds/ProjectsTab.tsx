import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import type { FundProject, NewFundProject } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { toFen, useFunds, useProjects, usePropose, yuan } from './api';
import { CATEGORY_LABELS, PROJECT_STATUS_COLORS, PROJECT_STATUS_LABELS, SOURCE_LABELS } from './labels';
import { ProjectDrawer } from './ProjectDrawer';

interface Filter {
  status?: string;
  category?: string;
}

export function ProjectsTab() {
  const { t, tl } = useI18n();
  const user = useUser();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const [params, setParams] = useSearchParams();
  const list = useListState<Filter>();
  const projects = useProjects({ ...list.filter, page: list.page, pageSize: list.pageSize });
  const [proposing, setProposing] = useState(false);
  const openId = params.get('project') ?? undefined;
  const appealId = params.get('appeal') ?? undefined;
  const appealNumber = params.get('appealNumber') ?? undefined;

  // From an appeal's page: /funds?tab=projects&appeal=<id> opens the form with the appeal as the source.
  useEffect(() => {
    if (appealId && canWrite) setProposing(true);
  }, [appealId, canWrite]);

  const open = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('project', id);
    else next.delete('project');
    setParams(next, { replace: true });
  };

  return (
    <Card>
      <ListPage<FundProject, Filter>
        listId="fund-projects"
        rowKey="id"
        data={pageData(projects)}
        state={list}
        testId="projects-table"
        scroll={{ x: 1100 }}
        onRowClick={(p) => open(p.id)}
        totalText={(n) => t('funds:n-projects', { n })}
        filters={
          <>
            <Select
              allowClear
              placeholder={t('funds:any-status')}
              value={list.filter.status}
              onChange={(v) => list.setFilter({ status: v })}
              options={Object.keys(PROJECT_STATUS_LABELS).map((k) => ({ value: k, label: tl(PROJECT_STATUS_LABELS[k]) }))}
              style={{ width: 140 }}
            />
            <Select
              allowClear
              placeholder={t('funds:any-category')}
              value={list.filter.category}
              onChange={(v) => list.setFilter({ category: v })}
              options={Object.keys(CATEGORY_LABELS).map((k) => ({ value: k, label: tl(CATEGORY_LABELS[k]) }))}
              style={{ width: 140 }}
            />
          </>
        }
        toolbar={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="project-propose">
              {t('funds:propose-a-project-2')}
            </Button>
          )
        }
        empty={{ title: t('funds:no-projects-yet'), hint: t('funds:propose-a-project-from-an-appeal-a-meetings') }}
        columns={[
          {
            title: t('funds:project'),
            key: 'title',
            render: (_, p) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong data-testid={`project-title-${p.id}`}>
                  {p.title}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.regionName} · {tl(SOURCE_LABELS[p.sourceKind])}
                  {p.sourceLabel ? ` ${p.sourceLabel}` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('funds:category'), key: 'category', render: (_, p) => tl(CATEGORY_LABELS[p.category]) },
          {
            title: t('funds:status'),
            key: 'status',
            render: (_, p) => (
              <Space size={4}>
                <Tag color={PROJECT_STATUS_COLORS[p.status]}>{tl(PROJECT_STATUS_LABELS[p.status])}</Tag>
                {p.pendingLevel && <Tag color="gold">{t('funds:awaiting-approval')}</Tag>}
              </Space>
            ),
          },
          { title: t('funds:estimate-yuan'), key: 'est', align: 'right', render: (_, p) => yuan(p.estimateFen) },
          { title: t('funds:approved-yuan'), key: 'appr', align: 'right', render: (_, p) => yuan(p.approvedFen) },
          { title: t('funds:paid-yuan'), key: 'paid', align: 'right', render: (_, p) => yuan(p.paidFen) },
          { title: t('funds:households'), dataIndex: 'households', align: 'right' },
          { title: t('funds:days-to-acceptance'), key: 'days', align: 'right', render: (_, p) => p.daysToAcceptance ?? '—' },
        ]}
      />
      {proposing && (
        <ProposeModal
          appealId={appealId}
          appealNumber={appealNumber}
          onClose={(id) => {
            setProposing(false);
            const next = new URLSearchParams(params);
            next.delete('appeal');
            next.delete('appealNumber');
            if (id) next.set('project', id);
            setParams(next, { replace: true });
          }}
        />
      )}
      {openId && <ProjectDrawer id={openId} onClose={() => open(undefined)} />}
    </Card>
  );
}

function ProposeModal({ appealId, appealNumber, onClose }: { appealId?: string; appealNumber?: string; onClose: (id?: string) => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const propose = usePropose();
  const funds = useFunds(1, 200);
  const [form] = Form.useForm();
  const sourceKind = Form.useWatch('sourceKind', form) as string | undefined;
  const fundId = Form.useWatch('fundId', form) as string | undefined;
  const fund = funds.data?.items.find((f) => f.id === fundId);

  const submit = async () => {
    const v = await form.validateFields();
    const body: NewFundProject = {
      fundId: v.fundId,
      sourceKind: v.sourceKind,
      sourceId: v.sourceKind === 'community' ? undefined : v.sourceId,
      regionCode: v.regionCode || undefined,
      title: v.title,
      description: v.description || undefined,
      category: v.category,
      bucket: v.bucket || undefined,
      households: v.households ?? 0,
      estimateFen: toFen(v.estimate),
    };
    try {
      const p = await propose.mutateAsync(body);
      message.success(t('funds:proposed-waiting-for-approval'));
      onClose(p.id);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Modal open width={640} title={t('funds:propose-a-project')} onOk={submit} onCancel={() => onClose()} confirmLoading={propose.isPending} okButtonProps={{ 'data-testid': 'project-form-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ sourceKind: appealId ? 'appeal' : 'community', sourceId: appealId, category: 'drains' }}>
        <Form.Item name="fundId" label={t('funds:fund')} rules={[{ required: true }]}>
          <Select
            data-testid="project-form-fund"
            showSearch
            optionFilterProp="label"
            options={(funds.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.name}（${t('funds:balance')} ${yuan(f.balance.totalFen)}）` }))}
          />
        </Form.Item>
        <Form.Item name="sourceKind" label={t('funds:source')} rules={[{ required: true }]}>
          <Select options={Object.keys(SOURCE_LABELS).map((k) => ({ value: k, label: tl(SOURCE_LABELS[k]) }))} />
        </Form.Item>
        {sourceKind && sourceKind !== 'community' && (
          <Form.Item name="sourceId" label={sourceKind === 'appeal' ? t('funds:appeal') : t('funds:action-id')} rules={[{ required: true }]} extra={appealNumber}>
            <Input disabled={!!appealId && sourceKind === 'appeal'} />
          </Form.Item>
        )}
        <Form.Item name="regionCode" label={t('funds:place-taken-from-the-appeal-if-empty')} rules={[{ required: sourceKind === 'community' }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="title" label={t('funds:title')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="project-form-title" />
        </Form.Item>
        <Form.Item name="description" label={t('funds:description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="category" label={t('funds:category')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={Object.keys(CATEGORY_LABELS).map((k) => ({ value: k, label: tl(CATEGORY_LABELS[k]) }))} />
          </Form.Item>
          {fund?.splitRule && (
            <Form.Item name="bucket" label={t('funds:bucket-2')} rules={[{ required: true }]}>
              <Select style={{ width: 160 }} options={fund.splitRule.buckets.map((b) => ({ value: b.key, label: b.name }))} />
            </Form.Item>
          )}
          <Form.Item name="estimate" label={t('funds:estimate-yuan-2')} rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} style={{ width: 180 }} data-testid="project-form-estimate" />
          </Form.Item>
          <Form.Item name="households" label={t('funds:households-benefiting')}>
            <InputNumber min={0} style={{ width: 140 }} data-testid="project-form-households" />
          </Form.Item>
        </Space>
        {fund && fund.forbiddenUses.length > 0 && (
          <Typography.Paragraph type="secondary">
            {t('funds:not-for')}
            {fund.forbiddenUses.join('、')}
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
