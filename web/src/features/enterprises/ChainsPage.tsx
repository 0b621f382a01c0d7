import { Link } from 'react-router-dom';
import { Card, Col, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { EmptyHint, LoadError, PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { useChains } from './api';
import { wan } from './labels';

/** 链长制: the chains of the area, each with its 链长, departments and figures. */
export default function ChainsPage() {
  const { t } = useI18n();
  const q = useChains();
  if (q.isError) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  return (
    <>
      <PageHeader title={t('enterprises:industrial-chains')} subtitle={t('enterprises:chain-leaders-lead-and-responsible-departments')} />
      {q.data && q.data.length === 0 && <EmptyHint title={t('enterprises:no-chain-yet')} />}
      <Row gutter={[16, 16]} data-testid="chains-list">
        {(q.data ?? []).map((c) => {
          const total = c.problemsOpen + c.problemsClosed;
          return (
            <Col key={c.id} xs={24} md={12} xl={8}>
              <Card title={<Link to={`/chains/${c.id}`} data-testid="chain-link">{c.name}</Link>} extra={<Tag color="gold">{t('enterprises:leader-name', { name: c.leader.name })}</Tag>}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">
                    {t('enterprises:lead-2')}
                    {c.leadOrg.name}
                    {c.responsibleOrgs.length > 0 && ` · ${c.responsibleOrgs.map((o) => o.name).join('、')}`}
                  </Typography.Text>
                  <Row>
                    <Col span={8}><Statistic title={t('enterprises:firms')} value={c.members} /></Col>
                    <Col span={8}><Statistic title={t('enterprises:projects')} value={c.projects} /></Col>
                    <Col span={8}><Statistic title={t('enterprises:investment-10k-yuan')} value={wan(c.investmentFen)} /></Col>
                  </Row>
                  <div>
                    {t('enterprises:chain-problems-closed')} {c.problemsClosed}/{total}
                    {c.problemsOverdue > 0 && <Tag color="red" style={{ marginLeft: 8 }}>{t('enterprises:problemsoverdue-overdue', { problemsOverdue: c.problemsOverdue })}</Tag>}
                    <Progress percent={total ? Math.round((c.problemsClosed / total) * 100) : 0} size="small" />
                  </div>
                </Space>
              </Card>
            </Col>
          );
        })}
      </Row>
    </>
  );
}
