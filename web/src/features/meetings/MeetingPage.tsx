import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, List, Modal, Row, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { MeetingDetail } from '../../app/contract';
import { ActionDrawer } from './ActionDrawer';
import { InviteRepresentative, MinutesPhotos } from './MeetingExtras';
import { useSignInQr, useMeeting, useMeetingStep, useSignIn } from './api';
import { MEETING_STATUS_COLORS } from './MeetingsPage';
import { Topics } from './MeetingTopics';
import { ActionList, Decisions } from './MeetingDecisions';

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
