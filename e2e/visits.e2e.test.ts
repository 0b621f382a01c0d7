/**
 * 入户听诉 end to end: the grid worker `grid` (习溪桥社区第一网格) opens today's plan on a phone
 * (390 × 844, touch); the network goes; the worker logs three visits at the door — one solved on the
 * spot (with a phone photo), one raising a new appeal, one nobody home — and the queue holds 3; the
 * network returns and the queue uploads each visit exactly once (also after a second, forced sync and
 * a replayed submission), and today's list shows the three with the appeal's number; in the console
 * the township dispatcher finds the new appeal in the inbox, and the coverage figures count the visits.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { bigPhoto, launchBrowser, startServer, step, type RunningServer } from './harness';

const APPEAL = `5 栋门口下水道堵了一个星期，下雨就积水，老人出门不方便（浏览器测试 ${Date.now()}）`;
const ON_SPOT = '楼道灯不亮，老人晚上上楼看不清';

interface QueuedBody {
  clientId: string;
  householdId: string;
  outcome: string;
  finding: string;
  photos?: unknown[];
}
interface VisitRow {
  id: string;
  clientId: string;
  householdId: string;
  outcome: string;
  finding: string;
  checkInAt: string;
  appealNumber: string | null;
  photoCount: number;
  replayed: boolean;
}
interface CoverageTotals {
  visitedHouseholds: number;
  visits: number;
  nobodyHome: number;
}

let server: RunningServer;
let browser: Browser;
let phoneContext: BrowserContext;
let phone: Page;
let consoleContext: BrowserContext;
let staff: Page;
let gridApi: Api;
let dispatcherApi: Api;

/** Households the three visits go to, in order: on the spot, appeal, nobody home. */
let households: string[] = [];
/** Their visits on the server before the phone went offline. */
let visitsBefore: VisitRow[] = [];
/** The submissions as the phone queued them (read from its IndexedDB while offline). */
let queued: QueuedBody[] = [];
let coverageBefore: CoverageTotals;
let appealNumber = '';

interface Api {
  get<T>(path: string): Promise<T>;
  post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  dispose(): Promise<void>;
}

/** A signed-in API client (its own session), for checking what the server holds. */
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
      return { status: res.status(), body: await res.json() };
    },
    dispose: () => ctx.dispose(),
  };
}

/** The worker's visits on the server for these households. */
async function serverVisits(): Promise<VisitRow[]> {
  const rows: VisitRow[] = [];
  for (const h of households) rows.push(...(await gridApi.get<{ items: VisitRow[] }>(`/api/visits?householdId=${h}&pageSize=200`)).items);
  return rows;
}

/** YYYY-MM in China: the coverage figures count the current China month. */
const chinaMonth = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(d).slice(0, 7);

async function coverageTotals(): Promise<CoverageTotals> {
  const { totals } = await dispatcherApi.get<{ totals: CoverageTotals }>('/api/visits/coverage');
  return { visitedHouseholds: totals.visitedHouseholds, visits: totals.visits, nobodyHome: totals.nobodyHome };
}

/** What waits in the phone's upload queue (IndexedDB), oldest first. */
function readQueue(page: Page): Promise<{ state: string; body: QueuedBody }[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('tingsu-worker');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise<{ state: string; savedAt: number; body: QueuedBody }[]>((resolve, reject) => {
      const r = db.transaction('queue').objectStore('queue').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return all.sort((a, b) => a.savedAt - b.savedAt).map(({ state, body }) => ({ state, body }));
  });
}

const item = (householdId: string) => phone.locator(`[data-testid=plan-item][data-household-id="${householdId}"]`);
const todayVisit = (householdId: string) => phone.locator(`[data-testid=today-visit][data-household-id="${householdId}"]`);
const syncCount = () => phone.locator('[data-testid=sync-count]').textContent();

async function openVisitForm(householdId: string) {
  await item(householdId).locator('[data-testid=plan-item-log]').click();
  await phone.locator('[data-testid=visit-form]').waitFor();
}

async function pickCategory(search: string, name: string) {
  await phone.locator('[data-testid=finding-category]').click();
  await phone.locator('[data-testid=category-search] input').fill(search);
  await phone.locator('[data-testid^=category-option-]', { hasText: name }).click();
  await expect.poll(() => phone.locator('[data-testid=finding-category-value]').textContent()).toBe(name);
}

async function saveVisit() {
  await phone.locator('[data-testid=visit-submit]').click();
  await phone.locator('[data-testid=plan-page]').waitFor({ timeout: 20_000 });
}

/**
 * Plans are made on working days only. When the suite runs on a weekend or a holiday, the
 * administrator declares today a working day (调休), as a township does for a make-up working day.
 */
async function makeTodayAWorkingDay() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const year = Number(today.slice(0, 4));
  const ctx = await request.newContext({ baseURL: server.url });
  const login = await ctx.post('/api/auth/login', { data: { username: 'admin', password: server.demoPassword } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const days = (await (await ctx.get(`/api/calendar/${year}`)).json()) as { date: string; kind: string; name: string }[];
  const weekend = [0, 6].includes(new Date(`${today}T12:00:00Z`).getUTCDay());
  const holiday = days.some((d) => d.date === today && d.kind === 'holiday');
  if (weekend || holiday) {
    const rest = days.filter((d) => d.date !== today).map(({ date, kind, name }) => ({ date, kind, name }));
    const res = await ctx.put(`/api/calendar/${year}`, { data: { days: [...rest, { date: today, kind: 'workday', name: '浏览器测试调休' }] }, headers: { 'X-CSRF-Token': csrfToken } });
    expect(res.status(), await res.text()).toBe(200);
  }
  await ctx.dispose();
}

describe('入户听诉: the grid worker’s phone app works offline and syncs each visit once', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      // At the door in 习溪桥社区 (吉州区).
      permissions: ['geolocation'],
      geolocation: { latitude: 27.117, longitude: 114.985 },
    });
    phone = await phoneContext.newPage();
    consoleContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    staff = await consoleContext.newPage();
    gridApi = await apiAs('grid');
    dispatcherApi = await apiAs('dispatcher');
    await makeTodayAWorkingDay();
  });

  afterAll(async () => {
    await gridApi?.dispose().catch(() => {});
    await dispatcherApi?.dispose().catch(() => {});
    await phoneContext?.close().catch(() => {});
    await consoleContext?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the grid worker signs in on the phone and sees today’s plan, which then opens without network', async () => {
    await step(phone, 'worker-plan', async () => {
      const scripts: string[] = [];
      const seen = (r: { url(): string }) => void (r.url().endsWith('.js') && scripts.push(r.url()));
      phone.on('request', seen);
      await phone.goto(`${server.url}/w/`);
      await phone.locator('[data-testid=worker-login]').waitFor({ timeout: 30_000 });
      phone.off('request', seen);
      // The phone downloads its app alone, not the console.
      expect(scripts.some((u) => /\/assets\/WorkerApp-/.test(u))).toBe(true);
      expect(scripts.filter((u) => /\/assets\/console-/.test(u))).toEqual([]);
      await phone.locator('[data-testid=worker-username] input').fill('grid');
      await phone.locator('[data-testid=worker-password] input').fill('wrong-password-1');
      await phone.locator('[data-testid=worker-login-submit]').click();
      await expect.poll(() => phone.locator('[data-testid=worker-login-error]').textContent()).toContain('用户名或密码不正确');
      await phone.locator('[data-testid=worker-password] input').fill(server.demoPassword);
      await phone.locator('[data-testid=worker-login-submit]').click();

      await phone.locator('[data-testid=plan-item]').first().waitFor({ timeout: 30_000 });
      const planned = await phone.locator('[data-testid=plan-item][data-status=planned]').count();
      expect(planned).toBeGreaterThanOrEqual(3);
      await expect.poll(() => phone.locator('[data-testid=plan-count-planned] b').textContent()).toBe(String(await phone.locator('[data-testid=plan-item]').count()));
      await expect.poll(() => phone.locator('[data-testid=plan-count-visited] b').textContent()).toBe('0');
      // Grouped by the visiting windows of 错时听诉, with their times.
      expect(await phone.locator('[data-testid^=plan-window-] h3').first().textContent()).toMatch(/(晨访|午访|日间|夜访)\s*\d\d:\d\d–\d\d:\d\d/);
      expect(await phone.locator('[data-testid=offline-badge]').count()).toBe(0);
      // The manifest is linked on the worker's pages only.
      expect(await phone.locator('link[rel=manifest]').getAttribute('href')).toBe('/worker.webmanifest');

      const open = phone.locator('[data-testid=plan-item][data-status=planned]');
      households = [await open.nth(0).getAttribute('data-household-id'), await open.nth(1).getAttribute('data-household-id'), await open.nth(2).getAttribute('data-household-id')] as string[];
      expect(new Set(households).size).toBe(3);
      visitsBefore = await serverVisits();
      coverageBefore = await coverageTotals();

      // The service worker has taken the page and kept the app's files.
      await phone.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 30_000 });
      await expect
        .poll(
          () =>
            phone.evaluate(async () => {
              const names = await caches.keys();
              const kept = (await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)))).flat();
              return kept.includes('/w/') && kept.some((p) => /\/assets\/WorkerApp-[^/]+\.js$/.test(p));
            }),
          { timeout: 20_000 },
        )
        .toBe(true);
    });
  });

  test('without network, the worker logs three visits; the plan shows them and the queue holds 3', async () => {
    await step(phone, 'worker-offline', async () => {
      await phoneContext.setOffline(true);
      // A reload without network: the page from the service worker, the plan from IndexedDB.
      await phone.reload();
      await item(households[0]).waitFor({ timeout: 30_000 });
      await phone.locator('[data-testid=offline-badge]').waitFor();
      expect(await syncCount()).toBe('0');

      // 1. Solved on the spot, with a phone photo (shrunk on the phone before it is stored).
      await openVisitForm(households[0]);
      await phone.locator('[data-testid=visit-submit]').click();
      await expect.poll(() => phone.locator('.m-field-error').allTextContents()).toContain('请写上见到了谁，如：户主张大爷');
      await phone.locator('[data-testid=visit-met-with] input').fill('户主李阿姨');
      await phone.locator('[data-testid=visit-situation] textarea').first().fill('老人身体还好，孙子在读小学');
      await phone.locator('[data-testid=visit-finding-on_spot]').click();
      await phone.locator('[data-testid=visit-submit]').click();
      await expect.poll(() => phone.locator('.m-field-error').allTextContents()).toEqual(
        expect.arrayContaining(['请写下是什么事', '请写下当场是怎么解决的', '请选择问题类别']),
      );
      await phone.locator('[data-testid=finding-content] textarea').first().fill(ON_SPOT);
      await phone.locator('[data-testid=finding-result] textarea').first().fill('联系物业当场换了灯泡');
      await pickCategory('路灯', '路灯故障');
      await phone.locator('[data-testid=visit-photos] input[type=file]').setInputFiles([{ name: 'IMG_3001.jpg', mimeType: 'image/jpeg', buffer: await bigPhoto(phone) }]);
      await phone.locator('[data-testid=visit-photos] .adm-image-uploader-cell-image').first().waitFor();
      // Saving waits until the photo is shrunk.
      await expect.poll(() => phone.locator('[data-testid=visit-submit]').isEnabled(), { timeout: 20_000 }).toBe(true);
      expect(await phone.locator('[data-testid=visit-photos] .adm-image-uploader-cell-fail').count()).toBe(0);
      await saveVisit();
      await expect.poll(() => item(households[0]).getAttribute('data-status')).toBe('visited');

      // 2. A new appeal for the township to handle.
      await openVisitForm(households[1]);
      await phone.locator('[data-testid=visit-met-with] input').fill('店主王师傅');
      await phone.locator('[data-testid=visit-situation] textarea').first().fill('店主说门口下水道堵了');
      await phone.locator('[data-testid=visit-finding-appeal]').click();
      // The new appeal starts from the situation already typed; the worker then writes it out.
      await expect.poll(() => phone.locator('[data-testid=finding-content] textarea').first().inputValue()).toBe('店主说门口下水道堵了');
      await phone.locator('[data-testid=finding-content] textarea').first().fill(APPEAL);
      await pickCategory('排水', '排水不畅积水');
      await saveVisit();

      // 3. Nobody home.
      await openVisitForm(households[2]);
      await phone.locator('[data-testid=visit-outcome-nobody_home]').click();
      await phone.locator('[data-testid=visit-situation] textarea').first().fill('敲门无人应答，已在门上留联系卡');
      await saveVisit();

      // The plan counts the work done offline.
      await expect.poll(() => item(households[1]).getAttribute('data-status')).toBe('visited');
      await expect.poll(() => item(households[2]).getAttribute('data-status')).toBe('nobody_home');
      await expect.poll(() => phone.locator('[data-testid=plan-count-visited] b').textContent()).toBe('2');
      await expect.poll(() => phone.locator('[data-testid=plan-count-nobody-home] b').textContent()).toBe('1');
      // 今日已走访 lists the three, waiting to upload; the appeal's number comes once uploaded.
      await expect.poll(() => phone.locator('[data-testid=today-visit]').count()).toBe(3);
      for (const h of households) expect(await todayVisit(h).getAttribute('data-state')).toBe('pending');
      expect(await todayVisit(households[1]).locator('[data-testid=today-visit-appeal]').textContent()).toContain('待上传');

      // Three wait in the queue; nothing has reached the server.
      await expect.poll(syncCount).toBe('3');
      await phone.locator('[data-testid=sync-badge]').click();
      await phone.locator('[data-testid=sync-page]').waitFor();
      await expect.poll(() => phone.locator('[data-testid=sync-pending-count]').getAttribute('data-count')).toBe('3');
      expect(await phone.locator('[data-testid=queue-item][data-state=pending]').count()).toBe(3);
      expect(await phone.locator('[data-testid=sync-now]').isDisabled()).toBe(true);
      const q = await readQueue(phone);
      queued = q.map((x) => x.body);
      expect(q.map((x) => x.state)).toEqual(['pending', 'pending', 'pending']);
      expect(queued.map((b) => [b.householdId, b.outcome, b.finding])).toEqual([
        [households[0], 'met', 'on_spot'],
        [households[1], 'met', 'appeal'],
        [households[2], 'nobody_home', 'nothing'],
      ]);
      expect(queued[0]!.photos).toHaveLength(1);
      expect(await serverVisits()).toHaveLength(visitsBefore.length);
    });
  });

  test('the network returns and the queue uploads each visit exactly once', async () => {
    await step(phone, 'worker-sync', async () => {
      await phoneContext.setOffline(false);
      await expect.poll(syncCount, { timeout: 30_000 }).toBe('0');
      await expect.poll(() => phone.locator('[data-testid=sync-pending-count]').getAttribute('data-count')).toBe('0');
      expect(await phone.locator('[data-testid=sync-failed-count]').getAttribute('data-count')).toBe('0');
      expect(await phone.locator('[data-testid=offline-badge]').count()).toBe(0);

      const mine = new Set(queued.map((b) => b.clientId));
      const check = async () => {
        const all = await serverVisits();
        const rows = all.filter((v) => mine.has(v.clientId));
        // Each queued visit exactly once, each on its household, and nothing else added.
        expect(rows.map((v) => v.clientId).sort()).toEqual([...mine].sort());
        for (const [i, h] of households.entries()) expect(rows.filter((v) => v.householdId === h).map((v) => v.clientId)).toEqual([queued[i]!.clientId]);
        expect(all).toHaveLength(visitsBefore.length + 3);
        return rows;
      };
      const rows = await check();
      const byClient = new Map(rows.map((v) => [v.clientId, v]));
      expect(byClient.get(queued[0]!.clientId)).toMatchObject({ finding: 'on_spot', photoCount: 1 });
      expect(byClient.get(queued[2]!.clientId)).toMatchObject({ outcome: 'nobody_home' });
      appealNumber = byClient.get(queued[1]!.clientId)!.appealNumber ?? '';
      expect(appealNumber).toMatch(/^\d{6}-\d{8}-\d{4}$/);

      // A second, forced sync sends nothing again…
      await phone.locator('[data-testid=sync-now]').click();
      await expect.poll(() => phone.locator('[data-testid=sync-now]').isEnabled(), { timeout: 20_000 }).toBe(true);
      await check();
      // …and a submission the phone retries (its answer lost on the way) is recognised, not doubled.
      const again = await gridApi.post('/api/visits', queued[1]);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ clientId: queued[1]!.clientId, replayed: true, appealNumber });
      await check();

      // The plan, fetched again from the server, agrees.
      await phone.locator('[data-testid=nav-plan]').click();
      await expect.poll(() => item(households[0]).getAttribute('data-status')).toBe('visited');
      await expect.poll(() => item(households[1]).getAttribute('data-status')).toBe('visited');
      await expect.poll(() => item(households[2]).getAttribute('data-status')).toBe('nobody_home');
      const plan = await gridApi.get<{ items: { household: { id: string }; status: string }[] }>('/api/visits/today');
      expect(households.map((h) => plan.items.find((i) => i.household.id === h)?.status)).toEqual(['visited', 'visited', 'nobody_home']);
      // 今日已走访: the three uploaded, the appeal with the number the server gave it.
      await expect.poll(() => todayVisit(households[1]).getAttribute('data-state')).toBe('uploaded');
      await expect.poll(() => todayVisit(households[1]).locator('[data-testid=today-visit-appeal]').textContent()).toContain(appealNumber);
      expect(await phone.locator('[data-testid=today-visit]').count()).toBe(3);
      for (const h of households) expect(await todayVisit(h).getAttribute('data-state')).toBe('uploaded');
    });
  });

  test('in the console the dispatcher finds the new appeal in the inbox, and coverage counts the visits', async () => {
    await step(staff, 'visits-console', async () => {
      await staff.goto(`${server.url}/login`);
      await staff.locator('[data-testid=login-username]').fill('dispatcher');
      await staff.locator('[data-testid=login-password]').fill(server.demoPassword);
      await staff.locator('[data-testid=login-submit]').click();
      await staff.locator('[data-testid=menu-appeals]').waitFor({ timeout: 30_000 });
      await staff.locator('[data-testid=menu-appeals]').click();
      await staff.locator('[data-testid=inbox-tab-to_accept]').click();
      const link = staff.locator('[data-testid=appeals-table] [data-testid=appeal-link]', { hasText: appealNumber });
      await link.waitFor({ timeout: 20_000 });
      await link.click();
      await staff.waitForURL(/\/appeals\/[0-9a-f-]{36}$/);
      await expect.poll(() => staff.locator('[data-testid=appeal-content]').textContent()).toBe(APPEAL);

      const found = await dispatcherApi.get<{ items: { number: string; channel: string; status: string; categoryCode: string }[] }>(
        `/api/appeals?q=${encodeURIComponent(appealNumber)}`,
      );
      expect(found.items.find((a) => a.number === appealNumber)).toMatchObject({ channel: 'visit', status: 'registered', categoryCode: '0303' });

      // Two households met, one nobody home — counted once each (a household met earlier this month
      // was already counted as visited).
      const month = chinaMonth(new Date());
      const newlyVisited = households
        .slice(0, 2)
        .filter((h) => !visitsBefore.some((v) => v.householdId === h && v.outcome === 'met' && chinaMonth(new Date(v.checkInAt)) === month)).length;
      const after = await coverageTotals();
      expect(after).toEqual({
        visitedHouseholds: coverageBefore.visitedHouseholds + newlyVisited,
        visits: coverageBefore.visits + 2,
        nobodyHome: coverageBefore.nobodyHome + 1,
      });
    });
  });
});
