/** The harness itself (kill -9 and restart are exercised by intake-kill.test.ts). */
import { afterAll, describe, expect, it } from 'vitest';
import { appealBody, request, Scope, waitFor } from './harness.js';

const scope = new Scope();
afterAll(() => scope.close());

describe('reliability harness', () => {
  it('starts a server, signs in, registers an appeal and stops gracefully', async () => {
    const { db, world } = await scope.seeded();
    const server = await scope.server(db);
    const as = await server.signIn(world.dispatcher);
    const created = await as.post('/api/appeals', appealBody(1), { prefer: 'return=minimal' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.number).toMatch(/\S/);
    expect(server.logLines().length).toBeGreaterThan(0);
    await server.stop();
    expect(server.exit?.code).toBe(0);
    expect((await request(server.url, 'GET', '/healthz')).status).toBe(0);
  });

  it('counts the fake gateway deliveries per message id, slow or failing on demand', async () => {
    const gw = await scope.smsGateway();
    const send = (id: string) => fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: '13800000000', text: 't', id }) });
    expect((await send('a')).status).toBe(200);
    gw.setFailure(500);
    expect((await send('b')).status).toBe(500);
    gw.setFailure(null);
    gw.setDelay(300);
    const slow = send('a');
    await waitFor('the gateway to hold a request', () => gw.inFlight === 1);
    expect((await slow).status).toBe(200);
    expect(gw.counts().get('a')).toBe(2);
    expect(gw.counts().has('b')).toBe(false);
    expect(gw.duplicates()).toEqual(['a']);
  });
});
