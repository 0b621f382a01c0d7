/**
 * 一户一档 in a real browser against the real server and its demo workspace: a community worker
 * imports a roster, finds the household by a member's phone (in a POST body, never in an address) and
 * by their name, reveals the member's ID number (giving a
 * reason), and the administrator sees that reveal and its reason in the audit log.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { idNumberFor } from '../server/generate/identity';
import { openConsole, signOutThroughMenu, step, type ConsoleSession } from './harness';

const GRID = '360802004002001'; // 习溪桥社区第一网格, in the demo account `community`'s scope
const NAME = '蔺嘉禾'; // a surname the demo generator never uses
const ID = idNumberFor('360802', '1987-06-15', 357);

let session: ConsoleSession;
let page: Page;

async function roster(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('户籍台账');
  ws.addRow(['网格代码*', '村民小组', '门牌号', '户类型', '户标签', '姓名*', '与户主关系*', '身份证号', '联系电话']);
  ws.addRow([GRID, '浏览器测试组', '8', '务工户', '低保', NAME, '户主', ID, '13979601234']);
  ws.addRow([GRID, '浏览器测试组', '8', '', '', '蔺小禾', '子女', '', '']);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tingsu-roster-')), '台账.xlsx');
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

describe('household files in the console', () => {
  beforeAll(async () => {
    session = await openConsole();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  test('import a roster, find the household by a member’s name, reveal the ID number, see the reveal audited', async () => {
    await step(page, 'households-import', async () => {
      await session.signIn('community');
      await page.locator('[data-testid=menu-households]').click();
      await page.waitForURL('**/households**');
      await page.locator('[data-testid=import-open]').click();
      await page.locator('.ant-modal input[type=file]').setInputFiles(await roster());
      const status = page.locator('[data-testid=import-status]');
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
      await expect.poll(() => status.textContent()).toContain('新建 1 户、2 人');
      // Closed, and seen closed: a click during the result's re-render can miss.
      const modal = page.locator('.ant-modal-wrap:visible');
      for (let attempt = 0; attempt < 3 && (await modal.count()) > 0; attempt++) {
        await page.locator('.ant-modal-footer button').click({ timeout: 10_000 }).catch(() => undefined);
        await modal.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      }
      await expect.poll(() => modal.count()).toBe(0);
    });

    await step(page, 'households-search-by-phone', async () => {
      // A full phone is searched in a POST body: never in the page's address or any request's.
      const addresses: string[] = [];
      page.on('request', (r) => addresses.push(r.url()));
      await page.locator('[data-testid=household-search] input').fill('139 7960 1234');
      await page.locator('[data-testid=household-search] input').press('Enter');
      await page.locator('.ant-table-row', { hasText: '浏览器测试组8号' }).waitFor({ timeout: 20_000 });
      await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
      expect(page.url()).not.toMatch(/7960|1234/);
      expect(addresses.filter((u) => /7960|1234/.test(decodeURIComponent(u)))).toEqual([]);
      page.removeAllListeners('request');
    });

    await step(page, 'households-search', async () => {
      await page.locator('[data-testid=household-search] input').fill(NAME);
      await page.locator('[data-testid=household-search] input').press('Enter');
      const row = page.locator('.ant-table-row', { hasText: '浏览器测试组8号' });
      await row.waitFor({ timeout: 20_000 });
      expect(await page.locator('.ant-table-row').count()).toBe(1);
      await row.click();
    });

    await step(page, 'households-reveal', async () => {
      const drawer = page.locator('.ant-drawer');
      await drawer.locator('text=' + NAME).waitFor();
      // Masked until revealed.
      await drawer.locator(`text=360802********${ID.slice(-4)}`).first().waitFor();
      await drawer.locator('[data-testid=reveal-idNumber]').first().click();
      // A reveal asks why first; the reason goes into the audit entry.
      const modal = page.locator('.ant-modal:has([data-testid=reveal-reason-choices])');
      await modal.waitFor({ state: 'visible' });
      await modal.locator('[data-testid=reveal-reason-visit]').click();
      await modal.locator('[data-testid=reveal-reason-ok]').click();
      await expect.poll(() => drawer.locator('[data-testid=revealed-idNumber]').textContent(), { timeout: 20_000 }).toContain(ID);
    });

    await step(page, 'households-audit', async () => {
      await page.locator('.ant-drawer-close').click();
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
      await signOutThroughMenu(page);
      await session.signIn('admin');
      await page.locator('[data-testid=menu-audit]').click();
      await page.waitForURL('**/audit**');
      const entry = page.locator('.ant-table-row', { hasText: '查看完整证件号/电话' }).first();
      await entry.waitFor({ timeout: 20_000 });
      expect(await entry.textContent()).toContain('community');
      expect(await entry.locator('[data-testid=audit-reason]').textContent()).toBe('入户走访核实');
      // The entry names whose file it was: the person masked, with their household's address.
      expect(await entry.textContent()).toContain('浏览器测试组8号');
      expect(await entry.textContent()).not.toContain(NAME);
      // The audit entry names the field, never the value.
      expect(await page.locator('body').textContent()).not.toContain(ID);
    });
  });
});
