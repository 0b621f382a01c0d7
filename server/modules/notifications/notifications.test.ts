import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';

let env: TestEnv;
let w: AppealWorld;
let appealId: string;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const res = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() });
  appealId = res.json().id;
});
afterAll(() => env.close());

type Message = { id: number; appealId: string | null; recipient: string };

describe('who sees the messages to requesters (platform/access/notifications.ts)', () => {
  it('shows the desk of the appeal’s area its messages, masked', async () => {
    const page = (await w.as.dispatcher.inject({ url: '/api/outbox' })).json();
    const mine = (page.items as Message[]).filter((m) => m.appealId === appealId);
    expect(mine.length).toBe(1);
    expect(mine[0].recipient).toBe('138****1234');
  });

  it('hides them from another area’s desk: not listed, and retrying answers 404', async () => {
    const [m] = ((await w.as.dispatcher.inject({ url: '/api/outbox' })).json().items as Message[]).filter((x) => x.appealId === appealId);
    const other = (await w.as.otherDispatcher.inject({ url: '/api/outbox' })).json();
    expect((other.items as Message[]).map((x) => x.id)).not.toContain(m.id);
    expect((await w.as.otherDispatcher.inject({ method: 'POST', url: `/api/outbox/${m.id}/retry` })).statusCode).toBe(404);
    expect((await w.as.dispatcher.inject({ method: 'POST', url: `/api/outbox/${m.id}/retry` })).statusCode).toBe(204);
  });

  it('refuses the outbox to roles without it', async () => {
    expect((await w.as.gridWorker.inject({ url: '/api/outbox' })).statusCode).toBe(403);
  });
});

describe('who sees notifications', () => {
  it('keeps a notification its addressee’s: another user neither lists nor marks it', async () => {
    const list = (await w.as.dispatcher.inject({ url: '/api/notifications?unread=true' })).json();
    const n = (list.items as { id: number; appealId: string | null }[]).find((x) => x.appealId === appealId)!;
    expect(n).toBeDefined();
    const others = (await w.as.otherDispatcher.inject({ url: '/api/notifications' })).json();
    expect((others.items as { id: number }[]).map((x) => x.id)).not.toContain(n.id);
    expect((await w.as.otherDispatcher.inject({ method: 'POST', url: '/api/notifications/read', payload: { id: n.id } })).statusCode).toBe(204);
    const after = (await w.as.dispatcher.inject({ url: '/api/notifications?unread=true' })).json();
    expect((after.items as { id: number }[]).map((x) => x.id)).toContain(n.id);
  });
});

describe('the outbox’s delivery errors', () => {
  it('reads in the user’s language, whatever the sender said', async () => {
    const failures = ['sender answered 503', 'sender did not answer within 300 ms', 'sender unreachable (ECONNREFUSED)', 'no sender configured (TINGSU_SMS_WEBHOOK_URL)', 'gateway refused: quota'];
    const [{ id }] = await env.database.query<{ id: number }>('select id from outbox where appeal_id = $1', [appealId]);
    const shown = async (raw: string, language: string) => {
      await env.database.query('update outbox set last_error = $1 where id = $2', [raw, id]);
      const page = (await w.as.dispatcher.inject({ url: '/api/outbox', headers: { 'accept-language': language } })).json();
      return (page.items as (Message & { lastError: string })[]).find((m) => m.id === Number(id))!.lastError;
    };
    const zh = [];
    const en = [];
    for (const raw of failures) {
      zh.push(await shown(raw, 'zh-CN'));
      en.push(await shown(raw, 'en'));
    }
    expect(zh).toEqual([
      '短信网关拒收（状态码 503），将自动重试',
      '短信网关 300 毫秒内未响应，将自动重试',
      '无法连接短信网关（ECONNREFUSED），将自动重试',
      '未配置短信网关（TINGSU_SMS_WEBHOOK_URL），消息暂存待发',
      '短信发送失败：gateway refused: quota',
    ]);
    expect(en).toEqual([
      'The SMS gateway refused it (status 503); it will be retried',
      'The SMS gateway did not answer within 300 ms; it will be retried',
      'The SMS gateway could not be reached (ECONNREFUSED); it will be retried',
      'No SMS gateway is configured (TINGSU_SMS_WEBHOOK_URL); the message waits',
      'Sending failed: gateway refused: quota',
    ]);
  });
});
