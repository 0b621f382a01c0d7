import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { AppealHouseholdCard } from './AppealHouseholdCard';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Popconfirm, Result, Row, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PressingTags } from './PressingTags';
import { ArrowLeftOutlined, PrinterOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
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
        title={t('诉求不存在或不在您的辖区内', 'No such appeal in your area')}
        extra={
          <Link to="/appeals">
            <Button type="primary">{t('返回诉求列表', 'Back to appeals')}</Button>
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
            <Link to="/appeals" aria-label={t('返回', 'Back')}>
              <ArrowLeftOutlined />
            </Link>
            <span>
              {t('诉求', 'Appeal')} <span data-testid="appeal-number">{appeal.data?.number ?? ''}</span>
            </span>
          </Space>
        }
        subtitle={appeal.data?.title}
        extra={
          <Space>
            <Link to={`/appeals/${id}/slip`}>
              <Button icon={<PrinterOutlined />} data-testid="appeal-slip-link">
                {t('派遣单', 'Dispatch slip')}
              </Button>
            </Link>
            <Button icon={<ReloadOutlined />} onClick={() => void appeal.refetch()} loading={appeal.isFetching}>
              {t('刷新', 'Reload')}
            </Button>
          </Space>
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
              {t('本诉求已并入主诉求 ', 'This appeal was merged into ')}
              <Link to={`/appeals/${appeal.master.id}`}>{appeal.master.number}</Link>
              {t('，随主诉求办理。', ', and follows it.')}
            </span>
          }
        />
      )}
      <StatusBar appeal={appeal} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('诉求内容', 'The appeal')} size="small">
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('类别', 'Category')}>{appeal.categoryName}</Descriptions.Item>
                <Descriptions.Item label={t('渠道', 'Channel')}>{tl(lookup(CHANNEL_LABELS, appeal.channel), appeal.channel)}</Descriptions.Item>
                <Descriptions.Item label={t('所属区域', 'Area')} span={2}>
                  {appeal.regionName}
                  {appeal.needsPlacement && (
                    <Tag color="orange" style={{ marginInlineStart: 8 }}>
                      {t('待落格', 'Not yet in a grid')}
                    </Tag>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('地址', 'Address')}>{appeal.address ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('坐标', 'Coordinates')}>{appeal.location ? `${appeal.location.lon.toFixed(6)}, ${appeal.location.lat.toFixed(6)}` : '—'}</Descriptions.Item>
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
              <Card title={t('并入本诉求的诉求（多诉统办）', 'Appeals merged into this one')} size="small">
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
            <Card title={t('办理过程', 'Timeline')} size="small">
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
  if (appeal.onSpot) flags.push(<Tag key="onspot" color="green">{t('就地解决', 'Solved on the spot')}</Tag>);
  if (appeal.whistled) flags.push(<Tag key="whistle" color="orange">{t('社区吹哨', 'Whistled')}</Tag>);
  if (appeal.leaderUserId) flags.push(<Tag key="leader" color="gold">{t('领导包案', 'Leader case')}</Tag>);
  if (appeal.deferred) flags.push(<Tag key="deferred">{t('缓办', 'Deferred')}</Tag>);
  if (appeal.urgeCount + appeal.superviseCount > 0) flags.push(<PressingTags key="pressing" urgeCount={appeal.urgeCount} superviseCount={appeal.superviseCount} />);
  if (appeal.reworkCount > 0) flags.push(<Tag key="rework" color="volcano">{t(`重办 ${appeal.reworkCount} 次`, `Reworked ×${appeal.reworkCount}`)}</Tag>);
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
              {t('办理期限', 'Due')} {formatTime(appeal.handlingDueAt)}
            </Typography.Text>
          )}
          {appeal.status === 'registered' && appeal.acceptDueAt && (
            <Typography.Text type={new Date(appeal.acceptDueAt) < new Date() ? 'danger' : 'secondary'} style={{ fontSize: 13 }} data-testid="appeal-accept-due">
              {t('受理时限', 'Accept by')} {formatTime(appeal.acceptDueAt)}
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
          ? t('本诉求已办结归档，无需操作。', 'This appeal is finished; nothing to do.')
          : t('当前环节不需要您操作。', 'Nothing for you to do at this step.')}
      </Typography.Text>
    );
  }
  return (
    <Flex wrap gap={8} data-testid="appeal-actions">
      {actions.map((a) => {
        if (a === 'assign_leader' && !leaders.isSuccess) {
          // The leaders list answers administrators only; without it no leader can be chosen.
          return (
            <Tooltip key={a} title={leaders.isPending ? t('正在加载领导名单…', 'Loading leaders…') : t('领导包案需由系统管理员指定（无权读取领导名单）', 'Only an administrator can pick the leader (the leader list is not available to you)')}>
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
    <Card title={t('办理情况', 'Handling')} size="small">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        {item(t('承办单位', 'Handled by'), appeal.handlingOrgName, 'appeal-handling-org')}
        {item(t('登记时间', 'Registered'), formatTime(appeal.createdAt))}
        {item(t('受理时限', 'Accept by'), formatTime(appeal.acceptDueAt))}
        {item(t('受理时间', 'Accepted'), formatTime(appeal.acceptedAt))}
        {item(t('派遣时间', 'Dispatched'), formatTime(appeal.dispatchedAt))}
        {item(t('签收时限', 'Sign for by'), formatTime(appeal.responseDueAt))}
        {item(t('签收时间', 'Signed for'), formatTime(appeal.signedAt))}
        {item(t('预警时间', 'Warning from'), formatTime(appeal.warnAt))}
        {item(t('办理期限', 'Due'), formatTime(appeal.handlingDueAt))}
        {item(t('办结时间', 'Handled'), formatTime(appeal.handledAt))}
        {item(t('结案时间', 'Closed'), formatTime(appeal.closedAt))}
        {appeal.pausedAt && item(t('暂停计时', 'Clock paused'), `${formatTime(appeal.pausedAt)}（${appeal.pauseReason ? tl(PAUSE_REASON_LABELS[appeal.pauseReason], appeal.pauseReason) : ''}）`)}
        {appeal.result && (
          <Descriptions.Item label={t('办理结果', 'Result')} span={2}>
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
    <Card title={t('承办单位（联办）', 'Handling organisations (joint handling)')} size="small">
      <Table
        rowKey="orgId"
        size="small"
        pagination={false}
        dataSource={appeal.parts}
        data-testid="appeal-parts"
        scroll={{ x: 1000 }}
        columns={[
          { title: t('单位', 'Organisation'), dataIndex: 'orgName', width: 160 },
          { title: t('角色', 'Role'), dataIndex: 'role', width: 80, render: (r: string) => <Tag color={r === 'lead' ? 'blue' : 'default'}>{tl(PART_ROLE_LABELS[r], r)}</Tag> },
          { title: t('任务', 'Task'), dataIndex: 'task', width: 160, render: (v: string | null) => v ?? '—' },
          { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={PART_STATUS_COLORS[s]}>{tl(PART_STATUS_LABELS[s], s)}</Tag> },
          { title: t('签收', 'Signed'), dataIndex: 'signedAt', width: 140, render: formatTime },
          { title: t('办结', 'Handled'), dataIndex: 'handledAt', width: 140, render: formatTime },
          { title: t('结果', 'Result'), dataIndex: 'result', width: 220, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}

function RequestsCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  return (
    <Card title={t('延期 / 缓办申请', 'Extension and deferral requests')} size="small">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={appeal.requests}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('类型', 'Kind'), dataIndex: 'kind', width: 70, render: (k: string) => tl(REQUEST_KIND_LABELS[k], k) },
          { title: t('理由', 'Reason'), dataIndex: 'reason', width: 220 },
          {
            title: t('时长', 'Amount'),
            key: 'amount',
            width: 110,
            render: (_: unknown, r) => (r.amount ? `${r.amount} ${r.unit ? tl(lookup(LIMIT_UNIT_LABELS, r.unit)) : ''}` : '—'),
          },
          { title: t('申请人', 'By'), dataIndex: 'requestedBy', width: 100 },
          { title: t('申请时间', 'Requested'), dataIndex: 'createdAt', width: 140, render: formatTime },
          { title: t('状态', 'Status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={REQUEST_STATUS_COLORS[s]}>{tl(REQUEST_STATUS_LABELS[s], s)}</Tag> },
          { title: t('审批', 'Decided'), key: 'decided', width: 160, render: (_: unknown, r) => (r.decidedBy ? `${r.decidedBy} ${formatTime(r.decidedAt)}` : '—') },
        ]}
      />
    </Card>
  );
}

function EvaluationsCard({ appeal }: { appeal: AppealDetail }) {
  const { t, tl } = useI18n();
  return (
    <Card title={t('评价（双评价）', 'Evaluations')} size="small">
      <Table
        rowKey={(e) => `${e.round}-${e.kind}`}
        size="small"
        pagination={false}
        dataSource={appeal.evaluations}
        data-testid="appeal-evaluations"
        scroll={{ x: 1000 }}
        columns={[
          { title: t('轮次', 'Round'), dataIndex: 'round', width: 60, render: (r: number) => (r === 0 ? t('首办', 'First') : t(`重办${r}`, `Rework ${r}`)) },
          { title: t('类型', 'Kind'), dataIndex: 'kind', width: 140, render: (k: string) => tl(EVALUATION_KIND_LABELS[k], k) },
          {
            title: t('评价', 'Rating'),
            dataIndex: 'rating',
            width: 100,
            render: (r: string, e) => <Tag color={RATING_COLORS[r]}>{tl(e.kind === 'township' ? ORG_RATING_LABELS[r] : REQUESTER_RATING_LABELS[r], r)}</Tag>,
          },
          {
            title: t('解决 / 核查', 'Solved / verified'),
            key: 'flags',
            width: 110,
            render: (_: unknown, e) =>
              e.kind === 'township'
                ? e.verified === false
                  ? t('核查未通过', 'Failed')
                  : t('核查通过', 'Verified')
                : e.solved === null
                  ? '—'
                  : e.solved
                    ? t('已解决', 'Solved')
                    : t('未解决', 'Not solved'),
          },
          { title: t('方式', 'Method'), dataIndex: 'method', width: 110, render: (m: string) => tl(EVALUATION_METHOD_LABELS[m], m) },
          { title: t('说明', 'Comment'), dataIndex: 'comment', width: 200, render: (c: string | null) => c ?? '—' },
          { title: t('评价人', 'By'), dataIndex: 'by', width: 90 },
          { title: t('时间', 'At'), dataIndex: 'at', width: 140, render: formatTime },
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
      title={t('诉求人', 'Requester')}
      size="small"
      extra={
        !anonymous &&
        !full && (
          <Popconfirm
            title={t('查看完整联系方式？', 'Show the full contact?')}
            description={t('查看操作将记入审计日志，请仅在联系诉求人时使用。', 'This is recorded in the audit log; use it only to contact the requester.')}
            onConfirm={() => void reveal()}
            okText={t('查看', 'Show')}
          >
            <Button size="small" type="link" icon={<SafetyCertificateOutlined />} loading={loading} data-testid="reveal-requester">
              {t('查看完整联系方式', 'Show full contact')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('类型', 'Kind')}>{tl(lookup(REQUESTER_KIND_LABELS, appeal.requesterKind), appeal.requesterKind)}</Descriptions.Item>
        {appeal.enterpriseName && <Descriptions.Item label={t('企业', 'Enterprise')}>{appeal.enterpriseName}</Descriptions.Item>}
        {!anonymous && (
          <>
            <Descriptions.Item label={t('姓名', 'Name')}>
              <span data-testid="requester-name">{full ? (full.name ?? '—') : (appeal.requesterName ?? '—')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('电话', 'Phone')}>
              <span data-testid="requester-phone">{full ? (full.phone ?? '—') : (appeal.requesterPhone ?? '—')}</span>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
    </Card>
  );
}
