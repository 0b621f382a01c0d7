import { useMemo, type ReactNode } from 'react';
import { Skeleton, Typography } from 'antd';
import { LoadError } from '../../app/components';
import { communitiesOf, GeoMap, gridLabelsOf, MapLegend, type MapShape } from '../../app/geomap';
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

/**
 * The grids of a township or community drawn from their GeoJSON outlines, each coloured by a figure,
 * over the base map when one is configured; grid and community names label the map.
 */
export function GridMap({ within, figures, fallback, figuresError, onRetry, legend, selected, onGridClick, height = 480, testId, caption }: Props) {
  const geo = useGridGeoJson(within);
  const shapes = useMemo<MapShape[] | null>(() => {
    if (!geo.data || !figures) return null;
    return geo.data.features.map((f) => {
      const fig = figures.get(f.properties.code) ?? fallback;
      const bold = f.properties.code === selected;
      return {
        id: f.properties.code,
        rings: f.geometry.coordinates,
        fill: fig.color,
        fillOpacity: 0.75,
        stroke: bold ? '#c8161d' : '#595959',
        weight: bold ? 3 : 1,
        tooltip: [f.properties.name, ...fig.lines],
      };
    });
  }, [geo.data, figures, fallback, selected]);
  const { borders, labels } = useMemo(() => {
    if (!geo.data) return { borders: [], labels: [] };
    const c = communitiesOf(geo.data);
    return { borders: c.borders, labels: [...gridLabelsOf(geo.data), ...c.labels] };
  }, [geo.data]);

  if (geo.isError || figuresError) return <LoadError error={geo.error ?? figuresError} onRetry={onRetry ?? (() => void geo.refetch())} />;
  if (!shapes || !geo.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const names = new Map(geo.data.features.map((f) => [f.properties.code, f.properties.name]));
  return (
    <>
      {(caption || legend) && <MapLegend caption={typeof caption === 'string' ? caption : undefined} items={legend ?? []} testId={testId && `${testId}-legend`} />}
      {caption && typeof caption !== 'string' && <Typography.Text type="secondary">{caption}</Typography.Text>}
      <GeoMap
        shapes={shapes}
        borders={borders}
        labels={labels}
        height={height}
        testId={testId}
        onShapeClick={(code) => onGridClick?.({ code, name: names.get(code) ?? code })}
      />
    </>
  );
}
