import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import type { WarningRule } from '../../app/contract';
import { useCategories } from '../orgs/api';
import { RegionPicker } from '../regions/RegionPicker';
import { useSaveWarningRule, useWarningRules } from './api';

/** Seasonal warnings (汛期, 高温, 开学): the admin's rules; in season each township of the area is warned once. */
export function WarningRules() {
  const { t } = useI18n();
  const user = useUser();
  const rules = useWarningRules();
  const categories = useCategories();
  const names = new Map((categories.data ?? []).map((c) => [c.code, c.name]));
  const [editing, setEditing] = useState<WarningRule | 'new' | null>(null);
  const admin = hasAnyRole(user, ['admin']);
  if (rules.error) return <LoadError error={rules.error} />;
  return (
    <>
      {admin && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')} data-testid="warning-rule-new">
          {t('assessment:add-a-seasonal-rule')}
        </Button>
      )}
      <Table<WarningRule>
        rowKey="id"
        size="small"
        loading={rules.isLoading}
        dataSource={rules.data ?? []}
        pagination={false}
        onRow={(r) => ({ onClick: () => admin && setEditing(r) })}
        locale={{ emptyText: t('assessment:no-seasonal-rules-yet-an-administrator-can-add') }}
        columns={[
          { title: t('assessment:name'), dataIndex: 'name', width: 120 },
          { title: t('assessment:season'), dataIndex: 'fromDay', width: 140, render: (_: string, r) => `${r.fromDay} — ${r.toDay}` },
          { title: t('assessment:categories'), dataIndex: 'categoryCodes', render: (c: string[]) => c.map((x) => names.get(x) ?? x).join('、') },
          { title: t('assessment:message'), dataIndex: 'message', ellipsis: true },
          { title: t('assessment:active'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t('assessment:active')}</Tag> : <Tag>{t('assessment:off')}</Tag>) },
        ]}
      />
      {editing && <RuleModal rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function RuleModal({ rule, onClose }: { rule: WarningRule | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const categories = useCategories();
  const save = useSaveWarningRule();
  const [form] = Form.useForm();
  const day = { pattern: /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, message: t('assessment:format-mm-dd-e-g-06-01') };
  return (
    <Modal
      open
      title={rule ? t('assessment:change-a-seasonal-rule') : t('assessment:add-a-seasonal-rule')}
      onCancel={onClose}
      okButtonProps={{ loading: save.isPending }}
      onOk={() =>
        void form.validateFields().then((v) =>
          save.mutate({ id: rule?.id, body: v }, { onSuccess: onClose, onError: (e) => void message.error(errorText(e)) }),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={rule ?? { regionCode: user.regionCode, active: true, categoryCodes: [] }}>
        <Form.Item name="regionCode" label={t('assessment:area')} rules={[{ required: true }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="name" label={t('assessment:name')} rules={[{ required: true, max: 50 }]}>
          <Input placeholder={t('assessment:e-g-flood-season')} />
        </Form.Item>
        <Form.Item name="fromDay" label={t('assessment:from-mm-dd')} rules={[{ required: true }, day]}>
          <Input placeholder="06-01" />
        </Form.Item>
        <Form.Item name="toDay" label={t('assessment:to-mm-dd')} rules={[{ required: true }, day]}>
          <Input placeholder="08-31" />
        </Form.Item>
        <Form.Item name="categoryCodes" label={t('assessment:categories')} rules={[{ required: true }]}>
          <Select mode="multiple" optionFilterProp="label" options={(categories.data ?? []).filter((c) => c.level === 2).map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Form.Item name="message" label={t('assessment:message')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="active" label={t('assessment:active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
