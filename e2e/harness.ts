/**
 * Starts the real server (demo workspace, fresh data directory, free port) and a headless Chromium
 * for the browser tests. Never downloads a browser: it drives the system's /usr/bin/chromium.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { claimServer } from './pool.js';
import { spawnDemoServer, spawnOnDemoCopy, type RunningServer } from './server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type { RunningServer };

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory with the demo loaded (made once by e2e/global-setup.ts on PGlite). */
    demoDataDir?: string;
    /** The address of the pool that starts each file's server ahead of it (e2e/pool.ts). */
    serverPool?: string;
  }
}

export interface ServerOptions {
  /** A data directory of the test's own (the server loads the demo there when it is empty). */
  dataDir?: string;
  /** Settings for this server's environment (TINGSU_MAP_TILES…), beside the run's own. */
  env?: Record<string, string>;
}

/**
 * The server on a fresh data directory: `dataDir` when given; else one the pool started ahead on a copy
 * of the demo workspace the global setup loaded once (on PGlite; loading it takes most of a minute);
 * else, for a server with settings of its own, a copy started here; else an empty directory where the
 * server loads the demo itself.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const pool = inject('serverPool');
  if (pool && !opts.dataDir && !opts.env) return claimServer(pool);
  if (opts.dataDir) return spawnDemoServer(opts.dataDir, opts.env);
  const demo = process.env.DATABASE_URL ? undefined : inject('demoDataDir');
  return spawnOnDemoCopy(demo, opts.env);
}

/** The Chromium process of this test worker, started by the first file that asks for a browser. */
let sharedBrowser: Promise<Browser> | undefined;

function startChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * Headless Chromium for a test file. The files run one after another in one test worker
 * (vitest.e2e.config.ts) and share its Chromium process, started once: each file's pages live in browser
 * contexts of its own (fresh cookies, storage and cache, as a new browser profile would have), and the
 * handle's `close()` closes every context left open instead of the process, which ends with the worker.
 */
export async function launchBrowser(): Promise<Browser> {
  let browser = await (sharedBrowser ??= startChromium());
  if (!browser.isConnected()) {
    sharedBrowser = startChromium();
    browser = await sharedBrowser;
  }
  const running = browser;
  const close = async () => {
    await Promise.all(running.contexts().map((c) => c.close().catch(() => undefined)));
  };
  return new Proxy(running, {
    get(target, key) {
      if (key === 'close') return close;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Runs a step; on failure leaves a screenshot in e2e/artifacts/ for whoever reads the CI log. */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    try {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      (err as Error).message += `\n(screenshot: ${file}, page: ${page.url()})`;
    } catch {
      // the page may be gone; the original error matters
    }
    throw err;
  }
}

export interface ConsoleSession {
  server: RunningServer;
  page: Page;
  /**
   * Signs in as a demo account (see `signInAs`: not through the form) and opens `path` (the workbench
   * by default) once the menu shows; null opens no page.
   */
  signIn(username: string, path?: string | null): Promise<void>;
  close(): Promise<void>;
}

/** The server, a browser and one zh-CN page: what a browser test starts with. */
export async function openConsole(opts: ServerOptions = {}): Promise<ConsoleSession> {
  const server = await startServer(opts);
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  return {
    server,
    page,
    signIn: (username, path) => signInAs(page, server, username, { path, ready: path === null ? null : '[data-testid=menu-overview]' }),
    async close() {
      await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.stop();
    },
  };
}

/**
 * Signs in as a demo account for a story that is not about signing in, the way the login form does it
 * but without the form: the sign-in request goes out from the page's own browser context, whose cookie
 * jar then holds the session exactly as after the form, and `path` opens signed in (as a bookmark would).
 * It skips loading the login page and drawing the workbench the form lands on, which a test then leaves
 * at once. The form itself is tested in console.e2e.test.ts (console), visits.e2e.test.ts and
 * meetings.e2e.test.ts (phones) and mobile-console.e2e.test.ts (the console on a phone).
 *
 * The cookies of whoever was signed in before are dropped first. `path`: null opens no page (the test
 * opens its own next). `ready`: what to wait for once the page opens (the console's menu by default;
 * null for nothing).
 */
export async function signInAs(
  page: Page,
  server: RunningServer,
  username: string,
  opts: { path?: string | null; ready?: string | null } = {},
): Promise<void> {
  await page.context().clearCookies();
  const res = await page.request.post(`${server.url}/api/auth/login`, { data: { username, password: server.demoPassword } });
  if (!res.ok()) throw new Error(`signing in as ${username}: ${res.status()} ${await res.text()}`);
  if (opts.path === null) return;
  await page.goto(`${server.url}${opts.path ?? '/'}`);
  const ready = opts.ready === undefined ? '[data-testid=menu-appeals]' : opts.ready;
  if (ready) await page.locator(ready).waitFor({ timeout: 30_000 });
}

/** A photo as a phone takes it: big (3000 × 2000 JPEG, several MB), made in the page. */
export async function bigPhoto(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 3000;
    c.height = 2000;
    const ctx = c.getContext('2d')!;
    const img = ctx.createImageData(c.width, c.height);
    for (let i = 0; i < img.data.length; i += 4) {
      img.data[i] = ((i / 4) % c.width) / 12;
      img.data[i + 1] = Math.random() * 255;
      img.data[i + 2] = 120;
      img.data[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

/**
 * Picks a category in a category tree select (`field`: its form item), searching by name. On a busy
 * machine the click can land while the filtered tree re-renders and select nothing: the field is checked
 * to show the name, and the pick is made again if it does not (leaving the field closes the dropdown;
 * Escape would close the modal around it).
 */
export async function pickCategory(page: Page, field: Locator, search: string, title: string): Promise<void> {
  const input = field.locator('input').first();
  const option = page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: new RegExp(`^${title}$`) });
  for (let attempt = 0; ; attempt++) {
    if (attempt === 0) {
      await field.locator('.ant-select').first().click();
      await input.fill(search);
      await option.click({ timeout: 10_000 }).catch(() => undefined);
    } else if (attempt === 2) {
      // Neither took: close the dropdown, open it afresh and click the match once it has settled.
      await input.press('Escape');
      await field.locator('.ant-select').first().click();
      await input.fill(search);
      await option.waitFor({ timeout: 10_000 }).catch(() => undefined);
      await option.click({ force: true, timeout: 10_000 }).catch(() => undefined);
    } else {
      // A click can miss when the form reflows under it (the repeats beside it arrive as one types):
      // the keyboard picks the node the search made active, which no reflow moves.
      await input.fill(search);
      await option.waitFor({ timeout: 10_000 }).catch(() => undefined);
      await input.press('Enter');
    }
    const picked = await expect
      .poll(() => field.textContent(), { timeout: 5_000 })
      .toContain(title)
      .then(
        () => true,
        () => false,
      );
    if (picked) return;
    if (attempt === 2) throw new Error(`the category ${title} could not be picked`);
  }
}

/**
 * Opens a select (`select`: the element the user clicks) and clicks its first option matching `text`
 * (any option without it). On a busy machine the click can land while a modal or drawer around it still
 * opens or closes and takes the focus, which closes the dropdown again — before the option shows, or while
 * it is still sliding in and cannot be clicked: either way the select is opened once more.
 */
export async function chooseOption(page: Page, select: Locator, text?: string | RegExp): Promise<void> {
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  const option = (text === undefined ? options : options.filter({ hasText: text })).first();
  for (let attempt = 0; ; attempt++) {
    if (!(await option.isVisible())) await select.click();
    const shown = await option.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    const clicked =
      shown &&
      (await option.click({ timeout: 10_000 }).then(
        () => true,
        () => false,
      ));
    if (clicked) return;
    if (attempt === 3) throw new Error(`no option${text === undefined ? '' : ` ${String(text)}`} could be chosen in the select`);
  }
}

/**
 * Opens an appeal action's form in the console, lets `fill` complete it, submits, and waits for the
 * modal to close. A click a busy machine swallowed is given once more — but only while the form is
 * idle: a button still loading means the request is on its way.
 */
export async function actOnAppeal(page: Page, action: string, fill?: () => Promise<void>): Promise<void> {
  await page.locator(`[data-testid=appeal-action-${action}]`).click();
  const modal = page.locator('.ant-modal').filter({ has: page.locator(`[data-testid=action-form-${action}]`) });
  await modal.waitFor();
  // Let the opening zoom finish: a click during it can land beside the moving button.
  await expect.poll(() => modal.getAttribute('class')).not.toMatch(/ant-zoom/);
  if (fill) await fill();
  const submit = modal.locator('[data-testid=action-submit]');
  await submit.click();
  try {
    await modal.waitFor({ state: 'detached', timeout: 10_000 });
  } catch {
    const idle = (await submit.isVisible()) && !((await submit.getAttribute('class').catch(() => '')) ?? '').includes('ant-btn-loading');
    if (idle) await submit.click({ timeout: 5_000 }).catch(() => undefined);
    await modal.waitFor({ state: 'detached', timeout: 30_000 });
  }
}

/** Signs in to the console as a demo account (`signInAs`) and opens `path`, the workbench by default. */
export async function consoleLogin(page: Page, server: RunningServer, username: string, path = '/'): Promise<void> {
  await signInAs(page, server, username, { path });
}

/**
 * Signs out through the user menu, as a user does, and waits for the login page. On a busy machine the
 * dropdown can close under a click that lands while it slides in: the menu is then opened again (three
 * tries). A sign-out that never reaches the login page fails the test.
 */
export async function signOutThroughMenu(page: Page): Promise<void> {
  const item = page.locator('[data-testid=logout]');
  for (let attempt = 1; ; attempt++) {
    if (!(await item.isVisible())) await page.locator('[data-testid=user-menu]').click();
    await item.waitFor({ state: 'visible' });
    await item.click();
    try {
      await page.waitForURL((u) => u.pathname === '/login', { timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * Between roles: the next `consoleLogin` drops the session's cookie and opens its page afresh, so nothing
 * of this user is left (console.e2e.test.ts and mobile-console.e2e.test.ts test signing out itself).
 */
export async function consoleLogout(page: Page): Promise<void> {
  await page.context().clearCookies();
}
