/**
 * 微心愿 end to end in a real browser against the demo: the grid worker `grid` collects a wish at the
 * door on the phone for a child of a 困境儿童 household, in the campaign open now; in the console the
 * community worker `community` (习溪桥社区) records that a paired unit claims it, it is fulfilled with a dated photo, the guardian signs for it
 * on the grid worker's phone (心愿签收; the signature then shows on the wish's page), the thanks are
 * published — and the public wish wall, opened without an account, shows the thank-you with an
 * initial and an age but never the child's name. Then a party member signs in on the helper page
 * with the SMS code read from the outbox and signs up for an activity.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, type APIRequestContext, type Locator, type Page } from 'playwright-core';
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

/** Draws a stroke on a signature canvas, as a finger would. */
async function sign(p: Page, canvas: Locator) {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await p.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
  await p.mouse.down();
  for (const [x, y] of [[0.3, 0.2], [0.5, 0.7], [0.7, 0.3], [0.9, 0.6]]) await p.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 4 });
  await p.mouse.up();
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
      await session.signIn('community', '/wishes');
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

    await step(page, 'wishes-signature-phone', async () => {
      // The guardian signs for it on the grid worker's phone (心愿签收).
      const phoneContext = await page.context().browser()!.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      const phone = await phoneContext.newPage();
      try {
        await phone.goto(`${session.server.url}/w/`);
        await phone.locator('[data-testid=worker-username] input').fill('grid');
        await phone.locator('[data-testid=worker-password] input').fill(session.server.demoPassword);
        await phone.locator('[data-testid=worker-login-submit]').click();
        await phone.locator('[data-testid=worker-logout]').waitFor({ timeout: 30_000 });
        await phone.locator('[data-testid=nav-wish-sign]').click();
        const card = phone.locator('.adm-card', { hasText: WISH });
        await card.waitFor({ timeout: 30_000 });
        await sign(phone, card.locator('canvas'));
        await card.locator('[data-testid^=wish-sign-confirm-]').click();
        await card.waitFor({ state: 'detached', timeout: 30_000 });
      } finally {
        await phoneContext.close();
      }
    });

    await step(page, 'wishes-confirm-thank', async () => {
      await page.reload();
      await page.locator('.ant-table-row', { hasText: WISH }).click({ timeout: 30_000 });
      const status = page.locator('[data-testid=wish-drawer-status]');
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('已确认');
      await page.locator('[data-testid=wish-signature] img').waitFor({ timeout: 20_000 });
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

  test('a party member signs in on the helper page with the code from the outbox and signs up for an activity', async () => {
    // The demo prints which phone to use; its SMS code is in the outbox the township's dispatcher reads.
    const helperPhone = /如 (1\d{10})/.exec(session.server.output())?.[1] ?? '';
    expect(helperPhone).toMatch(/^1\d{10}$/);
    const phoneContext = await page.context().browser()!.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const phone = await phoneContext.newPage();
    const desk = await request.newContext({ baseURL: session.server.url });
    try {
      await step(phone, 'helper-sign-in', async () => {
        await phone.goto(`${session.server.url}/r/helper`);
        await phone.locator('[data-testid=helper-phone] input').fill(helperPhone);
        await phone.locator('[data-testid=helper-send-code]').click();
        await phone.locator('[data-testid=helper-code-sent]').waitFor({ timeout: 20_000 });
        await desk.post('/api/auth/login', { data: { username: 'dispatcher', password: session.server.demoPassword } });
        const masked = `${helperPhone.slice(0, 3)}****${helperPhone.slice(-4)}`;
        const outbox = (await (await desk.get('/api/outbox?pageSize=50')).json()) as { items: { recipient: string; body: string }[] };
        const code = /(\d{6})/.exec(outbox.items.find((m) => m.recipient === masked && m.body.includes('验证码'))?.body ?? '')?.[1] ?? '';
        expect(code).toMatch(/^\d{6}$/);
        await phone.locator('[data-testid=helper-code] input').fill(code);
        await phone.locator('[data-testid=helper-sign-in]').click();
        await phone.locator('[data-testid=helper-activities]').waitFor({ timeout: 30_000 });
      });
      await step(phone, 'helper-sign-up', async () => {
        const button = phone.locator('[data-testid^=helper-sign-up-]').first();
        await button.waitFor({ timeout: 20_000 });
        const id = ((await button.getAttribute('data-testid')) ?? '').replace('helper-sign-up-', '');
        await button.click();
        const item = phone.locator(`[data-testid=helper-activity-${id}]`);
        await expect.poll(() => item.textContent(), { timeout: 20_000 }).toContain('已报名');
        await expect.poll(() => phone.locator(`[data-testid=helper-sign-up-${id}]`).count(), { timeout: 20_000 }).toBe(0);
        // The staff see the sign-up; the helper's session opens no staff page.
        const activity = (await (await desk.get(`/api/activities/${id}`)).json()) as { signups: { name: string }[] };
        expect(activity.signups.length).toBeGreaterThan(0);
        expect((await phone.request.get(`${session.server.url}/api/helpers`)).status()).toBe(403);
      });
    } finally {
      await desk.dispose();
      await phoneContext.close();
    }
  });
});
