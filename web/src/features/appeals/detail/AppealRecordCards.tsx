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
    <Card title={t('办理情况', 'Handling')} size="small">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        {item(t('承办单位', 'Handled by'), appeal.handlingOrgName, 'appeal-handling-org')}
        {item(t('登记时间', 'Registered'), formatTime(appeal.createdAt))}
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

/** 联办: the lead and co-handling organisations, each with its part. */
export function PartsCard({ appeal }: { appeal: AppealDetail }) {
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

export function RequestsCard({ appeal }: { appeal: AppealDetail }) {
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

/** 双评价: the requester's and the township's ratings, per handling round. */
export function EvaluationsCard({ appeal }: { appeal: AppealDetail }) {
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
