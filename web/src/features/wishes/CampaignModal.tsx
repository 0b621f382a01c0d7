import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { useCreateCampaign } from './api';

interface Values {
  regionCode: string;
  name: string;
  window: [Dayjs, Dayjs];
  ageMin?: number;
  ageMax?: number;
  requiredTag?: string;
}

/** A campaign: its area, its claiming window and its rules (ages, a household tag). */
export function CampaignModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateCampaign();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        regionCode: v.regionCode,
        name: v.name.trim(),
        startsOn: v.window[0].format('YYYY-MM-DD'),
        endsOn: v.window[1].format('YYYY-MM-DD'),
        ageMin: v.ageMin ?? undefined,
        ageMax: v.ageMax ?? undefined,
        requiredTag: v.requiredTag || undefined,
      });
      message.success(t('wishes:campaign-created'));
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open={open} title={t('wishes:new-wish-campaign')} onOk={submit} onCancel={onClose} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ ageMin: 0, ageMax: 14, requiredTag: 'child_in_difficulty' }}>
        <Form.Item name="name" label={t('wishes:name')} rules={[{ required: true, message: t('wishes:give-the-campaign-a-name') }]}>
          <Input maxLength={100} placeholder={t('wishes:e-g-childrens-day-wishes')} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('wishes:area')} rules={[{ required: true, message: t('wishes:choose-the-area') }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="window" label={t('wishes:claiming-window')} rules={[{ required: true, message: t('wishes:choose-the-dates') }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('wishes:ages')}>
          <Form.Item name="ageMin" noStyle>
            <InputNumber min={0} max={150} style={{ width: 100 }} />
          </Form.Item>
          {' – '}
          <Form.Item name="ageMax" noStyle>
            <InputNumber min={0} max={150} style={{ width: 100 }} />
          </Form.Item>
        </Form.Item>
        <Form.Item name="requiredTag" label={t('wishes:household-tag-required')}>
          <Select
            allowClear
            options={[
              { value: 'child_in_difficulty', label: t('wishes:child-in-difficulty') },
              { value: 'left_behind_child', label: t('wishes:left-behind-child') },
              { value: 'dibao', label: t('wishes:minimum-living-allowance') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
