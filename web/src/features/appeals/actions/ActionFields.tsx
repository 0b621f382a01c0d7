import { Form, InputNumber, Select, Space, Typography } from 'antd';
import { useI18n } from '../../../app/i18n';
import type { AppealAction, AppealDetail, LimitUnit } from '../../../app/contract';
import { RegionPicker } from '../../regions/RegionPicker';
import { LIMIT_UNIT_LABELS } from '../labels';
import { PhotoUpload, photoRule } from '../photos';
import { Hint, TextField } from './formParts';
import type { Values } from './actionForm';
import { DecideFields, LeaderFields, MergeFields } from './DecisionFields';
import { EvaluateFields, EvaluateOrgFields } from './EvaluationFields';
import { DispatchFields, WhistleFields } from './RoutingFields';

/** The fields of one action: the simple ones here, the larger groups in their own files. */
export function ActionFields({ action, appeal }: { action: AppealAction; appeal: AppealDetail }) {
  const { t } = useI18n();
  const required = (zh: string, en: string) => [{ required: true, whitespace: true, message: t(`请填写${zh}`, `Enter ${en}`) }];
  const textArea = (name: keyof Values, label: string, rules: object[] = [], placeholder?: string, max = 2000) => (
    <TextField name={name} label={label} rules={rules} placeholder={placeholder} max={max} />
  );
  const photos = (
    <Form.Item name="photos" label={t('照片（最多 9 张）', 'Photos (up to 9)')} rules={[photoRule(t)]}>
      <PhotoUpload />
    </Form.Item>
  );

  switch (action) {
    case 'accept':
      return <Hint>{t('受理后进入“待派遣”，由乡镇（街道）派遣到承办单位，或由社区吹哨。', 'Once accepted it waits to be dispatched by the township, or whistled by the community.')}</Hint>;
    case 'sign':
      return (
        <Hint>
          {t('签收（报到）后开始办理；如不属于本单位职责，请改用“退单”并说明理由。', 'Signing starts the handling; if it is not your remit, return it with a reason instead.')}
        </Hint>
      );
    case 'reject':
      return textArea('reason', t('不予受理的理由（将告知诉求人）', 'Why it is not accepted (the requester is told)'), required('理由', 'a reason'));
    case 'return':
      return (
        <>
          <Hint>{t('派遣后 2 个工作日内可退单，派遣员将重新派遣。', 'A wrongly routed order can be returned within 2 working days; the dispatcher re-routes it.')}</Hint>
          {textArea('reason', t('退单理由', 'Reason'), required('退单理由', 'a reason'))}
        </>
      );
    case 'solve_on_spot':
    case 'handle':
      return (
        <>
          {action === 'handle' && appeal.parts.length > 1 && (
            <Hint>{t('联办：牵头单位须在各协办单位办结其部分后才能办结。', 'Joint handling: the lead finishes after every co-handler has finished its part.')}</Hint>
          )}
          {textArea('result', t('办理结果（将反馈给诉求人）', 'Result (reported to the requester)'), required('办理结果', 'the result'), t('如：已更换井盖并设置警示标志', 'e.g. the cover was replaced and signposted'), 5000)}
          {photos}
        </>
      );
    case 'note':
      return (
        <>
          {textArea('note', t('办理记录', 'Note'), required('办理记录', 'a note'), undefined, 5000)}
          {photos}
        </>
      );
    case 'instruct':
      return textArea('note', t('批示内容', 'Instruction'), required('批示内容', 'the instruction'), undefined, 5000);
    case 'await_requester':
      return (
        <>
          <Hint>{t('等待诉求人补充材料或确认期间，办理期限暂停计算。', 'While waiting for the requester, the handling clock is paused.')}</Hint>
          {textArea('note', t('说明', 'Note'))}
        </>
      );
    case 'resume':
      return textArea('note', t('说明', 'Note'));
    case 'feedback':
      return (
        <>
          <Typography.Paragraph>
            <Typography.Text type="secondary">{t('办理结果：', 'Result: ')}</Typography.Text>
            {appeal.result ?? '—'}
          </Typography.Paragraph>
          <Hint>{t('双反馈：结果将以短信告知诉求人，并通知上报的网格和社区。', 'The result goes to the requester by SMS and to the reporting grid and community.')}</Hint>
          {textArea('note', t('反馈内容（默认发送办理结果）', 'Message (the result by default)'), [], `${t('您的诉求', 'Your appeal')} ${appeal.number} ${t('已办结：', 'was handled: ')}${appeal.result ?? ''}`)}
        </>
      );
    case 'request_deferral':
      return (
        <>
          <Hint>{t('缓办经乡镇（街道）批准后，办理期限暂停计算。', 'Once the township approves a deferral, the handling clock is paused.')}</Hint>
          {textArea('reason', t('缓办理由', 'Reason'), required('缓办理由', 'a reason'))}
        </>
      );
    case 'request_extension':
      return (
        <>
          {textArea('reason', t('延期理由', 'Reason'), required('延期理由', 'a reason'))}
          <Space.Compact block>
            <Form.Item name="amount" label={t('延长', 'Extend by')} rules={[{ required: true, message: t('请填写时长', 'Enter how long') }]} style={{ width: 160 }}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="unit" label={t('单位', 'Unit')} rules={[{ required: true }]} style={{ width: 160 }}>
              <Select<LimitUnit> options={(Object.keys(LIMIT_UNIT_LABELS) as LimitUnit[]).map((u) => ({ value: u, label: t(LIMIT_UNIT_LABELS[u].zh, LIMIT_UNIT_LABELS[u].en) }))} />
            </Form.Item>
          </Space.Compact>
        </>
      );
    case 'decide_request':
      return <DecideFields appeal={appeal} />;
    case 'place':
      return (
        <>
          <Hint>{t('选择诉求所在的网格（须在本乡镇、街道内）。', 'Choose the grid the appeal belongs to (within this township).')}</Hint>
          <Form.Item
            name="gridCode"
            label={t('网格', 'Grid')}
            rules={[
              { required: true, message: t('请选择网格', 'Choose a grid') },
              { pattern: /^\d{15}$/, message: t('请选择到网格一级', 'Choose a grid, not a division') },
            ]}
          >
            <RegionPicker includeGrids placeholder={t('选择或搜索网格', 'Choose or search a grid')} />
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
  }
}
