import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay } from '../../platform/china-time.js';
import { createTestEnv, idNumberFor, makeFixtureTree, makeHousehold, signIn, type TestEnv } from '../../test/helpers.js';

/** A 1×1 PNG: the fulfilment photo. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const day = (offset: number) => chinaDay(new Date(Date.now() + offset * 86_400_000));
const childBorn = `${new Date().getUTCFullYear() - 9}-05-01`;

type Session = Awaited<ReturnType<typeof signIn>>['session'];
let env: TestEnv;
let staff: Session;
let neighbour: Session;
let helperId: string;
let outsiderId: string;
let unitId: string;
let wishId: string;
let householdId: string;

const post = (s: Session, url: string, payload: unknown) => s.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  ({ session: staff } = await signIn(env, ['community_staff'], '360802004001'));
  ({ session: neighbour } = await signIn(env, ['community_staff'], '360802001001'));
  unitId = (await post(staff, '/api/paired-units', { regionCode: '360802004001', name: '吉州区财政局', kind: 'organ', pairedSince: '2025-03-01' })).json().id;
  helperId = (await post(staff, '/api/helpers', { regionCode: '360802004001', kind: 'party_member', name: '王建国', phone: '13907965555', unitId })).json().id;
  outsiderId = (await post(neighbour, '/api/helpers', { regionCode: '360802001001', kind: 'volunteer', name: '陈静', phone: '13907966666' })).json().id;
  const { session: county } = await signIn(env, ['dispatcher'], '360802');
  const campaignId = (await post(county, '/api/wish-campaigns', { regionCode: '360802', name: '六一微心愿', startsOn: day(-1), endsOn: day(3), ageMin: 0, ageMax: 14 })).json().id;
  const home = await makeHousehold(env, { gridCode: '360802004001001', members: [{ name: '张小明', relation: 'child', idNumber: idNumberFor('360802', childBorn, 33) }] });
  householdId = home.id;
  wishId = (await post(staff, '/api/wishes', { campaignId, personId: home.members[0].id, kind: 'goods', content: '一个新书包' })).json().id;
});
afterAll(() => env.close());

describe('staff record a claim for a registered helper picked in the console', () => {
  it('refuses a helper of another community (404) or out of the caller’s sight (404); nothing is written', async () => {
    const w = (await staff.inject({ url: `/api/wishes/${wishId}` })).json();
    const hidden = await post(staff, `/api/wishes/${wishId}/actions/claim`, { version: w.version, helper: { kind: 'volunteer', name: '陈静', helperId: outsiderId } });
    expect(hidden.statusCode).toBe(404);
    // The county sees both communities: the neighbour's helper is visible, but not of the wish's community.
    const { session: county } = await signIn(env, ['dispatcher'], '360802');
    const elsewhere = await post(county, `/api/wishes/${wishId}/actions/claim`, { version: w.version, helper: { kind: 'volunteer', name: '陈静', helperId: outsiderId } });
    expect(elsewhere.statusCode).toBe(404);
    expect((await staff.inject({ url: `/api/wishes/${wishId}` })).json()).toMatchObject({ status: w.status, version: w.version, helpers: [] });
  });

  it('counts as the helper’s deed (and their unit’s) once, as a claim on their phone does; the household timeline shows the help', async () => {
    const w = (await staff.inject({ url: `/api/wishes/${wishId}` })).json();
    // The body's kind and name give way to the registered helper's own.
    const claim = await post(staff, `/api/wishes/${wishId}/actions/claim`, { version: w.version, helper: { kind: 'donor', name: '随便写', helperId } });
    expect(claim.statusCode).toBe(200);
    expect(claim.json()).toMatchObject({ status: 'claimed', helpers: [expect.objectContaining({ kind: 'member', name: '王建国' })] });
    const again = await post(staff, `/api/wishes/${wishId}/actions/join`, { version: claim.json().version, helper: { kind: 'member', name: '王建国', helperId } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('wish_helper_already_claimed');
    // A free-text donor still joins.
    const joined = await post(staff, `/api/wishes/${wishId}/actions/join`, { version: claim.json().version, helper: { kind: 'donor', name: '爱心人士赵女士' } });
    expect(joined.statusCode).toBe(200);
    expect((await staff.inject({ url: `/api/helpers/${helperId}` })).json().deeds).toBe(0);

    const photo = { filename: 'bag.png', mime: 'image/png', dataBase64: PNG };
    const done = await post(staff, `/api/wishes/${wishId}/actions/fulfil`, { version: joined.json().version, photo, takenOn: day(0) });
    expect(done.statusCode).toBe(200);
    const confirmed = await post(staff, `/api/wishes/${wishId}/actions/confirm`, { version: done.json().version, method: 'callback' });
    expect(confirmed.json().status).toBe('confirmed');

    expect((await staff.inject({ url: `/api/helpers/${helperId}` })).json().deeds).toBe(1);
    const month = chinaDay(new Date()).slice(0, 7);
    const ranking = (await staff.inject({ url: `/api/volunteers/ranking?month=${month}` })).json();
    expect(ranking.members.filter((m: { helperId: string }) => m.helperId === helperId)).toEqual([expect.objectContaining({ deeds: 1 })]);
    expect((await staff.inject({ url: `/api/paired-units/${unitId}` })).json().deeds).toBe(1);

    const timeline = (await staff.inject({ url: `/api/households/${householdId}/timeline?source=assistance` })).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual(['wish.confirmed', 'wish.fulfilled', 'wish.collected']);
    const text = JSON.stringify(timeline.items);
    expect(text).toContain('一个新书包');
    expect(text).not.toContain('张小明');
    expect(text).not.toContain('13907965555');
  });
});

describe('a need raised for a household file', () => {
  it('refuses a household of another community or out of sight (404); when done, the household timeline shows it, without the evidence', async () => {
    const other = await makeHousehold(env, { gridCode: '360802001001001', members: [{ name: '周大海', relation: 'head', idNumber: idNumberFor('360802', '1960-02-02', 41) }] });
    const base = { regionCode: '360802004001', title: '为独居老人更换燃气软管', kind: 'skills', source: 'visit' };
    expect((await post(staff, '/api/needs', { ...base, householdId: other.id })).statusCode).toBe(404);
    const { session: county } = await signIn(env, ['dispatcher'], '360802');
    expect((await post(county, '/api/needs', { ...base, householdId: other.id })).statusCode).toBe(404);

    const need = (await post(staff, '/api/needs', { ...base, householdId })).json();
    expect(need).toMatchObject({ householdId, status: 'open' });
    const claimed = (await post(staff, `/api/needs/${need.id}/actions/claim`, { version: need.version, helperId })).json();
    const done = await post(staff, `/api/needs/${need.id}/actions/done`, { version: claimed.version, evidence: '已更换，照片存档，联系电话13907965555' });
    expect(done.statusCode).toBe(200);
    const timeline = (await staff.inject({ url: `/api/households/${householdId}/timeline?source=assistance` })).json();
    expect(timeline.items[0]).toMatchObject({ kind: 'need.done', refType: 'need', refId: need.id, summary: expect.stringContaining('为独居老人更换燃气软管') });
    expect(JSON.stringify(timeline.items)).not.toContain('13907965555');
    // A need for no household writes no household event.
    const plain = (await post(staff, '/api/needs', { ...base, title: '楼道灯维修' })).json();
    const c2 = (await post(staff, `/api/needs/${plain.id}/actions/claim`, { version: plain.version, helperId })).json();
    await post(staff, `/api/needs/${plain.id}/actions/done`, { version: c2.version, evidence: '已修好' });
    expect((await staff.inject({ url: `/api/households/${householdId}/timeline?source=assistance` })).json().total).toBe(timeline.total);
  });
});

describe('a need claimed by a helper or a unit', () => {
  it('refuses a claimant of another community (404), even for a caller who sees both; nothing is written', async () => {
    const { session: county } = await signIn(env, ['dispatcher'], '360802');
    const farUnit = (await post(neighbour, '/api/paired-units', { regionCode: '360802001001', name: '吉州区教育局', kind: 'organ', pairedSince: '2025-04-01' })).json().id;
    const need = (await post(county, '/api/needs', { regionCode: '360802004001', title: '帮独居老人买菜', kind: 'skills', source: 'visit' })).json();
    const byHelper = await post(county, `/api/needs/${need.id}/actions/claim`, { version: need.version, helperId: outsiderId });
    expect(byHelper.statusCode).toBe(404);
    const byUnit = await post(county, `/api/needs/${need.id}/actions/claim`, { version: need.version, unitId: farUnit });
    expect(byUnit.statusCode).toBe(404);
    expect((await county.inject({ url: `/api/needs/${need.id}` })).json()).toMatchObject({ status: 'open', version: need.version, claimant: null });
    // The community's own unit may claim it.
    const ok = await post(county, `/api/needs/${need.id}/actions/claim`, { version: need.version, unitId });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'claimed', claimant: { kind: 'unit', id: unitId } });
  });
});

describe('a paired unit picked as a wish’s claimant', () => {
  it('is the unit’s own deed, counted once in its figures; a unit of another community is not found (404)', async () => {
    const { session: county } = await signIn(env, ['dispatcher'], '360802');
    const campaignId = (await post(county, '/api/wish-campaigns', { regionCode: '360802', name: '助学微心愿', startsOn: day(-1), endsOn: day(3), ageMin: 0, ageMax: 14 })).json().id;
    const home = await makeHousehold(env, { gridCode: '360802004001001', members: [{ name: '李小红', relation: 'child', idNumber: idNumberFor('360802', childBorn, 62) }] });
    const wish = (await post(staff, '/api/wishes', { campaignId, personId: home.members[0].id, kind: 'goods', content: '一套绘画工具' })).json();
    const farUnit = (await post(neighbour, '/api/paired-units', { regionCode: '360802001001', name: '吉州区卫健委', kind: 'organ', pairedSince: '2025-04-01' })).json().id;
    expect((await post(staff, `/api/wishes/${wish.id}/actions/claim`, { version: wish.version, helper: { kind: 'unit', name: '吉州区卫健委', unitId: farUnit } })).statusCode).toBe(404);
    expect((await post(county, `/api/wishes/${wish.id}/actions/claim`, { version: wish.version, helper: { kind: 'unit', name: '吉州区卫健委', unitId: farUnit } })).statusCode).toBe(404);
    expect((await staff.inject({ url: `/api/wishes/${wish.id}` })).json()).toMatchObject({ status: wish.status, version: wish.version, helpers: [] });

    const before = (await staff.inject({ url: `/api/paired-units/${unitId}` })).json().deeds;
    const figure = async () => (await county.inject({ url: '/api/volunteers/figures' })).json().units.find((u: { unitId: string }) => u.unitId === unitId)?.deeds ?? 0;
    const figureBefore = await figure();
    const month = chinaDay(new Date()).slice(0, 7);
    const ranked = async () => (await county.inject({ url: `/api/volunteers/ranking?month=${month}` })).json().units.find((u: { unitId: string }) => u.unitId === unitId)?.deeds ?? 0;
    const rankedBefore = await ranked();
    const claim = await post(staff, `/api/wishes/${wish.id}/actions/claim`, { version: wish.version, helper: { kind: 'donor', name: '随便写', unitId } });
    expect(claim.statusCode).toBe(200);
    expect(claim.json().helpers).toEqual([expect.objectContaining({ kind: 'unit', name: '吉州区财政局' })]);
    const again = await post(staff, `/api/wishes/${wish.id}/actions/join`, { version: claim.json().version, helper: { kind: 'unit', name: '吉州区财政局', unitId } });
    expect(again.json().error).toBe('wish_helper_already_claimed');
    // A member of the unit joins too: the wish still counts once for the unit.
    const joined = await post(staff, `/api/wishes/${wish.id}/actions/join`, { version: claim.json().version, helper: { kind: 'member', name: '王建国', helperId } });
    expect(joined.statusCode).toBe(200);
    const done = await post(staff, `/api/wishes/${wish.id}/actions/fulfil`, { version: joined.json().version, photo: { filename: 'kit.png', mime: 'image/png', dataBase64: PNG }, takenOn: day(0) });
    expect(done.statusCode).toBe(200);
    expect((await staff.inject({ url: `/api/paired-units/${unitId}` })).json().deeds).toBe(before + 1);
    expect(await figure()).toBe(figureBefore + 1);
    expect(await ranked()).toBe(rankedBefore + 1);
  });
});
