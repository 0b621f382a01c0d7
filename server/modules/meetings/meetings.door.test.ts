import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeGrid, makeHousehold, signIn, type Session, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
let staff: Session;
let neighbour: Session; // another township's staff
let worker: Session; // grid worker of GRID
let otherWorker: Session; // grid worker of another grid of the same community
let person: string;
let otherHouseholdPerson: string;
let farPerson: string; // in another township
let meetingId: string;
const PLACE = '360802004001';
const GRID = '360802004001001';
const GRID2 = '360802004001002';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  env = await createTestEnv();
  await makeGrid(env.database, GRID);
  await makeGrid(env.database, GRID2);
  await makeGrid(env.database, '360802001001001');
  staff = (await signIn(env, ['community_staff'], PLACE)).session;
  neighbour = (await signIn(env, ['community_staff'], '360802001001')).session;
  worker = (await signIn(env, ['grid_worker'], PLACE, { grid: GRID })).session;
  otherWorker = (await signIn(env, ['grid_worker'], PLACE, { grid: GRID2 })).session;
  person = (await makeHousehold(env, { gridCode: GRID, members: [{ name: '李秀兰', relation: 'head', phone: '13900001111' }] })).members[0].id;
  otherHouseholdPerson = (await makeHousehold(env, { gridCode: GRID2, members: [{ name: '李建国', relation: 'head' }] })).members[0].id;
  farPerson = (await makeHousehold(env, { gridCode: '360802001001001', members: [{ name: '李远方', relation: 'head' }] })).members[0].id;
  const m = await staff.inject({ method: 'POST', url: '/api/meetings', payload: { regionCode: PLACE, kindCode: 'building', title: '社区议事会', date: '2099-01-10' } });
  expect(m.statusCode, m.body).toBe(201);
  meetingId = m.json().id;
});
afterAll(() => env.close());

async function ok(res: { statusCode: number; body: string; json(): Json }, status = 200): Promise<Json> {
  if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}
const post = (s: Session, url: string, payload: unknown) => s.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });

describe('topics proposed at the door', () => {
  it("records a resident's topic from a visit on the household's next meeting, masked, for the convener to decide; the worker's grids only", async () => {
    const visit = await ok(await post(worker, '/api/visits', { clientId: 'door-visit-1', householdId: (await env.database.query<{ household_id: string }>('select household_id from people where id = $1', [person]))[0].household_id, checkInAt: new Date().toISOString(), outcome: 'met', finding: 'nothing' }), 201);
    const r = await ok(await post(worker, '/api/meetings/door-topics', { personId: person, title: '3 栋楼道灯不亮', detail: '晚上老人上下楼不便', visitId: visit.id }), 201);
    expect(r).toMatchObject({ meetingId, meetingDate: '2099-01-10', meetingTitle: '社区议事会' });
    const detail = await ok(await staff.inject({ url: `/api/meetings/${meetingId}` }));
    const topic = detail.topics.find((t: Json) => t.id === r.topicId);
    expect(topic).toMatchObject({ title: '3 栋楼道灯不亮', source: 'visit', proposerName: '李**', visitId: visit.id, status: 'proposed' });
    expect(JSON.stringify(detail)).not.toContain('李秀兰');
    // The convener accepts it as any other.
    expect((await ok(await post(staff, `/api/meetings/topics/${r.topicId}/decision`, { accept: true }))).status).toBe('accepted');

    // Another grid's worker (same community) and another township's staff: the person does not exist for them.
    expect((await post(otherWorker, '/api/meetings/door-topics', { personId: person, title: '越界' })).statusCode).toBe(404);
    expect((await post(neighbour, '/api/meetings/door-topics', { personId: person, title: '越界' })).statusCode).toBe(404);
    // A visit outside the worker's grids does not exist for them either.
    const wrongVisit = await post(otherWorker, '/api/meetings/door-topics', { personId: otherHouseholdPerson, title: '换户', visitId: visit.id });
    expect(wrongVisit.statusCode).toBe(404);
    // No meeting ahead for a place: a clear 409.
    const far = (await signIn(env, ['grid_worker'], '360802001001', { grid: '360802001001001' })).session;
    const none = await post(far, '/api/meetings/door-topics', { personId: farPerson, title: '没有会' });
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toBe('meeting_none_upcoming');
    expect((await post(worker, '/api/meetings/door-topics', { personId: person, title: '' })).statusCode).toBe(400);
  });
});

describe('resident representatives from the household files', () => {
  it("finds people of the meeting's place by name (masked), invites one by person id with the name sealed; other places refused", async () => {
    const found = await ok(await staff.inject({ url: `/api/meetings/${meetingId}/resident-candidates?q=${encodeURIComponent('李')}` }));
    expect(found.map((c: Json) => c.name).sort()).toEqual(['李**', '李**']);
    expect(found.map((c: Json) => c.personId)).not.toContain(farPerson);
    expect(JSON.stringify(found)).not.toContain('秀兰');
    const { id } = await ok(await post(staff, `/api/meetings/${meetingId}/participants`, { party: 'resident_rep', label: '3栋居民代表', personId: person }), 201);
    const row = (await env.database.query<{ person_id: string; name_masked: string; name_enc: string }>('select person_id, name_masked, name_enc from meeting_participants where id = $1', [id]))[0];
    expect(row.person_id).toBe(person);
    expect(row.name_masked).toBe('李**');
    expect(row.name_enc).not.toContain('李秀兰');
    expect(env.app.vault.decrypt(row.name_enc)).toBe('李秀兰');
    const detail = await ok(await staff.inject({ url: `/api/meetings/${meetingId}` }));
    expect(JSON.stringify(detail)).not.toContain('李秀兰');

    // A person of another township is not of this place; another township's staff cannot see the meeting.
    expect((await post(staff, `/api/meetings/${meetingId}/participants`, { party: 'resident_rep', label: '代表', personId: farPerson })).statusCode).toBe(404);
    expect((await neighbour.inject({ url: `/api/meetings/${meetingId}/resident-candidates?q=${encodeURIComponent('李')}` })).statusCode).toBe(404);
    expect((await post(neighbour, `/api/meetings/${meetingId}/participants`, { party: 'resident_rep', label: '代表', personId: person })).statusCode).toBe(404);
    // Grid workers read meetings but do not invite.
    expect((await worker.inject({ url: `/api/meetings/${meetingId}/resident-candidates?q=${encodeURIComponent('李')}` })).statusCode).toBe(403);
  });
});
