/**
 * 即诉即办 and 小闹钟 end to end on the demo: the township dispatcher opens the fast-queue box and finds the
 * demo's consultation past its same-day limit, marked 即诉即办 and red; the community worker opens 小闹钟
 * and sees the overdue disability certificate and the firm's expired licence, then the upcoming dates.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { consoleLogin, consoleLogout, openConsole, step, type ConsoleSession } from './harness';

let s: ConsoleSession;

describe('the fast queue and the reminders in the console', () => {
  beforeAll(async () => {
    s = await openConsole();
  }, 600_000);
  afterAll(async () => {
    await s?.close();
  });

  test('the dispatcher sees the same-day queue; the community worker sees the dates falling due', async () => {
    const { page, server } = s;
    await consoleLogin(page, server, 'dispatcher', '/appeals?box=fast_track');
    await step(page, 'fast queue', async () => {
      const rows = page.locator('[data-testid=appeals-table] [data-testid=appeal-row]');
      const tagged = page.locator('[data-testid=appeals-table] [data-testid=appeal-row] [data-testid=fast-track-tag]');
      // The box lists only fast-queue rows (each tagged 即诉即办), among them the pinned consultation past its limit.
      await expect.poll(() => tagged.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await rows.count()) === (await tagged.count()), { timeout: 30_000 }).toBe(true);
      await expect.poll(() => page.locator('[data-testid=appeals-table] [data-testid=appeal-row]', { hasText: '办事咨询' }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    });
    await consoleLogout(page);

    await consoleLogin(page, server, 'community', '/reminders');
    await step(page, 'reminders', async () => {
      await page.locator('[data-testid=reminders-status]').getByText('已过期').click();
      const list = page.locator('[data-testid=reminders-list] .ant-table-row');
      await expect.poll(() => list.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator('[data-testid=reminders-list]').textContent()).toContain('残疾人证到期');
      await page.locator('[data-testid=reminders-status]').getByText('即将到期').click();
      await expect.poll(() => page.locator('[data-testid=reminders-list]').textContent(), { timeout: 30_000 }).toContain('低保复核');
      // Names are masked.
      expect(await page.locator('[data-testid=reminders-list]').textContent()).toMatch(/\*/);
    });
  }, 300_000);
});
