/**
 * The township dispatcher's inbox on a 1280 px screen, against the demo workspace: what a dispatcher
 * works by (number, title, status, time limit, deadline and the overdue mark) is in view without
 * scrolling sideways; a click on a row opens the appeal (a click on its checkbox does not); a saved
 * filter outlives a reload; two registered appeals are accepted together with 受理所选.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { consoleLogin, launchBrowser, startServer, step, type RunningServer } from './harness';

const WIDTH = 1280;
const HEIGHT = 800;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const login = (username: string) => consoleLogin(page, server, username);

const rows = () => page.locator('[data-testid=appeals-table] tr[data-testid=appeal-row]');

/** Opens a box of the inbox and waits for its rows. */
async function openBox(box: string) {
  await page.goto(`${server.url}/appeals?box=${box}`);
  await rows().first().waitFor({ timeout: 30_000 });
  // The table has settled when the spinner is gone.
  await expect.poll(() => page.locator('[data-testid=appeals-table] .ant-spin-spinning').count()).toBe(0);
}

/** Whether the element lies wholly inside the 1280 px wide window (no sideways scrolling to see it). */
async function inView(el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  if (!box || box.width === 0) return false;
  return box.x >= 0 && box.x + box.width <= WIDTH && box.y >= 0 && box.y + box.height <= HEIGHT;
}

/** The rows the window shows (top inside it). */
async function visibleRows(): Promise<Locator[]> {
  const out: Locator[] = [];
  for (const r of await rows().all()) {
    const box = await r.boundingBox();
    if (box && box.y >= 0 && box.y + box.height <= HEIGHT) out.push(r);
  }
  return out;
}

/** Status, time limit, deadline and due mark of every row in view are in view, and the number too. */
async function assertWorkColumnsInView() {
  const shown = await visibleRows();
  expect(shown.length, 'rows in view').toBeGreaterThan(0);
  for (const r of shown) {
    for (const cell of ['appeal-link', 'appeal-row-status', 'appeal-row-limit', 'appeal-row-deadline', 'appeal-row-mark']) {
      const el = r.locator(`[data-testid=${cell}]`);
      if (cell === 'appeal-row-limit' && !(await el.count())) continue; // no limit runs for a closed appeal
      expect(await inView(el), `${cell} of ${await r.getAttribute('data-appeal-id')} in view`).toBe(true);
    }
  }
  return shown;
}

async function appealStatus(id: string): Promise<string> {
  return page.evaluate(async (appealId) => {
    const res = await fetch(`/api/appeals/${appealId}`);
    return ((await res.json()) as { status: string }).status;
  }, id);
}

describe('the dispatcher’s inbox at 1280 px', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, locale: 'zh-CN' });
    page = await context.newPage();
    await login('dispatcher');
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('shows status, time limit, deadline and the overdue mark of each row without scrolling sideways', async () => {
    await step(page, 'inbox-columns', async () => {
      await openBox('to_accept');
      // The page itself does not scroll sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
      for (const title of ['状态', '办理时限', '截止时间', '期限']) {
        expect(await inView(page.locator('[data-testid=appeals-table] th', { hasText: title }).first()), `header ${title}`).toBe(true);
      }
      const shown = await assertWorkColumnsInView();
      // Waiting to be accepted: the acceptance limit of the channel (the demo's registered appeals were
      // loaded without a desk clock, so their deadline cell may be empty).
      expect(await shown[0].locator('[data-testid=appeal-row-limit]').textContent()).toMatch(/^\d+(工作小时|工作日|小时|自然日)$/);
      expect(await shown[0].locator('[data-testid=appeal-row-status] [data-status]').getAttribute('data-status')).toBe('registered');

      // The overdue box: every row marked overdue and tinted, the mark in view.
      await openBox('overdue');
      const overdue = await assertWorkColumnsInView();
      for (const r of overdue) {
        expect(await r.locator('[data-testid=appeal-row-mark]').getAttribute('data-state')).toBe('red');
        expect(await r.getAttribute('class')).toContain('ts-row-overdue');
        expect(await r.locator('[data-testid=appeal-row-mark]').textContent()).toBe('已超期');
        expect(await r.locator('[data-testid=appeal-row-deadline]').textContent()).toMatch(/^(\d{2}-\d{2} \d{2}:\d{2}|\d{4}-\d{2}-\d{2})$/);
      }
    });
  });

  test('opens the appeal on a click anywhere on its row, but not on its checkbox', async () => {
    await step(page, 'inbox-row-click', async () => {
      await openBox('to_accept');
      const first = rows().first();
      const id = (await first.getAttribute('data-appeal-id'))!;
      // Ticking a row selects it and stays on the inbox.
      await first.locator('.ant-table-selection-column input[type=checkbox]').click();
      await expect.poll(() => page.locator('[data-testid=bulk-accept]').textContent()).toContain('（1）');
      expect(page.url()).toContain('/appeals?');
      await first.locator('.ant-table-selection-column input[type=checkbox]').click();
      // A click on the deadline cell (not on the link) opens the appeal.
      await first.locator('[data-testid=appeal-row-deadline]').click();
      await page.waitForURL(`**/appeals/${id}`);
      await page.locator('[data-testid=appeal-number]').waitFor();
    });
  });

  test('keeps a saved filter across a reload', async () => {
    await step(page, 'inbox-saved-filter', async () => {
      await page.goto(`${server.url}/appeals?box=all&urgency=urgent`);
      await rows().first().waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=list-saved-filters]').click();
      await page.locator('.ant-dropdown-menu-item', { hasText: '保存' }).click();
      await page.locator('[data-testid=list-saved-filter-name]').fill('紧急诉求');
      await page.locator('.ant-modal .ant-btn-primary', { hasText: '保' }).click();
      await expect.poll(() => page.locator('[data-testid=list-saved-filters]').textContent()).toContain('紧急诉求');
      // A new visit to the inbox, unfiltered: the saved filter is still offered and applies.
      await page.goto(`${server.url}/appeals?box=all`);
      await rows().first().waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=list-saved-filters]').click();
      await page.locator('.ant-dropdown-menu-item', { hasText: '紧急诉求' }).click();
      await page.waitForURL(/urgency=urgent/);
    });
  });

  test('accepts two registered appeals together', async () => {
    await step(page, 'inbox-bulk-accept', async () => {
      await openBox('to_accept');
      const picked = rows().filter({ has: page.locator('[data-testid=appeal-row-status] [data-status=registered]') });
      expect(await picked.count()).toBeGreaterThanOrEqual(2);
      const ids = [(await picked.nth(0).getAttribute('data-appeal-id'))!, (await picked.nth(1).getAttribute('data-appeal-id'))!];
      for (const id of ids) {
        await page.locator(`[data-testid=appeals-table] tr[data-appeal-id="${id}"] .ant-table-selection-column input[type=checkbox]`).click();
      }
      await expect.poll(() => page.locator('[data-testid=bulk-accept]').textContent()).toContain('（2）');
      await page.locator('[data-testid=bulk-accept]').click();
      const modal = page.locator('.ant-modal', { hasText: '受理 2 件诉求' });
      await modal.waitFor();
      await expect.poll(() => modal.getAttribute('class')).not.toMatch(/ant-zoom/);
      await page.locator('#bulk-accept-confirm').click();
      // All accepted: the dialog closes by itself and says so.
      await modal.waitFor({ state: 'detached', timeout: 30_000 });
      await page.locator('.ant-message', { hasText: '已受理 2 件诉求' }).waitFor();
      for (const id of ids) await expect.poll(() => appealStatus(id)).toBe('accepted');
      // They have left the box of appeals waiting to be accepted.
      await expect.poll(() => page.locator(`[data-testid=appeals-table] tr[data-appeal-id="${ids[0]}"]`).count()).toBe(0);
    });
  });
});
