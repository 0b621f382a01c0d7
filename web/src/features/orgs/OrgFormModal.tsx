import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { ApiError, errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { validValues } from '../../app/validation';
import { ORG_KIND_LABELS } from '../../app/labels';
import type { Org, OrgKind, UpdateOrgBody } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useCreateOrg, useUpdateOrg } from './api';
import { CategorySelect } from './CategorySelect';

interface Values {
  name: string;
  kind: OrgKind;
  regionCode: string;
  phone?: string;
  description?: string;
  categoryCodes: string[];
}

const blankToNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** Only the fields that changed, plus the version the edit was based on (optimistic concurrency). */
function changes(org: Org, v: Values): UpdateOrgBody {
  const body: UpdateOrgBody = { version: org.version };
  if (v.name.trim() !== org.name) body.name = v.name.trim();
  if (v.kind !== org.kind) body.kind = v.kind;
  if (v.regionCode !== org.regionCode) body.regionCode = v.regionCode;
  if (blankToNull(v.phone) !== org.phone) body.phone = blankToNull(v.phone);
  if (blankToNull(v.description) !== org.description) body.description = blankToNull(v.description);
  const cats = [...(v.categoryCodes ?? [])].sort();
  if (cats.join(',') !== [...org.categoryCodes].sort().join(',')) body.categoryCodes = cats;
  return body;
}

export function OrgFormModal({ open, org, onClose }: { open: boolean; org: Org | null; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrg();
  const update = useUpdateOrg();
  const [error, setError] = useState<string | null>(null);
  const saving = create.isPending || update.isPending;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (org) {
      form.setFieldsValue({
        name: org.name,
        kind: org.kind,
        regionCode: org.regionCode,
        phone: org.phone ?? '',
        description: org.description ?? '',
        categoryCodes: org.categoryCodes,
      });
    } else {
      form.setFieldsValue({ kind: 'department', categoryCodes: [] });
    }
  }, [open, org, form]);

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) return;
    setError(null);
    try {
      if (org) {
        const body = changes(org, v);
        if (Object.keys(body).length === 1) {
          onClose();
          return;
        }
        await update.mutateAsync({ id: org.id, body });
        message.success(t('orgs:saved'));
      } else {
        await create.mutateAsync({
          name: v.name.trim(),
          kind: v.kind,
          regionCode: v.regionCode,
          phone: blankToNull(v.phone),
          description: blankToNull(v.description),
          categoryCodes: v.categoryCodes ?? [],
        });
        message.success(t('orgs:organisation-created'));
      }
      onClose();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'stale_version'
          ? `${e.message}${t('orgs:the-list-has-been-reloaded-close-and-edit-again')}`
          : errorText(e),
      );
    }
  };

  return (
    <Modal
      open={open}
      title={org ? t('orgs:edit-organisation-name', { name: org.name }) : t('orgs:new-organisation')}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('orgs:save')}
      confirmLoading={saving}
      width={640}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="org-form-error" />}
      <Form<Values> form={form} layout="vertical" style={{ marginTop: 16 }} requiredMark="optional">
        <Form.Item name="name" label={t('orgs:name')} rules={[{ required: true, whitespace: true, max: 100, message: t('orgs:enter-a-name-up-to-100-characters') }]}>
          <Input placeholder={t('orgs:e-g-jizhou-district-housing-bureau')} />
        </Form.Item>
        <Form.Item name="kind" label={t('orgs:kind')} rules={[{ required: true }]}>
          <Select options={(Object.keys(ORG_KIND_LABELS) as OrgKind[]).map((k) => ({ value: k, label: tl(ORG_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('orgs:division')} rules={[{ required: true, message: t('orgs:choose-the-division') }]}>
          <RegionPicker valueLabel={org?.regionName} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('orgs:phone')}
          rules={[{ pattern: /^[0-9+\-() ]{3,32}$/, message: t('orgs:digits-spaces-and-only') }]}
        >
          <Input placeholder="0796-8221234" />
        </Form.Item>
        <Form.Item name="categoryCodes" label={t('orgs:appeal-categories-handled')} extra={t('orgs:used-to-suggest-who-handles-an-appeal')}>
          <CategorySelect />
        </Form.Item>
        <Form.Item name="description" label={t('orgs:description')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} showCount maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
