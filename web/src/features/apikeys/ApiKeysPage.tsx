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
      message.success(t(`已吊销“${k.name}”`, `“${k.name}” revoked`));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('API 密钥', 'API keys')}
        subtitle={t('供其他系统（如 12345 热线、数据大屏）调用本平台接口。密钥与账号一样受角色和管辖范围限制。', 'For other systems (12345 hotline, dashboards) calling this API. A key is limited by its roles and area like an account.')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="apikey-create">
            {t('新建 API 密钥', 'New API key')}
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
              {t('调用方式：在请求头中携带 ', 'Send it in a request header: ')}
              <Typography.Text code>Authorization: Bearer tsk_…</Typography.Text>
              {t(' 或 ', ' or ')}
              <Typography.Text code>X-API-Key: tsk_…</Typography.Text>
              {t('。接口文档见 ', '. API reference: ')}
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
          totalText={(n) => t(`共 ${n} 个密钥`, `${n} keys`)}
          empty={{
            title: t('还没有 API 密钥', 'No API keys yet'),
            hint: t('需要对接其他系统时，点击右上角“新建 API 密钥”。', 'When another system needs access, use “New API key”.'),
            action: (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
                {t('新建 API 密钥', 'New API key')}
              </Button>
            ),
          }}
          columns={[
            { title: t('名称', 'Name'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
            { title: t('密钥前缀', 'Prefix'), dataIndex: 'keyPrefix', width: 150, render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
            {
              title: t('角色', 'Roles'),
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
            { title: t('管辖范围', 'Area'), dataIndex: 'regionCode', width: 130, render: (c: string) => (c === '' ? t('全部辖区', 'Whole installation') : c) },
            { title: t('创建时间', 'Created'), dataIndex: 'createdAt', width: 150, render: formatTime },
            { title: t('最近使用', 'Last used'), dataIndex: 'lastUsedAt', width: 150, render: formatTime },
            {
              title: t('状态', 'Status'),
              dataIndex: 'revokedAt',
              width: 170,
              render: (r: string | null) =>
                r ? <Badge status="default" text={`${t('已吊销', 'Revoked')} ${formatTime(r)}`} /> : <Badge status="success" text={t('有效', 'Active')} />,
            },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              width: 90,
              fixed: 'right',
              render: (_: unknown, k) =>
                k.revokedAt ? null : (
                  <Popconfirm
                    title={t(`吊销“${k.name}”？`, `Revoke “${k.name}”?`)}
                    description={t('吊销后使用该密钥的系统将立即无法访问，且不能恢复。', 'Systems using it lose access at once; this cannot be undone.')}
                    onConfirm={() => onRevoke(k)}
                    okButtonProps={{ danger: true }}
                  >
                    <Button type="link" size="small" danger>
                      {t('吊销', 'Revoke')}
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
      title={t('新建 API 密钥', 'New API key')}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      onOk={() => void onOk()}
      okText={t('生成密钥', 'Create key')}
      confirmLoading={create.isPending}
      forceRender
    >
      {create.isError && <Alert type="error" showIcon title={errorText(create.error)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" style={{ marginTop: 16 }} requiredMark="optional">
        <Form.Item name="name" label={t('名称（用途）', 'Name (purpose)')} rules={[{ required: true, whitespace: true, max: 64, message: t('请输入名称', 'Enter a name') }]}>
          <Input placeholder={t('如：12345 热线对接', 'e.g. 12345 hotline link')} />
        </Form.Item>
        <Form.Item name="roles" label={t('角色', 'Roles')} rules={[{ required: true, message: t('至少选择一个角色', 'Choose at least one role') }]} extra={t('按最小权限原则选择', 'Grant no more than needed')}>
          <Select<Role[]> mode="multiple" options={ROLES.map((r) => ({ value: r, label: tl(ROLE_LABELS[r]) }))} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('管辖范围', 'Area')}
          required
          rules={[{ validator: (_, v) => (typeof v === 'string' ? Promise.resolve() : Promise.reject(new Error(t('请选择管辖范围', 'Choose the area')))) }]}
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
      title={t('API 密钥已生成', 'API key created')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('我已妥善保存', 'I have stored it safely')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('密钥只显示这一次，关闭后无法再查看。请立即复制并保存到对接系统的安全配置中。', 'The key is shown only once. Copy it now into the other system’s secure configuration.')}
      />
      <Typography.Paragraph copyable={{ text: created?.key ?? '' }} code style={{ wordBreak: 'break-all', fontSize: 14 }} data-testid="apikey-secret">
        {created?.key}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('示例：', 'Example: ')}
        <Typography.Text code style={{ fontSize: 12 }}>
          {`curl -H "Authorization: Bearer ${created?.key.slice(0, 8) ?? ''}…" ${location.origin}/api/overview`}
        </Typography.Text>
      </Typography.Text>
    </Modal>
  );
}
