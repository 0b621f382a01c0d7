/**
 * The desk's hold on an appeal in the console, on the demo workspace: the township dispatcher
 * (习溪桥街道) changes an accepted appeal's category with a reason (改类) — the timeline records it,
 * the suggestions and, once dispatched, the time limit follow the new category; dispatches it to the
 * suggested 吉州区住房和城乡建设局, re-routes it (改派) to 吉州区城市管理局, whose handler finds it in the
 * inbox, and urges it (催办) — the handler is told in the console and by SMS; the printable
 * dispatch slip (派遣单) shows the number, category, organisation, deadline and content.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { consoleLogin, consoleLogout, launchBrowser, pickCategory, startServer, step, type RunningServer } from './harness';

const GRID = '360802004002001';
const CONTENT = `习溪桥社区 3 栋门前自来水管爆裂，水一直往外冒（浏览器测试 ${Date.now()}）`;
const RECATEGORIZE_REASON = '核实为供水管道爆裂，不是井盖问题';
const REROUTE_REASON = '管道位于市政道路下，属城管局职责';
const URGE_NOTE = '群众反映强烈，请今日内抢修完毕并反馈';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

let appealId = '';
let appealNumber = '';
let appealTitle = '';

/** Registers the appeal the way the grid worker's phone does, through the API (not what is tested here). */
async function registerAsGridWorker(): Promise<{ id: string; number: string; title: string }> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'grid', password: server.demoPassword }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const res = await fetch(`${server.url}/api/appeals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({
      channel: 'visit',
      requester: { kind: 'resident', name: '周桂芳', phone: '13907965566' },
      content: CONTENT,
      // Registered as a manhole cover (井盖缺失破损) by mistake.
      categoryCode: '0302',
      placeCode: GRID,
      address: '习溪桥社区 3 栋门前',
    }),
  });
  const body = await res.text();
  expect(res.status, body).toBe(201);
  return JSON.parse(body) as { id: string; number: string; title: string };
}

const login = (username: string, path?: string) => consoleLogin(page, server, username, path);

const logout = () => consoleLogout(page);

const status = () => page.locator('[data-testid=appeal-status]').getAttribute('data-status');
const text = (testId: string) => page.locator(`[data-testid=${testId}]`).first().textContent();
const timelineTypes = () => page.locator('[data-testid=appeal-timeline] [data-testid=timeline-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
const timelineEvent = (type: string) => page.locator(`[data-testid=appeal-timeline] [data-testid=timeline-event][data-type=${type}]`).last();

/** Opens an action's form, lets `fill` complete it, submits, and waits for the modal to close. */
async function act(action: string, fill?: () => Promise<void>) {
  await page.locator(`[data-testid=appeal-action-${action}]`).click();
  const modal = page.locator('.ant-modal').filter({ has: page.locator(`[data-testid=action-form-${action}]`) });
  await modal.waitFor();
  // Let the opening zoom finish: a click during it can land beside the moving button.
  await expect.poll(() => modal.getAttribute('class')).not.toMatch(/ant-zoom/);
  if (fill) await fill();
  await modal.locator('[data-testid=action-submit]').click();
  try {
    await modal.waitFor({ state: 'detached', timeout: 10_000 });
  } catch {
    if (await modal.locator('[data-testid=action-submit]').isVisible()) await modal.locator('[data-testid=action-submit]').click();
    await modal.waitFor({ state: 'detached', timeout: 20_000 });
  }
}

/** Picks an organisation in an OrgPicker by typing its name. */
async function pickOrg(testId: string, name: string) {
  await page.locator(`[data-testid=${testId}]`).click();
  await page.keyboard.type(name);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
  await expect.poll(() => page.locator(`[data-testid=${testId}]`).textContent()).toContain(name);
}

/** Minutes between two console times (YYYY-MM-DD HH:mm, the browser's zone). */
function minutesBetween(from: string, to: string): number {
  const at = (s: string) => new Date(s.trim().replace(' ', 'T')).getTime();
  return (at(to) - at(from)) / 60_000;
}

describe('改类, 改派, 催办 and the dispatch slip in the console', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    const a = await registerAsGridWorker();
    appealId = a.id;
    appealNumber = a.number;
    appealTitle = a.title;
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the dispatcher changes the category of an accepted appeal with a reason; the suggestions follow', async () => {
    await step(page, 'oversight-recategorize', async () => {
      await login('dispatcher', `/appeals/${appealId}`);
      await expect.poll(() => text('appeal-number')).toBe(appealNumber);
      await act('accept');
      await expect.poll(status).toBe('accepted');
      await expect.poll(() => text('appeal-category')).toBe('井盖缺失破损');

      await act('recategorize', async () => {
        const form = page.locator('[data-testid=action-form-recategorize]');
        await pickCategory(page, form.locator('.ant-form-item').filter({ has: page.locator('.ant-select') }).first(), '供水', '供水');
        await form.locator('[data-testid=action-reason]').fill(RECATEGORIZE_REASON);
      });
      await expect.poll(() => text('appeal-category')).toBe('供水');
      await expect.poll(status).toBe('accepted');
      await expect.poll(() => timelineEvent('recategorized').count()).toBe(1);
      await expect.poll(() => timelineEvent('recategorized').textContent()).toContain(RECATEGORIZE_REASON);

      // Dispatching now: the suggestions are the water supply's department, not urban management's.
      await act('dispatch', async () => {
        const suggestions = page.locator('[data-testid=dispatch-suggestion]');
        await expect.poll(() => suggestions.allTextContents()).toContain('吉州区住房和城乡建设局');
        expect(await suggestions.allTextContents()).not.toContain('吉州区城市管理局');
        await suggestions.filter({ hasText: '吉州区住房和城乡建设局' }).click();
        await expect.poll(() => page.locator('[data-testid=dispatch-org-select]').textContent()).toContain('吉州区住房和城乡建设局');
      });
      await expect.poll(status).toBe('dispatched');
      await expect.poll(() => text('appeal-handling-org')).toBe('吉州区住房和城乡建设局');
      // 水电气 is handled within 24 hours on the clock (井盖 would have been 7 working days).
      await expect.poll(() => text('appeal-due')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(minutesBetween((await text('appeal-dispatched-at'))!, (await text('appeal-due'))!)).toBe(24 * 60);
    });
  });

  test('the dispatcher re-routes it to 吉州区城市管理局 and urges it', async () => {
    await step(page, 'oversight-reroute-urge', async () => {
      await act('reroute', async () => {
        await pickOrg('reroute-org-select', '吉州区城市管理局');
        await page.locator('[data-testid=action-form-reroute] [data-testid=action-reason]').fill(REROUTE_REASON);
      });
      await expect.poll(() => text('appeal-handling-org')).toBe('吉州区城市管理局');
      await expect.poll(status).toBe('dispatched');
      await expect.poll(() => timelineEvent('rerouted').textContent()).toContain(REROUTE_REASON);
      // The old part is closed, the new one waits to be signed for.
      await expect.poll(() => page.locator('[data-testid=appeal-parts] tbody tr').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining('吉州区住房和城乡建设局'), expect.stringContaining('吉州区城市管理局')]),
      );

      await act('urge', async () => {
        await page.locator('[data-testid=action-form-urge] [data-testid=action-note]').fill(URGE_NOTE);
      });
      await expect.poll(() => timelineEvent('urged').textContent()).toContain(URGE_NOTE);
      await expect.poll(() => text('urge-count')).toBe('催办 1 次');
      const types = await timelineTypes();
      expect(types.slice(-5)).toEqual(['accepted', 'recategorized', 'dispatched', 'rerouted', 'urged']);

      // The urge went out by SMS to the bureau's handler (the demo's handler has a work mobile).
      const res = await page.request.get(`${server.url}/api/outbox?pageSize=50`);
      expect(res.status()).toBe(200);
      const { items } = (await res.json()) as { items: { appealId: string | null; recipient: string; body: string }[] };
      const sms = items.filter((m) => m.appealId === appealId && m.body.includes('催办'));
      expect(sms.map((m) => m.recipient)).toEqual(['139****0001']);
      expect(sms[0].body).toBe(`【听诉】您单位承办的诉求${appealNumber}收到催办：群众反映强烈，请今日内抢修完毕并反馈，请尽快办理。`);
      await logout();
    });
  });

  test('the new organisation’s handler finds it in the inbox and sees the urge', async () => {
    await step(page, 'oversight-handler', async () => {
      await login('handler');
      // The bell carries the urge, and leads to the appeal.
      await page.locator('[data-testid=notifications-bell]').click();
      const urge = page.locator('[data-testid=notification-item]', { hasText: `催办：${appealTitle}` }).first();
      await expect.poll(() => urge.textContent()).toContain(URGE_NOTE);

      await page.goto(`${server.url}/appeals`);
      await page.locator('[data-testid=inbox-tab-to_sign]').click();
      const row = page.locator('[data-testid=appeals-table] tr', { has: page.locator('[data-testid=appeal-link]', { hasText: appealNumber }) });
      await expect.poll(() => row.count()).toBe(1);
      await expect.poll(() => row.locator('[data-testid=urge-count]').textContent()).toBe('催办 1 次');
      await row.locator('[data-testid=appeal-link]').click();
      await page.waitForURL(`**/appeals/${appealId}`);
      await expect.poll(() => timelineEvent('urged').textContent()).toContain(URGE_NOTE);
      expect(await page.locator('[data-testid=appeal-action-sign]').count()).toBe(1);
    });
  });

  test('the printable dispatch slip shows the number, category, organisation, deadline and content', async () => {
    await step(page, 'oversight-slip', async () => {
      const due = (await text('appeal-due'))!.trim();
      await page.locator('[data-testid=appeal-slip-link]').click();
      await page.waitForURL(`**/appeals/${appealId}/slip`);
      const slip = page.locator('[data-testid=appeal-slip]');
      await slip.waitFor();
      const rows = Object.fromEntries(
        await slip.locator('.slip-table tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? ''])),
      ) as Record<string, string>;
      expect(Object.values(rows)).toEqual(expect.arrayContaining([appealNumber, '供水', due]));
      expect(Object.values(rows).some((v) => v.includes('吉州区城市管理局'))).toBe(true);
      expect(Object.values(rows).some((v) => v.includes('吉州区住房和城乡建设局'))).toBe(false);
      expect(await slip.locator('.slip-content').first().textContent()).toBe(CONTENT);
      expect(await slip.locator('.slip-qr svg').count()).toBe(1);
      // Print styles: only the slip goes to paper, on A4.
      const print = await page.evaluate(() => {
        const rules: string[] = [];
        for (const sheet of Array.from(document.styleSheets)) {
          let list: CSSRuleList;
          try {
            list = sheet.cssRules;
          } catch {
            continue;
          }
          for (const r of Array.from(list)) if (r instanceof CSSMediaRule && r.conditionText.includes('print')) rules.push(r.cssText);
        }
        return rules.join('\n');
      });
      expect(print).toContain('.slip');
      expect(print).toMatch(/visibility:\s*hidden/);
      await page.emulateMedia({ media: 'print' });
      // The renderer takes the media change in its own time: wait for it.
      await expect.poll(() => page.locator('[data-testid=slip-print]').evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden');
      await expect.poll(() => page.locator('[data-testid=menu-appeals]').evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden');
      expect(await slip.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
      await page.emulateMedia({ media: 'screen' });
    });
  });
});
