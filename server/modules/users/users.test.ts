import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, makeFixtureTree, makeUser, PASSWORD, signIn, type TestEnv } from '../../test/helpers.js';
import { SESSION_CACHE_MS } from './users.service.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

describe('sign-in', () => {
  it('signs in, answers me, and signs out', async () => {
    const u = await makeUser(env.database, { roles: ['dispatcher'], regionCode: '360802004' });
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/tingsu_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.json().user).toMatchObject({ username: u.username, roles: ['dispatcher'], regionCode: '360802004', regionName: '江西省 / 吉安市 / 吉州区 / 习溪桥街道' });
    expect(res.json().user.passwordHash).toBeUndefined();

    const s = await login(env.app, u.username);
    expect((await s.inject({ url: '/api/auth/me' })).json().user.username).toBe(u.username);
    expect((await s.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await s.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('reads a session once for a burst of requests, and ends it here at once or elsewhere within seconds', async () => {
    const u = await makeUser(env.database, { roles: ['dispatcher'], regionCode: '360802004' });
    const s = await login(env.app, u.username);
    expect((await s.inject({ url: '/api/auth/me' })).statusCode).toBe(200);
    // Ended by another instance of the server (or by hand in SQL): this one follows within SESSION_CACHE_MS.
    await env.database.query(`delete from sessions where user_id = $1`, [u.id]);
    await new Promise((r) => setTimeout(r, SESSION_CACHE_MS + 100));
    expect((await s.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    // A password change here ends the other sessions at once.
    const a = await login(env.app, u.username);
    const b = await login(env.app, u.username);
    expect((await b.inject({ url: '/api/auth/me' })).statusCode).toBe(200);
    const changed = await a.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: 'Changed12345' } });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await b.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await a.inject({ url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('gives one answer for a wrong password and an unknown user, and records both', async () => {
    const u = await makeUser(env.database, { roles: ['leader'], regionCode: '360802' });
    const wrong = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'nope12345' } });
    const unknown = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'nope12345' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ error: 'invalid_credentials', message: '用户名或密码不正确' });
    const rows = await env.database.query<{ action: string; actor_name: string }>(
      `select action, actor_name from audit_log where action = 'auth.login_failed' and actor_name in ($1, 'nobody-here')`,
      [u.username],
    );
    expect(rows).toHaveLength(2);
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    const u = await makeUser(env.database, { roles: ['leader'], regionCode: '360802' });
    for (let i = 0; i < env.config.loginMaxFailures; i++) {
      const r = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong-pass1' } });
      expect(r.statusCode).toBe(401);
    }
    const locked = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error).toBe('login_throttled');
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('refuses a disabled account with the answer a wrong password gets, and records the attempt', async () => {
    const u = await makeUser(env.database, { roles: ['leader'], regionCode: '360802', disabled: true });
    const right = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: PASSWORD } });
    const wrong = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong-pass1' } });
    expect(right.statusCode).toBe(401);
    expect(right.json()).toEqual({ error: 'invalid_credentials', message: '用户名或密码不正确' });
    expect(wrong.statusCode).toBe(right.statusCode);
    expect(wrong.body).toBe(right.body);
    const rows = await env.database.query(`select 1 from audit_log where action = 'auth.login_disabled' and target_id = $1`, [u.id]);
    expect(rows).toHaveLength(2);
  });

  it('needs the CSRF token for cookie-authenticated writes', async () => {
    const { session } = await signIn(env, ['admin'], '');
    const noToken = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error).toBe('csrf_failed');
    const wrong = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.cookie, 'x-csrf-token': 'x' } });
    expect(wrong.statusCode).toBe(403);
    expect((await session.inject({ url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('changes the password, checking the current one and strength, and signs out other sessions', async () => {
    const u = await makeUser(env.database, { roles: ['community_staff'], regionCode: '360802004001' });
    const a = await login(env.app, u.username);
    const b = await login(env.app, u.username);
    const wrong = await a.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'nope', newPassword: 'NewPass123' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toBe('wrong_password');
    const weak = await a.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(weak.json().error).toBe('weak_password');
    const ok = await a.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: 'NewPass123' } });
    expect(ok.statusCode).toBe(204);
    expect((await a.inject({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await b.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    await login(env.app, u.username, 'NewPass123');
  });
});

describe('account administration', () => {
  it('creates, edits, disables and resets accounts, with optimistic concurrency', async () => {
    const { session } = await signIn(env, ['admin'], '360802');
    const created = await session.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'gw-new', displayName: '周小红', password: 'Grid123456', roles: ['grid_worker', 'community_staff'], regionCode: '360802004001', gridWorkerKind: 'part_time' },
    });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({ username: 'gw-new', roles: ['grid_worker', 'community_staff'], gridWorkerKind: 'part_time', version: 1 });

    const dup = await session.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'gw-new', displayName: '重复', password: 'Grid123456', roles: ['grid_worker'], regionCode: '360802004001' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toBe('duplicate');

    const weak = await session.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'weakling', displayName: '弱', password: '123', roles: ['grid_worker'], regionCode: '360802004001' },
    });
    expect(weak.json().error).toBe('weak_password');

    const gwSession = await login(env.app, 'gw-new', 'Grid123456');
    const edited = await session.inject({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: 1, displayName: '周晓红', disabled: true } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ displayName: '周晓红', disabled: true, version: 2 });
    // Disabling ends the account's sessions.
    expect((await gwSession.inject({ url: '/api/auth/me' })).statusCode).toBe(401);

    const stale = await session.inject({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: 1, displayName: '旧版本' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe('stale_version');

    const reset = await session.inject({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { version: 2, disabled: false, password: 'Reset12345' } });
    expect(reset.statusCode).toBe(200);
    await login(env.app, 'gw-new', 'Reset12345');

    const audit = await session.inject({ url: `/api/audit?targetId=${user.id}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.create', 'user.update']));
    expect(JSON.stringify(audit.json())).not.toContain('Reset12345');
  });

  it('lists accounts with filters and pagination', async () => {
    const { session } = await signIn(env, ['admin'], '360803');
    for (let i = 0; i < 3; i++) await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360803001001' });
    const page = await session.inject({ url: '/api/users?role=grid_worker&pageSize=2&page=1' });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.json().items).toHaveLength(2);
  });

  it('keeps every account inside the administrator’s scope (cross-scope)', async () => {
    const { session } = await signIn(env, ['admin'], '360802');
    const other = await makeUser(env.database, { roles: ['leader'], regionCode: '360902' });
    expect((await session.inject({ url: `/api/users/${other.id}` })).statusCode).toBe(404);
    expect((await session.inject({ method: 'PATCH', url: `/api/users/${other.id}`, payload: { version: 1, disabled: true } })).statusCode).toBe(404);
    const list = await session.inject({ url: '/api/users?pageSize=200' });
    expect(list.json().items.length).toBeGreaterThan(0); // the administrator's own account, at least
    expect(list.json().items.every((u: { regionCode: string }) => u.regionCode.startsWith('360802'))).toBe(true);
    expect((await session.inject({ url: '/api/users?regionCode=360902' })).statusCode).toBe(404);
    const outside = await session.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'outsider', displayName: '外区', password: 'Outside123', roles: ['leader'], regionCode: '360902' },
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error).toBe('out_of_scope');
  });

  it('is only for administrators', async () => {
    const { session } = await signIn(env, ['leader', 'dispatcher'], '360802');
    expect((await session.inject({ url: '/api/users' })).statusCode).toBe(403);
    expect((await session.inject({ method: 'POST', url: '/api/users', payload: { username: 'x1', displayName: 'x', password: 'Abc12345', roles: ['leader'], regionCode: '360802' } })).statusCode).toBe(403);
  });
});

describe('API keys', () => {
  it('authenticates with a key, without CSRF, until revoked; stores only a hash', async () => {
    const { session } = await signIn(env, ['admin'], '');
    const made = await session.inject({ method: 'POST', url: '/api/apikeys', payload: { name: '12345 对接', roles: ['dispatcher'], regionCode: '360802' } });
    expect(made.statusCode).toBe(201);
    const { key, apiKey } = made.json();
    expect(key).toMatch(/^tsk_/);
    expect(apiKey).toMatchObject({ regionCode: '360802', regionName: '吉州区' });
    expect((await session.inject({ url: '/api/apikeys' })).json().find((k: { id: string }) => k.id === apiKey.id)).toMatchObject({ regionName: '吉州区' });
    const stored = await env.database.query<{ key_hash: string }>('select key_hash from api_keys where id = $1', [apiKey.id]);
    expect(stored[0].key_hash).not.toContain(key);
    const roots = await env.app.inject({ url: '/api/regions/roots', headers: { authorization: `Bearer ${key}` } });
    expect(roots.statusCode).toBe(200);
    expect(roots.json().map((r: { code: string }) => r.code)).toEqual(['360802']);
    const bad = await env.app.inject({ url: '/api/regions/roots', headers: { authorization: 'Bearer tsk_wrong' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toBe('invalid_api_key');
    expect((await session.inject({ method: 'POST', url: `/api/apikeys/${apiKey.id}/revoke` })).json().revokedAt).not.toBeNull();
    expect((await env.app.inject({ url: '/api/regions/roots', headers: { 'x-api-key': key } })).statusCode).toBe(401);
  });
});

describe('password spraying', () => {
  it('throttles one address failing across many accounts', async () => {
    const env2 = await createTestEnv({ loginMaxFailures: 1 });
    try {
      for (let i = 0; i < 10; i++) {
        const r = await env2.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `spray${i}`, password: 'guess1234' } });
        expect(r.statusCode).toBe(401);
      }
      const r = await env2.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'someone-else', password: 'guess1234' } });
      expect(r.statusCode).toBe(429);
    } finally {
      await env2.close();
    }
  });
});
