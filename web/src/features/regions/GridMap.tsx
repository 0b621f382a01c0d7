import { useMemo } from 'react';
import { Alert, Flex, Skeleton, Tag, Typography } from 'antd';
import { EmptyHint, LoadError } from '../../app/components';
import { communitiesOf, GeoMap, gridLabelsOf, type MapShape } from '../../app/geomap';
import { useI18n } from '../../app/i18n';
import { GRID_KIND_LABELS } from '../../app/labels';
import type { GridFeatureCollection } from '../../app/contract';
import { useGridGeoJson } from './api';

const KIND_COLORS: Record<string, string> = { basic: '#bae0ff', dedicated: '#ffd591' };
const DEFAULT_COLOR = '#d9f7be';

interface PolygonMapProps {
  collection: GridFeatureCollection;
  selected?: string | null;
  onSelect?: (gridCode: string) => void;
  height?: number;
  testId?: string;
}

/**
 * Grid polygons coloured by grid kind, over the base map when one is configured, with the grids'
 * names and their communities' names and borders as labels (crowded labels wait for a zoom).
 */
export function PolygonMap({ collection, selected, onSelect, height = 420, testId }: PolygonMapProps) {
  const { t, tl } = useI18n();
  const shapes = useMemo<MapShape[]>(
    () =>
      collection.features.map((f) => ({
        id: f.properties.code,
        rings: f.geometry.coordinates,
        fill: f.properties.code === selected ? '#ff7875' : (KIND_COLORS[f.properties.kind] ?? DEFAULT_COLOR),
        weight: f.properties.code === selected ? 2.5 : 1,
        tooltip: [f.properties.name, f.properties.villageName, f.properties.code, tl(GRID_KIND_LABELS[f.properties.kind], f.properties.kind)].filter(Boolean),
      })),
    [collection, selected, tl],
  );
  const { borders, labels } = useMemo(() => {
    const c = communitiesOf(collection);
    return { borders: c.borders, labels: [...gridLabelsOf(collection), ...c.labels.filter((l) => l.text)] };
  }, [collection]);
  return (
    <GeoMap
      shapes={shapes}
      borders={borders}
      labels={labels}
      height={height}
      testId={testId}
      ariaLabel={t('regions:grid-map')}
      onShapeClick={onSelect}
    />
  );
}

/** What the colours mean, with how many grids of each kind the map holds when given. */
export function KindLegend({ collection }: { collection?: GridFeatureCollection }) {
  const { tl } = useI18n();
  const counts = new Map<string, number>();
  for (const f of collection?.features ?? []) counts.set(f.properties.kind, (counts.get(f.properties.kind) ?? 0) + 1);
  return (
    <Flex gap={4} data-testid="grid-kind-legend">
      {Object.entries(GRID_KIND_LABELS).map(([k, label]) => (
        <Tag key={k} color={KIND_COLORS[k]} style={{ color: '#262626', margin: 0 }}>
          {tl(label)}
          {collection && ` ${counts.get(k) ?? 0}`}
        </Tag>
      ))}
    </Flex>
  );
}

/** The grids under a township or village, as a map; clicking a grid selects it. */
export function GridMap({ within, onSelect }: { within: string; onSelect: (gridCode: string) => void }) {
  const { t } = useI18n();
  const geo = useGridGeoJson(within);
  if (geo.isPending) return <Skeleton.Node active style={{ width: '100%', height: 420 }} />;
  if (geo.isError) return <LoadError error={geo.error} onRetry={() => void geo.refetch()} />;
  const fc = geo.data;
  if (fc.features.length === 0) {
    return (
      <EmptyHint
        title={t('regions:no-grids-in-this-area-yet')}
        hint={t('regions:grids-appear-here-once-they-are-drawn-ask-your')}
      />
    );
  }
  return (
    <>
      {fc.truncated && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('regions:only-the-first-featurescount-grids-are-drawn', { featuresCount: fc.features.length })}
        />
      )}
      <PolygonMap collection={fc} onSelect={onSelect} testId="grid-map" />
      <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
        <KindLegend collection={fc} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('regions:featurescount-grids-scroll-to-zoom-drag-to-pan', { featuresCount: fc.features.length })}
        </Typography.Text>
      </Flex>
    </>
  );
}
