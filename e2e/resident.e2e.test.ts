/**
 * 码上解 end to end: a resident scans the poster of 习溪桥社区第一网格 on a phone (375 × 812, touch),
 * submits an appeal without an account and reads its number; in the console the township dispatcher
 * (习溪桥街道) accepts it and dispatches it to 吉州区城市管理局, whose handler signs for it and handles it;
 * the dispatcher reports back and records the township's evaluation; the resident tracks it on the
 * phone, reads the plain-words timeline and rates it 满意; the appeal is closed and the statistics
 * count it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { actOnAppeal, bigPhoto, consoleLogin, consoleLogout, launchBrowser, startServer, step, type RunningServer } from './harness';

const PLACE = '360802004002001';
const PHONE = '139 0796 2468';
const LAST4 = '2468';
const CONTENT = `习溪桥社区 5 栋门口路灯不亮快两周了，晚上老人出门看不清路（浏览器测试 ${Date.now()}）`;
const RESULT = '已更换 5 栋门口路灯灯头，恢复照明';

let server: RunningServer;
let browser: Browser;
let phoneContext: BrowserContext;
let phone: Page;
let consoleContext: BrowserContext;
let staff: Page;

/** Set by the first test; every later step works on this appeal. */
let number = '';
let appealId = '';
/** The dispatcher's month figures before the appeal was accepted. */
let before: { accepted: number; closed: number; satisfied: number } | null = null;

/** The assessment month (calendar month, China time) the statistics page opens on. */
function thisMonth(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

async function monthTotals() {
  const res = await staff.request.get(`${server.url}/api/appeals/metrics?month=${thisMonth()}`);
  expect(res.status(), await res.text()).toBe(200);
  const { totals } = (await res.json()) as { totals: { accepted: number; closed: number; satisfied: number } };
  return { accepted: totals.accepted, closed: totals.closed, satisfied: totals.satisfied };
}

const login = (username: string) => consoleLogin(staff, server, username);

const logout = () => consoleLogout(staff);

const status = () => staff.locator('[data-testid=appeal-status]').getAttribute('data-status');

/** Opens an action's form, lets `fill` complete it, submits, and waits for the modal to close. */
function act(action: string, fill?: () => Promise<void>) {
  return actOnAppeal(staff, action, fill);
}

/** Opens the resident's appeal from an inbox tab of the console's appeals page. */
async function openFromInbox(box: string) {
  await staff.locator('[data-testid=menu-appeals]').click();
  await staff.locator(`[data-testid=inbox-tab-${box}]`).click();
  const link = staff.locator('[data-testid=appeals-table] [data-testid=appeal-link]', { hasText: number });
  await link.waitFor({ timeout: 20_000 });
  await link.click();
  await staff.waitForURL(/\/appeals\/[0-9a-f-]{36}$/);
  appealId = staff.url().split('/').pop()!;
  // The page loads its code, then the appeal: on a busy machine that can take seconds.
  await expect.poll(() => staff.locator('[data-testid=appeal-number]').textContent(), { timeout: 15_000 }).toBe(number);
}

/** Checks a downloaded PDF's structure: header, page count, and every xref offset pointing at its object. */
function checkPdf(bytes: Buffer, pages: number) {
  const text = bytes.toString('latin1');
  expect(text.startsWith('%PDF-1.')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  expect(text).toContain(`/Count ${pages} `);
  expect(text.match(/\/Subtype \/Image/g)).toHaveLength(pages);
  expect(text).toContain('/Filter /DCTDecode');
  const xref = Number(/startxref\n(\d+)/.exec(text)![1]);
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(xref))!;
  expect(Number(first)).toBe(0);
  const rows = text.slice(xref).split('\n').slice(3, 2 + Number(count));
  rows.forEach((row, i) => expect(text.slice(Number(row.slice(0, 10)), Number(row.slice(0, 10)) + 12)).toMatch(new RegExp(`^${i + 1} 0 obj`)));
  // The embedded images are JPEGs as the canvas made them.
  const stream = text.indexOf('stream\n', text.indexOf('/DCTDecode')) + 'stream\n'.length;
  expect(bytes.subarray(stream, stream + 2).toString('hex')).toBe('ffd8');
}

describe('码上解: a resident’s appeal from the QR poster to closure', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    phoneContext = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      // A position outside China: the page must fall back to the address field.
      permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
      geolocation: { latitude: 0.5, longitude: 0.5 },
    });
    phone = await phoneContext.newPage();
    consoleContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    staff = await consoleContext.newPage();
  });

  afterAll(async () => {
    await phoneContext?.close().catch(() => {});
    await consoleContext?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('an unknown QR code and wrong tracking digits get plain answers', async () => {
    await step(phone, 'resident-errors', async () => {
      await phone.goto(`${server.url}/r/360802004002999`);
      await expect.poll(() => phone.locator('[data-testid=place-error]').textContent(), { timeout: 30_000 }).toContain('没有找到这个二维码');
      // The console's sign-in never appears on the residents' pages.
      expect(phone.url()).toContain('/r/360802004002999');
      await phone.goto(`${server.url}/r/track`);
      await phone.locator('[data-testid=track-number] input').fill('360802-20990101-0001');
      await phone.locator('[data-testid=track-last4] input').fill('0000');
      await phone.locator('[data-testid=track-submit]').click();
      await expect.poll(() => phone.locator('[data-testid=track-error]').textContent()).toContain('请核对诉求编号');
    });
  });

  test('the resident submits an appeal on the phone page and gets a number', async () => {
    await step(phone, 'resident-submit', async () => {
      await phone.goto(`${server.url}/r/${PLACE}`);
      await expect.poll(() => phone.locator('[data-testid=place-header-name]').textContent(), { timeout: 30_000 }).toContain('习溪桥社区第一网格');
      await expect.poll(() => phone.locator('[data-testid=place-header-path]').textContent()).toContain('习溪桥街道');
      expect(phone.url()).toContain(`/r/${PLACE}`);

      // The honeypot is in the form but off-screen, and stays empty.
      const hp = phone.locator('input[name=website]');
      expect(await hp.inputValue()).toBe('');
      const box = await hp.boundingBox();
      expect(box === null || box.x + box.width < 0).toBe(true);

      // Nothing filled in: the form says what is missing.
      await phone.locator('[data-testid=submit-appeal]').click();
      await expect.poll(() => phone.locator('.adm-form-item-feedback-error').allTextContents()).toEqual(
        expect.arrayContaining(['请写下您要反映的问题', '请填写手机号码']),
      );

      await phone.locator('[data-testid=field-content] textarea:not([aria-hidden])').fill(CONTENT);
      // Category: 道路与排水 › 路灯故障 from the two-column picker.
      // (A tap on a wheel item selects it; the wheel's drag handling swallows Playwright's synthetic
      // touch-mode tap, so the click event is sent directly.)
      // The wheel animates to a tapped item; on a busy machine 确定 can come before it settles, so the
      // choice is made again until the form shows it (at most three times).
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          await phone.locator('[data-testid=field-category]').click();
          await phone.locator('.adm-picker-view-column-item', { hasText: '道路与排水' }).dispatchEvent('click');
          await expect.poll(() => phone.locator('.adm-picker-view-column').nth(1).textContent()).toContain('路灯故障');
          await phone.waitForTimeout(400);
          await phone.locator('.adm-picker-view-column-item', { hasText: '路灯故障' }).dispatchEvent('click');
          await phone.waitForTimeout(600);
          await phone.locator('.adm-picker-header-button', { hasText: '确定' }).click();
          await phone.locator('.adm-picker-header-button').first().waitFor({ state: 'hidden' });
          if ((await phone.locator('[data-testid=category-value]').textContent()) === '道路与排水 · 路灯故障') break;
        } catch (e) {
          if (attempt === 4) throw e;
          // The wheel did not follow this time: close the picker (if open) and choose again.
          const cancel = phone.locator('.adm-picker-header-button', { hasText: '取消' });
          if (await cancel.isVisible()) await cancel.click();
          await phone.locator('.adm-picker-header-button').first().waitFor({ state: 'hidden' });
        }
      }
      await expect.poll(() => phone.locator('[data-testid=category-value]').textContent()).toBe('道路与排水 · 路灯故障');

      // A big phone photo is shrunk in the browser before upload; the preview appears.
      await phone.locator('[data-testid=field-photos] input[type=file]').setInputFiles([{ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await bigPhoto(phone) }]);
      await phone.locator('[data-testid=field-photos] .adm-image-uploader-cell-image').first().waitFor();

      // The phone's position is outside the service area: the page says so and the address is used.
      await phone.locator('[data-testid=use-location]').click();
      await expect.poll(() => phone.locator('[data-testid=location-failed]').textContent()).toContain('请填写详细地址');
      await phone.locator('[data-testid=field-address] input').fill('习溪桥社区 5 栋门口');

      await phone.locator('[data-testid=field-name] input').fill('赵大爷');
      await phone.locator('[data-testid=field-phone] input').fill('12345');
      await phone.locator('[data-testid=submit-appeal]').click();
      await expect.poll(() => phone.locator('.adm-form-item-feedback-error').allTextContents()).toEqual([expect.stringContaining('11 位手机号码')]);
      await phone.locator('[data-testid=field-phone] input').fill(PHONE);
      await phone.locator('[data-testid=submit-appeal]').click();

      await phone.locator('[data-testid=submit-success]').waitFor({ timeout: 30_000 });
      number = (await phone.locator('[data-testid=appeal-number]').textContent())!.trim();
      expect(number).toMatch(/^360802-\d{8}-\d{4}$/);
      await phone.locator('[data-testid=copy-number]').click();
      await expect.poll(() => phone.evaluate(() => navigator.clipboard.readText())).toBe(number);

      // Straight to tracking: the number is filled in and the digits carried over.
      await phone.locator('[data-testid=go-track]').click();
      await phone.waitForURL('**/r/track?**');
      await expect.poll(() => phone.locator('[data-testid=track-status]').textContent()).toBe('已登记，等待受理');
      await expect.poll(() => phone.locator('[data-testid=track-timeline]').textContent()).toContain(number);
    });
  });

  test('the township dispatcher accepts it in the console and dispatches it to 吉州区城市管理局', async () => {
    await step(staff, 'staff-dispatch', async () => {
      await login('dispatcher');
      before = await monthTotals();
      await openFromInbox('to_accept');
      // Registered from the QR page, with the photo the resident took.
      await expect.poll(() => staff.locator('[data-testid=appeal-content]').textContent()).toBe(CONTENT);
      await expect.poll(() => staff.locator('[data-testid=requester-phone]').textContent()).toBe(`139****${LAST4}`);
      await act('accept');
      await expect.poll(status).toBe('accepted');
      await act('dispatch', async () => {
        const suggestion = staff.locator('[data-testid=dispatch-suggestion]', { hasText: '吉州区城市管理局' });
        if (await suggestion.count()) {
          await suggestion.first().click();
        } else {
          await staff.locator('[data-testid=dispatch-org-select]').click();
          await staff.keyboard.type('吉州区城市管理局');
          await staff.locator('.ant-select-item-option', { hasText: '吉州区城市管理局' }).first().click();
        }
        await expect.poll(() => staff.locator('[data-testid=dispatch-org-select]').textContent()).toContain('吉州区城市管理局');
      });
      await expect.poll(status).toBe('dispatched');
      await expect.poll(() => staff.locator('[data-testid=appeal-handling-org]').textContent()).toBe('吉州区城市管理局');
      await logout();
    });
  });

  test('the bureau’s handler signs for it and handles it', async () => {
    await step(staff, 'staff-handle', async () => {
      await login('handler');
      await openFromInbox('to_sign');
      await act('sign');
      await expect.poll(status).toBe('in_progress');
      await act('handle', async () => {
        await staff.locator('[data-testid=action-result]').fill(RESULT);
      });
      await expect.poll(status).toBe('handled');
      await logout();
    });
  });

  test('the dispatcher reports back; the resident’s rating and the township’s evaluation are awaited', async () => {
    await step(staff, 'staff-feedback', async () => {
      await login('dispatcher');
      await openFromInbox('to_feedback');
      await act('feedback');
      await expect.poll(status).toBe('feedback_given');
    });
  });

  test('the resident tracks it on the phone, reads the result and rates it 满意', async () => {
    await step(phone, 'resident-rate', async () => {
      await phone.goto(`${server.url}/r/${PLACE}`);
      await phone.locator('[data-testid=tab-track]').click();
      // Typed as people do: without the dashes.
      await phone.locator('[data-testid=track-number] input').fill(number.replace(/-/g, ''));
      await phone.locator('[data-testid=track-last4] input').fill(LAST4);
      await phone.locator('[data-testid=track-submit]').click();
      await expect.poll(() => phone.locator('[data-testid=track-status]').textContent()).toBe('已反馈结果，请您评价');
      await expect.poll(() => phone.locator('[data-testid=track-outcome]').textContent()).toContain(RESULT);
      const timeline = await phone.locator('[data-testid=track-timeline] .adm-step-title').allTextContents();
      expect(timeline).toEqual(expect.arrayContaining(['已转交吉州区城市管理局办理。', `已办结：${RESULT}`]));
      // Staff-only details never reach the resident's page.
      expect(await phone.locator('[data-testid=track-result]').textContent()).not.toContain('赵大爷');

      await phone.locator('[data-testid=rate-satisfied]').click();
      await phone.locator('[data-testid=rate-comment] textarea:not([aria-hidden])').fill('修得很快，谢谢！');
      await phone.locator('[data-testid=rate-submit]').click();
      await expect.poll(() => phone.locator('[data-testid=rating-thanks]').textContent()).toContain('感谢您的评价');
      await phone.locator('[data-testid=rating-done]').click();
      // The township has not evaluated the bureau yet, so the appeal is still open: the page thanks the
      // resident for the rating instead of asking for it again.
      await expect.poll(() => phone.locator('[data-testid=track-status]').textContent()).toBe('您已评价，感谢您的反馈');
      await expect.poll(() => phone.locator('[data-testid=track-rated]').textContent()).toContain('满意');
      expect(await phone.locator('[data-testid=track-rated]').textContent()).toContain('感谢');
      await expect(phone.locator('[data-testid=rating-box]').count()).resolves.toBe(0);
      // Read again from the server: still thanked, not asked.
      await phone.locator('[data-testid=track-refresh]').click();
      await expect.poll(() => phone.locator('[data-testid=track-status]').textContent()).toBe('您已评价，感谢您的反馈');
      expect(await phone.locator('body').textContent()).not.toContain('请您评价');
      await expect(phone.locator('[data-testid=rating-box]').count()).resolves.toBe(0);
    });
  });

  test('the township evaluates the bureau; the appeal closes and the resident’s page says so', async () => {
    await step(staff, 'staff-evaluate-org', async () => {
      await staff.goto(`${server.url}/appeals/${appealId}`);
      await expect.poll(status).toBe('feedback_given');
      await act('evaluate_org', async () => {
        await staff.locator('[data-testid=org-rating-good]').click();
      });
      await expect.poll(status).toBe('closed');
    });
    await step(phone, 'resident-closed', async () => {
      await phone.locator('[data-testid=track-refresh]').click();
      await expect.poll(() => phone.locator('[data-testid=track-status]').textContent()).toBe('已结案');
      await expect.poll(() => phone.locator('[data-testid=track-rated]').textContent()).toContain('满意');
    });
  });

  test('the appeal is closed in the console and the month’s statistics count it', async () => {
    await step(staff, 'staff-closed', async () => {
      await staff.goto(`${server.url}/appeals/${appealId}`);
      await expect.poll(status, { timeout: 20_000 }).toBe('closed');
      await expect.poll(() => staff.locator('[data-testid=appeal-status]').textContent()).toBe('已结案');
      await expect.poll(() => staff.locator('[data-testid=appeal-evaluations]').textContent()).toContain('满意');

      // The ledger agrees.
      const list = await staff.request.get(`${server.url}/api/appeals?q=${encodeURIComponent(number)}`);
      const page = (await list.json()) as { items: { number: string; status: string; channel: string }[] };
      expect(page.items.find((a) => a.number === number)).toMatchObject({ status: 'closed', channel: 'qr' });

      // Accepted, closed and rated 满意 this month: one more of each.
      const after = await monthTotals();
      expect(after).toEqual({ accepted: before!.accepted + 1, closed: before!.closed + 1, satisfied: before!.satisfied + 1 });
      await staff.locator('[data-testid=menu-statistics]').click();
      await expect
        .poll(() => staff.locator('[data-testid=metric-accepted] .ant-statistic-content').textContent(), { timeout: 20_000 })
        .toBe(String(after.accepted));
    });
  });

  test('community staff print the posters: preview, PNG, one-page PDF and all grids as one PDF', async () => {
    await step(staff, 'qr-posters', async () => {
      await logout();
      await login('community');
      await staff.locator('[data-testid=menu-qr]').click();
      await staff.waitForURL('**/qr');
      // Opens on the worker's own community, 习溪桥居委会, with its link to the residents' page.
      await expect.poll(() => staff.locator('[data-testid=qr-place-name]').textContent(), { timeout: 20_000 }).toBe('习溪桥居委会');
      await expect.poll(() => staff.locator('[data-testid=qr-url]').textContent()).toMatch(/\/r\/360802004002$/);
      // The preview is drawn (a non-blank canvas the size of A4 at 150 dpi).
      await expect
        .poll(() =>
          staff.locator('[data-testid=qr-preview]').evaluate((c: HTMLCanvasElement) => {
            // The head band is red.
            const [r, g, b, alpha] = c.getContext('2d')!.getImageData(60, 160, 1, 1).data;
            return `${c.width}x${c.height} ${alpha === 255 && r > 150 && g < 90 && b < 90 ? 'drawn' : 'blank'}`;
          }),
        )
        .toBe('1240x1754 drawn');

      const download = async (testId: string) => {
        const [d] = await Promise.all([staff.waitForEvent('download', { timeout: 60_000 }), staff.locator(`[data-testid=${testId}]`).click()]);
        return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
      };
      const png = await download('qr-download-png');
      expect(png.name).toBe('码上解海报-习溪桥居委会-360802004002.png');
      expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(png.bytes.readUInt32BE(16)).toBe(2480); // A4 at 300 dpi
      const pdf = await download('qr-download-pdf');
      expect(pdf.name).toBe('码上解海报-习溪桥居委会-360802004002.pdf');
      checkPdf(pdf.bytes, 1);
      const grids = await (await staff.request.get(`${server.url}/api/regions/360802004002/children`)).json();
      const batch = await download('qr-download-batch');
      checkPdf(batch.bytes, (grids as unknown[]).length);
    });
  });
});
