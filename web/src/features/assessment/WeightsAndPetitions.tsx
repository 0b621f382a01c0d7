import { useEffect, useState } from 'react';
import { App, Button, Flex, Form, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { ApiError, errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AssessmentPetitions, AssessmentRankings } from '../../app/contract';
import { percent } from '../appeals/metrics';
import { useSaveWeights, useWeights } from './api';

type WeightKey = 'response' | 'resolution' | 'satisfaction';
const KEYS: WeightKey[] = ['response', 'resolution', 'satisfaction'];

/** The weights the rankings used, where they came from, and (administrators) the form storing the county's set. */
export function WeightsLine({ rankings }: { rankings: AssessmentRankings }) {
  const { t } = useI18n();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const w = rankings.weights;
  const source = rankings.weightsSource ?? 'default';
  const county = rankings.regionCode.length >= 6 ? rankings.regionCode.slice(0, 6) : undefined;
  return (
    <Flex gap={8} align="center" wrap data-testid="assessment-weights">
      <Typography.Text type="secondary">
        {t('assessment:weights')}: {t('assessment:response-rate')} {w.response} · {t('assessment:resolution-rate')} {w.resolution} · {t('assessment:satisfaction')} {w.satisfaction}
      </Typography.Text>
      <Tag color={source === 'stored' ? 'blue' : 'default'}>
        {source === 'stored' ? t('assessment:county-setting') : source === 'query' ? t('assessment:trial') : t('assessment:default')}
      </Tag>
      {county && hasAnyRole(user, ['admin']) && (
        <Button size="small" icon={<SettingOutlined />} onClick={() => setOpen(true)} data-testid="weights-edit">
          {t('assessment:set-weights')}
        </Button>
      )}
      {open && county && <WeightsForm county={county} onClose={() => setOpen(false)} />}
    </Flex>
  );
}

function WeightsForm({ county, onClose }: { county: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const current = useWeights(county);
  const save = useSaveWeights();
  const [form] = Form.useForm<Record<WeightKey, number>>();
  useEffect(() => {
    if (current.data) form.setFieldsValue({ response: current.data.response, resolution: current.data.resolution, satisfaction: current.data.satisfaction });
  }, [current.data, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ regionCode: county, ...v });
      message.success(t('assessment:weights-saved'));
      onClose();
    } catch (e) {
      // The server names the field to adjust (the sum's last weight, or the one out of range).
      const field = e instanceof ApiError ? e.field?.replace(/^body\./, '').replace(/^\//, '') : undefined;
      if (field && (KEYS as string[]).includes(field)) form.setFields([{ name: field as WeightKey, errors: [errorText(e)] }]);
      else message.error(errorText(e));
    }
  };
  const label: Record<WeightKey, string> = { response: t('assessment:response-rate'), resolution: t('assessment:resolution-rate'), satisfaction: t('assessment:satisfaction') };
  return (
    <Modal open title={t('assessment:weights-of-the-composite-score')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'weights-save' } as React.ComponentProps<typeof Button>}>
      <Typography.Paragraph type="secondary">{t('assessment:the-three-weights-add-up-to-1-the-countys')}</Typography.Paragraph>
      <Form form={form} layout="inline">
        {KEYS.map((k) => (
          <Form.Item key={k} name={k} label={label[k]} rules={[{ required: true }]}>
            <InputNumber min={0} max={1} step={0.05} style={{ width: 90 }} data-testid={`weight-${k}`} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** 信访 this period against the same period last year, per township. */
export function PetitionTable({ petitions }: { petitions: AssessmentPetitions | undefined }) {
  const { t } = useI18n();
  if (!petitions) return <Typography.Text type="secondary">{t('assessment:this-report-predates-the-petition-figures')}</Typography.Text>;
  const change = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${percent(v)}`);
  return (
    <div data-testid="assessment-petitions">
      <Typography.Paragraph>
        {t('assessment:petitions-this-period')} {petitions.totals.thisPeriod} · {t('assessment:same-period-last-year')} {petitions.totals.lastYear} · {t('assessment:change')}{' '}
        {change(petitions.totals.change)}
      </Typography.Paragraph>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={petitions.areas}
        columns={[
          { title: t('assessment:township'), dataIndex: 'name', render: (n: string) => shortRegion(n) },
          { title: t('assessment:petitions-this-period'), dataIndex: 'thisPeriod', align: 'right' },
          { title: t('assessment:same-period-last-year'), dataIndex: 'lastYear', align: 'right' },
          {
            title: t('assessment:change'),
            dataIndex: 'change',
            align: 'right',
            render: (v: number | null) => <Typography.Text type={v !== null && v > 0 ? 'danger' : v !== null && v < 0 ? 'success' : undefined}>{change(v)}</Typography.Text>,
          },
        ]}
      />
    </div>
  );
}
