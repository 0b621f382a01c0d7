/**
 * The monthly assessment and 依申请公开 end to end: the leader opens the month's rankings (computed from
 * the demo appeals), sees the latest archived report, and drills from a township's rank into the inbox
 * filtered to that township and month; the township dispatcher registers a disclosure request and takes
 * it through a 补正 to disclosed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { consoleLogin, consoleLogout, openConsole, step, type ConsoleSession } from './harness';

const SUBJECT = `申请公开习溪桥街道路灯维护合同（浏览器测试 ${Date.now()}）`;

let s: ConsoleSession;

describe('assessment and disclosure in the console', () => {
  beforeAll(async () => {
    s = await openConsole();
  }, 600_000);
  afterAll(async () => {
    await s?.close();
  });

  test('a leader drills from a township rank into its appeals; a request goes through 补正 to disclosed', async () => {
    const { page, server } = s;
    await consoleLogin(page, server, 'leader', '/assessment');
    await step(page, 'rankings', async () => {
      await page.locator('[data-testid=assessment-latest]').waitFor({ timeout: 30_000 });
      const link = page.locator('[data-testid=assessment-areas] a[data-testid^=drill-]').first();
      await link.waitFor({ timeout: 30_000 });
      const code = (await link.getAttribute('data-testid'))!.slice('drill-'.length);
      await link.click();
      await page.waitForURL(`**/appeals?box=all&regionCode=${code}*`);
      await expect.poll(() => page.locator('[data-testid=appeals-table] .ant-table-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    });
    await consoleLogout(page);

    await consoleLogin(page, server, 'dispatcher', '/disclosure');
    await step(page, 'disclosure', async () => {
      await page.locator('[data-testid=disclosure-new]').click();
      await page.locator('[data-testid=disclosure-name]').fill('吴晓梅');
      await page.locator('[data-testid=disclosure-subject]').fill(SUBJECT);
      await page.locator('[data-testid=disclosure-create-ok]').click();
      const row = page.locator('.ant-table-row', { hasText: SUBJECT });
      await row.waitFor({ timeout: 20_000 });
      await row.click();
      const status = page.locator('[data-testid=disclosure-status]');
      await page.locator('[data-testid=disclosure-act-request_correction]').click();
      await page.locator('[data-testid=disclosure-note]').fill('请写明合同所属年度');
      await page.locator('[data-testid=disclosure-submit]').click();
      await expect.poll(() => status.textContent()).toBe('待补正');
      await page.locator('[data-testid=disclosure-act-receive_correction]').click();
      await expect.poll(() => status.textContent()).toBe('办理中');
      await page.locator('[data-testid=disclosure-act-answer]').click();
      await page.locator('[data-testid=disclosure-submit]').click();
      await expect.poll(() => status.textContent()).toBe('已答复');
    });
  }, 300_000);
});
