import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { Skeleton, Typography } from 'antd';
import { api } from '../../app/api';
import type { AppealClusters } from '../../app/contract';
import { LoadError } from '../../app/components';
import { communitiesOf, GeoMap, gridLabelsOf, MapLegend, type MapCell, type MapCircle, type MapShape } from '../../app/geomap';
import { useI18n } from '../../app/i18n';
import { useGridGeoJson } from '../regions/api';
import { useAppealHeat } from './api';

/** Few appeals: pale yellow; many: deep red. */
const HEAT = ['#fff1b8', '#ffd666', '#ffa940', '#fa541c', '#cf1322', '#820014'];

/** The colour bin of a count, 0…HEAT.length-1, spread over 1…max. */
function binOf(count: number, max: number): number {
  if (max <= 1) return 0;
  return Math.min(HEAT.length - 1, Math.floor(((count - 1) / (max - 1)) * HEAT.length));
}

/** Each colour with the counts it stands for ("1", "2–3", …), as binOf assigns them. */
function heatLegend(max: number): { color: string; label: string }[] {
  const ranges: [number, number][] = HEAT.map(() => [Infinity, -Infinity]);
  for (let n = 1; n <= max; n++) {
    const r = ranges[binOf(n, max)];
    r[0] = Math.min(r[0], n);
    r[1] = Math.max(r[1], n);
  }
  return HEAT.flatMap((color, i) => {
    const [lo, hi] = ranges[i];
    if (lo > hi) return [];
    return [{ color, label: lo === hi ? String(lo) : `${lo}–${hi}` }];
  });
}

/** A cluster's marker: its radius in pixels grows with the square root of the residents affected. */
function clusterRadius(affected: number): number {
  return Math.round(6 + 3 * Math.sqrt(Math.max(1, affected)));
}

/**
 * 诉求热力图 on the dashboard: the viewer's open appeals counted per cell of a lattice over their
 * area (the server aggregates; no appeal is shown), over the area's grid and community outlines
 * (county and below) and the base map when one is configured.
 */
export function AppealHeatMap({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const heat = useAppealHeat();
  // The same query as the inbox's clusters drawer; a viewer who may not read appeals sees the cells alone.
  const clusters = useQuery({ queryKey: ['appeals', 'clusters'], queryFn: () => api.get<AppealClusters>('/api/appeals/clusters'), staleTime: 60_000, retry: false });
  // Outlines for a county and below; above that the cells alone (thousands of grids say nothing at that scale).
  const geo = useGridGeoJson(regionCode.length >= 6 ? regionCode : null);
  const h = heat.data;

  const cells = useMemo<MapCell[]>(
    () =>
      h
        ? h.cells.map((c) => ({
            lon: c.lon,
            lat: c.lat,
            dLon: h.cellLon,
            dLat: h.cellLat,
            fill: HEAT[binOf(c.count, h.max)],
            fillOpacity: 0.7,
            tooltip: [t('overview:count-open-appeals', { count: c.count })],
          }))
        : [],
    [h, t],
  );
  const circles = useMemo<MapCircle[]>(() => {
    const reasonText: Record<AppealClusters['items'][number]['reasons'][number], string> = {
      same_grid: t('overview:same-grid'),
      distance: t('overview:close-together'),
      days: t('overview:close-in-time'),
      text: t('overview:similar-text'),
      same_requester: t('overview:same-requester'),
      same_category: t('overview:same-category'),
    };
    return (clusters.data?.items ?? []).flatMap((c) => {
      if (c.lon === null || c.lat === null) return [];
      const master = c.appeals.find((a) => a.id === c.masterId) ?? c.appeals[0];
      return [
        {
          id: c.masterId,
          at: [c.lon, c.lat] as [number, number],
          radius: clusterRadius(c.affected),
          fill: '#722ed1',
          tooltip: [
            master.title,
            t('overview:appealscount-appeals-affected-residents-affected', { appealsCount: c.appeals.length, affected: c.affected }),
            c.reasons.map((r) => reasonText[r]).join(t('overview:list-separator')),
          ],
        },
      ];
    });
  }, [clusters.data, t]);
  const outlines = useMemo(() => {
    if (!geo.data) return { shapes: [] as MapShape[], borders: [], labels: [] };
    const c = communitiesOf(geo.data);
    return {
      shapes: geo.data.features.map((f) => ({ id: f.properties.code, rings: f.geometry.coordinates, fill: '#ffffff', fillOpacity: 0.05, stroke: '#8c8c8c', weight: 0.8, tooltip: [f.properties.name, f.properties.villageName] })),
      borders: c.borders,
      labels: [...gridLabelsOf(geo.data), ...c.labels],
    };
  }, [geo.data]);

  const metres = h ? h.cellLat * 111_000 : 0;
  const cellSize = metres >= 1000 ? `${(metres / 1000).toFixed(1)} km` : `${Math.round(metres / 10) * 10} m`;
  if (heat.isError) return <LoadError error={heat.error} onRetry={() => void heat.refetch()} />;
  if (!h) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <div data-testid="appeal-heat">
      <MapLegend caption={t('overview:open-appeals-per-cell')} items={h.max > 0 ? heatLegend(h.max) : []} testId="appeal-heat-legend" />
      <GeoMap
        cells={cells}
        shapes={outlines.shapes}
        borders={outlines.borders}
        labels={outlines.labels}
        circles={circles}
        onCircleClick={(id) => void navigate(`/appeals/${id}`)}
        bounds={h.bounds}
        height={420}
        testId="appeal-heat-map"
        ariaLabel={t('overview:heat-map-of-open-appeals')}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="appeal-heat-summary">
        {t('overview:located-open-appeals-with-a-location', { located: h.located })}
        {h.unlocated > 0 && t('overview:unlocated-more-without-coordinates-placed-by', { unlocated: h.unlocated })}
        {h.outside > 0 && t('overview:outside-outside-the-grids', { outside: h.outside })}
        {t('overview:each-cell-is-about-cellsize-across-only-counts', { cellSize })}
        {circles.length > 0 && (
          <span data-testid="appeal-cluster-summary">
            {t('overview:purple-dots-circlescount-problems-reported-by', { circlesCount: circles.length })}
          </span>
        )}
      </Typography.Text>
    </div>
  );
}
