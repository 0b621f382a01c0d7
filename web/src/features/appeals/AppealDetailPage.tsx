import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { AppealHouseholdCard } from './AppealHouseholdCard';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Popconfirm, Result, Row, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { ApiError, errorText } from '../../app/api';
import { LoadError, PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { AppealAction, AppealDetail, RevealedRequester } from '../../app/contract';
import { ActionModal, useLeaders } from './ActionModal';
import { revealRequester, useAppeal } from './api';
import { AppealPhotos, AppealTimeline } from './AppealTimeline';
import {
  ACTION_LABELS,
  ACTION_ORDER,
  CHANNEL_LABELS,
  DANGER_ACTIONS,
  EVALUATION_KIND_LABELS,
  EVALUATION_METHOD_LABELS,
  LIMIT_UNIT_LABELS,
  ORG_RATING_LABELS,
  PART_ROLE_LABELS,
  PART_STATUS_COLORS,
  PART_STATUS_LABELS,
  PAUSE_REASON_LABELS,
  PRIMARY_ACTIONS,
  RATING_COLORS,
  REQUESTER_KIND_LABELS,
  REQUESTER_RATING_LABELS,
  REQUEST_KIND_LABELS,
  REQUEST_STATUS_COLORS,
  REQUEST_STATUS_LABELS,
} from './labels';
import { ClockTag, StatusTag, UrgencyTag } from './tags';
import { lookup } from '../../shared/lookup';

export default function AppealDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const appeal = useAppeal(id);

  if (appeal.isError && appeal.error instanceof ApiError && appeal.error.status === 404) {
    return (
      <Result
        status="404"
        title={t('appeals:no-such-appeal-in-your-area')}
        extra={
          <Link to="/appeals">
            <Button type="primary">{t('appeals:back-to-appeals')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/appeals" aria-label={t('appeals:back')}>
              <ArrowLeftOutlined />
            </Link>
            <span>
              {t('appeals:appeal')} <span data-testid="appeal-number">{appeal.data?.number ?? ''}</span>
            </span>
          </Space>
        }
        subtitle={appeal.data?.title}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void appeal.refetch()} loading={appeal.isFetching}>
            {t('appeals:reload')}
          </Button>
        }
      />
      {appeal.isError && <LoadError error={appeal.error} onRetry={() => void appeal.refetch()} />}
      {appeal.isPending ? <Skeleton active paragraph={{ rows: 12 }} /> : appeal.data && <DetailBody appeal={appeal.data} />}
    </>
  );
}

function DetailBody({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const registrationPhotos = appeal.attachments.filter((a) => a.eventId === null || a.eventId === appeal.events[0]?.id);
  return (
    <>
      {appeal.master && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span>
              {t('appeals:this-appeal-was-merged-into')}
              <Link to={`/appeals/${appeal.master.id}`}>{appeal.master.number}</Link>
              {t('appeals:and-follows-it')}
            </span>
          }
        />
      )}
      <StatusBar appeal={appeal} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('appeals:the-appeal')} size="small">
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('appeals:category')}>{appeal.categoryName}</Descriptions.Item>
                <Descriptions.Item label={t('appeals:channel')}>{tl(lookup(CHANNEL_LABELS, appeal.channel), appeal.channel)}</Descriptions.Item>
                <Descriptions.Item label={t('appeals:area')} span={2}>
                  {appeal.regionName}
                  {appeal.needsPlacement && (
                    <Tag color="orange" style={{ marginInlineStart: 8 }}>
                      {t('appeals:not-yet-in-a-grid')}
                    </Tag>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('appeals:address')}>{appeal.address ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('appeals:coordinates')}>{appeal.location ? `${appeal.location.lon.toFixed(6)}, ${appeal.location.lat.toFixed(6)}` : '—'}</Descriptions.Item>
              </Descriptions>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }} data-testid="appeal-content">
                {appeal.content}
              </Typography.Paragraph>
              <AppealPhotos appealId={appeal.id} photos={registrationPhotos} />
            </Card>
            {appeal.channel === 'visit' && <AppealHouseholdCard appealId={appeal.id} />}
            <HandlingCard appeal={appeal} />
            {appeal.parts.length > 0 && <PartsCard appeal={appeal} />}
            {appeal.requests.length > 0 && <RequestsCard appeal={appeal} />}
            {appeal.evaluations.length > 0 && <EvaluationsCard appeal={appeal} />}
            {appeal.merged.length > 0 && (
              <Card title={t('appeals:appeals-merged-into-this-one')} size="small">
                <Space wrap>
                  {appeal.merged.map((m) => (
                    <Link key={m.id} to={`/appeals/${m.id}`}>
                      {m.number} {m.title}
                    </Link>
                  ))}
                </Space>
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <RequesterCard appeal={appeal} />
            <Card title={t('appeals:timeline')} size="small">
              <AppealTimeline appeal={appeal} />
            </Card>
          </Space>
        </Col>
      </Row>
    </>
  );
}

function StatusBar({ appeal }: { appeal: AppealDetail }) {
  const { t } = useI18n();
  const flags: ReactNode[] = [];
  if (appeal.onSpot) flags.push(<Tag key="onspot" color="green">{t('appeals:solved-on-the-spot')}</Tag>);
  if (appeal.whistled) flags.push(<Tag key="whistle" color="orange">{t('appeals:whistled')}</Tag>);
  if (appeal.leaderUserId) flags.push(<Tag key="leader" color="gold">{t('appeals:leader-case')}</Tag>);
  if (appeal.deferred) flags.push(<Tag key="deferred">{t('appeals:deferred')}</Tag>);
  if (appeal.reworkCount > 0) flags.push(<Tag key="rework" color="volcano">{t('appeals:reworked-reworkcount', { reworkCount: appeal.reworkCount })}</Tag>);
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Flex wrap justify="space-between" align="center" gap={12}>
        <Flex wrap gap={8} align="center">
          <StatusTag status={appeal.status} testId="appeal-status" />
          <ClockTag clock={appeal.clock} dueAt={appeal.handlingDueAt} testId="appeal-clock" />
          <UrgencyTag urgency={appeal.urgency} />
          {flags}
          {appeal.handlingDueAt && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('appeals:due')} {formatTime(appeal.handlingDueAt)}
            </Typography.Text>
          )}
        </Flex>
        <ActionBar appeal={appeal} />
      </Flex>
    </Card>
  );
}

/** Only the actions the server says this caller may take now. */
function ActionBar({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const [open, setOpen] = useState<{ action: AppealAction; initial?: Record<string, unknown> } | null>(null);
  const allowed = new Set(appeal.actions);
  const leaders = useLeaders(appeal.id, allowed.has('assign_leader'));
  // The server offers these by status alone; the clock and pending requests say which make sense now.
  const pending = appeal.requests.some((r) => r.status === 'pending');
  const fits = (a: AppealAction) =>
    (a !== 'resume' || !!appeal.pausedAt) && (a !== 'await_requester' || !appeal.pausedAt) && (a !== 'decide_request' || pending);
  const actions = ACTION_ORDER.filter((a) => allowed.has(a) && fits(a));
  if (!actions.length) {
    return (
      <Typography.Text type="secondary" data-testid="appeal-no-actions">
        {appeal.status === 'closed' || appeal.status === 'not_accepted' || appeal.status === 'merged'
          ? t('appeals:this-appeal-is-finished-nothing-to-do')
          : t('appeals:nothing-for-you-to-do-at-this-step')}
      </Typography.Text>
    );
  }
  return (
    <Flex wrap gap={8} data-testid="appeal-actions">
      {actions.map((a) => {
        if (a === 'assign_leader' && !leaders.isSuccess) {
          // The leaders list answers administrators only; without it no leader can be chosen.
          return (
            <Tooltip key={a} title={leaders.isPending ? t('appeals:loading-leaders') : t('appeals:only-an-administrator-can-pick-the-leader-the')}>
              <Button disabled autoInsertSpace={false} data-testid={`appeal-action-${a}`}>
                {tl(ACTION_LABELS[a])}
              </Button>
            </Tooltip>
          );
        }
        return (
          <Button
            key={a}
            type={PRIMARY_ACTIONS.has(a) ? 'primary' : 'default'}
            danger={DANGER_ACTIONS.has(a)}
            autoInsertSpace={false}
            onClick={() => setOpen({ action: a })}
            data-testid={`appeal-action-${a}`}
          >
            {tl(ACTION_LABELS[a])}
          </Button>
        );
      })}
      {open && <ActionModal key={open.action} appeal={appeal} action={open.action} initial={open.initial} onClose={() => setOpen(null)} />}
    </Flex>
  );
}

function HandlingCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const item = (label: string, value: string | null | undefined, testId?: string) => (
    <Descriptions.Item label={label}>
      <span data-testid={testId}>{value ?? '—'}</span>
    </Descriptions.Item>
  );
  return (
    <Card title={t('appeals:handling-2')} size="small">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        {item(t('appeals:handled-by'), appeal.handlingOrgName, 'appeal-handling-org')}
        {item(t('appeals:registered'), formatTime(appeal.createdAt))}
        {item(t('appeals:accepted'), formatTime(appeal.acceptedAt))}
        {item(t('appeals:dispatched'), formatTime(appeal.dispatchedAt))}
        {item(t('appeals:sign-for-by'), formatTime(appeal.responseDueAt))}
        {item(t('appeals:signed-for'), formatTime(appeal.signedAt))}
        {item(t('appeals:warning-from'), formatTime(appeal.warnAt))}
        {item(t('appeals:due'), formatTime(appeal.handlingDueAt))}
        {item(t('appeals:handled-2'), formatTime(appeal.handledAt))}
        {item(t('appeals:closed'), formatTime(appeal.closedAt))}
        {appeal.pausedAt && item(t('appeals:clock-paused'), `${formatTime(appeal.pausedAt)}（${appeal.pauseReason ? tl(PAUSE_REASON_LABELS[appeal.pauseReason], appeal.pauseReason) : ''}）`)}
        {appeal.result && (
          <Descriptions.Item label={t('appeals:result-3')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }} data-testid="appeal-result">
              {appeal.result}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function PartsCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  return (
    <Card title={t('appeals:handling-organisations-joint-handling')} size="small">
      <Table
        rowKey="orgId"
        size="small"
        pagination={false}
        dataSource={appeal.parts}
        data-testid="appeal-parts"
        scroll={{ x: 1000 }}
        columns={[
          { title: t('appeals:organisation'), dataIndex: 'orgName', width: 160 },
          { title: t('appeals:role'), dataIndex: 'role', width: 80, render: (r: string) => <Tag color={r === 'lead' ? 'blue' : 'default'}>{tl(PART_ROLE_LABELS[r], r)}</Tag> },
          { title: t('appeals:task'), dataIndex: 'task', width: 160, render: (v: string | null) => v ?? '—' },
          { title: t('appeals:status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={PART_STATUS_COLORS[s]}>{tl(PART_STATUS_LABELS[s], s)}</Tag> },
          { title: t('appeals:signed'), dataIndex: 'signedAt', width: 140, render: formatTime },
          { title: t('appeals:handled'), dataIndex: 'handledAt', width: 140, render: formatTime },
          { title: t('appeals:result-2'), dataIndex: 'result', width: 220, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}

function RequestsCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  return (
    <Card title={t('appeals:extension-and-deferral-requests')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={appeal.requests}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('appeals:kind'), dataIndex: 'kind', width: 70, render: (k: string) => tl(REQUEST_KIND_LABELS[k], k) },
          { title: t('appeals:reason-4'), dataIndex: 'reason', width: 220 },
          {
            title: t('appeals:amount'),
            key: 'amount',
            width: 110,
            render: (_: unknown, r) => (r.amount ? `${r.amount} ${r.unit ? tl(lookup(LIMIT_UNIT_LABELS, r.unit)) : ''}` : '—'),
          },
          { title: t('appeals:by-2'), dataIndex: 'requestedBy', width: 100 },
          { title: t('appeals:requested'), dataIndex: 'createdAt', width: 140, render: formatTime },
          { title: t('appeals:status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={REQUEST_STATUS_COLORS[s]}>{tl(REQUEST_STATUS_LABELS[s], s)}</Tag> },
          { title: t('appeals:decided'), key: 'decided', width: 160, render: (_: unknown, r) => (r.decidedBy ? `${r.decidedBy} ${formatTime(r.decidedAt)}` : '—') },
        ]}
      />
    </Card>
  );
}

function EvaluationsCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  return (
    <Card title={t('appeals:evaluations')} size="small">
      <Table
        rowKey={(e) => `${e.round}-${e.kind}`}
        size="small"
        pagination={false}
        dataSource={appeal.evaluations}
        data-testid="appeal-evaluations"
        scroll={{ x: 1000 }}
        columns={[
          { title: t('appeals:round'), dataIndex: 'round', width: 60, render: (r: number) => (r === 0 ? t('appeals:first') : t('appeals:rework-r', { r })) },
          { title: t('appeals:kind'), dataIndex: 'kind', width: 140, render: (k: string) => tl(EVALUATION_KIND_LABELS[k], k) },
          {
            title: t('appeals:rating'),
            dataIndex: 'rating',
            width: 100,
            render: (r: string, e) => <Tag color={RATING_COLORS[r]}>{tl(e.kind === 'township' ? ORG_RATING_LABELS[r] : REQUESTER_RATING_LABELS[r], r)}</Tag>,
          },
          {
            title: t('appeals:solved-verified'),
            key: 'flags',
            width: 110,
            render: (_: unknown, e) =>
              e.kind === 'township'
                ? e.verified === false
                  ? t('appeals:failed-2')
                  : t('appeals:verified')
                : e.solved === null
                  ? '—'
                  : e.solved
                    ? t('appeals:solved')
                    : t('appeals:not-solved'),
          },
          { title: t('appeals:method'), dataIndex: 'method', width: 110, render: (m: string) => tl(EVALUATION_METHOD_LABELS[m], m) },
          { title: t('appeals:comment-2'), dataIndex: 'comment', width: 200, render: (c: string | null) => c ?? '—' },
          { title: t('appeals:by'), dataIndex: 'by', width: 90 },
          { title: t('appeals:at'), dataIndex: 'at', width: 140, render: formatTime },
        ]}
      />
    </Card>
  );
}

/** Masked contact; the full one is a separate, audited request. */
function RequesterCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [full, setFull] = useState<RevealedRequester | null>(null);
  const [loading, setLoading] = useState(false);
  const reveal = async () => {
    setLoading(true);
    try {
      setFull(await revealRequester(appeal.id));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setLoading(false);
    }
  };
  const anonymous = appeal.requesterKind === 'anonymous';
  return (
    <Card
      title={t('appeals:requester')}
      size="small"
      extra={
        !anonymous &&
        !full && (
          <Popconfirm
            title={t('appeals:show-the-full-contact')}
            description={t('appeals:this-is-recorded-in-the-audit-log-use-it-only-to')}
            onConfirm={() => void reveal()}
            okText={t('appeals:show')}
          >
            <Button size="small" type="link" icon={<SafetyCertificateOutlined />} loading={loading} data-testid="reveal-requester">
              {t('appeals:show-full-contact')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('appeals:kind')}>{tl(lookup(REQUESTER_KIND_LABELS, appeal.requesterKind), appeal.requesterKind)}</Descriptions.Item>
        {appeal.enterpriseName && <Descriptions.Item label={t('appeals:enterprise')}>{appeal.enterpriseName}</Descriptions.Item>}
        {!anonymous && (
          <>
            <Descriptions.Item label={t('appeals:name')}>
              <span data-testid="requester-name">{full ? (full.name ?? '—') : (appeal.requesterName ?? '—')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('appeals:phone')}>
              <span data-testid="requester-phone">{full ? (full.phone ?? '—') : (appeal.requesterPhone ?? '—')}</span>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
    </Card>
  );
}
