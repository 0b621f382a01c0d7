import { useMemo } from 'react';
import { Col, Descriptions, Row, Skeleton, Tag, Typography } from 'antd';
import { EmptyHint, LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { GRID_KIND_LABELS } from '../../app/labels';
import type { GridDetail, GridFeatureCollection } from '../../app/contract';
import { useGrid } from './api';
import { KindLegend, PolygonMap } from './GridMap';
import { WorkerTags } from './RegionChildren';

/** One grid: its code, kind, village, grid workers and outline. */
export function GridCard({ code, villageName }: { code: string; villageName?: string }) {
  const { t, tl } = useI18n();
  const grid = useGrid(code);
  if (grid.isPending) return <Skeleton active />;
  if (grid.isError) return <LoadError error={grid.error} onRetry={() => void grid.refetch()} />;
  const g = grid.data;
  return (
    <Row gutter={[16, 16]} data-testid="grid-card">
      <Col xs={24} xl={12}>
        <Descriptions
          column={1}
          bordered
          size="small"
          styles={{ label: { width: 120 } }}
          items={[
            { key: 'name', label: t('regions:grid'), children: <Typography.Text strong>{g.name}</Typography.Text> },
            { key: 'code', label: t('regions:code'), children: <Typography.Text copyable>{g.code}</Typography.Text> },
            {
              key: 'kind',
              label: t('regions:kind'),
              children: <Tag color={g.kind === 'dedicated' ? 'orange' : 'blue'}>{tl(GRID_KIND_LABELS[g.kind], g.kind)}</Tag>,
            },
            { key: 'village', label: t('regions:village'), children: villageName ? `${villageName}（${g.villageCode}）` : g.villageCode },
            {
              key: 'centroid',
              label: t('regions:centre'),
              children: g.centroid.length === 2 ? `${g.centroid[0].toFixed(5)}, ${g.centroid[1].toFixed(5)}` : '—',
            },
            {
              key: 'workers',
              label: t('regions:grid-workers'),
              children: g.workers.length ? (
                <WorkerTags workers={g.workers} />
              ) : (
                <EmptyHint
                  title={t('regions:no-grid-worker-yet')}
                  hint={t('regions:an-administrator-can-create-a-grid-worker')}
                />
              ),
            },
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <GridOutline grid={g} villageName={villageName} />
        <div style={{ marginTop: 8 }}>
          <KindLegend />
        </div>
      </Col>
    </Row>
  );
}

function GridOutline({ grid, villageName }: { grid: GridDetail; villageName?: string }) {
  const collection = useMemo<GridFeatureCollection>(
    () => ({
      type: 'FeatureCollection',
      truncated: false,
      features: [
        {
          type: 'Feature',
          id: grid.code,
          properties: { code: grid.code, name: grid.name, villageCode: grid.villageCode, villageName: villageName ?? '', kind: grid.kind },
          geometry: grid.polygon,
        },
      ],
    }),
    [grid, villageName],
  );
  return <PolygonMap collection={collection} height={300} testId="grid-outline" />;
}
