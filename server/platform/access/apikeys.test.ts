import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, signIn, type TestEnv } from '../../test/helpers.js';

// The rule in apikeys.ts, through HTTP: keys are listed and revoked only inside the manager's scope.
let env: TestEnv;
let jizhouKey: string;
let qingyuanKey: string;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  const { session } = await signIn(env, ['admin'], '');
  const make = async (regionCode: string) =>
    (await session.inject({ method: 'POST', url: '/api/apikeys', payload: { name: `12345 ${regionCode}`, roles: ['dispatcher'], regionCode } })).json().apiKey.id as string;
  jizhouKey = await make('360802');
  qingyuanKey = await make('360803');
});
afterAll(() => env.close());

describe('API key visibility (platform/access/apikeys.ts)', () => {
  it('a county administrator lists only the keys issued inside the county', async () => {
    const { session } = await signIn(env, ['admin'], '360802');
    const ids = (await session.inject({ url: '/api/apikeys' })).json().map((k: { id: string }) => k.id);
    expect(ids).toEqual([jizhouKey]);
  });

  it('a sibling county’s key answers 404 to revoke and stays live', async () => {
    const { session } = await signIn(env, ['admin'], '360802');
    expect((await session.inject({ method: 'POST', url: `/api/apikeys/${qingyuanKey}/revoke` })).statusCode).toBe(404);
    const [row] = await env.database.query<{ revoked_at: Date | null }>('select revoked_at from api_keys where id = $1', [qingyuanKey]);
    expect(row.revoked_at).toBeNull();
  });

  it('nobody without the right to manage keys sees any, even inside their scope', async () => {
    const { session } = await signIn(env, ['leader'], '360802');
    expect((await session.inject({ url: '/api/apikeys' })).statusCode).toBe(403);
    expect((await session.inject({ method: 'POST', url: `/api/apikeys/${jizhouKey}/revoke` })).statusCode).toBe(403);
  });
});
