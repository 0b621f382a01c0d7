import { useMemo, useState } from 'react';
import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { EmptyHint } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { GridMap, type GridFigure } from '../households/GridMap';
import { useCoverage, type Scope } from './api';
import { COVERAGE_BINS, coverageColor, NO_HOUSEHOLDS_COLOR, pct } from './labels';
import { mapArea } from './period';
import type { CoverageRow } from '../../app/contract';

/** The grids of the chosen township or community coloured by visit coverage; a click shows the grid's card. */
export function CoverageMap({ scope, quota }: { scope: Scope; quota: number | undefined }) {
  const { t } = useI18n();
  const within = mapArea(scope.regionCode);
  const coverage = useCoverage({ ...scope, regionCode: within ?? undefined }, 'grid', !!within);
  const [picked, setPicked] = useState<string | null>(null);
  const rows = coverage.data?.groupBy === 'grid' ? coverage.data.rows : undefined;
  const figures = useMemo(
    () =>
      rows &&
      new Map<string, GridFigure>(
        rows.map((r) => [
          r.code,
          {
            color: coverageColor(r.coverage),
            lines: [`${t('visits:coverage-2')} ${pct(r.coverage)}`, `${t('visits:visited')} ${r.visitedHouseholds} / ${r.households} ${t('visits:households-2')}`],
          },
        ]),
      ),
    [rows, t],
  );
  const fallback = useMemo<GridFigure>(() => ({ color: NO_HOUSEHOLDS_COLOR, lines: [t('visits:no-household-files')] }), [t]);
  const legend = useMemo(() => [...COVERAGE_BINS.map((b) => ({ color: b.color, label: b.label })), { color: NO_HOUSEHOLDS_COLOR, label: t('visits:no-households') }], [t]);

  if (!within) {
    return (
      <Card size="small">
        <EmptyHint
          title={t('visits:the-map-shows-the-grids-of-a-township-or-a')}
          hint={t('visits:pick-a-township-or-community-in-the-area-filter')}
        />
      </Card>
    );
  }
  const row = rows?.find((r) => r.code === picked) ?? null;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={17}>
        <Card size="small">
          <GridMap
            within={within}
            figures={figures}
            fallback={fallback}
            figuresError={coverage.isError ? coverage.error : undefined}
            onRetry={() => void coverage.refetch()}
            legend={legend}
            caption={t('visits:visit-coverage')}
            selected={picked}
            onGridClick={(g) => setPicked(g.code)}
            height={520}
            testId="visits-map"
          />
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card size="small" title={row ? row.name : t('visits:grid')} data-testid="visits-grid-card">
          {row ? (
            <GridCard row={row} quota={quota} />
          ) : picked ? (
            <EmptyHint title={t('visits:this-grid-has-no-household-files')} hint={t('visits:import-its-roster-in-household-files-to-count-it')} />
          ) : (
            <EmptyHint title={t('visits:click-a-grid-on-the-map-to-see-its-visits')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

function GridCard({ row, quota }: { row: CoverageRow; quota: number | undefined }) {
  const { t } = useI18n();
  const perDay = row.visitsPerWorkerDay;
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('visits:code-2')}>{row.code}</Descriptions.Item>
      <Descriptions.Item label={t('visits:households')}>{row.households}</Descriptions.Item>
      <Descriptions.Item label={t('visits:visited-2')}>{row.visitedHouseholds}</Descriptions.Item>
      <Descriptions.Item label={t('visits:coverage-2')}>
        <Typography.Text strong style={{ color: coverageColor(row.coverage) === NO_HOUSEHOLDS_COLOR ? undefined : coverageColor(row.coverage) }}>
          {pct(row.coverage)}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('visits:visits')}>{row.visits}</Descriptions.Item>
      <Descriptions.Item label={t('visits:nobody-home')}>{row.nobodyHome}</Descriptions.Item>
      <Descriptions.Item label={t('visits:workers')}>{row.workers}</Descriptions.Item>
      <Descriptions.Item label={t('visits:per-worker-day')}>
        <Typography.Text type={perDay !== null && quota !== undefined && perDay < quota ? 'danger' : undefined}>
          {perDay === null ? '—' : perDay.toFixed(1)}
          {quota !== undefined && ` / ${quota}`}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('visits:vulnerable-overdue')}>
        <Typography.Text type={row.vulnerableOverdue > 0 ? 'danger' : undefined}>
          {row.vulnerableOverdue} / {row.vulnerableHouseholds}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('visits:never-visited')}>{row.neverVisited}</Descriptions.Item>
    </Descriptions>
  );
}
