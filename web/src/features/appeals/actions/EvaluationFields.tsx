import { Alert, Form, Radio, Switch, Typography } from 'antd';
import { StarFilled } from '@ant-design/icons';
import { useI18n } from '../../../app/i18n';
import type { AppealDetail } from '../../../app/contract';
import { ORG_RATING_LABELS, REQUESTER_RATING_LABELS } from '../labels';
import { TextField } from './formParts';

/** 诉求人评价: the requester's rating, how it was collected, and whether the problem was solved. */
export function EvaluateFields() {
  const { t, tl } = useI18n();
  return (
    <>
      <Form.Item name="rating" label={t('appeals:requesters-rating')} rules={[{ required: true, message: t('appeals:choose-a-rating') }]}>
        <Radio.Group optionType="button" buttonStyle="solid">
          {Object.entries(REQUESTER_RATING_LABELS).map(([k, l]) => (
            <Radio.Button key={k} value={k}>
              <span data-testid={`rating-${k}`}>{tl(l)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.rating !== b.rating}>
        {({ getFieldValue }) =>
          getFieldValue('rating') === 'dissatisfied' ? (
            <Alert type="warning" showIcon title={t('appeals:dissatisfied-sends-it-back-to-the-handler-for')} style={{ marginBottom: 16 }} />
          ) : null
        }
      </Form.Item>
      <Form.Item name="method" label={t('appeals:how-it-was-collected')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value="callback">{t('appeals:callback')}</Radio>
          <Radio value="staff">{t('appeals:recorded-by-staff')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="solved" label={t('appeals:was-the-problem-solved')}>
        <Radio.Group>
          <Radio value="yes">{t('appeals:solved')}</Radio>
          <Radio value="no">{t('appeals:not-solved')}</Radio>
          <Radio value="unsaid">{t('appeals:follow-the-rating')}</Radio>
        </Radio.Group>
      </Form.Item>
      <TextField name="note" label={t('appeals:callback-notes')} />
    </>
  );
}

/** 乡镇评价: the township rates and verifies the handling organisation's work. */
export function EvaluateOrgFields({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('appeals:handling-organisation')}
        {appeal.handlingOrgName ?? '—'}
      </Typography.Paragraph>
      <Form.Item name="rating" label={t('appeals:handling')} rules={[{ required: true, message: t('appeals:choose-a-rating') }]}>
        <Radio.Group optionType="button" buttonStyle="solid">
          {Object.entries(ORG_RATING_LABELS).map(([k, l]) => (
            <Radio.Button key={k} value={k}>
              <span data-testid={`org-rating-${k}`}>
                {k === 'good' && <StarFilled style={{ marginInlineEnd: 4 }} />}
                {tl(l)}
              </span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="verified" label={t('appeals:verification')} rules={[{ required: true }]} valuePropName="checked" extra={t('appeals:a-failed-verification-sends-it-back-for-rework')}>
        <Switch checkedChildren={t('appeals:verified')} unCheckedChildren={t('appeals:failed')} data-testid="org-verified" />
      </Form.Item>
      <TextField name="note" label={t('appeals:comment')} />
    </>
  );
}
