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
    { key: 'households', title: t('户数', 'Households'), value: String(f.households), tip: t('所选区域在册的户', 'Households on file in the area') },
    { key: 'visited', title: t('已走访户数', 'Visited'), value: String(f.visitedHouseholds), tip: t('区间内入户见到人的户，每户只计一次；无人在家不计', 'Households where somebody was met in the period, each counted once; nobody-home attempts do not count') },
    {
      key: 'coverage',
      title: t('入户覆盖率', 'Visit coverage'),
      value: pct(f.coverage),
      tip: t(`已走访户数 ÷ 户数 = ${f.visitedHouseholds} ÷ ${f.households}`, `Households visited ÷ households = ${f.visitedHouseholds} ÷ ${f.households}`),
      color: '#1d4ed8',
    },
    { key: 'visits', title: t('走访次数', 'Visits'), value: String(f.visits), tip: t('区间内见到人的走访（网格员与干部）；无人在家另计', 'Visits that met somebody in the period (grid workers and cadres); nobody-home counted apart') },
    { key: 'nobody-home', title: t('无人在家次数', 'Nobody home'), value: String(f.nobodyHome), tip: t('结果为“无人在家”的走访；请在错时窗口再访', 'Visits that found nobody home; visit again in another window') },
    {
      key: 'per-worker-day',
      title: t('人均日走访', 'Per worker-day'),
      value: perDay === null ? '—' : perDay.toFixed(1),
      suffix: quota !== undefined ? `/ ${quota}` : undefined,
      tip: t(
        `网格员走访次数（含无人在家）÷（网格员 ${f.workers} 人 × ${coverage.workingDays} 个工作日）；每日任务 ${quota ?? '—'} 户`,
        `Grid workers' visits, nobody-home included ÷ (${f.workers} workers × ${coverage.workingDays} working days); daily quota ${quota ?? '—'}`,
      ),
      color: perDay === null ? undefined : belowQuota ? '#cf1322' : '#389e0d',
    },
    {
      key: 'vulnerable-overdue',
      title: t('困难户逾期', 'Vulnerable overdue'),
      value: String(f.vulnerableOverdue),
      tip: t(`困难户 ${f.vulnerableHouseholds} 户中已过走访周期未访的`, `Of ${f.vulnerableHouseholds} vulnerable households, those past their visit interval`),
      color: f.vulnerableOverdue > 0 ? '#cf1322' : undefined,
    },
    { key: 'never-visited', title: t('从未走访', 'Never visited'), value: String(f.neverVisited), tip: t('建档以来从未走访过的户', 'Households never visited since they were filed'), color: f.neverVisited > 0 ? '#d46b08' : undefined },
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
