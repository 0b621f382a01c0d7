import { Alert, Card, Typography } from 'antd';
import { formatTime } from '../../app/format';
import { EmptyHint } from '../../app/components';
import { useI18n } from '../../app/i18n';
import type { CoverageGroupBy } from './api';
import { CoverageChart } from './CoverageChart';
import { CoverageTable } from './CoverageTable';
import { GROUP_LABELS } from './period';
import type { Coverage, CoverageRow } from '../../app/contract';

interface Props {
  coverage: Coverage;
  groupBy: CoverageGroupBy;
  quota: number | undefined;
  loading: boolean;
  onDrill?: (row: CoverageRow) => void;
}

/** 覆盖率: coverage by group as a chart and a table. */
export function CoverageTab({ coverage, groupBy, quota, loading, onDrill }: Props) {
  const { t, tl } = useI18n();
  if (coverage.rows.length === 0) {
    return (
      <Card size="small">
        <EmptyHint
          title={t('所选区域没有可统计的单位', 'Nothing to group in this area')}
          hint={t('换一个区域或更细的分组；户档案导入后才计入覆盖率。', 'Choose another area or a finer grouping; households count once their files are imported.')}
        />
      </Card>
    );
  }
  return (
    <>
      {coverage.countedAt && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t(
            `户数、重点户逾期、从未走访和网格员人数为 ${formatTime(coverage.countedAt)} 的统计（每 10 分钟更新）；走访数据为实时。`,
            `Households, overdue, never-visited and worker figures as counted at ${formatTime(coverage.countedAt)} (every 10 minutes); visit figures are live.`,
          )}
        </Typography.Paragraph>
      )}
      {coverage.totals.visits === 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('这个区间还没有走访记录', 'No visit was logged in this period')}
          description={t('网格员在手机端“今日走访”登记后即计入；也可换一个更长的区间。', 'Visits count once grid workers log them on their phones; or choose a longer period.')}
        />
      )}
      <Card size="small" title={`${tl(GROUP_LABELS[groupBy])} · ${t('入户覆盖率（低→高）', 'Coverage (lowest first)')}`} style={{ marginBottom: 16 }}>
        <CoverageChart rows={coverage.rows} />
      </Card>
      <Card size="small" title={`${tl(GROUP_LABELS[groupBy])} · ${onDrill ? t('明细（点击代码下钻）', 'Details (click a code to drill down)') : t('明细', 'Details')}`}>
        <CoverageTable rows={coverage.rows} groupBy={groupBy} quota={quota} loading={loading} onDrill={onDrill} />
      </Card>
    </>
  );
}
