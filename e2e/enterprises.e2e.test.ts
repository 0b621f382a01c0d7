/**
 * 企业特派员 end to end: the demo commissioner `commissioner` opens one of their firms' page, logs a
 * visit that explains two policies and raises a financing problem; the problem becomes an enterprise
 * appeal of the 企业 channel, owned by the commissioner as its first contact, with its clock tiers
 * running. The township accepts and dispatches it (first contact released), the department proposes a
 * solution, signs and handles it, the requester is called back and the department evaluated: the firm's
 * page shows the appeal closed, every tier on time, and the visit with the appeal's number.
 * The figures by park draw their chart (and by commissioner theirs); the federation that referred
 * business disputes to the chamber's committee sees them on a party firm's page.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, type APIRequestContext } from 'playwright-core';
import { openConsole, step, type ConsoleSession } from './harness';

const PROBLEM = `扩产需流动资金贷款 3500 万元，希望协调银行授信（浏览器测试 ${Date.now()}）`;

let c: ConsoleSession;
const clients: APIRequestContext[] = [];

interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

async function apiAs(username: string): Promise<Api> {
  const ctx = await request.newContext({ baseURL: c.server.url, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
  clients.push(ctx);
  const login = await ctx.post('/api/auth/login', { data: { username, password: c.server.demoPassword } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    async get<T>(path: string) {
      const res = await ctx.get(path);
      expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
      return (await res.json()) as T;
    },
    async post<T>(path: string, body: unknown) {
      const res = await ctx.post(path, { data: body, headers: { 'X-CSRF-Token': csrfToken } });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
      return (await res.json()) as T;
    },
  };
}

beforeAll(async () => {
  c = await openConsole();
});

afterAll(async () => {
  for (const x of clients) await x.dispose().catch(() => {});
  await c?.close();
});

describe('enterprise commissioners', () => {
  test('a commissioner’s visit raises a problem that becomes an enterprise appeal, handled to closure', async () => {
    const page = c.page;
    const commissioner = await apiAs('commissioner');
    const { user: me } = await commissioner.get<{ user: { id: string } }>('/api/auth/me');
    const firms = await commissioner.get<{ items: { id: string; name: string }[] }>(`/api/enterprises?commissionerUserId=${me.id}&pageSize=1`);
    const firm = firms.items[0];
    expect(firm).toBeDefined();

    let appealId = '';
    await step(page, 'enterprises-visit', async () => {
      await c.signIn('commissioner');
      // The register in the menu, the firm from the list.
      await page.locator('[data-testid=menu-enterprises]').click();
      await page.locator('[data-testid=enterprise-search] input').fill(firm.name);
      await page.locator('[data-testid=enterprise-search] input').press('Enter');
      await page.locator('[data-testid=enterprises-table] tr', { hasText: firm.name }).first().click();
      await page.waitForURL(`**/enterprises/${firm.id}`);
      await expect.poll(() => page.locator('[data-testid=enterprise-title]').textContent()).toBe(firm.name);

      await page.locator('[data-testid=visit-log]').click();
      await page.locator('[data-testid=visit-findings]').fill('新厂房投产，订单增长，流动资金紧张');
      await page.locator('[data-testid=visit-policies]').fill('普惠小微贷款、技改补贴');
      await page.locator('[data-testid=visit-problem]').fill(PROBLEM);
      await page.locator('[data-testid=visit-submit]').click();
      // The visit on the firm's timeline, its problem an appeal owned by the commissioner.
      const visit = page.locator('[data-testid=enterprise-visits]');
      await expect.poll(() => visit.textContent(), { timeout: 20_000 }).toContain(PROBLEM);
      const row = page.locator('[data-testid=enterprise-appeals-table] tr', { hasText: '扩产需流动资金贷款' }).first();
      await expect.poll(() => row.locator('[data-testid=first-contact-owns]').count()).toBe(1);
      await expect.poll(() => row.locator('[data-testid=tier-respond]').textContent()).toContain('计时中');
    });

    const appeals = await commissioner.get<{ items: { appealId: string; title: string; number: string }[] }>(`/api/enterprise-appeals?enterpriseId=${firm.id}&pageSize=5`);
    const raised = appeals.items.find((a) => PROBLEM.startsWith(a.title.slice(0, 10)))!;
    appealId = raised.appealId;

    await step(page, 'enterprises-handling', async () => {
      // The township's desk (here the administrator) accepts and dispatches it to a department, which
      // proposes a solution, signs for it and handles it; the callback and the evaluation close it.
      const admin = await apiAs('admin');
      const handler = await apiAs('handler');
      const orgs = await admin.get<{ items: { id: string; name: string }[] }>(`/api/orgs?q=${encodeURIComponent('吉州区城市管理局')}`);
      const act = async (api: Api, action: string, body: Record<string, unknown> = {}) => {
        const a = await api.get<{ version: number }>(`/api/appeals/${appealId}`);
        await api.post(`/api/appeals/${appealId}/actions/${action}`, { version: a.version, ...body });
      };
      await act(admin, 'accept');
      await act(admin, 'dispatch', { leadOrgId: orgs.items[0].id });
      await handler.post(`/api/enterprise-appeals/${appealId}/solution`, { solution: '协调吉安农商银行授信 3500 万元', amountFen: 3_500_000_000 });
      await act(handler, 'sign');
      await act(handler, 'handle', { result: '流动资金贷款 3500 万元已发放' });
      await act(admin, 'feedback');
      await act(admin, 'evaluate', { rating: 'satisfied', method: 'callback' });
      await act(admin, 'evaluate_org', { rating: 'good', verified: true });

      await page.reload();
      const row = page.locator('[data-testid=enterprise-appeals-table] tr', { hasText: '扩产需流动资金贷款' }).first();
      await expect.poll(() => row.locator('[data-testid=enterprise-appeal-status]').textContent(), { timeout: 20_000 }).toBe('已结案');
      await expect.poll(() => row.locator('[data-testid=first-contact-owns]').count()).toBe(0);
      for (const tier of ['respond', 'solution', 'close']) await expect.poll(() => row.locator(`[data-testid=tier-${tier}]`).textContent()).toContain('按时');
      await expect.poll(() => page.locator('[data-testid=enterprise-visits]').textContent()).toContain(raised.number);
    });
  });

  test('the figures by park show their chart; a firm’s page lists its business disputes to the federation that referred them', async () => {
    const page = c.page;
    await step(page, 'enterprises-figures-by-park', async () => {
      await c.signIn('leader', '/enterprise-service');
      await page.getByRole('tab', { name: '统计' }).click();
      // By park (the default): the chart drawn, a row per park with its satisfaction.
      await page.locator('[data-testid=enterprise-breakdown-chart-park] canvas').waitFor({ timeout: 20_000 });
      const rows = page.locator('[data-testid=enterprise-breakdown-table] tbody tr');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
      await expect.poll(() => page.locator('[data-testid=enterprise-breakdown-table]').textContent()).toMatch(/\d+(\.\d)?%/);
      // By commissioner: another chart.
      await page.locator('[data-testid=enterprise-breakdown-dimension]').getByText('按特派员').click();
      await page.locator('[data-testid=enterprise-breakdown-chart-commissioner] canvas').waitFor({ timeout: 20_000 });
    });

    await step(page, 'enterprises-firm-disputes', async () => {
      // The federation's staff referred business disputes to the chamber's committee (the demo).
      const federation = await apiAs('federation');
      const cases = await federation.get<{ items: { id: string; title: string }[] }>('/api/mediation/cases?pageSize=50');
      const referred = cases.items.find((x) => x.title === '电子元器件货款拖欠纠纷')!;
      expect(referred).toBeDefined();
      const detail = await federation.get<{ parties: { creditCode: string | null }[] }>(`/api/mediation/cases/${referred.id}`);
      const firms = await federation.get<{ items: { id: string; name: string }[] }>(`/api/enterprises?q=${detail.parties[0].creditCode}`);
      const firm = firms.items[0];
      expect(firm).toBeDefined();

      await c.signIn('federation', `/enterprises/${firm.id}`);
      await expect.poll(() => page.locator('[data-testid=enterprise-title]').textContent(), { timeout: 20_000 }).toBe(firm.name);
      const disputes = page.locator('[data-testid=firm-disputes-table]');
      await expect.poll(() => disputes.textContent(), { timeout: 20_000 }).toContain('电子元器件货款拖欠纠纷');
      await expect.poll(() => disputes.textContent()).toContain('吉州区总商会人民调解委员会');
      await page.locator('[data-testid=firm-satisfaction]').waitFor();
    });
  });
});
