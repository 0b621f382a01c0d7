import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeUser, login, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

describe('audit log', () => {
  it('records logins and writes with who, what, when and from where', async () => {
    const { session, user } = await signIn(env, ['admin'], '');
    await session.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'audited', displayName: '被审计', password: 'Audit12345', roles: ['leader'], regionCode: '360802' },
      headers: { 'user-agent': 'vitest-agent' },
    });
    const res = await session.inject({ url: '/api/audit?action=user.create' });
    expect(res.statusCode).toBe(200);
    const [entry] = res.json().items;
    expect(entry).toMatchObject({ actorName: user.username, actorKind: 'user', action: 'user.create', targetType: 'user', regionCode: '360802', userAgent: 'vitest-agent' });
    // Who did it, by their name (the login name beside it), and what it was done to.
    expect(entry).toMatchObject({ actorDisplayName: `测试${user.username}`, targetName: expect.stringContaining('被审计') });
    expect(entry.ip).toBeTruthy();
    expect(entry.requestId).toBeTruthy();
    const logins = (await session.inject({ url: `/api/audit?action=auth.login&actor=${user.username}` })).json();
    expect(logins.total).toBe(1);
    const actions = (await session.inject({ url: '/api/audit/actions' })).json();
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'user.create']));
  });

  it('cannot be changed or deleted, through the product or in the database', async () => {
    const { session } = await signIn(env, ['admin'], '');
    expect((await session.inject({ method: 'DELETE', url: '/api/audit/1' })).statusCode).toBe(404);
    expect((await session.inject({ method: 'PATCH', url: '/api/audit/1', payload: {} })).statusCode).toBe(404);
    await expect(env.database.query("update audit_log set action = 'x'")).rejects.toThrow(/append-only/);
    await expect(env.database.query('delete from audit_log')).rejects.toThrow(/append-only/);
    const [{ n }] = await env.database.query<{ n: string }>('select count(*) as n from audit_log');
    expect(Number(n)).toBeGreaterThan(0);
  });

  it('shows an administrator only the entries of their scope (cross-scope)', async () => {
    const other = await makeUser(env.database, { roles: ['leader'], regionCode: '360902' });
    await login(env.app, other.username);
    const { session } = await signIn(env, ['admin'], '360802');
    const items = (await session.inject({ url: '/api/audit?pageSize=200' })).json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e: { regionCode: string }) => e.regionCode.startsWith('360802'))).toBe(true);
    expect((await session.inject({ url: '/api/audit?regionCode=360902' })).statusCode).toBe(404);
  });

  it('is for administrators only', async () => {
    const { session } = await signIn(env, ['leader'], '');
    expect((await session.inject({ url: '/api/audit' })).statusCode).toBe(403);
  });
});
