import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Flex, Skeleton, Tag, Typography } from 'antd';
import { EmptyHint, LoadError } from '../../app/components';
import { EChart, escapeHtml, registerGeoJson, type EChartsCoreOption } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import { GRID_KIND_LABELS } from '../../app/labels';
import type { GridFeatureCollection } from '../../app/contract';
import { useGridGeoJson } from './api';

const KIND_COLORS: Record<string, string> = { basic: '#bae0ff', dedicated: '#ffd591' };
const DEFAULT_COLOR = '#d9f7be';
const PADDING = 12;

/** Width ÷ height of the collection on screen, with longitude shortened by cos(latitude). */
function shapeOf(collection: GridFeatureCollection): { aspect: number; aspectScale: number } {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of collection.features) {
    for (const ring of f.geometry.coordinates) {
      for (const [x, y] of ring) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
    }
  }
  if (!Number.isFinite(w) || n === s) return { aspect: 1, aspectScale: 0.75 };
  const aspectScale = Math.cos((((s + n) / 2) * Math.PI) / 180);
  return { aspect: ((e - w) * aspectScale) / (n - s), aspectScale };
}

interface PolygonMapProps {
  /** The name the GeoJSON is registered under; one per distinct collection. */
  mapName: string;
  collection: GridFeatureCollection;
  selected?: string | null;
  onSelect?: (gridCode: string) => void;
  height?: number;
  testId?: string;
}

/** Grid polygons drawn from GeoJSON with ECharts (no online tiles), coloured by grid kind. */
export function PolygonMap({ mapName, collection, selected, onSelect, height = 420, testId }: PolygonMapProps) {
  const { tl } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [boxWidth, setBoxWidth] = useState(800);
  useEffect(() => {
    const ro = new ResizeObserver(([entry]) => setBoxWidth(entry.contentRect.width));
    ro.observe(box.current!);
    return () => ro.disconnect();
  }, []);
  const shape = useMemo(() => shapeOf(collection), [collection]);
  // Fit along the tighter side only, so ECharts keeps the grids' true shape and centres the other way.
  const wide = shape.aspect > (boxWidth - 2 * PADDING) / (height - 2 * PADDING);

  const option = useMemo<EChartsCoreOption>(() => {
    registerGeoJson(mapName, collection);
    // Names of neighbouring grids overlap; they show on hover unless the map holds one grid.
    const labelled = collection.features.length === 1;
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { data?: { gridName: string; name: string; kind: string } }) =>
          p.data ? `<b>${escapeHtml(p.data.gridName)}</b><br/>${escapeHtml(p.data.name)}<br/>${escapeHtml(tl(GRID_KIND_LABELS[p.data.kind], p.data.kind))}` : '',
      },
      series: [
        {
          type: 'map',
          map: mapName,
          nameProperty: 'code',
          roam: true,
          selectedMode: false,
          aspectScale: shape.aspectScale,
          ...(wide ? { left: PADDING, right: PADDING, top: 'center' } : { top: PADDING, bottom: PADDING, left: 'center' }),
          label: {
            show: labelled,
            fontSize: 11,
            color: '#1f1f1f',
            formatter: (p: { data?: { gridName: string } }) => p.data?.gridName ?? '',
          },
          itemStyle: { borderColor: '#1d4ed8', borderWidth: 1, areaColor: DEFAULT_COLOR },
          emphasis: { itemStyle: { areaColor: '#ff9c6e' }, label: { show: true } },
          data: collection.features.map((f) => ({
            name: f.properties.code,
            gridName: f.properties.name,
            kind: f.properties.kind,
            itemStyle: {
              areaColor: f.properties.code === selected ? '#ff7875' : (KIND_COLORS[f.properties.kind] ?? DEFAULT_COLOR),
              borderWidth: f.properties.code === selected ? 2.5 : 1,
            },
          })),
        },
      ],
    };
  }, [mapName, collection, selected, tl, shape, wide]);

  return (
    <div ref={box}>
    <EChart
      option={option}
      style={{ height, background: '#f7f9fc', borderRadius: 6 }}
      testId={testId}
      onClick={(e) => {
        const code = (e.data as { name?: string } | undefined)?.name;
        if (code && onSelect) onSelect(code);
      }}
    />
    </div>
  );
}

export function KindLegend() {
  const { tl } = useI18n();
  return (
    <Flex gap={4}>
      {Object.entries(GRID_KIND_LABELS).map(([k, label]) => (
        <Tag key={k} color={KIND_COLORS[k]} style={{ color: '#262626', margin: 0 }}>
          {tl(label)}
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
      <PolygonMap mapName={`grids:${within}`} collection={fc} onSelect={onSelect} testId="grid-map" />
      <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
        <KindLegend />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('regions:featurescount-grids-scroll-to-zoom-drag-to-pan', { featuresCount: fc.features.length })}
        </Typography.Text>
      </Flex>
    </>
  );
}
