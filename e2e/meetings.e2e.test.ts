/**
 * 议事协商 end to end: a weekly series is created in 习溪桥社区 and its job makes today's occurrence; the
 * township dispatcher proposes a topic; community staff run the meeting from a phone-sized console
 * (390 × 844, touch) — three of four ticked on the list, the fourth by scanning the QR code — the meeting is held, a decision with its action is recorded
 * against the topic — then finish the action with a photo; the proposer is told; the residents' public
 * page (no account) shows the decision, the action done and its photo, with no participant's name.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser, startServer, step, type RunningServer } from './harness';

const COMMUNITY = '360802004002';
const PROPERTY = '洪城物业习溪桥服务中心';
const stamp = Date.now().toString(36);
const TOPIC = `5 栋门前路面塌陷（浏览器测试 ${stamp}）`;
const ACTION = `修复 5 栋门前路面 ${stamp}`;

interface Api {
  get<T>(path: string): Promise<T>;
  post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  dispose(): Promise<void>;
}

let server: RunningServer;
let browser: Browser;
let phoneContext: BrowserContext;
let phone: Page;
let staffApi: Api;
let proposerApi: Api;
let meetingId = '';

async function apiAs(username: string): Promise<Api> {
  const ctx: APIRequestContext = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  const login = await ctx.post('/api/auth/login', { data: { username, password: server.demoPassword } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    async get<T>(path: string) {
      const res = await ctx.get(path);
      expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
      return (await res.json()) as T;
    },
    async post(path, body) {
      const res = await ctx.post(path, { data: body, headers: { 'X-CSRF-Token': csrfToken } });
      return { status: res.status(), body: (await res.json()) as Record<string, unknown> };
    },
    dispose: () => ctx.dispose(),
  };
}

/** Today in China, and its ISO weekday (Monday 1 … Sunday 7). */
function chinaToday(): { ymd: string; weekday: number } {
  const local = new Date(Date.now() + 8 * 3600_000);
  return { ymd: local.toISOString().slice(0, 10), weekday: ((local.getUTCDay() + 6) % 7) + 1 };
}

describe('deliberation: a meeting held from a phone, its action finished, the public page', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    phone = await phoneContext.newPage();
    staffApi = await apiAs('community');
    proposerApi = await apiAs('dispatcher');
  });

  afterAll(async () => {
    await staffApi?.dispose();
    await proposerApi?.dispose();
    await phoneContext?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a series makes today’s occurrence and a topic is proposed', async () => {
    const today = chinaToday();
    const series = await staffApi.post('/api/meetings/series', {
      regionCode: COMMUNITY,
      kindCode: 'building',
      title: `5 栋楼栋会 ${stamp}`,
      rule: { freq: 'weekly', interval: 1, weekday: today.weekday },
      startDate: today.ymd,
      moveOffDays: false,
    });
    expect(series.status, JSON.stringify(series.body)).toBe(201);
    // The durable job makes the occurrences ahead.
    await expect
      .poll(async () => (await staffApi.get<{ items: { id: string; date: string }[] }>(`/api/meetings?seriesId=${series.body.id as string}`)).items.find((m) => m.date === today.ymd)?.id ?? '', {
        timeout: 60_000,
      })
      .not.toBe('');
    meetingId = (await staffApi.get<{ items: { id: string; date: string }[] }>(`/api/meetings?seriesId=${series.body.id as string}`)).items.find((m) => m.date === today.ymd)!.id;
    const topic = await proposerApi.post(`/api/meetings/${meetingId}/topics`, { title: TOPIC });
    expect(topic.status, JSON.stringify(topic.body)).toBe(201);
  });

  test('community staff sign three in on the phone, hold the meeting and record the decision', async () => {
    await step(phone, 'meetings-phone-login', async () => {
      await phone.goto(`${server.url}/login`);
      await phone.locator('[data-testid=login-username]').fill('community');
      await phone.locator('[data-testid=login-password]').fill(server.demoPassword);
      await phone.locator('[data-testid=login-submit]').click();
      await phone.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
    });
    await step(phone, 'meetings-sign-in', async () => {
      await phone.goto(`${server.url}/meetings/${meetingId}`);
      const attendance = phone.locator('[data-testid=attendance]');
      await expect.poll(() => attendance.textContent(), { timeout: 30_000 }).toContain('0/4');
      for (const i of [0, 1, 2]) {
        await phone.locator(`[data-testid=sign-in-${i}]`).click();
        await expect.poll(() => attendance.textContent()).toContain(`${i + 1}/4`);
      }
      await expect.poll(() => attendance.textContent()).toContain('已达法定人数');
    });
    await step(phone, 'meetings-qr-sign-in', async () => {
      // The fourth signs in by scanning the code on the meeting's screen, without an account.
      await phone.locator('[data-testid=sign-in-qr]').click();
      const img = phone.locator('[data-testid=sign-in-qr-image]');
      await img.waitFor();
      const url = new URL((await img.getAttribute('alt'))!);
      await phone.keyboard.press('Escape');
      await img.waitFor({ state: 'hidden' });
      const scanner = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
      const scan = await scanner.newPage();
      await scan.goto(`${server.url}${url.pathname}${url.search}`);
      await scan.locator('[data-testid="qr-sign-街道干部"]').click();
      await scan.getByText('签到成功').waitFor();
      await scanner.close();
      await phone.reload();
      await expect.poll(() => phone.locator('[data-testid=attendance]').textContent(), { timeout: 20_000 }).toContain('4/4');
    });
    await step(phone, 'meetings-hold', async () => {
      await phone.locator('[data-testid=meeting-hold]').click();
      await expect.poll(() => phone.locator('[data-testid=meeting-status]').textContent()).toBe('已召开');
    });
    await step(phone, 'meetings-decision', async () => {
      await phone.locator('[data-testid=decision-add]').click();
      const modal = phone.locator('.ant-modal').filter({ has: phone.locator('[data-testid=decision-text]') });
      await modal.waitFor();
      await expect.poll(() => modal.getAttribute('class')).not.toMatch(/ant-zoom/);
      await modal.locator('.ant-form-item').filter({ hasText: '议题' }).first().locator('.ant-select').click();
      await phone.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: TOPIC }).click();
      await modal.locator('[data-testid=decision-text]').fill('同意修复 5 栋门前路面，物业负责');
      await modal.locator('[data-testid=decision-action-title-0]').fill(ACTION);
      await modal.locator('[data-testid=decision-action-owner-0]').click();
      await phone.keyboard.type(PROPERTY.slice(0, 4));
      await phone.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: PROPERTY }).click();
      const due = new Date(Date.now() + 8 * 3600_000 + 14 * 86_400_000).toISOString().slice(0, 10);
      await modal.locator('[data-testid=decision-action-deadline-0]').click();
      await modal.locator('[data-testid=decision-action-deadline-0]').fill(due);
      await phone.keyboard.press('Enter');
      await modal.locator('[data-testid=decision-submit]').click();
      await modal.waitFor({ state: 'detached', timeout: 20_000 });
      await expect.poll(() => phone.locator('[data-testid=decision]').count()).toBe(1);
      await phone.locator(`[data-testid="meeting-action-${ACTION}"]`).waitFor();
    });
  });

  test('the action is finished, the proposer is told, and the public page shows it', async () => {
    await step(phone, 'meetings-finish-action', async () => {
      await phone.locator(`[data-testid="meeting-action-${ACTION}"]`).click();
      const status = phone.locator('.ant-drawer [data-testid=action-status]');
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('计划中');
      await phone.locator('[data-testid=action-note]').fill('路面已修复');
      // A photo of the repaired road goes with the step (the server strips its metadata; the public page shows it).
      const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
      await phone.locator('.ant-drawer input[type=file]').setInputFiles({ name: '路面.jpg', mimeType: 'image/jpeg', buffer: photo });
      await expect.poll(() => phone.locator('.ant-drawer .ant-upload-list-item').count()).toBe(1);
      await phone.locator('[data-testid=action-step-finish]').click();
      await expect.poll(() => status.textContent()).toBe('已完成');
    });
    const notes = await proposerApi.get<{ items: { title: string }[] }>('/api/notifications');
    expect(notes.items.map((n) => n.title)).toContain(`您提出的议题已落实：${ACTION}`);

    const resident = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
    const page = await resident.newPage();
    await step(page, 'meetings-public-page', async () => {
      await page.goto(`${server.url}/r/${COMMUNITY}/meetings`);
      const action = page.locator(`[data-testid="public-action-${ACTION}"]`);
      await action.waitFor({ timeout: 30_000 });
      expect(await action.locator('[data-testid=public-action-status]').textContent()).toBe('已完成');
      // The progress photo is shown and loads (a public address, no account).
      const img = action.locator('[data-testid=public-action-photo]');
      await expect.poll(() => img.count()).toBe(1);
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 20_000 }).toBe(64);
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toContain('同意修复 5 栋门前路面');
      expect(text).toContain('砍伐 3 棵危树'); // the demo's year of 楼栋会
      expect(text).not.toContain('李秀兰'); // no one's name
      expect(text).not.toContain('居民代表');
      expect(text).not.toContain('刘桂英'); // the demo's representatives are sealed
    });
    await resident.close();
  });
});
