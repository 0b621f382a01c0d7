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
          title={t('visits:nothing-to-group-in-this-area')}
          hint={t('visits:choose-another-area-or-a-finer-grouping')}
        />
      </Card>
    );
  }
  return (
    <>
      {coverage.countedAt && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('visits:households-overdue-never-visited-and-worker', { formatTime: formatTime(coverage.countedAt) })}
        </Typography.Paragraph>
      )}
      {coverage.totals.visits === 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('visits:no-visit-was-logged-in-this-period')}
          description={t('visits:visits-count-once-grid-workers-log-them-on-their')}
        />
      )}
      <Card size="small" title={`${tl(GROUP_LABELS[groupBy])} · ${t('visits:coverage-lowest-first')}`} style={{ marginBottom: 16 }}>
        <CoverageChart rows={coverage.rows} />
      </Card>
      <Card size="small" title={`${tl(GROUP_LABELS[groupBy])} · ${onDrill ? t('visits:details-click-a-code-to-drill-down') : t('visits:details')}`}>
        <CoverageTable rows={coverage.rows} groupBy={groupBy} quota={quota} loading={loading} onDrill={onDrill} />
      </Card>
    </>
  );
}
