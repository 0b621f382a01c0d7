/**
 * The maps on the demo workspace, which has no base map configured (no TINGSU_MAP_TILES): the grid
 * map labels its grids and community, the dashboard draws the heat map of open appeals, and the
 * register form's map picks the place (fills the coordinates and the grid).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, step, type ConsoleSession } from './harness';

const COMMUNITY = '360802004002'; // 习溪桥居委会, in the dispatcher's township
const HEAT_COLOURS = ['#fff1b8', '#ffd666', '#ffa940', '#fa541c', '#cf1322', '#820014'];

let s: ConsoleSession;
let page: Page;

async function getJson<T>(url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u);
    if (!res.ok) throw new Error(`${u}: ${res.status}`);
    return res.json();
  }, url) as Promise<T>;
}

interface Collection {
  features: { properties: { code: string; name: string; villageName: string } }[];
}

describe('maps', () => {
  beforeAll(async () => {
    s = await openConsole();
    page = s.page;
    await s.signIn('dispatcher', null);
  });
  afterAll(async () => {
    await s?.close();
  });

  test('a map with labels: the grid map names its grids and its community, without a base map', async () => {
    await step(page, 'maps-grid-labels', async () => {
      await page.goto(`${s.server.url}/regions?code=${COMMUNITY}`);
      const map = page.locator('[data-testid=grid-map]');
      await map.locator('path.geomap-shape').first().waitFor({ timeout: 30_000 });
      expect(await map.getAttribute('data-tiles')).toBe('off');

      const fc = await getJson<Collection>(`/api/grids/geojson?within=${COMMUNITY}`);
      expect(fc.features.length).toBeGreaterThan(1);
      const names = fc.features.map((f) => f.properties.name).sort();
      await expect.poll(async () => (await map.locator('.geomap-label--grid').allTextContents()).sort()).toEqual(names);
      expect(await map.locator('path.geomap-shape').count()).toBe(fc.features.length);
      // Shown on the map (a label that would overlap another waits for a closer zoom).
      const shown = () => map.locator('.geomap-label--grid span').evaluateAll((els) => els.filter((e) => getComputedStyle(e).visibility === 'visible' && e.getBoundingClientRect().width > 0).length);
      await expect.poll(shown).toBeGreaterThanOrEqual(Math.ceil(fc.features.length / 2));
      // The community's name labels its border.
      expect(await map.locator('.geomap-label--community').allTextContents()).toEqual([fc.features[0].properties.villageName]);
      await expect.poll(() => map.locator('.geomap-label--community span').isVisible()).toBe(true);
      // The legend counts the grids by kind.
      const legend = (await page.locator('[data-testid=grid-kind-legend]').textContent()) ?? '';
      const counted = [...legend.matchAll(/(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(counted).toBe(fc.features.length);
    });
  });

  test('the dashboard draws the heat map of the viewer’s open appeals with its legend', async () => {
    await step(page, 'maps-heat', async () => {
      await page.locator('[data-testid=menu-overview]').click();
      const map = page.locator('[data-testid=appeal-heat-map]');
      await map.waitFor({ timeout: 30_000 });
      const heat = await getJson<{ cells: { count: number }[]; located: number; max: number }>('/api/appeals/heat');
      // The demo's open appeals have points in their grids.
      expect(heat.located).toBeGreaterThan(0);
      const cellCount = () =>
        map.evaluate((el, colours) => [...el.querySelectorAll('path')].filter((p) => colours.includes(p.getAttribute('fill') ?? '')).length, HEAT_COLOURS);
      await expect.poll(cellCount).toBe(heat.cells.length);
      // The township's grids are outlined under the cells, and labelled.
      expect(await map.locator('path.geomap-shape').count()).toBeGreaterThan(0);
      expect(await map.locator('.geomap-label--community').count()).toBeGreaterThan(0);
      // The legend's ranges end at the busiest cell's count.
      const items = await page.locator('[data-testid=appeal-heat-legend] .geomap-legend-item').allTextContents();
      expect(items.length).toBeGreaterThan(0);
      expect(items.at(-1)).toMatch(new RegExp(`(^|–)${heat.max}$`));
      expect(await page.locator('[data-testid=appeal-heat-summary]').textContent()).toContain(`有坐标的未办结诉求 ${heat.located} 件`);

      // 多诉统办 clusters: one marker each, sized by the residents affected; the tooltip names the
      // problem, its count and why; a click opens the master appeal.
      const clusters = await getJson<{ items: { masterId: string; affected: number; lon: number | null; appeals: { id: string; title: string }[] }[] }>('/api/appeals/clusters');
      const placed = clusters.items.filter((c) => c.lon !== null);
      expect(placed.length).toBeGreaterThan(0);
      const markers = map.locator('path.geomap-circle');
      await expect.poll(() => markers.count()).toBe(placed.length);
      const biggest = [...placed].sort((a, b) => b.affected - a.affected)[0];
      const widths = await markers.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      const first = placed.findIndex((c) => c === biggest);
      expect(Math.max(...widths)).toBeCloseTo(widths[first], 0);
      await markers.nth(first).scrollIntoViewIfNeeded();
      await markers.nth(first).hover({ force: true });
      // Markers of clusters close together overlap: the pointer is over whichever lies on top there, so the
      // tooltip (and the click) belong to that cluster — its count of residents and its master's title.
      const tip = page.locator('.leaflet-tooltip', { hasText: '受影响群众' });
      await tip.waitFor();
      const text = (await tip.textContent()) ?? '';
      const shown = placed.find((c) => text.includes(`受影响群众 ${c.affected} 人`) && text.includes(c.appeals.find((a) => a.id === c.masterId)!.title));
      expect(shown, text).toBeTruthy();
      expect(await page.locator('[data-testid=appeal-cluster-summary]').textContent()).toContain(`${placed.length} 处`);
      await markers.nth(first).click({ force: true });
      await page.waitForURL(`**/appeals/${shown!.masterId}`);
    });
  });

  test('registering an appeal picks its place on the map: the pin, the coordinates and the grid', async () => {
    await step(page, 'maps-picker', async () => {
      await page.locator('[data-testid=menu-appeals]').click();
      await page.waitForURL('**/appeals**');
      await page.locator('[data-testid=appeal-register]').click();
      const modal = page.locator('.ant-modal', { hasText: '登记诉求' });
      await modal.waitFor();
      const map = modal.locator('[data-testid=register-map]');
      await map.locator('path.geomap-shape').first().waitFor({ timeout: 30_000 });
      await map.scrollIntoViewIfNeeded();
      expect(await modal.locator('[data-testid=register-lon]').inputValue()).toBe('');

      // A point inside a grid, well inside the map (clear of the zoom buttons in its corner). Not the middle
      // of a grid's box: a bent grid's box has its middle outside the grid (a click there, in no grid, once
      // made the server rightly answer 404 for the place).
      const frame = (await map.boundingBox())!;
      let target: { x: number; y: number } | null = null;
      for (const path of await map.locator('path.geomap-shape').all()) {
        const inside = await path.evaluate((el) => {
          const shape = el as unknown as SVGPathElement;
          const box = shape.getBBox();
          const toScreen = shape.getScreenCTM();
          if (!toScreen) return null;
          for (let i = 1; i < 8; i++) {
            for (let j = 1; j < 8; j++) {
              const point = new DOMPoint(box.x + (box.width * i) / 8, box.y + (box.height * j) / 8);
              if (shape.isPointInFill(point)) {
                const onScreen = point.matrixTransform(toScreen);
                return { x: onScreen.x, y: onScreen.y };
              }
            }
          }
          return null;
        });
        if (!inside) continue;
        const { x, y } = inside;
        if (x > frame.x + 80 && y > frame.y + 80 && x < frame.x + frame.width - 40 && y < frame.y + frame.height - 40) {
          target = { x, y };
          break;
        }
      }
      expect(target).not.toBeNull();
      await page.mouse.click(target!.x, target!.y);

      await expect.poll(() => modal.locator('[data-testid=register-lon]').inputValue()).not.toBe('');
      const lon = Number(await modal.locator('[data-testid=register-lon]').inputValue());
      const lat = Number(await modal.locator('[data-testid=register-lat]').inputValue());
      expect(lon).toBeGreaterThan(114.8);
      expect(lon).toBeLessThan(115.1);
      expect(lat).toBeGreaterThan(27);
      expect(lat).toBeLessThan(27.25);
      await map.locator('path.geomap-pin').waitFor();
      // The place field now names the grid the server finds at that point.
      const at = await getJson<{ code: string; name: string } | null>(`/api/grids/at?lon=${lon}&lat=${lat}`);
      expect(at?.name).toBeTruthy();
      await expect.poll(() => modal.locator('#register_placeCode').locator('xpath=ancestor::*[contains(@class,"ant-select")][1]').textContent()).toContain(at!.name);
      // That grid is drawn highlighted.
      expect(await map.locator('path.geomap-shape[stroke="#c8161d"]').count()).toBe(1);

      await modal.getByRole('button', { name: /取\s*消/ }).click();
    });
  });
});

describe('maps over a base map (TINGSU_MAP_TILES)', () => {
  // An address nothing answers at: the tiles fail to load, which is enough to see them requested.
  const TILES = 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png';
  let t: ConsoleSession;
  beforeAll(async () => {
    t = await openConsole({ env: { TINGSU_MAP_TILES: TILES } });
    await t.signIn('dispatcher', null);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('the grids and their labels are drawn over the configured tile layer', async () => {
    await step(t.page, 'maps-tiles', async () => {
      await t.page.goto(`${t.server.url}/regions?code=${COMMUNITY}`);
      const map = t.page.locator('[data-testid=grid-map]');
      await map.locator('path.geomap-shape').first().waitFor({ timeout: 30_000 });
      await expect.poll(() => map.getAttribute('data-tiles')).toBe('on');
      await map.locator('img.leaflet-tile').first().waitFor({ state: 'attached', timeout: 30_000 });
      const src = await map.locator('img.leaflet-tile').first().getAttribute('src');
      expect(src).toMatch(/^http:\/\/127\.0\.0\.1:9\/tiles\/\d+\/\d+\/\d+\.png$/);
      expect(await map.locator('.geomap-label--grid').count()).toBeGreaterThan(1);
    });
  });
});
