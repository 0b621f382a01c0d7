/**
 * The console's home page: the workbench (工作台). What waits for the signed-in person, box by box of
 * the appeals inbox (a card's count is the number of rows its box lists; a click opens that box), the
 * most pressing appeals, a grid worker's visits of the day and, for a leader, the area's figures of
 * the month. The area overview (grids, workers, accounts) has its own page, 数据概览.
 */
import { type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Col, Flex, Result, Row, Skeleton, Statistic, Tag, Tooltip, Typography } from 'antd';
import {
  AlertOutlined,
  AuditOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CommentOutlined,
  CrownOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  InboxOutlined,
  SendOutlined,
  SignatureOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import { useUser } from '../../app/auth';
import { canSee, PAGES } from '../../app/pages';
import { LoadError, PageHeader } from '../../app/components';
import { formatTime, shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { ROLE_COLORS, ROLE_LABELS } from '../../app/labels';
import type { AppealBox, Workbench, WorkbenchBox, WorkbenchItem } from '../../app/contract';
import { BOX_LABELS } from '../appeals/labels';
import { ClockTag, UrgencyTag } from '../appeals/tags';
import { useWorkbench } from './api';
import { FiguresCard, inboxLink, VisitsCard } from './WorkbenchFigures';

/** Each box's icon and colour: red for what is late, orange for what is about to be. */
const BOX_LOOK: Partial<Record<AppealBox, { icon: ReactNode; color: string }>> = {
  to_accept: { icon: <InboxOutlined />, color: '#1d4ed8' },
  to_dispatch: { icon: <SendOutlined />, color: '#1d4ed8' },
  to_sign: { icon: <SignatureOutlined />, color: '#1d4ed8' },
  in_progress: { icon: <SyncOutlined />, color: '#13c2c2' },
  leader_cases: { icon: <CrownOutlined />, color: '#722ed1' },
  due_soon: { icon: <FieldTimeOutlined />, color: '#fa8c16' },
  overdue: { icon: <AlertOutlined />, color: '#c8161d' },
  to_feedback: { icon: <CommentOutlined />, color: '#389e0d' },
  to_evaluate: { icon: <FileDoneOutlined />, color: '#389e0d' },
  requests: { icon: <AuditOutlined />, color: '#595959' },
  needs_placement: { icon: <EnvironmentOutlined />, color: '#595959' },
};


export default function WorkbenchPage() {
  const user = useUser();
  const { t, tl } = useI18n();
  const bench = useWorkbench();
  const scope = user.regionCode === '' ? t('overview:the-whole-installation') : shortRegion(user.regionName);
  return (
    <>
      <PageHeader
        title={t('common:workbench')}
        subtitle={t('overview:hello-displayname-here-is-what-waits-for-you-in', { displayName: user.displayName, scope })}
        extra={user.roles.map((r) => (
          <Tag key={r} color={ROLE_COLORS[r]} style={{ margin: 0 }}>
            {tl(ROLE_LABELS[r])}
          </Tag>
        ))}
      />
      {bench.isError && <LoadError error={bench.error} onRetry={() => void bench.refetch()} />}
      {bench.isPending ? <Skeleton active paragraph={{ rows: 8 }} /> : bench.data && <WorkbenchBody data={bench.data} />}
    </>
  );
}

function WorkbenchBody({ data }: { data: Workbench }) {
  const waiting = data.boxes.filter((b) => b.count > 0);
  return (
    <Flex vertical gap={16}>
      <BoxCards boxes={data.boxes} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={data.visits ? 15 : 24}>
          <PressingCard boxes={waiting} nothing={data.boxes.length > 0 && waiting.length === 0} />
        </Col>
        {data.visits && (
          <Col xs={24} xl={9}>
            <VisitsCard visits={data.visits} />
          </Col>
        )}
      </Row>
      {data.chains.length > 0 && <ChainsCard chains={data.chains} />}
      {data.figures && <FiguresCard figures={data.figures} />}
    </Flex>
  );
}

/** 链长制: the chains the leader leads, with their problems still open. */
function ChainsCard({ chains }: { chains: Workbench['chains'] }) {
  const { t } = useI18n();
  return (
    <Card title={t('overview:chains-i-lead')} data-testid="workbench-chains">
      <Row gutter={[16, 16]}>
        {chains.map((c) => (
          <Col key={c.id} xs={24} md={8}>
            <Link to={`/chains/${c.id}`}>
              <Typography.Text strong>{c.name}</Typography.Text>
            </Link>
            <div>
              <Tag>{t('overview:members-firms', { members: c.members })}</Tag>
              <Tag color={c.problemsOpen ? 'orange' : 'green'}>{t('overview:problemsopen-problems-open', { problemsOpen: c.problemsOpen })}</Tag>
              {c.problemsOverdue > 0 && <Tag color="red">{t('overview:problemsoverdue-overdue', { problemsOverdue: c.problemsOverdue })}</Tag>}
              <Tag color="green">{t('overview:problemsclosed-closed', { problemsClosed: c.problemsClosed })}</Tag>
            </div>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** One card per box: the count, a click away from the inbox box that lists those rows. */
function BoxCards({ boxes }: { boxes: WorkbenchBox[] }) {
  const { t, tl } = useI18n();
  if (!boxes.length) return null;
  return (
    <Row gutter={[16, 16]} data-testid="workbench-boxes">
      {boxes.map((b) => {
        const look = BOX_LOOK[b.box] ?? { icon: <InboxOutlined />, color: '#1d4ed8' };
        const calm = b.count === 0;
        return (
          <Col key={b.box} flex="1 1 150px">
            <Link to={inboxLink(b.box)} data-testid={`workbench-box-${b.box}`} data-count={b.count} aria-label={`${tl(BOX_LABELS[b.box])} ${b.count}`}>
              <Card size="small" hoverable styles={{ body: { padding: '12px 16px' } }}>
                <Statistic
                  title={tl(BOX_LABELS[b.box])}
                  value={b.count}
                  prefix={<span style={{ color: calm ? '#bfbfbf' : look.color, marginRight: 4 }}>{look.icon}</span>}
                  styles={{ content: { fontWeight: 600, color: calm ? '#8c8c8c' : b.box === 'overdue' ? '#c8161d' : undefined } }}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {calm ? t('overview:none-waiting') : t('overview:open-the-list')}
                </Typography.Text>
              </Card>
            </Link>
          </Col>
        );
      })}
    </Row>
  );
}

/** How far a limit is, in words: 剩 3 小时, 超期 2 天. */
function useDueText() {
  const { t } = useI18n();
  return (deadline: string, now: number) => {
    const minutes = Math.round((Date.parse(deadline) - now) / 60_000);
    const m = Math.abs(minutes);
    const n = m >= 1440 ? Math.floor(m / 1440) : m >= 60 ? Math.floor(m / 60) : m;
    if (minutes >= 0) {
      if (m >= 1440) return t('overview:n-d-left', { n });
      if (m >= 60) return t('overview:n-h-left', { n });
      return t('overview:n-min-left', { n });
    }
    if (m >= 1440) return t('overview:n-d-late', { n });
    if (m >= 60) return t('overview:n-h-late', { n });
    return t('overview:n-min-late', { n });
  };
}

/** The most pressing appeals of each box that has any; calm words when nothing waits. */
function PressingCard({ boxes, nothing }: { boxes: WorkbenchBox[]; nothing: boolean }) {
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const user = useUser();
  // A role outside the appeal loop (a mediator, a commissioner): its own pages instead.
  const ownPages = PAGES.filter((p) => (p.group === 'cogov' || p.group === 'enterprise') && !p.hidden && canSee(user, p));
  if (!boxes.length) {
    return (
      <Card title={t('overview:most-pressing')} data-testid="workbench-pressing">
        <Result
          icon={<CheckCircleOutlined style={{ color: '#389e0d' }} />}
          title={nothing ? t('overview:nothing-waits-for-you-right-now') : t('overview:your-role-has-no-inbox-of-its-own')}
          subTitle={
            nothing
              ? t('overview:new-appeals-limits-drawing-near-and-outcomes-to')
              : ownPages.length
                ? t('overview:your-work-is-on-these-pages')
                : t('overview:appeals-statistics-and-the-area-overview-are-in')
          }
          extra={
            nothing || !ownPages.length ? (
              <Button onClick={() => navigate('/appeals?box=all')} data-testid="workbench-all-appeals">
                {t('overview:all-appeals')}
              </Button>
            ) : (
              <Flex wrap gap={8} justify="center">
                {ownPages.map((p) => (
                  <Button key={p.key} icon={p.icon} onClick={() => navigate(p.path)} data-testid={`workbench-page-${p.key}`}>
                    {tl(p.label(user))}
                  </Button>
                ))}
              </Flex>
            )
          }
          data-testid="workbench-nothing"
        />
      </Card>
    );
  }
  return (
    <Card title={t('overview:most-pressing')} data-testid="workbench-pressing" styles={{ body: { paddingTop: 8 } }}>
      <Flex vertical gap={12}>
        {boxes.map((b) => (
          <div key={b.box} data-testid={`workbench-pressing-${b.box}`}>
            <Flex justify="space-between" align="center" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 4, marginBottom: 4 }}>
              <Typography.Text strong style={{ color: BOX_LOOK[b.box]?.color }}>
                {tl(BOX_LABELS[b.box])} · {b.count}
              </Typography.Text>
              {b.count > b.items.length && (
                <Link to={inboxLink(b.box)} style={{ fontSize: 12 }}>
                  {t('overview:all-count', { count: b.count })}
                </Link>
              )}
            </Flex>
            {b.items.map((i) => (
              <PressingRow key={i.id} item={i} />
            ))}
          </div>
        ))}
      </Flex>
    </Card>
  );
}

function PressingRow({ item }: { item: WorkbenchItem }) {
  const { t } = useI18n();
  const dueText = useDueText();
  const now = Date.now();
  const kind =
    item.deadlineKind === 'accept' ? t('overview:acceptance-limit') : item.deadlineKind === 'response' ? t('overview:sign-for-limit') : t('overview:handling-limit');
  const late = item.deadline !== null && Date.parse(item.deadline) < now;
  return (
    <Flex align="center" gap={8} wrap style={{ padding: '4px 0' }}>
      <Link to={`/appeals/${item.id}`} data-testid="workbench-item" style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
        {item.number}
      </Link>
      <Typography.Text ellipsis style={{ flex: '1 1 200px', minWidth: 120 }} title={item.title}>
        {item.title}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {item.categoryName}
      </Typography.Text>
      <UrgencyTag urgency={item.urgency} />
      <ClockTag clock={item.clock} dueAt={item.deadlineKind === 'handling' ? item.deadline : undefined} />
      {item.deadline && (
        <Tooltip title={`${kind}：${formatTime(item.deadline)}`}>
          <Typography.Text type={late ? 'danger' : 'secondary'} style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            <ClockCircleOutlined /> {dueText(item.deadline, now)}
          </Typography.Text>
        </Tooltip>
      )}
    </Flex>
  );
}
