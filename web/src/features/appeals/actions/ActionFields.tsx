import { Form, InputNumber, Select, Space, Typography } from 'antd';
import { useI18n } from '../../../app/i18n';
import type { AppealAction, AppealDetail, LimitUnit } from '../../../app/contract';
import { CategorySelect } from '../../orgs/CategorySelect';
import { RegionPicker } from '../../regions/RegionPicker';
import { OrgPicker } from '../OrgPicker';
import { LIMIT_UNIT_LABELS } from '../labels';
import { PhotoUpload, photoRule } from '../photos';
import { Hint, TextField } from './formParts';
import type { Values } from './actionForm';
import { DecideFields, LeaderFields, MergeFields } from './DecisionFields';
import { EvaluateFields, EvaluateOrgFields } from './EvaluationFields';
import { DispatchFields, WhistleFields } from './RoutingFields';

/** The fields of one action: the simple ones here, the larger groups in their own files. */
export function ActionFields({ action, appeal }: { action: AppealAction; appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const required = (zh: string, en: string) => [{ required: true, whitespace: true, message: t('appeals:enter-en', { zh, en }) }];
  const textArea = (name: keyof Values, label: string, rules: object[] = [], placeholder?: string, max = 2000) => (
    <TextField name={name} label={label} rules={rules} placeholder={placeholder} max={max} />
  );
  const photos = (
    <Form.Item name="photos" label={t('appeals:photos-up-to-9')} rules={[photoRule(t)]}>
      <PhotoUpload />
    </Form.Item>
  );

  switch (action) {
    case 'accept':
      return <Hint>{t('appeals:once-accepted-it-waits-to-be-dispatched-by-the')}</Hint>;
    case 'sign':
      return (
        <Hint>
          {t('appeals:signing-starts-the-handling-if-it-is-not-your')}
        </Hint>
      );
    case 'reject':
      return textArea('reason', t('appeals:why-it-is-not-accepted-the-requester-is-told'), required('理由', 'a reason'));
    case 'return':
      return (
        <>
          <Hint>{t('appeals:a-wrongly-routed-order-can-be-returned-within-2')}</Hint>
          {textArea('reason', t('appeals:reason-3'), required('退单理由', 'a reason'))}
        </>
      );
    case 'solve_on_spot':
    case 'handle':
      return (
        <>
          {action === 'handle' && appeal.parts.length > 1 && (
            <Hint>{t('appeals:joint-handling-the-lead-finishes-after-every-co')}</Hint>
          )}
          {textArea('result', t('appeals:result-reported-to-the-requester'), required('办理结果', 'the result'), t('appeals:e-g-the-cover-was-replaced-and-signposted'), 5000)}
          {photos}
        </>
      );
    case 'note':
      return (
        <>
          {textArea('note', t('appeals:note-3'), required('办理记录', 'a note'), undefined, 5000)}
          {photos}
        </>
      );
    case 'instruct':
      return textArea('note', t('appeals:instruction'), required('批示内容', 'the instruction'), undefined, 5000);
    case 'urge':
    case 'supervise':
      return (
        <>
          <Hint>{t('appeals:the-note-is-sent-to-the-handling-organisation')}</Hint>
          {action === 'urge'
            ? textArea('note', t('appeals:urging-note'), required('催办意见', 'a note'))
            : textArea('note', t('appeals:supervision-note'), required('督办意见', 'a note'))}
        </>
      );
    case 'recategorize':
      return (
        <>
          <Hint>{t('appeals:the-limits-and-the-suggested-organisations')}</Hint>
          <Form.Item name="categoryCode" label={t('appeals:new-category')} rules={[{ required: true, message: t('appeals:choose-a-category') }]}>
            <CategorySelect multiple={false} placeholder={t('appeals:choose-or-search-a-category')} />
          </Form.Item>
          {textArea('reason', t('appeals:reason-6'), required('改类理由', 'a reason'))}
        </>
      );
    case 'reroute':
      return (
        <>
          <Hint>{t('appeals:the-current-handlers-part-ends-the-new')}</Hint>
          <Form.Item name="leadOrgId" label={t('appeals:re-route-to')} rules={[{ required: true, message: t('appeals:choose-the-handling-organisation') }]}>
            <OrgPicker suggested={[]} categoryCode={appeal.categoryCode} exclude={appeal.handlingOrgId ? [appeal.handlingOrgId] : []} testId="reroute-org-select" />
          </Form.Item>
          {textArea('reason', t('appeals:reason-5'), required('改派理由', 'a reason'))}
        </>
      );
    case 'await_requester':
      return (
        <>
          <Hint>{t('appeals:while-waiting-for-the-requester-the-handling')}</Hint>
          {textArea('note', t('appeals:note'))}
        </>
      );
    case 'resume':
      return textArea('note', t('appeals:note'));
    case 'feedback':
      return (
        <>
          <Typography.Paragraph>
            <Typography.Text type="secondary">{t('appeals:result')}</Typography.Text>
            {appeal.result ?? '—'}
          </Typography.Paragraph>
          <Hint>{t('appeals:the-result-goes-to-the-requester-by-sms-and-to')}</Hint>
          {textArea('note', t('appeals:message-the-result-by-default'), [], `${t('appeals:your-appeal')} ${appeal.number} ${t('appeals:was-handled')}${appeal.result ?? ''}`)}
        </>
      );
    case 'request_deferral':
      return (
        <>
          <Hint>{t('appeals:once-the-township-approves-a-deferral-the')}</Hint>
          {textArea('reason', t('appeals:reason-2'), required('缓办理由', 'a reason'))}
        </>
      );
    case 'request_extension':
      return (
        <>
          {textArea('reason', t('appeals:reason'), required('延期理由', 'a reason'))}
          <Space.Compact block>
            <Form.Item name="amount" label={t('appeals:extend-by')} rules={[{ required: true, message: t('appeals:enter-how-long') }]} style={{ width: 160 }}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="unit" label={t('appeals:unit')} rules={[{ required: true }]} style={{ width: 160 }}>
              <Select<LimitUnit> options={(Object.keys(LIMIT_UNIT_LABELS) as LimitUnit[]).map((u) => ({ value: u, label: tl(LIMIT_UNIT_LABELS[u]) }))} />
            </Form.Item>
          </Space.Compact>
        </>
      );
    case 'decide_request':
      return <DecideFields appeal={appeal} />;
    case 'place':
      return (
        <>
          <Hint>{t('appeals:choose-the-grid-the-appeal-belongs-to-within')}</Hint>
          <Form.Item
            name="gridCode"
            label={t('appeals:grid')}
            rules={[
              { required: true, message: t('appeals:choose-a-grid') },
              { pattern: /^\d{15}$/, message: t('appeals:choose-a-grid-not-a-division') },
            ]}
          >
            <RegionPicker includeGrids placeholder={t('appeals:choose-or-search-a-grid')} />
          </Form.Item>
        </>
      );
    case 'dispatch':
      return <DispatchFields appeal={appeal} />;
    case 'whistle':
      return <WhistleFields />;
    case 'evaluate':
      return <EvaluateFields />;
    case 'evaluate_org':
      return <EvaluateOrgFields appeal={appeal} />;
    case 'assign_leader':
      return <LeaderFields appeal={appeal} />;
    case 'merge':
      return <MergeFields appeal={appeal} />;
    case 'withdraw':
      return (
        <>
          <Hint>{t('appeals:a-withdrawn-appeal-stops-here-withdrawals-are')}</Hint>
          <Form.Item name="askedBy" label={t('appeals:who-asked-for-the-withdrawal')} rules={[{ required: true }]}>
            <Select
              data-testid="withdraw-asked-by"
              options={[
                { value: 'requester', label: t('appeals:the-requester-the-firm-itself') },
                { value: 'department', label: t('appeals:a-department-asked-for-it') },
              ]}
            />
          </Form.Item>
          {textArea('reason', t('appeals:reason-for-the-withdrawal'), required('撤诉理由', 'a reason'))}
        </>
      );
  }
}
