import { Alert, Form, Radio, Switch, Typography } from 'antd';
import { StarFilled } from '@ant-design/icons';
import { useI18n } from '../../../app/i18n';
import type { AppealDetail } from '../../../app/contract';
import { ORG_RATING_LABELS, REQUESTER_RATING_LABELS } from '../labels';
import { TextField } from './formParts';

/** 诉求人评价: the requester's rating, how it was collected, and whether the problem was solved. */
export function EvaluateFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="rating" label={t('诉求人评价', 'Requester’s rating')} rules={[{ required: true, message: t('请选择评价', 'Choose a rating') }]}>
        <Radio.Group optionType="button" buttonStyle="solid">
          {Object.entries(REQUESTER_RATING_LABELS).map(([k, l]) => (
            <Radio.Button key={k} value={k}>
              <span data-testid={`rating-${k}`}>{t(l.zh, l.en)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.rating !== b.rating}>
        {({ getFieldValue }) =>
          getFieldValue('rating') === 'dissatisfied' ? (
            <Alert type="warning" showIcon title={t('“不满意”将退回承办单位重新办理（重办），并计入返工率。', '“Dissatisfied” sends it back to the handler for rework, which is counted.')} style={{ marginBottom: 16 }} />
          ) : null
        }
      </Form.Item>
      <Form.Item name="method" label={t('评价方式', 'How it was collected')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value="callback">{t('电话回访', 'Callback')}</Radio>
          <Radio value="staff">{t('工作人员代评', 'Recorded by staff')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="solved" label={t('问题是否解决', 'Was the problem solved?')}>
        <Radio.Group>
          <Radio value="yes">{t('已解决', 'Solved')}</Radio>
          <Radio value="no">{t('未解决', 'Not solved')}</Radio>
          <Radio value="unsaid">{t('按评价推定', 'Follow the rating')}</Radio>
        </Radio.Group>
      </Form.Item>
      <TextField name="note" label={t('回访记录', 'Callback notes')} />
    </>
  );
}

/** 乡镇评价: the township rates and verifies the handling organisation's work. */
export function EvaluateOrgFields({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('承办单位：', 'Handling organisation: ')}
        {appeal.handlingOrgName ?? '—'}
      </Typography.Paragraph>
      <Form.Item name="rating" label={t('办理评价', 'Handling')} rules={[{ required: true, message: t('请选择评价', 'Choose a rating') }]}>
        <Radio.Group optionType="button" buttonStyle="solid">
          {Object.entries(ORG_RATING_LABELS).map(([k, l]) => (
            <Radio.Button key={k} value={k}>
              <span data-testid={`org-rating-${k}`}>
                {k === 'good' && <StarFilled style={{ marginInlineEnd: 4 }} />}
                {t(l.zh, l.en)}
              </span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="verified" label={t('核查结果', 'Verification')} rules={[{ required: true }]} valuePropName="checked" extra={t('核查未通过将退回重办。', 'A failed verification sends it back for rework.')}>
        <Switch checkedChildren={t('核查通过', 'Verified')} unCheckedChildren={t('未通过', 'Failed')} data-testid="org-verified" />
      </Form.Item>
      <TextField name="note" label={t('评价说明', 'Comment')} />
    </>
  );
}
