/**
 * 多诉统办 in the console, against the real server and its demo workspace: the township dispatcher
 * registers a report of the broken street lamps that the demo already holds (a few dozen metres away, in
 * other words); the register form suggests that appeal with its reasons as the text is typed, and one
 * click registers the new report and merges it into the one suggested.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { consoleLogin, launchBrowser, pickCategory, startServer, step, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

describe('duplicate suggestions at intake', () => {
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

  test('the register form suggests the repeat with its reasons and merges in one click', async () => {
    await step(page, 'duplicates-register-merge', async () => {
      await consoleLogin(page, server, 'dispatcher');
      // The grid where the demo's lamps were reported (server/generate/demo-duplicates.ts).
      const grid = (await (await page.request.get(`${server.url}/api/grids/360802004002001`)).json()) as { centroid: [number, number] };
      await page.locator('[data-testid=menu-appeals]').click();
      await page.waitForURL('**/appeals**');
      await page.locator('[data-testid=appeal-register]').click();
      const modal = page.locator('.ant-modal', { hasText: '登记诉求' });
      await modal.waitFor();
      await page.locator('[data-testid=register-name]').fill('郑阿姨');
      await page.locator('[data-testid=register-phone]').fill('13912345678');
      await pickCategory(page, modal.locator('.ant-form-item', { has: page.locator('#register_categoryCode') }), '路灯', '路灯故障');
      await page.locator('[data-testid=register-lon]').fill(grid.centroid[0].toFixed(6));
      await page.locator('[data-testid=register-lat]').fill((grid.centroid[1] + 0.0003).toFixed(6));
      await page.locator('[data-testid=register-content]').fill('大门外路灯坏掉一直没人修，天黑后很危险');

      const suggestions = modal.locator('[data-testid=register-duplicates]');
      await suggestions.waitFor({ timeout: 20_000 });
      const first = suggestions.locator('[data-testid=duplicate-suggestion]').first();
      await expect.poll(() => first.locator('[data-testid=duplicate-reason]').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^相距 \d+ 米$/), '同类']));
      const masterHref = (await first.locator('a').first().getAttribute('href'))!;
      const masterNumber = (await first.locator('a').first().textContent())!.trim();

      await first.locator('[data-testid=register-and-merge]').click();
      await page.waitForURL(`**${masterHref}`, { timeout: 30_000 });
      await expect.poll(() => page.locator('[data-testid=appeal-number]').textContent()).toBe(masterNumber);
      // The new report now sits among the appeals merged into it.
      await expect.poll(() => page.getByText('大门外路灯坏掉').count()).toBeGreaterThan(0);
    });
  });
});
