import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Progress, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { MeetingAction, MeetingDetail } from '../../app/contract';
import { useOrgs } from '../orgs/api';
import { ActionDrawer } from './ActionDrawer';
import { InviteRepresentative, MinutesPhotos } from './MeetingExtras';
import { useAdvanceTopic, useSignInQr, useAppealTopics, useDecideTopic, useMeeting, useMeetingStep, useProposeTopic, useRecordDecision, useSignIn } from './api';
import { ACTION_STATUS_COLORS, LatenessTag, MEETING_STATUS_COLORS } from './MeetingsPage';

/** The meeting page: run it from a phone or a desk — sign-ins, topics, decisions and their actions. */
export default function MeetingPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useI18n();
  const user = useUser();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const meeting = useMeeting(id);
  const [openAction, setOpenAction] = useState<string | null>(null);
  if (meeting.isError) return <LoadError error={meeting.error} onRetry={() => void meeting.refetch()} />;
  const m = meeting.data;
  if (!m) return null;
  return (
    <>
      <PageHeader
        title={
          <Space>
            {m.title}
            <Tag color={MEETING_STATUS_COLORS[m.status]} data-testid="meeting-status">
              {m.statusName}
            </Tag>
          </Space>
        }
        subtitle={`${m.kindName} · ${m.date} ${m.startTime}`}
        extra={<Link to="/meetings">{t('meetings:back-to-meetings')}</Link>}
      />
      {m.movedReason && <Alert type="info" showIcon message={m.movedReason} style={{ marginBottom: 12 }} />}
      {m.statusReason && <Alert type="warning" showIcon message={t('meetings:reason-statusreason', { statusReason: m.statusReason })} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Attendance m={m} canWrite={canWrite} />
          {canWrite && <Steps m={m} />}
          <MinutesPhotos m={m} canWrite={canWrite} />
        </Col>
        <Col xs={24} lg={14}>
          {m.carried.length > 0 && (
            <Card size="small" title={t('meetings:earlier-actions-carried-forward')} style={{ marginBottom: 16 }} data-testid="carried">
              <ActionList actions={m.carried} onOpen={setOpenAction} />
            </Card>
          )}
          <Topics m={m} canWrite={canWrite} />
          <Decisions m={m} canWrite={canWrite} onOpen={setOpenAction} />
        </Col>
      </Row>
      <ActionDrawer id={openAction} onClose={() => setOpenAction(null)} />
    </>
  );
}

function Attendance({ m, canWrite }: { m: MeetingDetail; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const signIn = useSignIn(m.id);
  const parties: Record<string, string> = {
    community: t('meetings:community'),
    party_org: t('meetings:party-organisation'),
    owners_committee: t('meetings:owners-committee'),
    property_company: t('meetings:property-company'),
    resident_rep: t('meetings:resident-representative'),
    street_cadre: t('meetings:street-cadre'),
    department: t('meetings:department'),
    deputy: t('meetings:deputy'),
    village_sage: t('meetings:village-worthy'),
    villager: t('meetings:villager'),
  };
  const partyLabel = (p: string) => parties[p] ?? p;
  const qr = useSignInQr(m.id);
  const [showQr, setShowQr] = useState(false);
  const a = m.attendance;
  return (
    <Card
      size="small"
      title={t('meetings:sign-in-2')}
      extra={
        <span data-testid="attendance">
          {t('meetings:present-invited-present-quorum-needed', { present: a.present, invited: a.invited, needed: a.needed })}{' '}
          {a.quorumMet ? <Tag color="green">{t('meetings:quorum')}</Tag> : <Tag color="orange">{t('meetings:no-quorum')}</Tag>}
        </span>
      }
      style={{ marginBottom: 16 }}
    >
      {canWrite && m.status !== 'cancelled' && (
        <Button
          block
          onClick={() => qr.mutate(undefined, { onSuccess: () => setShowQr(true), onError: (e) => message.error(errorText(e)) })}
          loading={qr.isPending}
          data-testid="sign-in-qr"
          style={{ marginBottom: 8 }}
        >
          {t('meetings:show-the-sign-in-qr-code')}
        </Button>
      )}
      <Modal open={showQr && !!qr.data} footer={null} onCancel={() => setShowQr(false)} title={t('meetings:scan-to-sign-in')} centered>
        {qr.data && (
          <div style={{ textAlign: 'center' }}>
            <img src={qr.data.qr} alt={qr.data.url} style={{ width: 320, maxWidth: '100%' }} data-testid="sign-in-qr-image" />
            <Typography.Paragraph type="secondary">{t('meetings:participants-scan-with-their-phone-and-tap-their')}</Typography.Paragraph>
          </div>
        )}
      </Modal>
      <List
        size="small"
        dataSource={m.participants}
        renderItem={(p, i) => (
          <List.Item
            actions={[
              p.signedInAt ? (
                <Space key="in" size={4}>
                  <CheckCircleFilled style={{ color: '#52c41a' }} />
                  {formatTime(p.signedInAt).slice(11)}
                  {p.via === 'qr' && <Tag>{t('meetings:qr')}</Tag>}
                </Space>
              ) : canWrite && m.status !== 'cancelled' ? (
                <Button
                  key="sign"
                  size="large"
                  loading={signIn.isPending && signIn.variables === p.id}
                  data-testid={`sign-in-${i}`}
                  onClick={() => signIn.mutate(p.id, { onError: (e) => message.error(errorText(e)) })}
                >
                  {t('meetings:sign-in')}
                </Button>
              ) : (
                <MinusCircleOutlined key="no" />
              ),
            ]}
          >
            <List.Item.Meta
              title={p.nameMasked ? `${p.label} ${p.nameMasked}` : p.label}
              description={p.phoneMasked ? `${partyLabel(p.party)} · ${p.phoneMasked}` : partyLabel(p.party)}
            />
          </List.Item>
        )}
      />
      {canWrite && m.status !== 'cancelled' && m.status !== 'held' && <InviteRepresentative m={m} />}
    </Card>
  );
}

function Steps({ m }: { m: MeetingDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const step = useMeetingStep(m.id);
  const [asking, setAsking] = useState<'postpone' | 'cancel' | null>(null);
  const [form] = Form.useForm();
  const [minutes, setMinutes] = useState(m.minutes ?? '');
  const run = async (body: Parameters<typeof step.mutateAsync>[0]) => {
    try {
      await step.mutateAsync(body);
      message.success(t('meetings:updated'));
      setAsking(null);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (!m.steps.length) {
    return m.minutes ? (
      <Card size="small" title={t('meetings:minutes')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{m.minutes}</Typography.Paragraph>
      </Card>
    ) : null;
  }
  return (
    <Card size="small" title={t('meetings:run-the-meeting')}>
      <Input.TextArea rows={3} value={minutes} onChange={(e) => setMinutes(e.target.value)} placeholder={t('meetings:minutes-saved-when-the-meeting-is-held')} />
      <Space wrap style={{ marginTop: 12 }}>
        {m.steps.includes('hold') && (
          <Button type="primary" size="large" onClick={() => run({ step: 'hold', minutes: minutes || undefined })} data-testid="meeting-hold">
            {t('meetings:hold-the-meeting')}
          </Button>
        )}
        {m.steps.includes('postpone') && <Button onClick={() => setAsking('postpone')}>{t('meetings:postpone')}</Button>}
        {m.steps.includes('cancel') && (
          <Button danger onClick={() => setAsking('cancel')}>
            {t('meetings:cancel')}
          </Button>
        )}
      </Space>
      <Modal
        open={!!asking}
        title={asking === 'postpone' ? t('meetings:postpone-the-meeting') : t('meetings:cancel-the-meeting')}
        onCancel={() => setAsking(null)}
        onOk={async () => {
          const v = await form.validateFields();
          await run({ step: asking!, reason: v.reason, date: v.date?.format('YYYY-MM-DD') });
        }}
        confirmLoading={step.isPending}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('meetings:reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          {asking === 'postpone' && (
            <Form.Item name="date" label={t('meetings:new-date')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

function Topics({ m, canWrite }: { m: MeetingDetail; canWrite: boolean }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const propose = useProposeTopic(m.id);
  const decide = useDecideTopic();
  const [title, setTitle] = useState('');
  const [showAppeals, setShowAppeals] = useState(false);
  const suggestions = useAppealTopics(m.id, showAppeals);
  const add = async (body: { title: string; categoryCode?: string }) => {
    try {
      await propose.mutateAsync(body);
      setTitle('');
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const decline = (id: string) => {
    let reason = '';
    modal.confirm({
      title: t('meetings:why-the-topic-is-declined'),
      content: <Input.TextArea rows={2} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => decide.mutateAsync({ id, accept: false, reason }).catch((e) => message.error(errorText(e))),
    });
  };
  const advanceTopic = useAdvanceTopic();
  const stageNames: Record<string, string> = { collected: t('meetings:collected'), researched: t('meetings:researched'), consulted: t('meetings:consulted'), concluded: t('meetings:concluded') };
  const nextStage: Record<string, 'researched' | 'consulted' | 'concluded' | undefined> = { collected: 'researched', researched: 'consulted', consulted: 'concluded' };
  const advance = (id: string, stage: 'researched' | 'consulted' | 'concluded') => {
    let text = '';
    if (stage === 'consulted') {
      advanceTopic.mutate({ id, stage }, { onError: (e) => message.error(errorText(e)) });
      return;
    }
    modal.confirm({
      title: stage === 'researched' ? t('meetings:research-report') : t('meetings:outcome-of-the-consultation'),
      content: <Input.TextArea rows={4} onChange={(e) => (text = e.target.value)} />,
      onOk: () => advanceTopic.mutateAsync({ id, stage, text }).catch((e) => message.error(errorText(e))),
    });
  };
  const sourceTag = (s: string) =>
    s === 'appeals' ? <Tag color="purple">{t('meetings:from-appeals')}</Tag> : s === 'resident' ? <Tag color="cyan">{t('meetings:resident')}</Tag> : s === 'visit' ? <Tag color="cyan">{t('meetings:at-the-door')}</Tag> : null;
  return (
    <Card size="small" title={t('meetings:topics')} style={{ marginBottom: 16 }}>
      <List
        size="small"
        dataSource={m.topics}
        locale={{ emptyText: t('meetings:no-topics-yet') }}
        renderItem={(tp) => (
          <List.Item
            actions={
              canWrite && tp.status === 'proposed'
                ? [
                    <a key="a" onClick={() => decide.mutate({ id: tp.id, accept: true }, { onError: (e) => message.error(errorText(e)) })}>
                      {t('meetings:accept')}
                    </a>,
                    <a key="d" onClick={() => decline(tp.id)}>
                      {t('meetings:decline')}
                    </a>,
                  ]
                : [<Tag key="s" color={tp.status === 'accepted' ? 'green' : 'default'}>{tp.status === 'accepted' ? t('meetings:accepted') : t('meetings:declined')}</Tag>]
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {tp.title}
                  {sourceTag(tp.source)}
                  {tp.proposerName && <Typography.Text type="secondary">{t('meetings:proposed-by')}{tp.proposerName}</Typography.Text>}
                  {m.kindCode === 'cppcc' && <Tag color="geekblue">{stageNames[tp.stage] ?? tp.stage}</Tag>}
                  {m.kindCode === 'cppcc' && canWrite && nextStage[tp.stage] && tp.status !== 'declined' && (
                    <a onClick={() => advance(tp.id, nextStage[tp.stage]!)} data-testid={`topic-advance-${tp.id}`}>
                      {t('meetings:move-on')}
                    </a>
                  )}
                </Space>
              }
              description={tp.outcome ?? tp.researchReport ?? tp.reason ?? tp.detail}
            />
          </List.Item>
        )}
      />
      {canWrite && (
        <>
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('meetings:be-concrete-e-g-3-hazardous-trees-before')} data-testid="topic-title" />
            <Button disabled={!title.trim()} onClick={() => add({ title: title.trim() })} data-testid="topic-add">
              {t('meetings:propose')}
            </Button>
          </Space.Compact>
          <Button type="link" onClick={() => setShowAppeals((v) => !v)} style={{ paddingLeft: 0 }}>
            {t('meetings:draw-a-topic-from-the-open-appeals-here')}
          </Button>
          {showAppeals && (
            <List
              size="small"
              dataSource={suggestions.data ?? []}
              loading={suggestions.isFetching}
              locale={{ emptyText: t('meetings:no-open-appeals-here') }}
              renderItem={(s) => (
                <List.Item actions={[<a key="add" onClick={() => add({ title: s.name, categoryCode: s.categoryCode })}>{t('meetings:make-it-a-topic')}</a>]}>
                  {t('meetings:name-open-open', { name: s.name, open: s.open })}
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Card>
  );
}

function ActionList({ actions, onOpen }: { actions: MeetingAction[]; onOpen: (id: string) => void }) {
  return (
    <List
      size="small"
      dataSource={actions}
      renderItem={(a) => (
        <List.Item onClick={() => onOpen(a.id)} style={{ cursor: 'pointer' }} data-testid={`meeting-action-${a.title}`}>
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{a.title}</Typography.Text>
              <Tag color={ACTION_STATUS_COLORS[a.status]}>{a.statusName}</Tag>
              <LatenessTag lateness={a.lateness} />
            </Space>
            <Typography.Text type="secondary">
              {a.ownerName} · {a.deadline}
            </Typography.Text>
            <Progress percent={a.progress} size="small" />
          </Space>
        </List.Item>
      )}
    />
  );
}

function Decisions({ m, canWrite, onOpen }: { m: MeetingDetail; canWrite: boolean; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const actionsById = new Map(m.actions.map((a) => [a.id, a]));
  return (
    <Card
      size="small"
      title={t('meetings:decisions-and-actions')}
      extra={
        canWrite &&
        m.status === 'held' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="decision-add">
            {t('meetings:record-a-decision')}
          </Button>
        )
      }
    >
      {m.decisions.length === 0 ? (
        <Empty description={m.status === 'held' ? t('meetings:no-decisions-yet') : t('meetings:decisions-are-recorded-once-the-meeting-is-held')} />
      ) : (
        m.decisions.map((d) => (
          <div key={d.id} style={{ marginBottom: 16 }} data-testid="decision">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('meetings:decision')}>{d.text}</Descriptions.Item>
              <Descriptions.Item label={t('meetings:how')}>
                {d.method === 'consensus'
                  ? t('meetings:consensus-present-invited-present', { present: d.present, invited: d.invited })
                  : t('meetings:show-of-hands-votesfor-for-votesagainst-against', { votesFor: d.votesFor, votesAgainst: d.votesAgainst, votesAbstain: d.votesAbstain })}
              </Descriptions.Item>
            </Descriptions>
            <ActionList actions={d.actionIds.map((id) => actionsById.get(id)!).filter(Boolean)} onOpen={onOpen} />
          </div>
        ))
      )}
      {open && <DecisionModal m={m} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function DecisionModal({ m, onClose }: { m: MeetingDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const record = useRecordDecision(m.id);
  const orgs = useOrgs({}, 1, 100);
  const [form] = Form.useForm();
  const method = Form.useWatch('method', form) ?? 'consensus';
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await record.mutateAsync({
        topicId: v.topicId || undefined,
        text: v.text,
        method: v.method,
        ...(v.method === 'show_of_hands' ? { votesFor: v.votesFor, votesAgainst: v.votesAgainst, votesAbstain: v.votesAbstain } : {}),
        actions: (v.actions ?? []).map((a: { title: string; ownerOrgId: string; deadline: { format(f: string): string } }) => ({ title: a.title, ownerOrgId: a.ownerOrgId, deadline: a.deadline.format('YYYY-MM-DD') })),
      });
      message.success(t('meetings:decision-recorded'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open width={640} title={t('meetings:record-a-decision')} onOk={submit} onCancel={onClose} confirmLoading={record.isPending} okButtonProps={{ 'data-testid': 'decision-submit' } as ButtonProps}>
      <Form form={form} layout="vertical" initialValues={{ method: 'consensus', actions: [{}] }}>
        <Form.Item name="topicId" label={t('meetings:topic')}>
          <Select allowClear options={m.topics.filter((tp) => tp.status !== 'declined').map((tp) => ({ value: tp.id, label: tp.title }))} />
        </Form.Item>
        <Form.Item name="text" label={t('meetings:what-was-decided')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} data-testid="decision-text" />
        </Form.Item>
        <Form.Item name="method" label={t('meetings:how-it-was-reached')}>
          <Radio.Group
            options={[
              { value: 'consensus', label: t('meetings:consensus') },
              { value: 'show_of_hands', label: t('meetings:show-of-hands') },
            ]}
          />
        </Form.Item>
        {method === 'show_of_hands' && (
          <Space>
            <Form.Item name="votesFor" label={t('meetings:for')} rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="votesAgainst" label={t('meetings:against')} rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="votesAbstain" label={t('meetings:abstaining')} rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
          </Space>
        )}
        <Form.List name="actions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'title']} label={i === 0 ? t('meetings:action') : undefined} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 200 }} data-testid={`decision-action-title-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'ownerOrgId']} label={i === 0 ? t('meetings:owner-2') : undefined} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 180 }}
                      showSearch
                      optionFilterProp="label"
                      options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                      data-testid={`decision-action-owner-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'deadline']} label={i === 0 ? t('meetings:deadline') : undefined} rules={[{ required: true }]}>
                    <DatePicker data-testid={`decision-action-deadline-${i}`} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: i === 0 ? 38 : 8 }} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                {t('meetings:add-an-action')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
