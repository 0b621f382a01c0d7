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
            lines: [`${t('入户覆盖率', 'Coverage')} ${pct(r.coverage)}`, `${t('已走访', 'Visited')} ${r.visitedHouseholds} / ${r.households} ${t('户', 'households')}`],
          },
        ]),
      ),
    [rows, t],
  );
  const fallback = useMemo<GridFigure>(() => ({ color: NO_HOUSEHOLDS_COLOR, lines: [t('没有户档案', 'No household files')] }), [t]);
  const legend = useMemo(() => [...COVERAGE_BINS.map((b) => ({ color: b.color, label: b.label })), { color: NO_HOUSEHOLDS_COLOR, label: t('无户', 'No households') }], [t]);

  if (!within) {
    return (
      <Card size="small">
        <EmptyHint
          title={t('地图按乡镇（街道）或村（社区）显示网格', 'The map shows the grids of a township or a community')}
          hint={t('在上方区域中选择一个乡镇（街道）或村（社区），或在覆盖率表中点击代码逐级下钻。', 'Pick a township or community in the area filter above, or drill down from the coverage table.')}
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
            caption={t('入户覆盖率：', 'Visit coverage:')}
            selected={picked}
            onGridClick={(g) => setPicked(g.code)}
            height={520}
            testId="visits-map"
          />
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card size="small" title={row ? row.name : t('网格详情', 'Grid')} data-testid="visits-grid-card">
          {row ? (
            <GridCard row={row} quota={quota} />
          ) : picked ? (
            <EmptyHint title={t('这个网格没有户档案', 'This grid has no household files')} hint={t('在“一户一档”中导入台账后计入覆盖率', 'Import its roster in Household files to count it')} />
          ) : (
            <EmptyHint title={t('点击地图上的网格查看走访情况', 'Click a grid on the map to see its visits')} />
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
      <Descriptions.Item label={t('网格代码', 'Code')}>{row.code}</Descriptions.Item>
      <Descriptions.Item label={t('户数', 'Households')}>{row.households}</Descriptions.Item>
      <Descriptions.Item label={t('已走访户数', 'Visited')}>{row.visitedHouseholds}</Descriptions.Item>
      <Descriptions.Item label={t('入户覆盖率', 'Coverage')}>
        <Typography.Text strong style={{ color: coverageColor(row.coverage) === NO_HOUSEHOLDS_COLOR ? undefined : coverageColor(row.coverage) }}>
          {pct(row.coverage)}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('走访次数', 'Visits')}>{row.visits}</Descriptions.Item>
      <Descriptions.Item label={t('无人在家', 'Nobody home')}>{row.nobodyHome}</Descriptions.Item>
      <Descriptions.Item label={t('网格员', 'Workers')}>{row.workers}</Descriptions.Item>
      <Descriptions.Item label={t('人均日走访', 'Per worker-day')}>
        <Typography.Text type={perDay !== null && quota !== undefined && perDay < quota ? 'danger' : undefined}>
          {perDay === null ? '—' : perDay.toFixed(1)}
          {quota !== undefined && ` / ${quota}`}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('困难户逾期', 'Vulnerable overdue')}>
        <Typography.Text type={row.vulnerableOverdue > 0 ? 'danger' : undefined}>
          {row.vulnerableOverdue} / {row.vulnerableHouseholds}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('从未走访', 'Never visited')}>{row.neverVisited}</Descriptions.Item>
    </Descriptions>
  );
}
