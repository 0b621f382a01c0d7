/**
 * 未诉先办 and 每月一题 end to end on the demo: the township dispatcher opens last week's surge of water
 * complaints in 习溪桥's demo community (pinned among the demo's appeals and found by the warnings scan),
 * sees its chart against the usual level and acknowledges it, and finds the same surge raised on its grid; the county leader picks a third problem for
 * last assessment month and sees its dispatches month by month.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseOption, consoleLogin, consoleLogout, openConsole, step, type ConsoleSession } from './harness';

let s: ConsoleSession;

describe('early warnings and the problem of the month in the console', () => {
  beforeAll(async () => {
    s = await openConsole();
  }, 600_000);
  afterAll(async () => {
    await s?.close();
  });

  test('a warning shows its chart and is acknowledged; a leader picks the month’s problem', async () => {
    const { page, server } = s;
    await consoleLogin(page, server, 'dispatcher', '/warnings');
    await step(page, 'warning', async () => {
      const row = page.locator('[data-testid=warnings-table] .ant-table-row', { hasText: '供水' }).filter({ hasText: '待签收' }).first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      await page.locator('[data-testid=warning-detail]').waitFor({ timeout: 20_000 });
      await page.locator('[data-testid=warning-chart] canvas').first().waitFor({ timeout: 20_000 });
      await expect.poll(() => page.locator('[data-testid=warning-tags] .ant-tag').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await page.locator('[data-testid=warning-acknowledge]').click();
      await expect.poll(() => page.locator('[data-testid=warning-status]').textContent(), { timeout: 20_000 }).toBe('已签收');
      // The drawer closes (its mask would take the click meant for the user menu).
      await page.keyboard.press('Escape');
      await page.waitForURL(/\/warnings$/);
      // Let it finish closing: the focus it hands back as it goes would close the level's dropdown.
      await page.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden', timeout: 20_000 });
      // The surge lies in one grid of the community: it is raised on the grid too, the list filtered by level.
      await chooseOption(page, page.locator('[data-testid=warnings-level]'), '网格');
      await page.locator('[data-testid=warnings-table] .ant-table-row', { hasText: '供水' }).filter({ hasText: '网格' }).first().waitFor({ timeout: 30_000 });
    });
    await consoleLogout(page);

    await consoleLogin(page, server, 'leader', '/assessment/problems');
    await step(page, 'problem of the month', async () => {
      const cards = page.locator('[data-testid=problems-picks] .ant-card');
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(2);
      await page.locator('[data-testid=problems-candidates] button[data-testid^=pick-]').first().click();
      await chooseOption(page, page.locator('[data-testid=pick-org]'));
      await page.locator('[data-testid=pick-goal]').fill('集中整治，每周通报进展');
      await page.locator('[data-testid=pick-ok]').click();
      await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(3);
      await page.locator('[data-testid=problem-trend] canvas').first().waitFor({ timeout: 20_000 });
      await expect.poll(() => page.locator('[data-testid=problems-candidates] button[data-testid^=pick-]').count()).toBe(0);
    });
  }, 300_000);
});
