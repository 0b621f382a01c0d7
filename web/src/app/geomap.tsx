import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './geomap.css';
import { api } from './api';
import type { ClientConfig, GridFeatureCollection, MapTiles } from './contract';

/**
 * The console's maps: Leaflet over the installation's tile layer (TINGSU_MAP_TILES: 天地图 or a
 * self-hosted XYZ server), or over a plain background when none is configured (the offline demo).
 * Outlines are SVG and labels are DOM elements, so they read the same with or without tiles, to a
 * screen reader and to a browser test alike. Coordinates are WGS84/CGCS2000 longitude, latitude.
 */

/** The installation's base map, null without one. Fetched once per session. */
function useMapTiles(): MapTiles | null | undefined {
  const q = useQuery({ queryKey: ['config'], queryFn: () => api.get<ClientConfig>('/api/config'), staleTime: Infinity, retry: 1 });
  if (q.isError) return null; // the outlines still draw
  return q.data?.map.tiles;
}

export type LonLat = [number, number];

/** One outline (a grid), with its fill, its stroke and its tooltip. */
export interface MapShape {
  id: string;
  /** GeoJSON polygon rings: [lon, lat] pairs. */
  rings: number[][][];
  fill: string;
  fillOpacity?: number;
  stroke?: string;
  weight?: number;
  /** Tooltip lines (plain text). */
  tooltip?: string[];
}

/** A cell of a lattice (heat map): its south-west corner and size in degrees. */
export interface MapCell {
  lon: number;
  lat: number;
  dLon: number;
  dLat: number;
  fill: string;
  fillOpacity?: number;
  tooltip?: string[];
}

/** A marker sized by a count (a cluster of appeals), clickable. */
export interface MapCircle {
  id: string;
  at: LonLat;
  /** In screen pixels. */
  radius: number;
  fill: string;
  tooltip?: string[];
}

interface MapLabel {
  at: LonLat;
  text: string;
  /** grid: small, community: bold (and hidden last when crowded), value: a number on a cell. */
  kind: 'grid' | 'community' | 'value';
}

/** A division's border drawn over its grids (segments of [lon, lat]). */
interface MapBorder {
  id: string;
  segments: LonLat[][];
}

interface Props {
  shapes?: MapShape[];
  cells?: MapCell[];
  borders?: MapBorder[];
  labels?: MapLabel[];
  circles?: MapCircle[];
  onCircleClick?: (id: string) => void;
  /** The area to show first; the shapes' extent when omitted. Changing it fits the map again. */
  bounds?: { west: number; south: number; east: number; north: number } | null;
  /** A pin (the place being picked). */
  marker?: LonLat | null;
  onShapeClick?: (id: string) => void;
  onMapClick?: (at: LonLat) => void;
  height?: number;
  testId?: string;
  style?: CSSProperties;
  /** For screen readers: what the map shows. */
  ariaLabel?: string;
}

const NO_CIRCLES: MapCircle[] = [];

/** More labels of a kind in view than this and that kind is hidden until the map is zoomed in. */
const LABEL_LIMIT: Record<MapLabel['kind'], number> = { grid: 40, community: 30, value: 80 };

function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function tooltipHtml(lines: string[]): string {
  return lines.map((l, i) => (i === 0 ? `<b>${escapeText(l)}</b>` : escapeText(l))).join('<br/>');
}

const toLatLng = ([lon, lat]: number[]): L.LatLngTuple => [lat, lon];

function extentOf(shapes: MapShape[], cells: MapCell[]): L.LatLngBounds | null {
  const pts: L.LatLngTuple[] = [];
  for (const s of shapes) for (const ring of s.rings) for (const p of ring) pts.push(toLatLng(p));
  for (const c of cells) pts.push([c.lat, c.lon], [c.lat + c.dLat, c.lon + c.dLon]);
  return pts.length ? L.latLngBounds(pts) : null;
}

/** A Leaflet map bound to a div: layers redrawn when their data change, fitted when the area changes. */
export function GeoMap({ shapes = [], cells = [], borders = [], labels = [], circles = NO_CIRCLES, onCircleClick, bounds, marker, onShapeClick, onMapClick, height = 420, testId, style, ariaLabel }: Props) {
  const tiles = useMapTiles();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const pin = useRef<L.CircleMarker | null>(null);
  const labelLayers = useRef<Partial<Record<MapLabel['kind'], L.Marker[]>>>({});
  const shapeClick = useRef(onShapeClick);
  shapeClick.current = onShapeClick;
  const circleClick = useRef(onCircleClick);
  circleClick.current = onCircleClick;
  const mapClick = useRef(onMapClick);
  mapClick.current = onMapClick;
  const fittedTo = useRef<string | null>(null);
  const fit = useRef<() => void>(() => undefined);

  const area = useMemo(() => {
    if (bounds) return L.latLngBounds([bounds.south, bounds.west], [bounds.north, bounds.east]);
    return extentOf(shapes, cells);
  }, [bounds, shapes, cells]);
  const areaKey = area ? area.toBBoxString() : '';

  // The map itself, once.
  useEffect(() => {
    const m = L.map(el.current!, { zoomSnap: 0.25, minZoom: 3, maxZoom: 19, attributionControl: true });
    m.attributionControl.setPrefix(false);
    m.setView([27.1, 114.97], 12);
    map.current = m;
    layers.current = L.layerGroup().addTo(m);
    const relabel = () => {
      const view = m.getBounds();
      // Too many of a kind in view: that kind waits for a closer zoom.
      for (const [kind, markers] of Object.entries(labelLayers.current) as [MapLabel['kind'], L.Marker[]][]) {
        const inView = markers.filter((mk) => view.contains(mk.getLatLng())).length;
        el.current?.classList.toggle(`geomap--hide-${kind}`, inView > LABEL_LIMIT[kind]);
      }
      // Then no two labels overlap: communities first, then values, then grids; a clashing label hides.
      const placed: DOMRect[] = [];
      for (const kind of ['community', 'value', 'grid'] as const) {
        for (const mk of labelLayers.current[kind] ?? []) {
          const span = mk.getElement()?.firstElementChild as HTMLElement | null | undefined;
          if (!span) continue;
          span.classList.remove('geomap-clash');
          const r = span.getBoundingClientRect();
          if (r.width === 0 || !view.contains(mk.getLatLng())) continue;
          if (placed.some((o) => r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom)) span.classList.add('geomap-clash');
          else placed.push(r);
        }
      }
    };
    m.on('zoomend moveend', relabel);
    m.on('click', (e: L.LeafletMouseEvent) => mapClick.current?.([Number(e.latlng.lng.toFixed(6)), Number(e.latlng.lat.toFixed(6))]));
    (m as L.Map & { relabel?: () => void }).relabel = relabel;
    const ro = new ResizeObserver(() => {
      m.invalidateSize();
      // A map mounted hidden (a closed modal) fits once it has a size.
      fit.current();
    });
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  // The base map.
  useEffect(() => {
    const m = map.current;
    if (!m || !tiles) return;
    const opts: L.TileLayerOptions = { subdomains: tiles.subdomains, maxZoom: tiles.maxZoom, attribution: tiles.attribution ? escapeText(tiles.attribution) : undefined };
    const base = L.tileLayer(tiles.url, opts).addTo(m);
    const notes = tiles.annotationUrl ? L.tileLayer(tiles.annotationUrl, { ...opts, attribution: undefined }).addTo(m) : null;
    base.bringToBack();
    m.setMaxZoom(tiles.maxZoom);
    const box = el.current;
    box?.classList.add('geomap--tiles');
    return () => {
      base.remove();
      notes?.remove();
      box?.classList.remove('geomap--tiles');
      m.setMaxZoom(19);
    };
  }, [tiles]);

  // The outlines, cells, borders and labels.
  useEffect(() => {
    const m = map.current;
    const group = layers.current;
    if (!m || !group) return;
    group.clearLayers();
    for (const c of cells) {
      const r = L.rectangle(
        [
          [c.lat, c.lon],
          [c.lat + c.dLat, c.lon + c.dLon],
        ],
        { stroke: false, fillColor: c.fill, fillOpacity: c.fillOpacity ?? 0.6, interactive: !!c.tooltip },
      );
      if (c.tooltip) r.bindTooltip(tooltipHtml(c.tooltip), { sticky: true });
      group.addLayer(r);
    }
    for (const s of shapes) {
      const p = L.polygon(
        s.rings.map((ring) => ring.map(toLatLng)),
        { color: s.stroke ?? '#1d4ed8', weight: s.weight ?? 1, fillColor: s.fill, fillOpacity: s.fillOpacity ?? 0.55, className: 'geomap-shape' },
      );
      if (s.tooltip) p.bindTooltip(tooltipHtml(s.tooltip), { sticky: true });
      p.on('click', () => shapeClick.current?.(s.id));
      group.addLayer(p);
    }
    for (const b of borders) {
      group.addLayer(L.polyline(b.segments.map((seg) => seg.map(toLatLng)), { color: '#262626', weight: 2.5, opacity: 0.85, interactive: false }));
    }
    const byKind: Partial<Record<MapLabel['kind'], L.Marker[]>> = {};
    for (const l of labels) {
      const span = document.createElement('span');
      span.textContent = l.text;
      const mk = L.marker(toLatLng(l.at), {
        icon: L.divIcon({ className: `geomap-label geomap-label--${l.kind}`, html: span, iconSize: [0, 0] }),
        interactive: false,
        keyboard: false,
      });
      (byKind[l.kind] ??= []).push(mk);
      group.addLayer(mk);
    }
    labelLayers.current = byKind;
    // Markers above the outlines, so a click on one opens it rather than the grid under it.
    for (const c of circles) {
      const mk = L.circleMarker(toLatLng(c.at), { radius: c.radius, color: '#ffffff', weight: 2, fillColor: c.fill, fillOpacity: 0.85, className: 'geomap-circle' });
      if (c.tooltip) mk.bindTooltip(tooltipHtml(c.tooltip));
      mk.on('click', (e: L.LeafletMouseEvent) => {
        L.DomEvent.stopPropagation(e);
        circleClick.current?.(c.id);
      });
      group.addLayer(mk);
    }
    (m as L.Map & { relabel?: () => void }).relabel?.();
  }, [shapes, cells, borders, labels, circles]);

  // Fit when the area changes (not when a selection or a colour does, which keeps the reader's view),
  // and only once the map has a size: a map mounted hidden fits when it is shown.
  fit.current = () => {
    const m = map.current;
    if (!m || !area || fittedTo.current === areaKey) return;
    const size = m.getSize();
    if (size.x === 0 || size.y === 0) return;
    m.fitBounds(area, { padding: [12, 12], maxZoom: tiles?.maxZoom ?? 18 });
    fittedTo.current = areaKey;
  };
  useEffect(() => fit.current(), [areaKey, tiles]);

  // The pin.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (!marker) {
      pin.current?.remove();
      pin.current = null;
      return;
    }
    const at = toLatLng(marker);
    if (pin.current) pin.current.setLatLng(at);
    else pin.current = L.circleMarker(at, { radius: 8, color: '#c8161d', weight: 3, fillColor: '#ff4d4f', fillOpacity: 0.9, className: 'geomap-pin', interactive: false }).addTo(m);
    if (!m.getBounds().contains(at)) m.panTo(at);
  }, [marker]);

  return (
    <div
      ref={el}
      className={`geomap${onMapClick ? ' geomap--pick' : ''}`}
      role="region"
      aria-label={ariaLabel}
      data-testid={testId}
      data-tiles={tiles ? 'on' : 'off'}
      style={{ height, ...style }}
    />
  );
}

/** Area-weighted centroid of a polygon's outer ring; its first point when degenerate. */
function centroid(ring: number[][]): LonLat {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j];
    const [x1, y1] = ring[i];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-12) return [ring[0][0], ring[0][1]];
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * Each community's border and label point, from its grids: the edges no two of its grids share
 * (grids that tile a community share their inner edges), and the mean of its grids' centroids.
 */
export function communitiesOf(collection: GridFeatureCollection): { borders: MapBorder[]; labels: MapLabel[] } {
  type Village = { name: string; edges: Map<string, { seg: LonLat[]; n: number }>; points: LonLat[] };
  const byVillage = new Map<string, Village>();
  const key = ([x, y]: number[]) => `${x.toFixed(6)},${y.toFixed(6)}`;
  for (const f of collection.features) {
    const v: Village = byVillage.get(f.properties.villageCode) ?? { name: f.properties.villageName, edges: new Map(), points: [] };
    byVillage.set(f.properties.villageCode, v);
    v.points.push(centroid(f.geometry.coordinates[0]));
    for (const ring of f.geometry.coordinates) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1];
        const b = ring[i];
        const k = [key(a), key(b)].sort().join('|');
        const e = v.edges.get(k);
        if (e) e.n++;
        else v.edges.set(k, { seg: [[a[0], a[1]], [b[0], b[1]]], n: 1 });
      }
    }
  }
  const borders: MapBorder[] = [];
  const labels: MapLabel[] = [];
  for (const [code, v] of byVillage) {
    borders.push({ id: code, segments: [...v.edges.values()].filter((e) => e.n === 1).map((e) => e.seg) });
    const n = v.points.length;
    labels.push({ kind: 'community', text: v.name, at: [v.points.reduce((s, p) => s + p[0], 0) / n, v.points.reduce((s, p) => s + p[1], 0) / n] });
  }
  return { borders, labels };
}

/** The grids' own labels, each at its centroid. */
export function gridLabelsOf(collection: GridFeatureCollection): MapLabel[] {
  return collection.features.map((f) => ({ kind: 'grid' as const, text: f.properties.name, at: centroid(f.geometry.coordinates[0]) }));
}

/** A legend: colour swatches with what they stand for (values included), beside or under a map. */
export function MapLegend({ items, caption, testId }: { items: { color: string; label: string }[]; caption?: string; testId?: string }) {
  return (
    <div className="geomap-legend" data-testid={testId}>
      {caption && <span className="geomap-legend-caption">{caption}</span>}
      {items.map((l) => (
        <span key={l.label} className="geomap-legend-item">
          <span className="geomap-swatch" style={{ background: l.color }} />
          {l.label}
        </span>
      ))}
    </div>
  );
}
