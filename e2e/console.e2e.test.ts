/**
 * The web console in a real browser against the real server and its demo workspace (吉安市吉州区):
 * sign-in, the role-dependent menu, the division browser (pinyin search, drill-down to grids) and the
 * sign-in error message.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signOutThroughMenu, startServer, step, type RunningServer } from './harness';

const ALL_MENUS = ['overview', 'regions', 'orgs', 'users', 'apikeys', 'audit', 'account'] as const;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function visibleMenus(): Promise<string[]> {
  await page.locator('[data-testid=menu-overview]').waitFor({ timeout: 30_000 });
  const shown: string[] = [];
  for (const key of ALL_MENUS) {
    if (await page.locator(`[data-testid=menu-${key}]`).isVisible()) shown.push(key);
  }
  return shown;
}

async function login(username: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.locator('[data-testid=login-username]').fill(username);
  await page.locator('[data-testid=login-password]').fill(password);
  await page.locator('[data-testid=login-submit]').click();
}

const logout = () => signOutThroughMenu(page);

describe('web console', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the administrator signs in and sees every menu', async () => {
    await step(page, 'admin-login', async () => {
      await login('admin', server.demoPassword);
      const menus = await visibleMenus();
      expect(menus).toEqual(expect.arrayContaining(['overview', 'regions', 'orgs', 'users', 'apikeys', 'audit']));
      await expect.poll(() => page.locator('[data-testid=user-name]').textContent()).toBe('系统管理员');
      // The home page is the workbench; the area overview (数据概览) shows the installation's counts.
      await page.locator('[data-testid=workbench-boxes]').waitFor();
      await page.locator('[data-testid=menu-overview]').click();
      await page.locator('[data-testid=stat-grids]').waitFor();
    });
  });

  test('divisions: pinyin search finds 吉州区, and drilling down reaches a village and its grids', async () => {
    await step(page, 'regions-drilldown', async () => {
      await page.locator('[data-testid=menu-regions]').click();
      await page.waitForURL('**/regions**');

      await page.locator('[data-testid=region-search] input').fill('jzq');
      const hit = page.locator('[data-testid=region-search-results] [data-testid^=search-hit-]', { hasText: '吉州区' }).first();
      await hit.waitFor({ timeout: 20_000 });
      const countyCode = (await hit.getAttribute('data-testid'))!.replace('search-hit-', '');
      await hit.click();
      await expect.poll(() => page.locator('[data-testid=region-detail-name]').textContent(), { timeout: 20_000 }).toBe('吉州区');
      // The tree opened down to the chosen county.
      await page.locator(`[data-testid=region-tree] [data-testid=tree-node-${countyCode}]`).waitFor();

      // County → its first township → that township's first village.
      const township = page.locator('[data-testid=region-detail] [data-testid^=child-]').first();
      await township.waitFor();
      const townshipName = (await township.textContent())!;
      await township.click();
      await expect.poll(() => page.locator('[data-testid=region-detail-name]').textContent(), { timeout: 20_000 }).toBe(townshipName);
      await page.locator('[data-testid=grid-map] path.geomap-shape').first().waitFor({ timeout: 20_000 });

      const village = page.locator('[data-testid=region-detail] [data-testid^=child-]').first();
      await village.waitFor();
      const villageName = (await village.textContent())!;
      await village.click();
      await expect.poll(() => page.locator('[data-testid=region-detail-name]').textContent(), { timeout: 20_000 }).toBe(villageName);

      // The village's grids: the map and the server-paged list with its grid workers.
      await page.locator('[data-testid=grid-map] path.geomap-shape').first().waitFor({ timeout: 20_000 });
      const gridRows = page.locator('[data-testid=grids-table] [data-testid^=grid-row-]');
      await gridRows.first().waitFor({ timeout: 20_000 });
      expect(await gridRows.count()).toBeGreaterThan(0);
      const gridName = (await gridRows.first().textContent())!;
      await gridRows.first().click();
      await page.locator('[data-testid=grid-card]').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.locator('[data-testid=region-detail-name]').textContent()).toBe(gridName);
    });
  });

  test('a grid worker sees only the overview, their grids and their account', async () => {
    await step(page, 'grid-worker-menu', async () => {
      await logout();
      await login('grid', server.demoPassword);
      const menus = await visibleMenus();
      expect(menus).toEqual(expect.arrayContaining(['overview', 'regions', 'account']));
      for (const hidden of ['users', 'audit', 'orgs', 'apikeys']) {
        expect(menus).not.toContain(hidden);
        expect(await page.locator(`[data-testid=menu-${hidden}]`).count()).toBe(0);
      }
      // Their tree starts at their own grid.
      await page.locator('[data-testid=menu-regions]').click();
      await page.locator('[data-testid=grid-card]').waitFor({ timeout: 20_000 });
    });
  });

  test('a wrong password shows the server’s clear message', async () => {
    await step(page, 'wrong-password', async () => {
      await logout();
      await login('admin', 'not-the-password-1');
      const error = page.locator('[data-testid=login-error]');
      await error.waitFor({ timeout: 20_000 });
      expect(await error.textContent()).toContain('用户名或密码不正确');
      expect(page.url()).toContain('/login');
    });
  });
});
