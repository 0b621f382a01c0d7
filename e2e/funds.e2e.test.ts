/**
 * 社区吹哨专项基金 end to end: a resident's appeal in 习溪桥居委会 becomes a project — proposed from the
 * appeal's page by the community (`community`), approved by a colleague (`community2`: four eyes),
 * started and a payment requested with its receipt (a PDF), the payment approved by the township
 * (`dispatcher`), the works completed and accepted by residents — and the project, its payment and
 * its acceptance (signer's name masked) appear on the community's public accounts page, without login.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chooseOption, launchBrowser, signInAs, startServer, step, type RunningServer } from './harness';

const COMMUNITY = '360802004002'; // 习溪桥居委会
const TITLE = `巷道排水沟盖板更换（浏览器测试 ${Date.now()}）`;
const RECEIPT = Buffer.from('%PDF-1.4\n% 发票 浏览器测试\ntrailer<<>>\n%%EOF\n');

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let appeal: { id: string; number: string };
let projectId = '';

/** Signs in (not through the form: see signInAs); each step then opens its own page. */
const signIn = (username: string) => signInAs(page, server, username, { path: null });

async function openProject() {
  await page.goto(`${server.url}/funds?tab=projects&project=${projectId}`);
  await page.locator('[data-testid=project-status]').waitFor({ timeout: 30_000 });
}

/** Clicks a workflow button, lets `fill` complete the form, submits, and waits for the modal to go. */
async function act(action: string, fill?: (modal: ReturnType<Page['locator']>) => Promise<void>) {
  await page.locator(`[data-testid=project-action-${action}]`).click();
  const modal = page.locator('.ant-modal').filter({ has: page.locator('[data-testid=action-submit]') });
  await modal.waitFor();
  await expect.poll(() => modal.getAttribute('class')).not.toMatch(/ant-zoom/);
  if (fill) await fill(modal);
  await modal.locator('[data-testid=action-submit]').click();
  await modal.waitFor({ state: 'detached', timeout: 30_000 });
}

const status = () => page.locator('[data-testid=project-status]').textContent();

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  // A resident phones in about the drain cover in front of their building (registered by the community).
  const api = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  const login = await api.post('/api/auth/login', { data: { username: 'community', password: server.demoPassword } });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const res = await api.post('/api/appeals', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: {
      channel: 'hotline',
      requester: { kind: 'resident', name: '胡春生', phone: '13907960123' },
      content: '巷子里排水沟盖板断了好几块，晚上看不清，老人小孩容易踩空。',
      categoryCode: '0302',
      placeCode: `${COMMUNITY}001`,
      address: '习溪桥居委会后巷 7 号旁',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  appeal = (await res.json()) as { id: string; number: string };
  await api.dispose();
}, 500_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
});

describe('from a whistle to an accepted, paid project on the public page', () => {
  test('the community proposes a project from the appeal’s page', async () => {
    await signIn('community');
    await step(page, 'funds-propose-from-appeal', async () => {
      await page.goto(`${server.url}/appeals/${appeal.id}`);
      await page.locator('[data-testid=appeal-propose-project]').click();
      const modal = page.locator('.ant-modal').filter({ has: page.locator('[data-testid=project-form-submit]') });
      await modal.waitFor();
      // The fund (chooseOption opens the select again when a busy machine closed it under the click).
      await chooseOption(page, modal.locator('.ant-select').first(), '·习溪桥街道');
      await modal.locator('[data-testid=project-form-title]').fill(TITLE);
      await modal.locator(':is(input[data-testid=project-form-estimate], [data-testid=project-form-estimate] input)').fill('30000');
      await modal.locator(':is(input[data-testid=project-form-households], [data-testid=project-form-households] input)').fill('26');
      await modal.locator('[data-testid=project-form-submit]').click();
      await modal.waitFor({ state: 'detached', timeout: 30_000 });
      await expect.poll(() => new URL(page.url()).searchParams.get('project')).toBeTruthy();
      projectId = new URL(page.url()).searchParams.get('project')!;
      await expect.poll(status).toBe('待审批');
      // Four eyes: the proposer is offered no approval button.
      expect(await page.locator('[data-testid=project-action-approve]').count()).toBe(0);
      // Households benefiting: corrected with a reason, which the timeline keeps.
      expect(await page.locator('[data-testid=project-households]').textContent()).toBe('26');
      await page.locator('[data-testid=project-households-edit]').click();
      const fix = page.locator('.ant-modal').filter({ has: page.locator('[data-testid=households-submit]') });
      await fix.waitFor();
      await fix.locator(':is(input[data-testid=households-value], [data-testid=households-value] input)').fill('31');
      await fix.locator('[data-testid=households-reason]').fill('盖板所在巷道两侧共 31 户，入户核实');
      await fix.locator('[data-testid=households-submit]').click();
      await fix.waitFor({ state: 'hidden', timeout: 30_000 });
      await expect.poll(() => page.locator('[data-testid=project-households]').textContent()).toBe('31');
      await expect.poll(() => page.locator('.ant-drawer-body').textContent()).toContain('盖板所在巷道两侧共 31 户，入户核实');
    });
  });

  test('a colleague approves it, the works start and a payment is requested with its receipt', async () => {
    await signIn('community2');
    await step(page, 'funds-approve-and-request-payment', async () => {
      await openProject();
      await act('approve', (m) => m.locator('[data-testid=action-reason]').fill('居民议事会讨论同意，金额在社区审批权限内'));
      await expect.poll(status).toBe('已批准');
      await expect.poll(() => page.locator('[data-testid=project-approved]').textContent()).toBe('30,000.00');
      await act('start', (m) => m.locator('[data-testid=action-contractor]').fill('吉安市庐陵市政工程有限公司'));
      await expect.poll(status).toBe('施工中');
      await act('request_payment', async (m) => {
        await m.locator(':is(input[data-testid=payment-amount], [data-testid=payment-amount] input)').fill('28600');
        await m.locator('input[type=file]').setInputFiles({ name: '发票-盖板更换.pdf', mimeType: 'application/pdf', buffer: RECEIPT });
        await expect.poll(() => m.locator('.ant-upload-list-item').count()).toBe(1);
      });
      await expect.poll(() => page.locator('[data-testid=payments-table]').textContent()).toContain('待审核');
      // The requester may not approve their own payment: no button for them.
      expect(await page.locator('[data-testid=payment-approve]').count()).toBe(0);
    });
  });

  test('the township approves the payment; the works are completed and accepted by residents', async () => {
    await signIn('dispatcher');
    await step(page, 'funds-pay-and-accept', async () => {
      await openProject();
      await page.locator('[data-testid=payment-approve]').click();
      await expect.poll(() => page.locator('[data-testid=project-paid]').textContent()).toBe('28,600.00');
      await act('complete');
      await expect.poll(status).toBe('待验收');
      await act('accept', (m) => m.locator('[data-testid=signer-name-0]').fill('胡春生'));
      await expect.poll(status).toBe('已验收');
    });
    await step(page, 'funds-ledger-and-figures', async () => {
      // The township's ledger holds the payment as an entry of its own; the figures draw their chart.
      await page.goto(`${server.url}/funds?tab=funds`);
      const row = page.locator('tr', { hasText: '吉州区社区吹哨专项基金·习溪桥街道' });
      await row.locator('[data-testid^=fund-ledger-]').click();
      await expect.poll(() => page.locator('[data-testid=ledger-table]').textContent()).toContain('-28,600.00');
      await page.goto(`${server.url}/funds?tab=figures`);
      await page.locator('[data-testid=chart-by-status] canvas').waitFor({ timeout: 30_000 });
      // Households benefiting per place, beside the money and the days.
      await page.locator('[data-testid=chart-per-place] canvas').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator('[data-testid=figures-per-place]').textContent()).toContain('习溪桥居委会');
    });
  });

  test('the community’s public accounts page shows the project, its payment and acceptance, without login', async () => {
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const p = await visitor.newPage();
    await step(p, 'funds-public-page', async () => {
      await p.goto(`${server.url}/accounts/place/${COMMUNITY}`);
      await expect.poll(() => p.locator('[data-testid=accounts-title]').textContent()).toContain('习溪桥居委会');
      const row = p.locator('tr', { has: p.locator(`[data-testid=accounts-project-${projectId}]`) });
      await expect.poll(() => row.textContent()).toContain(TITLE);
      expect(await row.textContent()).toContain('28,600.00');
      await expect.poll(() => p.locator(`[data-testid=accounts-acceptance-${projectId}]`).textContent()).toContain('居民代表 胡**');
      // 4:3:3 of the recovered income is on the page too; no resident's full name or phone anywhere.
      await expect.poll(() => p.locator('[data-testid=accounts-buckets]').first().textContent()).toContain('40%');
      const html = await p.content();
      expect(html).not.toContain('胡春生');
      expect(html).not.toContain('13907960123');
      const xlsx = await p.request.get(`${server.url}/api/public/accounts/places/${COMMUNITY}/export`);
      expect(xlsx.status()).toBe(200);
      // The PDF for the notice board, made in the browser: a real PDF with pages, downloaded.
      const [download] = await Promise.all([p.waitForEvent('download', { timeout: 60_000 }), p.locator('[data-testid=accounts-pdf]').click()]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const chunks: Buffer[] = [];
      for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
      const pdf = Buffer.concat(chunks);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/\/Type \/Pages \/Kids \[[^\]]+\] \/Count [1-9]/);
      expect(pdf.length).toBeGreaterThan(20_000);
    });
    await visitor.close();
  });
});
