/**
 * No personal data in the logs: a failing insert logs the error's kind and codes (class, SQLSTATE,
 * constraint), the route, the request id and the actor, never the SQL, its parameters, the failing
 * row or the body. A client's X-Request-Id is kept only when short and plain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './db.js';
import { errorSummary, safeError } from './logger.js';
import { captureLogs, createTestEnv, idNumberFor, login, makeFixtureTree, makeHousehold, makeUser, type TestEnv } from '../test/helpers.js';

describe('logs', () => {
  let env: TestEnv;
  let database: Database;
  const log = captureLogs();

  beforeAll(async () => {
    env = await createTestEnv({ logLevel: 'info' }, { logStream: log.stream });
    database = env.database;
    await makeFixtureTree(database);
  }, 120_000);
  afterAll(() => env.close());

  it('record a failed insert by kind and code, without the personal data it carried', async () => {
    const admin = await makeUser(database, { roles: ['admin'], regionCode: '' });
    const session = await login(env.app, admin.username);
    const household = await makeHousehold(env, { gridCode: '360802004001001' });
    // Every new person now fails the database's check, as a bug or a drifted schema would.
    await database.query(`alter table people add constraint people_fuzz_refuse check (false) not valid`);

    const person = { name: '欧阳慕青', idNumber: idNumberFor('360802', '1987-06-05', 7), phone: '13912345678', reason: '户主口述身份证号 360802198706051234 与电话' };
    const res = await session.inject({
      method: 'POST',
      url: `/api/households/${household.id}/members`,
      payload: { ...person, relation: 'spouse' },
      headers: { 'x-request-id': 'trace-7f3a.01' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.headers['x-request-id']).toBe('trace-7f3a.01');
    expect(res.json().error).toBe('internal');

    const text = log.text();
    for (const value of [person.name, person.idNumber, person.phone, person.phone.slice(-4), '360802198706051234', '户主口述']) {
      expect(text, `the log holds ${value}`).not.toContain(value);
    }
    expect(text).not.toMatch(/insert into|Failing row|params:/i);
    const line = text.split('\n').find((l) => l.includes('unhandled error'));
    expect(line, 'the 500 is logged').toBeDefined();
    const entry = JSON.parse(line!);
    expect(entry.reqId).toBe('trace-7f3a.01');
    expect(entry.route).toBe('/api/households/:id/members');
    expect(entry.actorId).toBe(admin.id);
    const codes = [entry.err?.code, entry.err?.cause?.code];
    expect(codes).toContain('23514');
    expect(JSON.stringify(entry.err)).toContain('people_fuzz_refuse');

  });

  it('keep only the safe fields of any error logged elsewhere (jobs, imports)', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "people_phone" Key (phone)=(13912345678)'), {
      code: '23505',
      constraint: 'people_phone',
      detail: 'Key (phone)=(13912345678) already exists.',
      where: 'SQL statement "insert …"',
    });
    const err = Object.assign(new Error('Failed query: insert into people values ($1)\nparams: 13912345678'), { query: 'insert …', params: ['13912345678'], cause });
    const safe = safeError(err);
    expect(safe).toMatchObject({ type: 'Error', cause: { type: 'Error', code: '23505', constraint: 'people_phone' } });
    expect(JSON.stringify(safe)).not.toMatch(/13912345678|insert|Key \(phone\)/);
    // The one-line form, for the import's stderr note.
    expect(errorSummary(err)).toBe('Error <- Error 23505 people_phone');

    // Through the app's own logger, as the job runner logs a failed job.
    env.app.log.warn({ err, jobId: 'j1', kind: 'outbox.send' }, 'job failed');
    env.app.log.error(err);
    expect(log.text()).not.toContain('13912345678');
    expect(log.text()).toContain('"jobId":"j1"');
  });

  it('accept a short plain X-Request-Id and replace any other', async () => {
    const ask = (id: string) => env.app.inject({ url: '/healthz', headers: { 'x-request-id': id } });
    expect((await ask('abc-123_X.9')).headers['x-request-id']).toBe('abc-123_X.9');
    for (const bad of ['a'.repeat(65), 'id with spaces', '13912345678\n{"forged":1}', '<script>', '欧阳慕青']) {
      const got = (await ask(bad)).headers['x-request-id'];
      expect(got).not.toBe(bad);
      expect(got).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
