import { Card, Descriptions, Table, Tag } from 'antd';
import { formatTime } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import type { AppealDetail } from '../../../app/contract';
import {
  EVALUATION_KIND_LABELS,
  EVALUATION_METHOD_LABELS,
  LIMIT_UNIT_LABELS,
  ORG_RATING_LABELS,
  PART_ROLE_LABELS,
  PART_STATUS_COLORS,
  PART_STATUS_LABELS,
  PAUSE_REASON_LABELS,
  RATING_COLORS,
  REQUESTER_RATING_LABELS,
  REQUEST_KIND_LABELS,
  REQUEST_STATUS_COLORS,
  REQUEST_STATUS_LABELS,
} from '../labels';
import { lookup } from '../../../shared/lookup';

/** The clock's milestones and the result. */
export function HandlingCard({ appeal }: { appeal: AppealDetail }) {
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
        {item(t('appeals:accept-by'), formatTime(appeal.acceptDueAt))}
        {item(t('appeals:accepted'), formatTime(appeal.acceptedAt))}
        {item(t('appeals:dispatched'), formatTime(appeal.dispatchedAt), 'appeal-dispatched-at')}
        {item(t('appeals:sign-for-by'), formatTime(appeal.responseDueAt))}
        {item(t('appeals:signed-for'), formatTime(appeal.signedAt))}
        {item(t('appeals:warning-from'), formatTime(appeal.warnAt))}
        {item(t('appeals:due'), formatTime(appeal.handlingDueAt), 'appeal-due')}
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

/** 联办: the lead and co-handling organisations, each with its part. */
export function PartsCard({ appeal }: { appeal: AppealDetail }) {
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

export function RequestsCard({ appeal }: { appeal: AppealDetail }) {
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

/** 双评价: the requester's and the township's ratings, per handling round. */
export function EvaluationsCard({ appeal }: { appeal: AppealDetail }) {
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
