import { useMemo, type ReactNode } from 'react';
import { Flex, Skeleton, Typography } from 'antd';
import { LoadError } from '../../app/components';
import { EChart, escapeHtml, registerGeoJson, type EChartsCoreOption } from '../../app/echarts';
import type { GridFeatureCollection } from '../../app/contract';
import { useGridGeoJson } from '../regions/api';

/** What one grid shows: its fill colour and the lines of its tooltip (plain text, escaped here). */
export interface GridFigure {
  color: string;
  lines: string[];
}

interface LegendItem {
  color: string;
  label: string;
}

interface Props {
  /** A township or community code: its grids are drawn. */
  within: string;
  /** The figure per grid code; undefined while the figures load. */
  figures: ReadonlyMap<string, GridFigure> | undefined;
  /** The figure of a grid missing from `figures` (e.g. no households). */
  fallback: GridFigure;
  /** A failed load of the figures (the outlines' own failure is shown here too). */
  figuresError?: unknown;
  onRetry?: () => void;
  legend?: LegendItem[];
  /** The grid whose outline is drawn bold. */
  selected?: string | null;
  onGridClick?: (grid: { code: string; name: string }) => void;
  height?: number;
  testId?: string;
  /** Shown above the legend, e.g. what the colour means. */
  caption?: ReactNode;
}

/** The grids of a township or community drawn from their GeoJSON outlines, each coloured by a figure. */
export function GridMap({ within, figures, fallback, figuresError, onRetry, legend, selected, onGridClick, height = 480, testId, caption }: Props) {
  const geo = useGridGeoJson(within);
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!geo.data || !figures) return null;
    const mapName = `grids-${within}`;
    registerGeoJson(mapName, geo.data as GridFeatureCollection);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { data?: { gridName: string; lines: string[] } }) =>
          p.data ? `<b>${escapeHtml(p.data.gridName)}</b>${p.data.lines.map((l) => `<br/>${escapeHtml(l)}`).join('')}` : '',
      },
      series: [
        {
          type: 'map',
          map: mapName,
          nameProperty: 'code',
          roam: true,
          selectedMode: false,
          data: geo.data.features.map((f) => {
            const fig = figures.get(f.properties.code) ?? fallback;
            const bold = f.properties.code === selected;
            return {
              name: f.properties.code,
              gridName: f.properties.name,
              lines: fig.lines,
              itemStyle: { areaColor: fig.color, borderColor: bold ? '#c8161d' : '#fff', borderWidth: bold ? 2.5 : 1 },
            };
          }),
        },
      ],
    };
  }, [geo.data, figures, fallback, within, selected]);

  if (geo.isError || figuresError) return <LoadError error={geo.error ?? figuresError} onRetry={onRetry ?? (() => void geo.refetch())} />;
  if (!option) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <>
      {(caption || legend) && (
        <Flex gap={12} wrap align="center" style={{ marginBottom: 8 }}>
          {caption && <Typography.Text type="secondary">{caption}</Typography.Text>}
          {legend?.map((l) => (
            <Flex key={l.label} gap={4} align="center">
              <span style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 2, background: l.color, border: '1px solid #d9d9d9' }} />
              <Typography.Text style={{ fontSize: 12 }}>{l.label}</Typography.Text>
            </Flex>
          ))}
        </Flex>
      )}
      <EChart
        option={option}
        style={{ height }}
        testId={testId}
        onClick={(e) => {
          const d = e.data as { name?: string; gridName?: string } | undefined;
          if (d?.name) onGridClick?.({ code: d.name, name: d.gridName ?? d.name });
        }}
      />
    </>
  );
}
