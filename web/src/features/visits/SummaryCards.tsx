import { Card, Col, Row, Statistic, Tooltip } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../../app/i18n';
import { pct } from './labels';
import type { Coverage } from '../../app/contract';

interface Metric {
  key: string;
  title: string;
  value: string;
  tip: string;
  color?: string;
  suffix?: string;
}

/** The period's headline figures (docs/DOMAIN.md §8, §11); `quota` is the daily visits per grid worker. */
export function SummaryCards({ coverage, quota }: { coverage: Coverage; quota: number | undefined }) {
  const { t } = useI18n();
  const f = coverage.totals;
  const perDay = f.visitsPerWorkerDay;
  const belowQuota = perDay !== null && quota !== undefined && perDay < quota;
  const metrics: Metric[] = [
    { key: 'households', title: t('visits:households'), value: String(f.households), tip: t('visits:households-on-file-in-the-area') },
    { key: 'visited', title: t('visits:visited-2'), value: String(f.visitedHouseholds), tip: t('visits:households-where-somebody-was-met-in-the-period') },
    {
      key: 'coverage',
      title: t('visits:visit-coverage-2'),
      value: pct(f.coverage),
      tip: t('visits:households-visited-households-visitedhouseholds', { visitedHouseholds: f.visitedHouseholds, households: f.households }),
      color: '#1d4ed8',
    },
    { key: 'visits', title: t('visits:visits'), value: String(f.visits), tip: t('visits:visits-that-met-somebody-in-the-period-grid') },
    { key: 'nobody-home', title: t('visits:nobody-home-2'), value: String(f.nobodyHome), tip: t('visits:visits-that-found-nobody-home-visit-again-in') },
    {
      key: 'per-worker-day',
      title: t('visits:per-worker-day'),
      value: perDay === null ? '—' : perDay.toFixed(1),
      suffix: quota !== undefined ? `/ ${quota}` : undefined,
      tip:
        t('visits:grid-workers-visits-nobody-home-included-workers', { workers: f.workers, workingDays: coverage.workingDays, quota: quota ?? '—' }) +
        (coverage.inProgressDay ? t('visits:today-is-not-over-its-visits-are-not-in-the-mean') : ''),
      color: perDay === null ? undefined : belowQuota ? '#cf1322' : '#389e0d',
    },
    {
      key: 'vulnerable-overdue',
      title: t('visits:vulnerable-overdue'),
      value: String(f.vulnerableOverdue),
      tip: t('visits:of-vulnerablehouseholds-vulnerable-households', { vulnerableHouseholds: f.vulnerableHouseholds }),
      color: f.vulnerableOverdue > 0 ? '#cf1322' : undefined,
    },
    { key: 'never-visited', title: t('visits:never-visited'), value: String(f.neverVisited), tip: t('visits:households-never-visited-since-they-were-filed'), color: f.neverVisited > 0 ? '#d46b08' : undefined },
    {
      key: 'disputes',
      title: t('visits:disputes-found'),
      value: String(f.disputes),
      suffix: t('visits:disputesmediated-to-mediation', { disputesMediated: f.disputesMediated }),
      tip: t('visits:visits-that-found-a-dispute-at-the-door-and-how'),
      color: f.disputes > f.disputesMediated ? '#d46b08' : undefined,
    },
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {metrics.map((m) => (
        <Col key={m.key} xs={12} md={6} xl={3}>
          <Card size="small" data-testid={`visits-metric-${m.key}`} style={{ height: '100%' }}>
            <Statistic
              title={
                <Tooltip title={m.tip}>
                  <span>
                    {m.title} <InfoCircleOutlined style={{ fontSize: 12, color: '#8c8c8c' }} />
                  </span>
                </Tooltip>
              }
              value={m.value}
              suffix={m.suffix}
              styles={{ content: { color: m.color, fontSize: 22 } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
