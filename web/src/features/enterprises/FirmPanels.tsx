import { Link } from 'react-router-dom';
import { Alert, Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { hasAnyRole, useUser } from '../../app/auth';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { FirmDisputes } from '../../app/contract';
import { KIND, STATUS, STATUS_COLOR, yuan } from '../mediation/labels';
import { useBreakdown, useFirmDisputes } from './api';

/** The firm's satisfaction with its enterprise appeals, all time: 满意率 = (满意 + 0.9 × 基本满意) ÷ valid evaluations. */
export function FirmSatisfaction({ firmId }: { firmId: string }) {
  const { t } = useI18n();
  const q = useBreakdown('firm', { enterpriseId: firmId });
  const r = q.data?.items[0];
  return (
    <Card title={t('enterprises:the-firms-satisfaction')} size="small" data-testid="firm-satisfaction">
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('enterprises:satisfaction')} value={r?.satisfactionRate == null ? '—' : `${Math.round(r.satisfactionRate * 1000) / 10}%`} />
        </Col>
        <Col span={6}><Statistic title={t('enterprises:valid-evaluations')} value={r?.evaluations ?? 0} /></Col>
        <Col span={6}><Statistic title={t('enterprises:satisfied-basically-dissatisfied')} value={r ? `${r.satisfied} / ${r.basicallySatisfied} / ${r.dissatisfied}` : '0 / 0 / 0'} /></Col>
        <Col span={6}><Statistic title={t('enterprises:mean-closure-h')} value={r?.avgClosureHours ?? '—'} /></Col>
      </Row>
    </Card>
  );
}

/**
 * The firm's business disputes (商会调解, 诉调对接): the mediation cases it is a party to that the viewer
 * may see. Mediation decides who sees a case; a viewer without mediation access is told so.
 */
export function FirmDisputesCard({ firmId }: { firmId: string }) {
  const { t, tl } = useI18n();
  const user = useUser();
  const q = useFirmDisputes(firmId);
  const d = q.data;
  const canOpen = hasAnyRole(user, ['mediator', 'dispatcher', 'community_staff', 'handler', 'leader', 'admin']);
  return (
    <Card title={t('enterprises:business-disputes-chamber-mediation-court')} data-testid="firm-disputes">
      {d && !d.readable ? (
        <Alert type="info" showIcon message={t('enterprises:you-may-not-see-mediation-cases-they-are-seen-by')} />
      ) : (
        <Table<FirmDisputes['items'][number]>
          size="small"
          rowKey="id"
          loading={q.isFetching}
          dataSource={d?.items ?? []}
          pagination={false}
          data-testid="firm-disputes-table"
          locale={{ emptyText: t('enterprises:no-mediation-case-involving-this-firm-that-you') }}
          columns={[
            { title: t('enterprises:number-2'), dataIndex: 'number', width: 150, render: (n: string, c) => (canOpen ? <Link to={`/mediation/${c.id}`}>{n}</Link> : n) },
            { title: t('enterprises:dispute'), dataIndex: 'title' },
            { title: t('enterprises:kind'), dataIndex: 'kind', width: 100, render: (k: string) => tl(KIND[k], k) },
            { title: t('enterprises:mediation-body'), dataIndex: 'bodyName', width: 200 },
            { title: t('enterprises:amount-yuan'), dataIndex: 'amountFen', width: 120, render: (f: number) => yuan(f) },
            { title: t('enterprises:status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={STATUS_COLOR[s]}>{tl(STATUS[s], s)}</Tag> },
            { title: t('enterprises:applied'), dataIndex: 'createdAt', width: 150, render: (x: string) => formatTime(x) },
          ]}
        />
      )}
    </Card>
  );
}
