import { useMemo } from 'react';
import { Skeleton, Typography } from 'antd';
import { LoadError } from '../../app/components';
import { communitiesOf, GeoMap, gridLabelsOf, type LonLat, type MapShape } from '../../app/geomap';
import { useI18n } from '../../app/i18n';
import type { GridFeatureCollection } from '../../app/contract';
import { useGridGeoJson } from '../regions/api';

/** Ray casting over the outer ring. */
function inside([x, y]: LonLat, ring: number[][]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function gridAt(collection: GridFeatureCollection | undefined, at: LonLat): { code: string; name: string } | null {
  const f = collection?.features.find((g) => inside(at, g.geometry.coordinates[0]));
  return f ? { code: f.properties.code, name: f.properties.name } : null;
}

interface Props {
  /** A township, community or county whose grids are drawn; null asks for one first. */
  area: string | null;
  /** The grid chosen in the form, drawn highlighted. */
  selectedGrid: string | null;
  /** The point in the form (typed, located or picked). */
  value: LonLat | null;
  /** A click on the map: the point, and the grid it falls in (if any). */
  onPick: (at: LonLat, grid: { code: string; name: string } | null) => void;
}

/** 地图选点: the area's grids over the base map; a click drops the pin and fills the coordinates. */
export function LocationPicker({ area, selectedGrid, value, onPick }: Props) {
  const { t } = useI18n();
  const geo = useGridGeoJson(area);
  const shapes = useMemo<MapShape[]>(
    () =>
      (geo.data?.features ?? []).map((f) => ({
        id: f.properties.code,
        rings: f.geometry.coordinates,
        fill: f.properties.code === selectedGrid ? '#ffccc7' : '#e6f4ff',
        fillOpacity: f.properties.code === selectedGrid ? 0.6 : 0.35,
        stroke: f.properties.code === selectedGrid ? '#c8161d' : '#1d4ed8',
        weight: f.properties.code === selectedGrid ? 2.5 : 1,
        tooltip: [f.properties.name, f.properties.villageName],
      })),
    [geo.data, selectedGrid],
  );
  const overlay = useMemo(() => {
    if (!geo.data) return { borders: [], labels: [] };
    const c = communitiesOf(geo.data);
    return { borders: c.borders, labels: [...gridLabelsOf(geo.data), ...c.labels] };
  }, [geo.data]);

  if (!area) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="register-map-hint">
        {t('appeals:choose-a-township-community-or-grid-above-to')}
      </Typography.Text>
    );
  }
  if (geo.isError) return <LoadError error={geo.error} onRetry={() => void geo.refetch()} />;
  if (!geo.data) return <Skeleton.Node active style={{ width: '100%', height: 280 }} />;
  return (
    <>
      <GeoMap
        shapes={shapes}
        borders={overlay.borders}
        labels={overlay.labels}
        marker={value}
        height={280}
        testId="register-map"
        ariaLabel={t('appeals:click-the-map-where-the-appeal-is-about')}
        onMapClick={(at) => onPick(at, gridAt(geo.data, at))}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('appeals:click-the-map-to-drop-the-pin-and-fill-in-the')}
      </Typography.Text>
    </>
  );
}
