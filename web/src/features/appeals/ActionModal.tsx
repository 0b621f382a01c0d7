import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { MinusCircleOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { api, ApiError, errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { validValues } from '../../app/validation';
import type { AppealAction, AppealActionBody, AppealDetail, AppealLeader, LimitUnit, Org } from '../../app/contract';
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
      message.success(t('appeals:action-done', { action: tl(ACTION_LABELS[action]) }));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        message.warning(t('appeals:someone-else-has-just-changed-this-appeal-it-has'));
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
          <Button onClick={onClose}>{t('appeals:cancel')}</Button>
          <Button type="primary" danger={DANGER_ACTIONS.has(action)} loading={act.isPending} onClick={() => void submit()} data-testid="action-submit">
            {t('appeals:confirm')}
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
  const { t, tl } = useI18n();
  const required = (message: string) => [{ required: true, whitespace: true, message }];
  const textArea = (name: keyof Values, label: string, rules: object[] = [], placeholder?: string, max = 2000) => (
    <Form.Item name={name} label={label} rules={[...rules, { max }]}>
      <Input.TextArea rows={3} showCount maxLength={max} placeholder={placeholder} data-testid={`action-${name}`} />
    </Form.Item>
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
      return textArea('reason', t('appeals:why-it-is-not-accepted-the-requester-is-told'), required(t('appeals:enter-a-reason')));
    case 'return':
      return (
        <>
          <Hint>{t('appeals:a-wrongly-routed-order-can-be-returned-within-2')}</Hint>
          {textArea('reason', t('appeals:reason-3'), required(t('appeals:enter-a-reason-for-returning-it')))}
        </>
      );
    case 'solve_on_spot':
    case 'handle':
      return (
        <>
          {action === 'handle' && appeal.parts.length > 1 && (
            <Hint>{t('appeals:joint-handling-the-lead-finishes-after-every-co')}</Hint>
          )}
          {textArea('result', t('appeals:result-reported-to-the-requester'), required(t('appeals:enter-the-result')), t('appeals:e-g-the-cover-was-replaced-and-signposted'), 5000)}
          {photos}
        </>
      );
    case 'note':
      return (
        <>
          {textArea('note', t('appeals:note-3'), required(t('appeals:enter-a-note')), undefined, 5000)}
          {photos}
        </>
      );
    case 'instruct':
      return textArea('note', t('appeals:instruction'), required(t('appeals:enter-the-instruction')), undefined, 5000);
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
          {textArea('reason', t('appeals:reason-2'), required(t('appeals:enter-a-reason-for-the-deferral')))}
        </>
      );
    case 'request_extension':
      return (
        <>
          {textArea('reason', t('appeals:reason'), required(t('appeals:enter-a-reason-for-the-extension')))}
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
          {textArea('note', t('appeals:callback-notes'))}
        </>
      );
    case 'evaluate_org':
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
          {textArea('note', t('appeals:comment'))}
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
      <Form.Item label={t('appeals:suggested-by-category-and-place')}>
        {suggestions.isPending ? (
          <Typography.Text type="secondary">{t('appeals:loading')}</Typography.Text>
        ) : suggestions.isError ? (
          <Typography.Text type="danger">{errorText(suggestions.error)}</Typography.Text>
        ) : sugg.length === 0 ? (
          <Typography.Text type="secondary">{t('appeals:no-suggestion-no-organisation-handles-this')}</Typography.Text>
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
      <Form.Item name="leadOrgId" label={t('appeals:lead-organisation')} rules={[{ required: true, message: t('appeals:choose-the-handling-organisation') }]}>
        <OrgPicker suggested={sugg} categoryCode={appeal.categoryCode} exclude={chosen.filter((x) => x !== lead)} testId="dispatch-org-select" />
      </Form.Item>
      <Form.List name="coOrgs">
        {(fields, { add, remove }) => (
          <Form.Item label={t('appeals:co-handlers-joint-handling')} style={{ marginBottom: 8 }}>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="flex-start">
                <Form.Item name={[f.name, 'orgId']} rules={[{ required: true, message: t('appeals:choose-a-co-handler') }]} style={{ flex: '1 1 50%', marginBottom: 8 }}>
                  <OrgPicker suggested={sugg} exclude={chosen.filter((x) => x !== co[f.name]?.orgId)} placeholder={t('appeals:co-handler')} />
                </Form.Item>
                <Form.Item name={[f.name, 'task']} rules={[{ max: 500 }]} style={{ flex: '1 1 50%', marginBottom: 8 }}>
                  <Input placeholder={t('appeals:its-part-of-the-work')} maxLength={500} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('appeals:remove')} />
              </Flex>
            ))}
            {fields.length < 10 && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="dispatch-add-co">
                {t('appeals:add-a-co-handler')}
              </Button>
            )}
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="note" label={t('appeals:instructions')} rules={[{ max: 5000 }]}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </>
  );
}

function WhistleFields() {
  const { t } = useI18n();
  return (
    <>
      <Hint>{t('appeals:the-community-blows-the-whistle-the-department')}</Hint>
      <Form.Item name="whistleTo" label={t('appeals:whistle-to')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value="township">{t('appeals:the-township-centre')}</Radio>
          <Radio value="department">{t('appeals:a-department')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.whistleTo !== b.whistleTo}>
        {({ getFieldValue }) =>
          getFieldValue('whistleTo') === 'department' ? (
            <Form.Item name="departmentId" label={t('appeals:department')} rules={[{ required: true, message: t('appeals:choose-a-department') }]}>
              <OrgPicker kind="department" placeholder={t('appeals:search-a-department')} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name="reason" label={t('appeals:why')} rules={[{ required: true, whitespace: true, message: t('appeals:say-why') }, { max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
    </>
  );
}

function DecideFields({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const pending = appeal.requests.filter((r) => r.status === 'pending');
  if (!pending.length) return <Hint>{t('appeals:no-extension-or-deferral-request-is-waiting')}</Hint>;
  return (
    <>
      <Form.Item name="requestId" label={t('appeals:request')} rules={[{ required: true, message: t('appeals:choose-a-request') }]}>
        <Select
          options={pending.map((r) => ({
            value: r.id,
            label: `${tl(REQUEST_KIND_LABELS[r.kind], r.kind)}${r.amount ? ` ${r.amount} ${r.unit ? tl(lookup(LIMIT_UNIT_LABELS, r.unit)) : ''}` : ''} · ${r.requestedBy}：${r.reason}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="approve" label={t('appeals:decision')} rules={[{ required: true }]}>
        <Radio.Group>
          <Radio value={true}>{t('appeals:approve')}</Radio>
          <Radio value={false}>{t('appeals:refuse')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="note" label={t('appeals:note-2')} rules={[{ max: 2000 }]}>
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
      <Form.Item name="leaderUserId" label={t('appeals:leader')} rules={[{ required: true, message: t('appeals:choose-a-leader') }]}>
        <Select
          loading={leaders.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          options={eligible.map((u) => ({ value: u.id, label: u.displayName }))}
          notFoundContent={t('appeals:no-leader-account-covers-this-area')}
        />
      </Form.Item>
      <Form.Item name="note" label={t('appeals:note')} rules={[{ max: 2000 }]}>
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
        {t('appeals:many-appeals-one-problem-this-appeal-joins-a')}
      </Hint>
      <Form.Item name="masterId" label={t('appeals:master-appeal')} rules={[{ required: true, message: t('appeals:choose-the-master-appeal') }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          loading={found.isFetching}
          placeholder={t('appeals:search-by-number-or-words')}
          options={open.map((a) => ({ value: a.id, label: `${a.number} ${a.title}`, status: a.status }))}
          optionRender={(o) => (
            <span>
              {o.label} <Tag style={{ marginInlineStart: 4 }}>{tl(STATUS_LABELS[(o.data as { status: keyof typeof STATUS_LABELS }).status])}</Tag>
            </span>
          )}
          notFoundContent={t('appeals:no-open-appeal-matches')}
          data-testid="merge-master-select"
        />
      </Form.Item>
      <Form.Item name="note" label={t('appeals:note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}
