import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

describe('enterprises', () => {
  it('creates a enterprise, lists it and reads it back', async () => {
    const { session, user } = await signIn(env, ['community_staff'], '360802004');
    const res = await session.inject({ method: 'POST', url: '/api/enterprises', payload: { regionCode: '360802004001', title: '第一条' } });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ regionCode: '360802004001', title: '第一条', createdBy: user.id, version: 1 });

    const list = await session.inject({ url: '/api/enterprises?pageSize=200' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(created.id);
    expect((await session.inject({ url: `/api/enterprises/${created.id}` })).json()).toEqual(created);
  });

  it('refuses a request its schema does not allow (400)', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004');
    const empty = await session.inject({ method: 'POST', url: '/api/enterprises', payload: { regionCode: '360802004001', title: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe('validation_failed');
    const badRegion = await session.inject({ method: 'POST', url: '/api/enterprises', payload: { regionCode: '3608020', title: 'x' } });
    expect(badRegion.statusCode).toBe(400);
  });

  it('hides a enterprise from a caller of another region (cross-scope): 404 and not in the list', async () => {
    const { session: owner } = await signIn(env, ['community_staff'], '360802004');
    const created = (await owner.inject({ method: 'POST', url: '/api/enterprises', payload: { regionCode: '360802004002', title: '本街道的' } })).json();

    const { session: neighbour } = await signIn(env, ['community_staff'], '360802001');
    expect((await neighbour.inject({ url: `/api/enterprises/${created.id}` })).statusCode).toBe(404);
    const seen = (await neighbour.inject({ url: '/api/enterprises?pageSize=200' })).json().items.map((r: { id: string }) => r.id);
    expect(seen).not.toContain(created.id);

    // Nor may anyone place a row outside their own scope.
    const outside = await owner.inject({ method: 'POST', url: '/api/enterprises', payload: { regionCode: '360802001001', title: '越界' } });
    expect(outside.statusCode).toBe(403);
  });

  it('refuses a role without the permission (403)', async () => {
    const { session: handler } = await signIn(env, ['handler'], '360802');
    expect((await handler.inject({ url: '/api/enterprises' })).statusCode).toBe(403);
    const { session: worker } = await signIn(env, ['grid_worker'], '360802004001001');
    const res = await worker.inject({ method: 'POST', url: '/api/enterprises', payload: { regionCode: '360802004001001', title: 'x' } });
    expect(res.statusCode).toBe(403);
  });
});
