import { useState } from 'react';
import { Alert, App, Badge, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { ListPage } from '../../app/list/ListPage';
import { useI18n } from '../../app/i18n';
import { validValues } from '../../app/validation';
import { ROLE_COLORS, ROLE_LABELS, ROLES } from '../../app/labels';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey, Role } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './api';
import { PlaceName } from '../../app/PlaceName';

export default function ApiKeysPage() {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [createOpen, setCreateOpen] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const onRevoke = async (k: ApiKey) => {
    try {
      await revoke.mutateAsync(k.id);
      message.success(t('apikeys:name-revoked', { name: k.name }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('common:api-keys')}
        subtitle={t('apikeys:for-other-systems-12345-hotline-dashboards')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="apikey-create">
            {t('apikeys:new-api-key')}
          </Button>
        }
      />
      <Card>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span>
              {t('apikeys:send-it-in-a-request-header')}
              <Typography.Text code>Authorization: Bearer tsk_…</Typography.Text>
              {t('apikeys:or')}
              <Typography.Text code>X-API-Key: tsk_…</Typography.Text>
              {t('apikeys:api-reference')}
              <a href="/docs" target="_blank" rel="noreferrer">
                /docs
              </a>
            </span>
          }
        />
        <ListPage<ApiKey, object>
          listId="apikeys"
          rowKey="id"
          size="large"
          data={{ items: keys.data, loading: keys.isFetching, error: keys.isError ? keys.error : undefined, retry: () => void keys.refetch() }}
          scroll={{ x: 960 }}
          totalText={(n) => t('apikeys:n-keys', { n })}
          empty={{
            title: t('apikeys:no-api-keys-yet'),
            hint: t('apikeys:when-another-system-needs-access-use-new-api-key'),
            action: (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
                {t('apikeys:new-api-key')}
              </Button>
            ),
          }}
          columns={[
            { title: t('apikeys:name'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
            { title: t('apikeys:prefix'), dataIndex: 'keyPrefix', width: 150, render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
            {
              title: t('apikeys:roles'),
              dataIndex: 'roles',
              render: (roles: Role[]) => (
                <Space size={[4, 4]} wrap>
                  {roles.map((r) => (
                    <Tag key={r} color={ROLE_COLORS[r]}>
                      {tl(ROLE_LABELS[r])}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('apikeys:area'), dataIndex: 'regionCode', width: 150, render: (c: string, k) => <PlaceName code={c} name={k.regionName} /> },
            { title: t('apikeys:created'), dataIndex: 'createdAt', width: 150, render: formatTime },
            { title: t('apikeys:last-used'), dataIndex: 'lastUsedAt', width: 150, render: formatTime },
            {
              title: t('apikeys:status'),
              dataIndex: 'revokedAt',
              width: 170,
              render: (r: string | null) =>
                r ? <Badge status="default" text={`${t('apikeys:revoked')} ${formatTime(r)}`} /> : <Badge status="success" text={t('apikeys:active')} />,
            },
            {
              title: t('apikeys:actions'),
              key: 'actions',
              width: 90,
              fixed: 'right',
              render: (_: unknown, k) =>
                k.revokedAt ? null : (
                  <Popconfirm
                    title={t('apikeys:revoke-name', { name: k.name })}
                    description={t('apikeys:systems-using-it-lose-access-at-once-this-cannot')}
                    onConfirm={() => onRevoke(k)}
                    okButtonProps={{ danger: true }}
                  >
                    <Button type="link" size="small" danger>
                      {t('apikeys:revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <CreateKeyModal
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(c) => {
          setCreateOpen(false);
          setCreated(c);
        }}
      />
      <ShowKeyModal created={created} onClose={() => setCreated(null)} />
    </>
  );
}

function CreateKeyModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: CreatedApiKey) => void }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<CreateApiKeyBody>();
  const create = useCreateApiKey();
  const onOk = async () => {
    const v = await validValues(form);
    if (!v) return;
    try {
      const c = await create.mutateAsync({ name: v.name.trim(), roles: v.roles, regionCode: v.regionCode });
      form.resetFields();
      onCreated(c);
    } catch {
      // Shown in the modal from the mutation's error.
    }
  };
  return (
    <Modal
      open={open}
      title={t('apikeys:new-api-key')}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      onOk={() => void onOk()}
      okText={t('apikeys:create-key')}
      confirmLoading={create.isPending}
      forceRender
    >
      {create.isError && <Alert type="error" showIcon title={errorText(create.error)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" style={{ marginTop: 16 }} requiredMark="optional">
        <Form.Item name="name" label={t('apikeys:name-purpose')} rules={[{ required: true, whitespace: true, max: 64, message: t('apikeys:enter-a-name') }]}>
          <Input placeholder={t('apikeys:e-g-12345-hotline-link')} />
        </Form.Item>
        <Form.Item name="roles" label={t('apikeys:roles')} rules={[{ required: true, message: t('apikeys:choose-at-least-one-role') }]} extra={t('apikeys:grant-no-more-than-needed')}>
          <Select<Role[]> mode="multiple" options={ROLES.map((r) => ({ value: r, label: tl(ROLE_LABELS[r]) }))} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('apikeys:area')}
          required
          rules={[{ validator: (_, v) => (typeof v === 'string' ? Promise.resolve() : Promise.reject(new Error(t('apikeys:choose-the-area')))) }]}
        >
          <RegionPicker allowWhole includeGrids />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ShowKeyModal({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={!!created}
      title={t('apikeys:api-key-created')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('apikeys:i-have-stored-it-safely')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('apikeys:the-key-is-shown-only-once-copy-it-now-into-the')}
      />
      <Typography.Paragraph copyable={{ text: created?.key ?? '' }} code style={{ wordBreak: 'break-all', fontSize: 14 }} data-testid="apikey-secret">
        {created?.key}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('apikeys:example')}
        <Typography.Text code style={{ fontSize: 12 }}>
          {`curl -H "Authorization: Bearer ${created?.key.slice(0, 8) ?? ''}…" ${location.origin}/api/overview`}
        </Typography.Text>
      </Typography.Text>
    </Modal>
  );
}
