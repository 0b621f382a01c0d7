/**
 * The console on a leader's phone (390 × 844) against the real server and its demo workspace: the
 * sign-in shows its progress, the menu is a drawer, the appeals list folds its filters and scrolls its
 * table inside itself with the number column kept, and the page never scrolls sideways. Then a
 * dispatcher reveals a requester's contact, which asks for a reason, and the administrator reads that
 * reason in the audit log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signInAs, signOutThroughMenu, startServer, step, type RunningServer } from './harness';

const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** How far the page itself scrolls sideways beyond the screen (0 when it does not). */
function sidewaysOverflow(p: Page): Promise<number> {
  return p.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth);
}

/** Signs in after the first test's sign-in through the form (see signInAs); `path` opens next (null: none). */
const signIn = (username: string, path?: string | null) => signInAs(page, server, username, { path, ready: null });

const signOut = () => signOutThroughMenu(page);

/** Opens the menu drawer and follows one of its links; the drawer closes on navigation. */
async function viaMenu(key: string, path: string) {
  await page.locator('[data-testid=menu-drawer-toggle]').click();
  const drawer = page.locator('.ts-menu-drawer .ant-drawer-body');
  await drawer.waitFor({ state: 'visible' });
  await drawer.locator(`[data-testid=menu-${key}]`).click();
  await page.waitForURL(`**${path}**`);
  await drawer.waitFor({ state: 'hidden' });
}

describe('the console at 390 px', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a leader signs in, opens the menu drawer, the appeals list folds its filters and keeps its number column', async () => {
    await step(page, 'mobile-sign-in', async () => {
      await page.goto(`${server.url}/login`);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.locator('[data-testid=login-username]').fill('leader');
      await page.locator('[data-testid=login-password]').fill(server.demoPassword);
      // Hold the sign-in request until its progress has been seen.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/auth/login', async (route) => {
        await held;
        await route.continue();
      });
      const submit = page.locator('[data-testid=login-submit]');
      await submit.click();
      await expect.poll(() => submit.getAttribute('class')).toContain('ant-btn-loading');
      expect(await submit.textContent()).toContain('正在登录');
      expect(await page.locator('[data-testid=login-username]').isDisabled()).toBe(true);
      expect(await page.locator('[data-testid=login-password]').isDisabled()).toBe(true);
      release();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
      await page.unroute('**/api/auth/login');
    });

    await step(page, 'mobile-menu-drawer', async () => {
      // No side menu on a phone: a header button opens the same menu in a drawer.
      const toggle = page.locator('[data-testid=menu-drawer-toggle]');
      await toggle.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await page.locator('.ant-layout-sider').count()).toBe(0);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await viaMenu('appeals', '/appeals');
    });

    await step(page, 'mobile-appeals-list', async () => {
      const firstNumber = page.locator('[data-testid=appeals-table] [data-testid=appeal-link]').first();
      await firstNumber.waitFor({ state: 'visible', timeout: 30_000 });
      // The filters are folded behind one button until asked for.
      const toggle = page.locator('[data-testid=list-filters-toggle]');
      await toggle.waitFor({ state: 'visible' });
      expect(await toggle.textContent()).toContain('筛选');
      expect(await page.locator('[data-testid=appeals-search]').isVisible()).toBe(false);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

      // The number column is on screen, and stays there when the table scrolls sideways.
      const inView = async () => {
        const box = await firstNumber.boundingBox();
        return !!box && box.x >= 0 && box.x + Math.min(box.width, 40) <= PHONE.width;
      };
      expect(await inView()).toBe(true);
      const scroller = page.locator('[data-testid=appeals-table] .ant-table-content, [data-testid=appeals-table] .ant-table-body').first();
      const scrolled = await scroller.evaluate((el) => {
        el.scrollLeft = el.scrollWidth;
        return { left: el.scrollLeft, wider: el.scrollWidth > el.clientWidth };
      });
      expect(scrolled.wider).toBe(true);
      expect(scrolled.left).toBeGreaterThan(0);
      expect(await inView()).toBe(true);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    });

    await step(page, 'mobile-filters', async () => {
      const toggle = page.locator('[data-testid=list-filters-toggle]');
      await toggle.click();
      const panel = page.locator('[data-testid=list-filters-panel]');
      await panel.waitFor({ state: 'visible' });
      await page.locator('[data-testid=appeals-search]').waitFor({ state: 'visible' });
      const box = await panel.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      // A filter chosen there is counted on the button.
      expect(await toggle.getAttribute('data-active')).toBe('0');
      await page.locator('[data-testid=filter-status]').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
      await expect.poll(() => toggle.getAttribute('data-active')).toBe('1');
      await expect.poll(() => page.locator('.ant-badge:has([data-testid=list-filters-toggle]) .ant-badge-count').textContent()).toBe('1');
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await signOut();
    });
  });

  test('a reveal asks for a reason, and the audit log shows it', async () => {
    await step(page, 'mobile-reveal', async () => {
      await signIn('dispatcher', null);
      // An appeal whose requester left a name and phone.
      const list = await page.request.get(`${server.url}/api/appeals?box=all&pageSize=100`);
      const appeal = ((await list.json()) as { items: { id: string; requesterKind: string; requesterPhone: string | null }[] }).items.find(
        (a) => a.requesterKind !== 'anonymous' && a.requesterPhone,
      );
      expect(appeal).toBeTruthy();
      await page.goto(`${server.url}/appeals/${appeal!.id}`);
      const phone = page.locator('[data-testid=requester-phone]');
      await phone.waitFor({ timeout: 30_000 });
      expect(await phone.textContent()).toContain('*');
      await page.locator('[data-testid=reveal-requester]').click();
      const modal = page.locator('.ant-modal:has([data-testid=reveal-reason-choices])');
      await modal.waitFor({ state: 'visible' });
      // Without a reason nothing is asked of the server.
      await modal.locator('[data-testid=reveal-reason-ok]').click();
      await modal.locator('[data-testid=reveal-reason-missing]').waitFor();
      expect(await phone.textContent()).toContain('*');
      await modal.locator('[data-testid=reveal-reason-appeal]').click();
      await modal.locator('[data-testid=reveal-reason-text]').fill('回访核实办理结果');
      await modal.locator('[data-testid=reveal-reason-ok]').click();
      await modal.waitFor({ state: 'hidden' });
      await expect.poll(() => phone.textContent()).toMatch(/^1\d{10}$/);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await signOut();
    });

    await step(page, 'mobile-audit-reason', async () => {
      await signIn('admin');
      await viaMenu('audit', '/audit');
      const row = page.locator('[data-testid=audit-table] .ant-table-row', { hasText: '诉求办理联系：回访核实办理结果' }).first();
      await row.waitFor({ timeout: 30_000 });
      expect(await row.locator('[data-testid=audit-reason]').textContent()).toBe('诉求办理联系：回访核实办理结果');
      expect(await row.textContent()).toContain('dispatcher');
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    });
  });
});
