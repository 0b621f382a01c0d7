import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay } from '../../platform/china-time.js';
import { createTestEnv, idNumberFor, makeFixtureTree, makeHousehold, signIn, type TestEnv } from '../../test/helpers.js';
import { outbox } from '../notifications/notifications.tables.js';
import { pushUnclaimedWishes } from './volunteers.push.js';
import { helpers, wishPushes } from './volunteers.tables.js';
import { rankResources } from './volunteers.workflow.js';

type Session = Awaited<ReturnType<typeof signIn>>['session'];
let env: TestEnv;
let staff: Session;
let neighbour: Session;
let unitId: string;
let teamId: string;
let memberId: string;
let volunteerId: string;

const post = (s: Session, url: string, payload: unknown) => s.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  ({ session: staff } = await signIn(env, ['community_staff'], '360802004001'));
  ({ session: neighbour } = await signIn(env, ['community_staff'], '360802001001'));
});
afterAll(() => env.close());

describe('people who help', () => {
  it('pairs a unit with a community, with its duties; forms a team; registers party members with their phones sealed', async () => {
    const unit = await post(staff, '/api/paired-units', { regionCode: '360802004001', name: '吉州区税务局', kind: 'organ', contactName: '王科长', phone: '0796-8221234', pairedSince: '2025-03-01' });
    expect(unit.statusCode).toBe(201);
    unitId = unit.json().id;
    expect(unit.json().phone).toBe('0796-***1234');
    const withDuty = await post(staff, `/api/paired-units/${unitId}/duties`, { title: '每月一次政策宣讲' });
    expect(withDuty.json().duties).toEqual([expect.objectContaining({ title: '每月一次政策宣讲' })]);
    expect((await post(staff, '/api/paired-units', { regionCode: '360802004001', name: '吉州区税务局', kind: 'organ', pairedSince: '2025-03-01' })).statusCode).toBe(409);

    const team = await post(staff, '/api/volunteer-teams', { regionCode: '360802004001', name: '马大哥巡防队', purpose: '夜间巡防' });
    expect(team.statusCode).toBe(201);
    teamId = team.json().id;

    const member = await post(staff, '/api/helpers', { regionCode: '360802004001', kind: 'party_member', name: '刘志强', phone: '13907961111', workUnit: '吉州区税务局', unitId, skills: ['法律咨询', '法律咨询', '维修'], hoursOffered: 8 });
    expect(member.statusCode).toBe(201);
    expect(member.json()).toMatchObject({ name: '刘志强', phone: '139****1111', unitName: '吉州区税务局', skills: ['法律咨询', '维修'], hoursOffered: 8, deeds: 0 });
    memberId = member.json().id;
    const [row] = await env.database.db.select().from(helpers).where(eq(helpers.id, memberId));
    expect(JSON.stringify(row)).not.toContain('13907961111');
    expect(env.app.vault.decrypt(row.phoneEnc!)).toBe('13907961111');
    // The same phone registered twice is refused; found by the full number.
    expect((await post(staff, '/api/helpers', { regionCode: '360802004001', kind: 'volunteer', name: '刘志强', phone: '139 0796 1111' })).statusCode).toBe(409);
    expect((await staff.inject({ url: '/api/helpers?q=13907961111' })).json().items.map((h: { id: string }) => h.id)).toEqual([memberId]);

    const volunteer = await post(staff, '/api/helpers', { regionCode: '360802004001001', kind: 'volunteer', name: '周芳', teamId, skills: ['理发'] });
    volunteerId = volunteer.json().id;
    expect(volunteer.json().teamName).toBe('马大哥巡防队');
  });

  it('refuses bad input (400, nothing written) and keeps other areas out (404 / 403)', async () => {
    const before = (await staff.inject({ url: '/api/helpers' })).json().total;
    expect((await post(staff, '/api/helpers', { regionCode: '360802004001', kind: 'robot', name: 'x' })).statusCode).toBe(400);
    const badPhone = await post(staff, '/api/helpers', { regionCode: '360802004001', kind: 'volunteer', name: '某人', phone: '12345' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error).toBe('invalid_phone');
    expect((await staff.inject({ url: '/api/helpers' })).json().total).toBe(before);

    expect((await neighbour.inject({ url: `/api/helpers/${memberId}` })).statusCode).toBe(404);
    expect((await neighbour.inject({ url: '/api/helpers' })).json().total).toBe(0);
    expect((await neighbour.inject({ url: `/api/paired-units/${unitId}` })).statusCode).toBe(404);
    expect((await post(staff, '/api/helpers', { regionCode: '360802001001', kind: 'volunteer', name: '越界' })).statusCode).toBe(403);
    // A team of another area cannot be named either.
    expect((await post(neighbour, '/api/helpers', { regionCode: '360802001001', kind: 'volunteer', name: '某人', teamId })).statusCode).toBe(404);
    const { session: handler } = await signIn(env, ['handler'], '360802');
    expect((await handler.inject({ url: '/api/helpers' })).statusCode).toBe(403);
  });
});

describe('the three lists', () => {
  it('ranks resources for a need by kind and place', () => {
    const need = { kind: 'skills', regionCode: '360802004001', title: '老人需要法律咨询', detail: null };
    const ranked = rankResources(need, [
      { id: 'a', kind: 'goods', regionCode: '360802004001', title: '大米', detail: null },
      { id: 'b', kind: 'skills', regionCode: '360802001001', title: '理发', detail: null },
      { id: 'c', kind: 'skills', regionCode: '360802004001001', title: '法律咨询', detail: null },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('a need is matched, claimed, done with evidence and confirmed once; the deed counts for the member and the unit', async () => {
    await post(staff, '/api/resources', { kind: 'skills', title: '法律咨询', helperId: memberId });
    await post(staff, '/api/resources', { kind: 'venue', title: '税务局会议室', unitId });
    const created = await post(staff, '/api/needs', { regionCode: '360802004001', title: '独居老人需要法律咨询', kind: 'skills', source: 'visit' });
    expect(created.statusCode).toBe(201);
    const need = created.json();
    expect(need.suggestions[0]).toMatchObject({ title: '法律咨询', owner: { kind: 'helper', id: memberId, name: '刘志强' } });
    expect(need.actions).toEqual(['claim', 'cancel']);

    const url = `/api/needs/${need.id}/actions`;
    expect((await post(staff, `${url}/claim`, { version: 1 })).json().error).toBe('need_claimant_required');
    expect((await post(staff, `${url}/claim`, { version: 1, helperId: memberId, unitId })).json().error).toBe('need_claimant_required');
    expect((await post(staff, `${url}/done`, { version: 1, evidence: 'x' })).json().error).toBe('need_not_completable');
    const claimed = await post(staff, `${url}/claim`, { version: 1, helperId: memberId });
    expect(claimed.json()).toMatchObject({ status: 'claimed', claimant: { name: '刘志强' } });
    expect((await post(staff, `${url}/done`, { version: 2 })).json().error).toBe('required');
    expect((await post(staff, `${url}/done`, { version: 2, evidence: '上门咨询 1 小时，已解答遗嘱问题' })).json().status).toBe('done');
    expect((await post(staff, `${url}/confirm`, { version: 3 })).json().status).toBe('confirmed');
    const twice = await post(staff, `${url}/confirm`, { version: 4 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toBe('need_not_confirmable');

    expect((await staff.inject({ url: `/api/helpers/${memberId}` })).json().deeds).toBe(1);
    expect((await staff.inject({ url: `/api/paired-units/${unitId}` })).json().deeds).toBe(1);
    const figures = (await staff.inject({ url: '/api/volunteers/figures' })).json();
    expect(figures.needs).toEqual({ open: 0, claimed: 0, done: 0, confirmed: 1 });
    expect(figures.units).toEqual([{ unitId, name: '吉州区税务局', deeds: 1 }]);
    expect(figures.communities).toEqual([expect.objectContaining({ regionCode: '360802004001', partyMembers: 1, volunteers: 1 })]);

    // A member outside the caller's area cannot claim (404), and the need itself is hidden from others.
    const other = (await post(staff, '/api/needs', { regionCode: '360802004001', title: '需要搬运物资', kind: 'hours', source: 'staff' })).json();
    const { session: far } = await signIn(env, ['community_staff'], '360802001001');
    const outsider = (await post(far, '/api/helpers', { regionCode: '360802001001', kind: 'volunteer', name: '外社区' })).json();
    expect((await post(staff, `/api/needs/${other.id}/actions/claim`, { version: 1, helperId: outsider.id })).statusCode).toBe(404);
    expect((await far.inject({ url: `/api/needs/${other.id}` })).statusCode).toBe(404);
  });
});

describe('volunteer activities and the time bank', () => {
  it('sign-up within the slots, sign-in on the spot, minutes recorded once; totals and the monthly ranking', async () => {
    const now = Date.now();
    const a = await post(staff, '/api/activities', { regionCode: '360802004001', teamId, title: '夜间巡防', place: '习溪桥社区广场', startsAt: new Date(now - 30 * 60_000).toISOString(), endsAt: new Date(now + 90 * 60_000).toISOString(), slots: 1 });
    expect(a.statusCode).toBe(201);
    const id = a.json().id;
    expect((await post(staff, `/api/activities/${id}/signups/${volunteerId}/sign-in`, {})).json().error).toBe('activity_not_signed_up');
    expect((await post(staff, `/api/activities/${id}/signups`, { helperId: volunteerId })).json().signedUp).toBe(1);
    expect((await post(staff, `/api/activities/${id}/signups`, { helperId: volunteerId })).json().error).toBe('activity_already_signed_up');
    expect((await post(staff, `/api/activities/${id}/signups`, { helperId: memberId })).json().error).toBe('activity_full');
    expect((await post(staff, `/api/activities/${id}/signups/${volunteerId}/hours`, { minutes: 60 })).json().error).toBe('activity_not_signed_in');
    expect((await post(staff, `/api/activities/${id}/signups/${volunteerId}/sign-in`, {})).json().signedIn).toBe(1);
    expect((await post(staff, `/api/activities/${id}/signups/${volunteerId}/sign-in`, {})).json().error).toBe('activity_already_signed_in');
    expect((await post(staff, `/api/activities/${id}/signups/${volunteerId}/hours`, { minutes: 500 })).json().error).toBe('activity_hours_too_many');
    expect((await post(staff, `/api/activities/${id}/signups/${volunteerId}/hours`, { minutes: 110 })).json().minutes).toBe(110);
    expect((await post(staff, `/api/activities/${id}/signups/${volunteerId}/hours`, { minutes: 10 })).json().error).toBe('activity_hours_recorded');

    // A future activity: sign-in is not open yet.
    const later = (await post(staff, '/api/activities', { regionCode: '360802004001', title: '义诊', place: '社区卫生站', startsAt: new Date(now + 5 * 3600_000).toISOString(), endsAt: new Date(now + 7 * 3600_000).toISOString(), slots: 5 })).json();
    await post(staff, `/api/activities/${later.id}/signups`, { helperId: memberId });
    expect((await post(staff, `/api/activities/${later.id}/signups/${memberId}/sign-in`, {})).json().error).toBe('activity_sign_in_closed');

    expect((await staff.inject({ url: `/api/helpers/${volunteerId}` })).json().minutes).toBe(110);
    expect((await staff.inject({ url: '/api/volunteer-teams' })).json().items[0]).toMatchObject({ name: '马大哥巡防队', members: 1, minutes: 110 });
    const month = new Date(now + 8 * 3600_000).toISOString().slice(0, 7);
    const rank = (await staff.inject({ url: `/api/volunteers/ranking?month=${month}` })).json();
    // Hours first; the member whose month was a confirmed need (a deed, no hours) after.
    expect(rank.members).toEqual([
      { helperId: volunteerId, name: '周芳', teamName: '马大哥巡防队', minutes: 110, activities: 1, deeds: 0 },
      { helperId: memberId, name: '刘志强', teamName: null, minutes: 0, activities: 0, deeds: 1 },
    ]);
    expect(rank.teams).toEqual([{ teamId, name: '马大哥巡防队', minutes: 110 }]);
    expect((await staff.inject({ url: '/api/volunteers/ranking?month=2026-13' })).statusCode).toBe(400);
    expect((await neighbour.inject({ url: `/api/activities/${id}` })).statusCode).toBe(404);
  });
});

describe('the demo generator', () => {
  it('registers members, pairs two units, fills the lists and a month of activities, once; the figures agree with the rows', async () => {
    const { generateVolunteers } = await import('../../generate/volunteers.js');
    const home = await makeHousehold(env, { gridCode: '360802001001001', members: [{ name: '黄秀英', relation: 'head', idNumber: idNumberFor('360802', '1948-04-04', 51) }] });
    const made = await generateVolunteers(env.database, { seed: 7, secret: 'test-secret-for-the-demo-generator', township: '360802001', now: new Date() });
    expect(made.helpers).toBe(12 + 18);
    expect(made.activities).toBeGreaterThan(20);
    expect((await generateVolunteers(env.database, { seed: 7, secret: 'x', township: '360802001', now: new Date() })).helpers).toBe(0);

    const { session: township } = await signIn(env, ['dispatcher'], '360802001');
    const figures = (await township.inject({ url: '/api/volunteers/figures' })).json();
    const acts = (await township.inject({ url: '/api/activities?pageSize=200' })).json().items as { minutes: number }[];
    expect(figures.minutes).toBe(acts.reduce((s, a) => s + a.minutes, 0));
    const units = (await township.inject({ url: '/api/paired-units' })).json().items as { name: string; deeds: number; duties: unknown[] }[];
    expect(units.map((u) => u.name)).toEqual(expect.arrayContaining(['吉州区税务局', '国网吉安供电公司吉州分公司']));
    for (const u of units) expect(figures.units.find((x: { name: string }) => x.name === u.name)?.deeds ?? 0).toBe(u.deeds);
    const members = (await township.inject({ url: '/api/helpers?kind=party_member&pageSize=200' })).json();
    expect(members.total).toBe(12);
    expect(members.items.every((h: { phone: string | null }) => !h.phone || /\*{4}/.test(h.phone))).toBe(true);
    // Needs found on visits are raised for a household file; those done show on its timeline.
    const needs = (await township.inject({ url: '/api/needs?pageSize=100' })).json().items as { id: string; householdId: string | null; status: string }[];
    const forHome = needs.filter((n) => n.householdId === home.id);
    expect(forHome.length).toBeGreaterThan(0);
    const { session: staffThere } = await signIn(env, ['community_staff'], '360802001001');
    const events = (await staffThere.inject({ url: `/api/households/${home.id}/timeline?source=assistance` })).json().items as { kind: string; refId: string }[];
    expect(events.filter((e) => e.kind === 'need.done').map((e) => e.refId).sort()).toEqual(forHome.filter((n) => n.status === 'done' || n.status === 'confirmed').map((n) => n.id).sort());
  });
});

describe('unclaimed wishes near a campaign’s end', () => {
  it('are pushed once to the units paired with the community, by SMS through the outbox', async () => {
    const h = await makeHousehold(env, { gridCode: '360802004001001', tags: ['child_in_difficulty'], members: [{ name: '吴小北', relation: 'child', idNumber: idNumberFor('360802', `${new Date().getUTCFullYear() - 8}-01-05`, 31) }] });
    const { session: county } = await signIn(env, ['dispatcher'], '360802');
    const day = (n: number) => chinaDay(new Date(Date.now() + n * 86_400_000));
    const camp = (await post(county, '/api/wish-campaigns', { regionCode: '360802', name: '冬至微心愿', startsOn: day(-3), endsOn: day(1), ageMax: 14, requiredTag: 'child_in_difficulty' })).json();
    expect((await post(staff, '/api/wishes', { campaignId: camp.id, personId: h.members[0].id, kind: 'goods', content: '一副手套' })).statusCode).toBe(201);

    // Three days before the end: too early.
    expect(await pushUnclaimedWishes({ database: env.database, vault: env.app.vault }, new Date(Date.now() - 2 * 86_400_000))).toBe(0);
    expect(await pushUnclaimedWishes({ database: env.database, vault: env.app.vault }, new Date())).toBe(1);
    expect(await pushUnclaimedWishes({ database: env.database, vault: env.app.vault }, new Date())).toBe(0);
    const pushes = await env.database.db.select().from(wishPushes).where(eq(wishPushes.campaignId, camp.id));
    expect(pushes).toEqual([expect.objectContaining({ unitId, waiting: 1 })]);
    const [sms] = await env.database.db.select().from(outbox).where(eq(outbox.recipientHint, '0796-***1234'));
    expect(sms.body).toContain('还有 1 个微心愿待认领');
    expect(env.app.vault.decrypt(sms.recipientEnc)).toBe('0796-8221234');
  });
});
