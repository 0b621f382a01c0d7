/**
 * The appeal closed loop (登记—办理—反馈—评价) in the console, against the real server and its demo
 * workspace: the grid worker registers an appeal; the township dispatcher (习溪桥街道) accepts it and
 * dispatches it to 吉州区城市管理局 from the suggestions; that bureau's handler signs for it and handles
 * it; the dispatcher reports back, records the requester's callback rating and the township's
 * evaluation; the appeal is closed and its timeline shows every step.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { actOnAppeal, consoleLogin, consoleLogout, launchBrowser, pickCategory, startServer, step, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** Set by the first test: the appeal every later step works on. */
let appealId = '';
let appealNumber = '';
const CONTENT = `习溪桥路口井盖破损，夜间行人容易摔倒（浏览器测试 ${Date.now()}）`;

const login = (username: string) => consoleLogin(page, server, username);

const logout = () => consoleLogout(page);

const status = () => page.locator('[data-testid=appeal-status]').getAttribute('data-status');

/** Opens an action's form, lets `fill` complete it, submits, and waits for the modal to close. */
function act(action: string, fill?: () => Promise<void>) {
  return actOnAppeal(page, action, fill);
}

/** Opens the appeal from an inbox tab of the appeals page. */
async function openFromInbox(box: string) {
  await page.locator('[data-testid=menu-appeals]').click();
  await page.locator(`[data-testid=inbox-tab-${box}]`).click();
  await page.locator('[data-testid=appeals-table] [data-testid=appeal-link]', { hasText: appealNumber }).click();
  await page.waitForURL(`**/appeals/${appealId}`);
  await expect.poll(() => page.locator('[data-testid=appeal-number]').textContent()).toBe(appealNumber);
}

describe('appeal closed loop in the console', () => {
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

  test('the grid worker registers an appeal from the console', async () => {
    await step(page, 'appeal-register', async () => {
      await login('grid');
      await page.locator('[data-testid=menu-appeals]').click();
      await page.waitForURL('**/appeals**');
      await page.locator('[data-testid=appeal-register]').click();
      const modal = page.locator('.ant-modal', { hasText: '登记诉求' });
      await modal.waitFor();
      await page.locator('[data-testid=register-name]').fill('王小明');
      await page.locator('[data-testid=register-phone]').fill('13812341234');
      // Category: a two-level tree, searched by name.
      await pickCategory(page, modal.locator('.ant-form-item', { has: page.locator('#register_categoryCode') }), '井盖', '井盖缺失破损');
      await page.locator('[data-testid=register-content]').fill(CONTENT);
      await page.locator('[data-testid=register-address]').fill('习溪桥路 12 号门口');
      // The place defaults to the worker's own grid.
      // The repeats notice appears beside the form a moment after the address is typed and moves the
      // button down: a click at that moment misses. Submit again (the same idempotency key) until the
      // appeal's page opens.
      await modal.getByText('可能是重复诉求').waitFor({ timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(1_000);
      for (let attempt = 0; ; attempt++) {
        const submit = page.locator('#register-submit');
        if (!((await submit.getAttribute('class').catch(() => '')) ?? '').includes('ant-btn-loading')) await submit.click({ timeout: 5_000 }).catch(() => undefined);
        try {
          await page.waitForURL(/\/appeals\/[0-9a-f-]{36}$/, { timeout: 10_000 });
          break;
        } catch (e) {
          if (attempt === 3) {
            // Say why the form did not submit: a field's error or the server's answer.
            const why = await page.locator('.ant-form-item-explain-error, [data-testid=register-error]').allTextContents();
            throw new Error(`the appeal was not registered (${why.join('; ') || 'no error shown'})`, { cause: e });
          }
        }
      }
      await page.waitForURL(/\/appeals\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      appealId = page.url().split('/').pop()!;
      await expect.poll(status).toBe('registered');
      appealNumber = (await page.locator('[data-testid=appeal-number]').textContent())!.trim();
      expect(appealNumber).toMatch(/^360802-\d{8}-\d{4}$/);
      await expect.poll(() => page.locator('[data-testid=appeal-content]').textContent()).toBe(CONTENT);
      // Lists show the requester masked.
      await expect.poll(() => page.locator('[data-testid=requester-phone]').textContent()).toBe('138****1234');
      await logout();
    });
  });

  test('the township dispatcher is notified, accepts and dispatches it to the suggested bureau', async () => {
    await step(page, 'appeal-dispatch', async () => {
      await login('dispatcher');
      // The bell leads to the new appeal.
      await page.locator('[data-testid=notifications-bell]').click();
      await page.locator('[data-testid=notification-item]', { hasText: '新诉求待受理' }).first().click();
      await page.waitForURL(`**/appeals/${appealId}`);
      await act('accept');
      await expect.poll(status).toBe('accepted');
      await act('dispatch', async () => {
        await page.locator('[data-testid=dispatch-suggestion]', { hasText: '吉州区城市管理局' }).click();
        await expect.poll(() => page.locator('[data-testid=dispatch-org-select]').textContent()).toContain('吉州区城市管理局');
      });
      await expect.poll(status).toBe('dispatched');
      await expect.poll(() => page.locator('[data-testid=appeal-handling-org]').textContent()).toBe('吉州区城市管理局');
      await expect.poll(() => page.locator('[data-testid=appeal-clock]').getAttribute('data-clock')).toBe('green');
      await logout();
    });
  });

  test('the bureau’s handler signs for it and handles it', async () => {
    await step(page, 'appeal-handle', async () => {
      await login('handler');
      await openFromInbox('to_sign');
      await act('sign');
      await expect.poll(status).toBe('in_progress');
      await act('handle', async () => {
        await page.locator('[data-testid=action-result]').fill('已更换井盖并设置警示标志');
      });
      await expect.poll(status).toBe('handled');
      await expect.poll(() => page.locator('[data-testid=appeal-result]').textContent()).toBe('已更换井盖并设置警示标志');
      await logout();
    });
  });

  test('the dispatcher reports back and records both evaluations; the appeal closes', async () => {
    await step(page, 'appeal-close', async () => {
      await login('dispatcher');
      await openFromInbox('to_feedback');
      await act('feedback');
      await expect.poll(status).toBe('feedback_given');
      await act('evaluate', async () => {
        await page.locator('[data-testid=rating-satisfied]').click();
      });
      // One evaluation is not enough: the township's evaluation of the bureau closes it.
      await expect.poll(status).toBe('feedback_given');
      await act('evaluate_org', async () => {
        await page.locator('[data-testid=org-rating-good]').click();
      });
      await expect.poll(status).toBe('closed');
      await expect.poll(() => page.locator('[data-testid=appeal-status]').textContent()).toBe('已结案');
      await expect.poll(() => page.locator('[data-testid=appeal-no-actions]').count()).toBe(1);

      const types = await page.locator('[data-testid=appeal-timeline] [data-testid=timeline-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
      expect(types).toEqual(['registered', 'accepted', 'dispatched', 'signed', 'handled', 'feedback', 'rated', 'org_evaluated', 'closed']);
      await expect.poll(() => page.locator('[data-testid=appeal-timeline]').textContent()).toContain('群众可见');
      await expect.poll(() => page.locator('[data-testid=appeal-evaluations]').textContent()).toContain('满意');
    });
  });

  test('the administrator’s audit log names the appeal by its number, not its id', async () => {
    await step(page, 'appeal-audit', async () => {
      await logout();
      await login('admin');
      await page.locator('[data-testid=menu-audit]').click();
      await page.waitForURL('**/audit**');
      const search = page.getByPlaceholder('对象编号');
      await search.fill(appealId);
      await search.press('Enter');
      const names = page.locator('[data-testid=audit-table] [data-testid=audit-target-name]');
      // Until the search applies, the table shows the latest entries of any object: wait for the filtered rows.
      await expect.poll(async () => {
        const texts = await names.allTextContents();
        return texts.length > 0 && texts.every((t) => t.includes(appealNumber));
      }).toBe(true);
      expect(await page.locator('[data-testid=audit-table]').textContent()).not.toContain(appealId);
    });
  });
});
