/**
 * The workbench, the console's home page, on the demo workspace: every demo account opens on work
 * waiting for it; the dispatcher's and the department handler's cards lead to the inbox box that lists
 * exactly as many appeals as the card counts; a pressing appeal opens from the list; the leader sees the
 * area's figures and charts; the grid worker sees the day's visits.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openConsole, step, type ConsoleSession } from './harness';

let c: ConsoleSession;

beforeAll(async () => {
  c = await openConsole();
});

afterAll(async () => {
  await c?.close();
});

async function signInAs(username: string) {
  await c.page.context().clearCookies();
  await c.signIn(username);
  await c.page.waitForURL((u) => new URL(u).pathname === '/');
  await c.page.locator('[data-testid=workbench-boxes]').waitFor({ timeout: 30_000 });
}

/** Each card's box and count, as the workbench shows them. */
async function cards(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const card of await c.page.locator('[data-testid^=workbench-box-]').all()) {
    const box = (await card.getAttribute('data-testid'))!.replace('workbench-box-', '');
    out.set(box, Number(await card.getAttribute('data-count')));
  }
  return out;
}

/** The number the inbox's pager gives as the list's total ("共 N 件"). */
async function inboxTotal(): Promise<number> {
  // The inbox page has one list: its pager's total.
  const text = await c.page.locator('.ant-pagination-total-text').first().textContent();
  return Number(/\d+/.exec(text ?? '')?.[0] ?? NaN);
}

/** Clicks the card of `box` and checks that the inbox opens on that box with as many rows as the card said. */
async function openCard(box: string, count: number) {
  await c.page.locator(`[data-testid=workbench-box-${box}]`).click();
  await c.page.waitForURL((u) => new URL(u).pathname === '/appeals' && new URL(u).searchParams.get('box') === box);
  await expect.poll(() => c.page.locator('.ant-tabs-tab-active [data-testid^=inbox-tab-]').getAttribute('data-testid')).toBe(`inbox-tab-${box}`);
  await expect.poll(inboxTotal).toBe(count);
  const rows = c.page.locator('[data-testid=appeals-table] [data-testid=appeal-link]');
  await expect.poll(() => rows.count()).toBe(Math.min(count, 20));
}

describe('workbench', () => {
  test('the dispatcher’s cards count what the inbox lists, and a pressing appeal opens', async () => {
    await step(c.page, 'workbench-dispatcher', async () => {
      await signInAs('dispatcher');
      const shown = await cards();
      expect([...shown.keys()]).toEqual(expect.arrayContaining(['to_accept', 'to_dispatch', 'due_soon', 'overdue', 'to_feedback', 'to_evaluate']));
      expect(shown.get('to_accept')).toBeGreaterThan(0);
      expect(shown.get('overdue')).toBeGreaterThan(0);
      await openCard('to_accept', shown.get('to_accept')!);

      // Back home: the overdue card leads to as many rows too.
      await c.page.locator('[data-testid=menu-workbench]').click();
      await c.page.locator('[data-testid=workbench-boxes]').waitFor();
      await openCard('overdue', shown.get('overdue')!);

      // A pressing appeal opens from the list.
      await c.page.locator('[data-testid=menu-workbench]').click();
      const item = c.page.locator('[data-testid=workbench-pressing-overdue] [data-testid=workbench-item]').first();
      const number = (await item.textContent())!;
      await item.click();
      await c.page.waitForURL('**/appeals/*');
      await expect.poll(() => c.page.locator('[data-testid=appeal-number]').textContent()).toBe(number);
    });
  });

  test('the department handler’s 待签收 card leads to the appeals to sign for', async () => {
    await step(c.page, 'workbench-handler', async () => {
      await signInAs('handler');
      const shown = await cards();
      expect(shown.get('to_sign')).toBeGreaterThan(0);
      expect(shown.has('to_accept')).toBe(false);
      await openCard('to_sign', shown.get('to_sign')!);
    });
  });

  test('the leader sees the leader cases and the area’s figures; the grid worker the day’s visits', async () => {
    await step(c.page, 'workbench-leader', async () => {
      await signInAs('leader');
      const shown = await cards();
      expect(shown.get('leader_cases')).toBeGreaterThan(0);
      await c.page.locator('[data-testid=workbench-figures]').waitFor();
      await c.page.locator('[data-testid=workbench-trend-chart] canvas').waitFor();
      await expect.poll(async () => Number((await c.page.locator('[data-testid=workbench-figure-accepted] .ant-statistic-content-value').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
      // The area overview is one menu entry away.
      await c.page.locator('[data-testid=menu-overview]').click();
      await c.page.locator('[data-testid=stat-grids]').waitFor();
    });
    await step(c.page, 'workbench-grid-worker', async () => {
      await signInAs('grid');
      const shown = await cards();
      expect([...shown.values()].some((n) => n > 0)).toBe(true);
      await c.page.locator('[data-testid=workbench-visits]').waitFor();
    });
  });

  test('every other demo account opens on work waiting for it', async () => {
    for (const username of ['admin', 'community']) {
      await step(c.page, `workbench-${username}`, async () => {
        await signInAs(username);
        const shown = await cards();
        expect([...shown.values()].some((n) => n > 0), username).toBe(true);
        expect(await c.page.locator('[data-testid=workbench-item]').count()).toBeGreaterThan(0);
      });
    }
  });
});
