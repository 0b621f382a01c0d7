import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { MinusCircleOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { api, ApiError, errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { validValues } from '../../app/validation';
import type { AppealAction, AppealActionBody, AppealDetail, AppealLeader, LimitUnit, Org } from '../../app/contract';
import { CategorySelect } from '../orgs/CategorySelect';
import { RegionPicker } from '../regions/RegionPicker';
import { useDebounced } from '../regions/RegionSearch';
import { listAppeals, useAppealAction, useSuggestions } from './api';
import { ACTION_LABELS, DANGER_ACTIONS, LIMIT_UNIT_LABELS, ORG_RATING_LABELS, REQUEST_KIND_LABELS, REQUESTER_RATING_LABELS, STATUS_LABELS } from './labels';
import { OrgPicker } from './OrgPicker';
import { PhotoUpload, photoRule, toPhotoInputs } from './photos';
import { lookup } from '../../shared/lookup';

interface Values {
  reason?: string;
  note?: string;
  result?: string;
  leadOrgId?: string;
  coOrgs?: { orgId?: string; task?: string }[];
  whistleTo?: 'township' | 'department';
  departmentId?: string;
  gridCode?: string;
  amount?: number;
  unit?: LimitUnit;
  requestId?: string;
  approve?: boolean;
  rating?: string;
  solved?: 'yes' | 'no' | 'unsaid';
  verified?: boolean;
  method?: 'callback' | 'staff';
  leaderUserId?: string;
  masterId?: string;
  categoryCode?: string;
  photos?: UploadFile[];
}

const WITH_PHOTOS: ReadonlySet<AppealAction> = new Set(['note', 'handle', 'solve_on_spot']);

/** Leaders who may own this appeal: those whose area contains it (`/api/appeals/:id/leaders`). */
export function useLeaders(appealId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['appeals', appealId, 'leaders'],
    queryFn: () => api.get<AppealLeader[]>(`/api/appeals/${appealId}/leaders`),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** The form of one action, opened from the appeal page; sends the appeal's version with it. */
export function ActionModal({ appeal, action, initial, onClose }: { appeal: AppealDetail; action: AppealAction; initial?: Partial<Values>; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const act = useAppealAction(appeal.id);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setError(null);
    let body: AppealActionBody;
    try {
      body = { version: appeal.version, ...bodyOf(action, v), photos: WITH_PHOTOS.has(action) ? await toPhotoInputs(v.photos) : undefined };
    } catch (e) {
      setError(errorText(e));
      return;
    }
    try {
      await act.mutateAsync({ action, body });
      message.success(t(`已${tl(ACTION_LABELS[action])}`, `${tl(ACTION_LABELS[action])}: done`));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        message.warning(t('该诉求刚被其他人更新，已重新加载，请核对后再操作。', 'Someone else has just changed this appeal; it has been reloaded — check it and try again.'));
        onClose();
        return;
      }
      setError(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={`${tl(ACTION_LABELS[action])} · ${appeal.number}`}
      onCancel={onClose}
      width={action === 'dispatch' ? 720 : 560}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" danger={DANGER_ACTIONS.has(action)} loading={act.isPending} onClick={() => void submit()} data-testid="action-submit">
            {t('确定', 'Confirm')}
            {tl(ACTION_LABELS[action])}
          </Button>
        </Flex>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Form<Values> form={form} layout="vertical" requiredMark="optional" initialValues={defaults(action, appeal, initial)} style={{ marginTop: 12 }} data-testid={`action-form-${action}`}>
        <ActionFields action={action} appeal={appeal} />
      </Form>
    </Modal>
  );
}

function defaults(action: AppealAction, appeal: AppealDetail, initial?: Partial<Values>): Partial<Values> {
  const pending = appeal.requests.filter((r) => r.status === 'pending');
  const base: Partial<Values> = {
    unit: 'working_days',
    method: 'callback',
    verified: true,
    solved: 'unsaid',
    whistleTo: 'township',
    approve: true,
    requestId: pending.length === 1 ? pending[0].id : undefined,
    coOrgs: [],
  };
  if (action === 'place' && appeal.gridCode) base.gridCode = appeal.gridCode;
  return { ...base, ...initial };
}

function bodyOf(action: AppealAction, v: Values): Omit<AppealActionBody, 'version'> {
  const text = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);
  switch (action) {
    case 'reject':
    case 'return':
    case 'request_deferral':
      return { reason: text(v.reason) };
    case 'recategorize':
      return { categoryCode: v.categoryCode, reason: text(v.reason) };
    case 'reroute':
      return { leadOrgId: v.leadOrgId, reason: text(v.reason) };
    case 'solve_on_spot':
    case 'handle':
      return { result: text(v.result) };
    case 'place':
      return { gridCode: v.gridCode };
    case 'dispatch':
      return {
        leadOrgId: v.leadOrgId,
        coOrgs: (v.coOrgs ?? []).filter((c) => c.orgId).map((c) => ({ orgId: c.orgId!, task: text(c.task) })),
        note: text(v.note),
      };
    case 'whistle':
      return { target: v.whistleTo === 'department' ? v.departmentId : 'township', reason: text(v.reason) };
    case 'request_extension':
      return { reason: text(v.reason), amount: v.amount, unit: v.unit };
    case 'decide_request':
      return { requestId: v.requestId, approve: v.approve, note: text(v.note) };
    case 'evaluate':
      return { rating: v.rating, method: v.method, note: text(v.note), solved: v.solved === 'yes' ? true : v.solved === 'no' ? false : undefined };
    case 'evaluate_org':
      return { rating: v.rating, verified: v.verified, note: text(v.note) };
    case 'assign_leader':
      return { leaderUserId: v.leaderUserId, note: text(v.note) };
    case 'merge':
      return { masterId: v.masterId, note: text(v.note) };
    default:
      // accept, sign, note, await_requester, resume, feedback, instruct
      return { note: text(v.note) };
  }
}

function ActionFields({ action, appeal }: { action: AppealAction; appeal: AppealDetail }) {
  const { t } = useI18n();
  const required = (zh: string, en: string) => [{ required: true, whitespace: true, message: t(`请填写${zh}`, `Enter ${en}`) }];
  const textArea = (name: keyof Values, label: string, rules: object[] = [], placeholder?: string, max = 2000) => (
    <Form.Item name={name} label={label} rules={[...rules, { max }]}>
      <Input.TextArea rows={3} showCount maxLength={max} placeholder={placeholder} data-testid={`action-${name}`} />
    </Form.Item>
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
    case 'urge':
    case 'supervise':
      return (
        <>
          <Hint>{t('意见将通知承办单位，并计入该诉求的催办、督办次数。', 'The note is sent to the handling organisation and counted on the appeal.')}</Hint>
          {action === 'urge'
            ? textArea('note', t('催办意见', 'Urging note'), required('催办意见', 'a note'))
            : textArea('note', t('督办意见', 'Supervision note'), required('督办意见', 'a note'))}
        </>
      );
    case 'recategorize':
      return (
        <>
          <Hint>{t('改类后，办理时限与推荐承办单位按新类别计算。', 'The limits and the suggested organisations follow the new category.')}</Hint>
          <Form.Item name="categoryCode" label={t('新类别', 'New category')} rules={[{ required: true, message: t('请选择诉求类别', 'Choose a category') }]}>
            <CategorySelect multiple={false} placeholder={t('选择或搜索类别', 'Choose or search a category')} />
          </Form.Item>
          {textArea('reason', t('改类理由', 'Reason'), required('改类理由', 'a reason'))}
        </>
      );
    case 'reroute':
      return (
        <>
          <Hint>{t('原承办单位的办理将终止，新单位重新签收并重新计时。', 'The current handler’s part ends; the new organisation signs for it and the clock starts again.')}</Hint>
          <Form.Item name="leadOrgId" label={t('改派至', 'Re-route to')} rules={[{ required: true, message: t('请选择承办单位', 'Choose the handling organisation') }]}>
            <OrgPicker suggested={[]} categoryCode={appeal.categoryCode} exclude={appeal.handlingOrgId ? [appeal.handlingOrgId] : []} testId="reroute-org-select" />
          </Form.Item>
          {textArea('reason', t('改派理由', 'Reason'), required('改派理由', 'a reason'))}
        </>
      );
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
          {textArea('note', t('回访记录', 'Callback notes'))}
        </>
      );
    case 'evaluate_org':
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
          {textArea('note', t('评价说明', 'Comment'))}
        </>
      );
    case 'assign_leader':
      return <LeaderFields appeal={appeal} />;
    case 'merge':
      return <MergeFields appeal={appeal} />;
  }
}

function Hint({ children }: { children: ReactNode }) {
  return <Alert type="info" showIcon title={children} style={{ marginBottom: 16 }} />;
}

function DispatchFields({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<Values>();
  const suggestions = useSuggestions(appeal.id, true);
  const lead = Form.useWatch('leadOrgId', form);
  const co = Form.useWatch('coOrgs', form) ?? [];
  const chosen = [lead, ...co.map((c) => c?.orgId)].filter((x): x is string => !!x);
  const sugg: Org[] = suggestions.data ?? [];
  return (
    <>
      <Form.Item label={t('推荐承办单位（按诉求类别和位置）', 'Suggested (by category and place)')}>
        {suggestions.isPending ? (
          <Typography.Text type="secondary">{t('加载中…', 'Loading…')}</Typography.Text>
        ) : suggestions.isError ? (
          <Typography.Text type="danger">{errorText(suggestions.error)}</Typography.Text>
        ) : sugg.length === 0 ? (
          <Typography.Text type="secondary">{t('没有推荐：该类别尚未指定负责单位，请在下方搜索。', 'No suggestion: no organisation handles this category yet; search below.')}</Typography.Text>
        ) : (
          <Flex wrap gap={8}>
            {sugg.map((o) => (
              <Button key={o.id} size="small" type={lead === o.id ? 'primary' : 'default'} onClick={() => form.setFieldValue('leadOrgId', o.id)} data-testid="dispatch-suggestion">
                {o.name}
              </Button>
            ))}
          </Flex>
        )}
      </Form.Item>
      <Form.Item name="leadOrgId" label={t('牵头承办单位', 'Lead organisation')} rules={[{ required: true, message: t('请选择承办单位', 'Choose the handling organisation') }]}>
        <OrgPicker suggested={sugg} categoryCode={appeal.categoryCode} exclude={chosen.filter((x) => x !== lead)} testId="dispatch-org-select" />
      </Form.Item>
      <Form.List name="coOrgs">
        {(fields, { add, remove }) => (
          <Form.Item label={t('协办单位（联办）', 'Co-handlers (joint handling)')} style={{ marginBottom: 8 }}>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="flex-start">
                <Form.Item name={[f.name, 'orgId']} rules={[{ required: true, message: t('请选择协办单位', 'Choose a co-handler') }]} style={{ flex: '1 1 50%', marginBottom: 8 }}>
                  <OrgPicker suggested={sugg} exclude={chosen.filter((x) => x !== co[f.name]?.orgId)} placeholder={t('协办单位', 'Co-handler')} />
                </Form.Item>
                <Form.Item name={[f.name, 'task']} rules={[{ max: 500 }]} style={{ flex: '1 1 50%', marginBottom: 8 }}>
                  <Input placeholder={t('该单位负责的部分', 'Its part of the work')} maxLength={500} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('移除', 'Remove')} />
              </Flex>
            ))}
            {fields.length < 10 && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="dispatch-add-co">
                {t('添加协办单位', 'Add a co-handler')}
              </Button>
            )}
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="note" label={t('派遣说明', 'Instructions')} rules={[{ max: 5000 }]}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </>
  );
}

function WhistleFields() {
  const { t } = useI18n();
  return (
    <>
      <Hint>{t('社区吹哨、部门报到：部门须在时限内签收并到场。', 'The community blows the whistle; the department must sign for it and show up within the limit.')}</Hint>
      <Form.Item name="whistleTo" label={t('向谁吹哨', 'Whistle to')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value="township">{t('乡镇（街道）综治中心', 'The township centre')}</Radio>
          <Radio value="department">{t('职能部门', 'A department')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.whistleTo !== b.whistleTo}>
        {({ getFieldValue }) =>
          getFieldValue('whistleTo') === 'department' ? (
            <Form.Item name="departmentId" label={t('职能部门', 'Department')} rules={[{ required: true, message: t('请选择职能部门', 'Choose a department') }]}>
              <OrgPicker kind="department" placeholder={t('搜索职能部门', 'Search a department')} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name="reason" label={t('吹哨事由', 'Why')} rules={[{ required: true, whitespace: true, message: t('请填写吹哨事由', 'Say why') }, { max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
    </>
  );
}

function DecideFields({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const pending = appeal.requests.filter((r) => r.status === 'pending');
  if (!pending.length) return <Hint>{t('没有待审批的延期或缓办申请。', 'No extension or deferral request is waiting.')}</Hint>;
  return (
    <>
      <Form.Item name="requestId" label={t('申请', 'Request')} rules={[{ required: true, message: t('请选择申请', 'Choose a request') }]}>
        <Select
          options={pending.map((r) => ({
            value: r.id,
            label: `${tl(REQUEST_KIND_LABELS[r.kind], r.kind)}${r.amount ? ` ${r.amount} ${r.unit ? tl(lookup(LIMIT_UNIT_LABELS, r.unit)) : ''}` : ''} · ${r.requestedBy}：${r.reason}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="approve" label={t('审批结果', 'Decision')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value={true}>{t('批准', 'Approve')}</Radio>
          <Radio value={false}>{t('不批准', 'Refuse')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="note" label={t('审批意见', 'Note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

function LeaderFields({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const leaders = useLeaders(appeal.id, true);
  const eligible = leaders.data ?? [];
  return (
    <>
      {leaders.isError && <Alert type="error" showIcon title={errorText(leaders.error)} style={{ marginBottom: 12 }} />}
      <Form.Item name="leaderUserId" label={t('包案领导', 'Leader')} rules={[{ required: true, message: t('请选择包案领导', 'Choose a leader') }]}>
        <Select
          loading={leaders.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          options={eligible.map((u) => ({ value: u.id, label: u.displayName }))}
          notFoundContent={t('本辖区没有领导账号', 'No leader account covers this area')}
        />
      </Form.Item>
      <Form.Item name="note" label={t('说明', 'Note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

function MergeFields({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const township = appeal.regionCode.slice(0, 9);
  const found = useQuery({
    queryKey: ['appeals', 'merge-pick', township, q],
    queryFn: () => listAppeals({ q: q || undefined, regionCode: township }, 1, 20),
  });
  const open = (found.data?.items ?? []).filter((a) => a.id !== appeal.id && !['not_accepted', 'closed', 'merged'].includes(a.status));
  return (
    <>
      <Hint>
        {t(
          '多诉统办：本诉求并入同一乡镇（街道）内反映同一问题的主诉求，随主诉求办理，结果一并告知。',
          'Many appeals, one problem: this appeal joins a master appeal of the same township and follows it; every requester hears the outcome.',
        )}
      </Hint>
      <Form.Item name="masterId" label={t('主诉求', 'Master appeal')} rules={[{ required: true, message: t('请选择主诉求', 'Choose the master appeal') }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          loading={found.isFetching}
          placeholder={t('输入编号或内容关键词搜索', 'Search by number or words')}
          options={open.map((a) => ({ value: a.id, label: `${a.number} ${a.title}`, status: a.status }))}
          optionRender={(o) => (
            <span>
              {o.label} <Tag style={{ marginInlineStart: 4 }}>{tl(STATUS_LABELS[(o.data as { status: keyof typeof STATUS_LABELS }).status])}</Tag>
            </span>
          )}
          notFoundContent={t('没有可并入的在办诉求', 'No open appeal matches')}
          data-testid="merge-master-select"
        />
      </Form.Item>
      <Form.Item name="note" label={t('说明', 'Note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}
