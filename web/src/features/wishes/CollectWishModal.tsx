import { useState } from 'react';
import { App, Form, Input, Modal, Radio, Select } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { WishCampaign } from '../../app/contract';
import { useCollectWish, useHousehold, useHouseholdSearch } from './api';

interface Values {
  householdId: string;
  personId: string;
  kind: 'goods' | 'care';
  content: string;
}

/**
 * 登记心愿: a person of the household file, found by a member's name or, by default, among the
 * households carrying the campaign's tag. The server checks the campaign's rules and says why not.
 */
export function CollectWishModal({ open, campaign, onClose }: { open: boolean; campaign: WishCampaign; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState('');
  const householdId = Form.useWatch('householdId', form);
  const search = useHouseholdSearch(q, q ? undefined : campaign.requiredTag ?? undefined);
  const household = useHousehold(householdId);
  const collect = useCollectWish();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await collect.mutateAsync({ campaignId: campaign.id, personId: v.personId, kind: v.kind, content: v.content.trim() });
      message.success(t('wishes:the-wish-is-recorded-and-on-the-wish-wall'));
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open={open} title={`${t('wishes:collect-a-wish')} · ${campaign.name}`} onOk={submit} onCancel={onClose} confirmLoading={collect.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'wish-collect-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'goods' }}>
        <Form.Item name="householdId" label={t('wishes:household')} rules={[{ required: true, message: t('wishes:choose-a-household') }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={search.isFetching}
            placeholder={t('wishes:type-a-members-name-to-search')}
            options={(search.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.headName ?? ''} · ${h.address}` }))}
            onChange={() => form.setFieldValue('personId', undefined)}
            data-testid="wish-household"
          />
        </Form.Item>
        <Form.Item name="personId" label={t('wishes:recipient')} rules={[{ required: true, message: t('wishes:choose-the-person') }]}>
          <Select
            disabled={!householdId}
            options={(household.data?.members ?? []).map((m) => ({ value: m.id, label: `${m.name}${m.age !== null ? `（${m.age}${t('wishes:y')}）` : ''}` }))}
            data-testid="wish-person"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('wishes:kind')}>
          <Radio.Group
            options={[
              { value: 'goods', label: t('wishes:a-thing') },
              { value: 'care', label: t('wishes:care') },
            ]}
          />
        </Form.Item>
        <Form.Item name="content" label={t('wishes:the-wish')} rules={[{ required: true, whitespace: true, message: t('wishes:write-the-wish') }]}>
          <Input.TextArea maxLength={200} rows={2} placeholder={t('wishes:e-g-basketball-shoes')} data-testid="wish-content" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
