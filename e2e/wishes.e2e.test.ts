/**
 * 微心愿 end to end in a real browser against the demo: the grid worker `grid` collects a wish at the
 * door on the phone for a child of a 困境儿童 household, in the campaign open now; in the console the
 * community worker `community` (习溪桥社区) records that a paired unit claims it, it is fulfilled with a dated photo, the guardian's confirmation is recorded, the thanks are
 * published — and the public wish wall, opened without an account, shows the thank-you with an
 * initial and an age but never the child's name.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, type APIRequestContext, type Page } from 'playwright-core';
import { idNumberFor } from '../server/generate/identity';
import { openConsole, step, type ConsoleSession } from './harness';

const GRID = '360802004002001'; // 习溪桥社区第一网格, in `community`'s scope
const HEAD = '亓文博';
const CHILD = '亓小雨';
const WISH = `一盏护眼台灯（浏览器测试 ${Date.now() % 100000}）`;
const THANKS = '谢谢税务局的叔叔阿姨，我会好好学习！';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let session: ConsoleSession;
let page: Page;
let api: APIRequestContext;
let csrf = '';
let campaignId = '';
let householdId = '';
let childId = '';

async function post(path: string, data: unknown) {
  const res = await api.post(path, { data, headers: { 'X-CSRF-Token': csrf } });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

/** Opens a step's form in the wish drawer, lets `fill` complete it, submits, waits for it to close. */
async function act(action: string, fill?: () => Promise<void>) {
  await page.locator(`[data-testid=wish-action-${action}]`).click();
  const modal = page.locator('.ant-modal').filter({ has: page.locator('[data-testid=wish-action-submit]') });
  await modal.waitFor();
  await expect.poll(() => modal.getAttribute('class')).not.toMatch(/ant-zoom/);
  if (fill) await fill();
  await modal.locator('[data-testid=wish-action-submit]').click();
  await modal.waitFor({ state: 'detached', timeout: 30_000 });
}

describe('micro-wishes in the browser', () => {
  beforeAll(async () => {
    session = await openConsole();
    page = session.page;
    // The household file the wish is collected from: a 困境儿童 household with a nine-year-old.
    api = await request.newContext({ baseURL: session.server.url });
    const login = await api.post('/api/auth/login', { data: { username: 'community', password: session.server.demoPassword } });
    csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const h = await post('/api/households', { addressKind: 'village', gridCode: GRID, villageGroup: '浏览器测试组', houseNumber: '12', tags: ['child_in_difficulty'] });
    await post(`/api/households/${h.id}/members`, { name: HEAD, relation: 'head', idNumber: idNumberFor('360802', '1985-04-02', 611) });
    const child = await post(`/api/households/${h.id}/members`, { name: CHILD, relation: 'child', idNumber: idNumberFor('360802', `${new Date().getFullYear() - 9}-02-01`, 612) });
    householdId = h.id;
    childId = child.id;
    const camps = (await (await api.get('/api/wish-campaigns')).json()) as { items: { id: string; name: string }[] };
    campaignId = camps.items.find((c) => c.name.includes('冬日'))!.id;
    // The demo's June campaign: mostly fulfilled, a few late, a few never claimed.
    const county = await request.newContext({ baseURL: session.server.url });
    await county.post('/api/auth/login', { data: { username: 'leader', password: session.server.demoPassword } });
    const june = ((await (await county.get('/api/wish-campaigns')).json()) as { items: { name: string; progress: Record<string, number> }[] }).items.find((c) => c.name.includes('六一'))!;
    await county.dispose();
    expect(june.progress.collected).toBeGreaterThan(20);
    expect(june.progress.fulfilled / june.progress.collected).toBeGreaterThan(0.7);
    expect(june.progress.late).toBeGreaterThan(0);
    expect(june.progress.collected - june.progress.claimed).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await api?.dispose();
    await session?.close();
  });

  test('collected → claimed → fulfilled → confirmed → thanked, and the thank-you on the public wall', async () => {
    await step(page, 'wishes-phone', async () => {
      const phoneContext = await page.context().browser()!.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      const phone = await phoneContext.newPage();
      try {
        await phone.goto(`${session.server.url}/w/`);
        await phone.locator('[data-testid=worker-username] input').fill('grid');
        await phone.locator('[data-testid=worker-password] input').fill(session.server.demoPassword);
        await phone.locator('[data-testid=worker-login-submit]').click();
        await phone.locator('[data-testid=worker-logout]').waitFor({ timeout: 30_000 });
        await phone.goto(`${session.server.url}/w/wish/${householdId}`);
        await phone.locator(`[data-testid=wish-member-${childId}]`).click({ timeout: 30_000 });
        await phone.locator('[data-testid=wish-text] textarea').fill(WISH);
        await phone.locator('[data-testid=wish-submit]').click();
        await expect.poll(() => phone.locator('[data-testid=wish-done]').textContent(), { timeout: 20_000 }).toContain('小亓');
      } finally {
        await phoneContext.close();
      }
    });

    await step(page, 'wishes-console', async () => {
      await session.signIn('community');
      await page.goto(`${session.server.url}/wishes`);
      await page.locator('[data-testid=wish-progress]').waitFor({ timeout: 30_000 });
      const row = page.locator('.ant-table-row', { hasText: WISH });
      await row.waitFor({ timeout: 20_000 });
      await expect.poll(() => row.textContent()).toContain('小亓');
      await row.click();
    });

    await step(page, 'wishes-claim-fulfil', async () => {
      const status = page.locator('[data-testid=wish-drawer-status]');
      await expect.poll(() => status.textContent()).toBe('待认领');
      await act('claim', () => page.locator('[data-testid=wish-helper-name]').fill('吉州区税务局'));
      await expect.poll(() => status.textContent()).toBe('已认领');
      await act('fulfil', () => page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PNG }));
      await expect.poll(() => status.textContent()).toBe('已圆梦');
    });

    await step(page, 'wishes-confirm-thank', async () => {
      const status = page.locator('[data-testid=wish-drawer-status]');
      await act('confirm');
      await expect.poll(() => status.textContent()).toBe('已确认');
      // Confirmed once: the button is gone.
      expect(await page.locator('[data-testid=wish-action-confirm]').count()).toBe(0);
      await act('thank', () => page.locator('[data-testid=wish-thanks]').fill(THANKS));
      await expect.poll(() => status.textContent()).toBe('已致谢');
    });

    await step(page, 'wishes-wall', async () => {
      const visitor = await page.context().browser()!.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
      const wall = await visitor.newPage();
      try {
        await wall.goto(`${session.server.url}/r/wishes?campaign=${campaignId}`);
        const card = wall.locator('.m-card', { hasText: WISH });
        await card.waitFor({ timeout: 30_000 });
        await expect.poll(() => card.locator('[data-testid=wall-wish-thanks]').textContent()).toContain(THANKS);
        const text = (await card.textContent()) ?? '';
        expect(text).toContain('小亓');
        expect(text).toContain('结对单位 吉州区税务局');
        expect(await wall.locator('body').textContent()).not.toContain(CHILD);
      } finally {
        await visitor.close();
      }
    });
  });
});
