import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tag, Upload } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { useI18n } from '../../app/i18n';
import type { CreateEnterpriseBody, Enterprise, EnterpriseFilter, EnterpriseImportResult } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useCreateEnterprise, useEnterprises, useImportEnterprises } from './api';
import { INDUSTRY_LABELS, SIZE_LABELS } from './labels';

/** 企业名录: the firms of the caller's area, registered one by one or imported from Excel. */
export default function EnterprisesPage() {
  const user = useUser();
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const list = useListState<EnterpriseFilter>();
  const { filter, setFilter } = list;
  const firms = useEnterprises(filter, list.page, list.pageSize);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  return (
    <>
      <PageHeader
        title={t('common:enterprise-register')}
        subtitle={t('enterprises:firms-by-their-unified-social-credit-code-each')}
        extra={
          canWrite && (
            <Space>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="enterprise-import">
                {t('enterprises:import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="enterprise-create">
                {t('enterprises:register-a-firm')}
              </Button>
            </Space>
          )
        }
      />
      <Card>
        <ListPage<Enterprise, EnterpriseFilter>
          listId="enterprises"
          rowKey="id"
          data={pageData(firms)}
          state={list}
          testId="enterprises-table"
          onRowClick={(f) => navigate(`/enterprises/${f.id}`)}
          totalText={(n) => t('enterprises:n-firms', { n })}
          filters={
            <>
              <Input.Search key={`q-${filter.q ?? ''}`} defaultValue={filter.q} allowClear placeholder={t('enterprises:name-or-credit-code')} onSearch={(v) => setFilter({ q: v.trim() || undefined })} style={{ width: 240 }} data-testid="enterprise-search" />
              <Input.Search key={`p-${filter.park ?? ''}`} defaultValue={filter.park} allowClear placeholder={t('enterprises:park')} onSearch={(v) => setFilter({ park: v.trim() || undefined })} style={{ width: 180 }} />
              <Select allowClear placeholder={t('enterprises:all-industries')} value={filter.industry} onChange={(v) => setFilter({ industry: v })} options={Object.keys(INDUSTRY_LABELS).map((k) => ({ value: k, label: tl(INDUSTRY_LABELS[k]) }))} style={{ width: 160 }} />
              <Select allowClear placeholder={t('enterprises:all-sizes')} value={filter.size} onChange={(v) => setFilter({ size: v })} options={Object.keys(SIZE_LABELS).map((k) => ({ value: k, label: tl(SIZE_LABELS[k]) }))} style={{ width: 120 }} />
            </>
          }
          empty={(filtered) => ({
            title: filtered ? t('enterprises:no-firm-matches') : t('enterprises:no-firm-registered-yet'),
            hint: filtered ? t('enterprises:change-or-clear-the-filters') : t('enterprises:register-firms-one-by-one-or-import-the-register'),
          })}
          columns={[
            { title: t('enterprises:name'), dataIndex: 'name', render: (n: string) => <strong>{n}</strong> },
            { title: t('enterprises:credit-code'), dataIndex: 'creditCode', width: 190 },
            { title: t('enterprises:industry'), dataIndex: 'industry', width: 130, render: (i: string) => tl(INDUSTRY_LABELS[i], i) },
            { title: t('enterprises:size'), dataIndex: 'size', width: 80, render: (s: string) => tl(SIZE_LABELS[s], s) },
            { title: t('enterprises:park'), dataIndex: 'park', width: 150, render: (p: string | null) => p ?? '—' },
            { title: t('enterprises:chains'), dataIndex: 'chains', width: 160, render: (cs: Enterprise['chains']) => cs.map((c) => <Tag key={c.id}>{c.name}</Tag>) },
            { title: t('enterprises:commissioner'), dataIndex: 'commissioner', width: 120, render: (c: Enterprise['commissioner']) => c?.name ?? '—' },
          ]}
        />
      </Card>
      {creating && <CreateModal onClose={() => setCreating(false)} />}
      {importing && <ImportModal onClose={() => setImporting(false)} />}
    </>
  );
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateEnterpriseBody>();
  const create = useCreateEnterprise();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await create.mutateAsync(v);
      message.success(t('enterprises:registered'));
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal open title={t('enterprises:register-a-firm')} onCancel={onClose} onOk={submit} confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'enterprise-submit' } as Record<string, string>} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="enterprise-error" />}
      <Form form={form} layout="vertical" initialValues={{ size: 'small', industry: 'electronics' }}>
        <Form.Item name="creditCode" label={t('enterprises:unified-social-credit-code')} rules={[{ required: true, len: 18, message: t('enterprises:18-characters') }]}>
          <Input maxLength={18} data-testid="enterprise-code" />
        </Form.Item>
        <Form.Item name="name" label={t('enterprises:name')} rules={[{ required: true }]}>
          <Input data-testid="enterprise-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="industry" label={t('enterprises:industry')} rules={[{ required: true }]}>
            <Select style={{ width: 180 }} options={Object.keys(INDUSTRY_LABELS).map((k) => ({ value: k, label: tl(INDUSTRY_LABELS[k]) }))} />
          </Form.Item>
          <Form.Item name="size" label={t('enterprises:size')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={Object.keys(SIZE_LABELS).map((k) => ({ value: k, label: tl(SIZE_LABELS[k]) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="regionCode" label={t('enterprises:place-2')} rules={[{ required: true }]}>
          <RegionPicker includeGrids />
        </Form.Item>
        <Form.Item name="park" label={t('enterprises:park')}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t('enterprises:address')}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={t('enterprises:contact')}>
            <Input />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('enterprises:phone-stored-encrypted')}>
            <Input />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function ImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const run = useImportEnterprises();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'all_or_nothing' | 'valid_rows'>('all_or_nothing');
  const [result, setResult] = useState<EnterpriseImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!file) return;
    setError(null);
    try {
      setResult(await run.mutateAsync({ file, mode }));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal open width={720} title={t('enterprises:import-the-register')} onCancel={onClose} onOk={result ? onClose : submit} okText={result ? t('enterprises:done') : t('enterprises:import')} confirmLoading={run.isPending} okButtonProps={{ disabled: !file && !result }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <a href="/api/enterprises/import-template">{t('enterprises:download-the-template')}</a>
        <Upload accept=".xlsx" maxCount={1} beforeUpload={(f) => { setFile(f); setResult(null); return false; }} onRemove={() => setFile(null)}>
          <Button icon={<UploadOutlined />}>{t('enterprises:choose-an-xlsx-file')}</Button>
        </Upload>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
          <Radio value="all_or_nothing">{t('enterprises:nothing-if-any-row-fails')}</Radio>
          <Radio value="valid_rows">{t('enterprises:only-the-valid-rows')}</Radio>
        </Radio.Group>
        {error && <Alert type="error" showIcon message={error} />}
        {result && (
          <>
            <Alert type={result.errors.length ? 'warning' : 'success'} showIcon message={t('enterprises:total-rows-created-imported-errorscount-with', { total: result.total, created: result.created, errorsCount: result.errors.length })} data-testid="enterprise-import-result" />
            {result.errors.length > 0 && (
              <Table size="small" rowKey={(e) => `${e.row}-${e.column}`} pagination={{ pageSize: 10 }} dataSource={result.errors} columns={[
                { title: t('enterprises:row'), dataIndex: 'row', width: 60 },
                { title: t('enterprises:column'), dataIndex: 'column', width: 150 },
                { title: t('enterprises:reason-2'), dataIndex: 'reason' },
              ]} />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
