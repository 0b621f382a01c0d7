import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay } from '../../platform/china-time.js';
import { createTestEnv, idNumberFor, makeFixtureTree, makeHousehold, phoneTraces, signIn, type TestEnv } from '../../test/helpers.js';
import { wishCampaigns, wishHelpers } from './wishes.tables.js';

/** A 1×1 PNG: the fulfilment photo. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const day = (offset: number) => chinaDay(new Date(Date.now() + offset * 86_400_000));
const childBorn = `${new Date().getUTCFullYear() - 9}-03-01`;

let env: TestEnv;
let campaignId: string;
let tagged: Awaited<ReturnType<typeof makeHousehold>>;
let untagged: Awaited<ReturnType<typeof makeHousehold>>;
type Session = Awaited<ReturnType<typeof signIn>>['session'];
let staff: Session;

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  tagged = await makeHousehold(env, {
    gridCode: '360802004001001',
    tags: ['child_in_difficulty'],
    members: [
      { name: '李明远', relation: 'head', idNumber: idNumberFor('360802', '1980-05-02', 11) },
      { name: '李小雨', relation: 'child', idNumber: idNumberFor('360802', childBorn, 12) },
      { name: '李小川', relation: 'child', idNumber: idNumberFor('360802', childBorn, 13) },
    ],
  });
  untagged = await makeHousehold(env, { gridCode: '360802004001002', members: [{ name: '王可', relation: 'child', idNumber: idNumberFor('360802', childBorn, 14) }] });
  ({ session: staff } = await signIn(env, ['community_staff'], '360802004001'));
});
afterAll(() => env.close());

const act = (s: Session, id: string, action: string, payload: Record<string, unknown>) => s.inject({ method: 'POST', url: `/api/wishes/${id}/actions/${action}`, payload });
const collect = (s: Session, personId: string, content = '一个新书包') => s.inject({ method: 'POST', url: '/api/wishes', payload: { campaignId, personId, kind: 'goods', content } });

describe('wish campaigns', () => {
  it('a county dispatcher sets a campaign with a window and rules; a township cannot cover the county (403); bad dates are 400', async () => {
    const { session: township } = await signIn(env, ['dispatcher'], '360802004');
    const body = { regionCode: '360802', name: '六一微心愿', startsOn: day(-1), endsOn: day(3), ageMin: 0, ageMax: 14, requiredTag: 'child_in_difficulty' };
    expect((await township.inject({ method: 'POST', url: '/api/wish-campaigns', payload: body })).statusCode).toBe(403);

    const { session: county } = await signIn(env, ['dispatcher'], '360802');
    const backwards = await county.inject({ method: 'POST', url: '/api/wish-campaigns', payload: { ...body, startsOn: day(3), endsOn: day(-1) } });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toBe('wish_campaign_dates');
    const res = await county.inject({ method: 'POST', url: '/api/wish-campaigns', payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '六一微心愿', requiredTagName: '困境儿童', progress: { collected: 0 } });
    campaignId = res.json().id;

    // The community below sees the county's campaign (to collect for it); staff of another county do not.
    expect((await staff.inject({ url: `/api/wish-campaigns/${campaignId}` })).statusCode).toBe(200);
    const { session: other } = await signIn(env, ['community_staff'], '360803001001');
    expect((await other.inject({ url: `/api/wish-campaigns/${campaignId}` })).statusCode).toBe(404);
  });
});

describe('micro-wishes from the door to the thank-you', () => {
  let wishId: string;

  it('collects a wish only for a person the campaign’s rules admit, each refusal with its code and nothing written', async () => {
    const [adult, child] = tagged.members;
    const tooOld = await collect(staff, adult.id);
    expect(tooOld.statusCode).toBe(409);
    expect(tooOld.json().error).toBe('wish_age_outside');
    const noTag = await collect(staff, untagged.members[0].id);
    expect(noTag.statusCode).toBe(409);
    expect(noTag.json()).toMatchObject({ error: 'wish_tag_missing', message: expect.stringContaining('困境儿童') });
    const empty = await staff.inject({ method: 'POST', url: '/api/wishes', payload: { campaignId, personId: child.id, kind: 'goods', content: '' } });
    expect(empty.statusCode).toBe(400);
    expect((await staff.inject({ url: '/api/wishes' })).json().total).toBe(0);

    const res = await collect(staff, child.id);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'published', initial: '小李', age: 9, actions: expect.arrayContaining(['claim', 'withdraw']) });
    wishId = res.json().id;
    expect((await collect(staff, child.id)).json().error).toBe('wish_duplicate');
  });

  it('shows the wish on the public wall, without signing in and without personal data', async () => {
    const res = await env.app.inject({ url: `/api/public/wishes?campaignId=${campaignId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ id: wishId, initial: '小李', age: 9, content: '一个新书包', status: 'published' })]);
    expect(res.body).not.toContain('李小雨');
    expect(res.body).not.toContain(tagged.id);
    expect(res.body).not.toContain(tagged.members[1].id);
    const camps = await env.app.inject({ url: '/api/public/wish-campaigns' });
    expect(camps.json()[0]).toMatchObject({ id: campaignId, progress: { collected: 1, claimed: 0 } });
  });

  it('is claimed by a paired unit and jointly by a volunteer (phone sealed), within the window', async () => {
    const noHelper = await act(staff, wishId, 'claim', { version: 1 });
    expect(noHelper.statusCode).toBe(400);
    const claimed = await act(staff, wishId, 'claim', { version: 1, helper: { kind: 'unit', name: '吉州区税务局' } });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'claimed', version: 2 });
    const again = await act(staff, wishId, 'claim', { version: 2, helper: { kind: 'donor', name: '赵先生' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('wish_not_claimable');
    const stale = await act(staff, wishId, 'join', { version: 1, helper: { kind: 'volunteer', name: '周芳' } });
    expect(stale.json().error).toBe('stale_version');
    const joined = await act(staff, wishId, 'join', { version: 2, helper: { kind: 'volunteer', name: '周芳', phone: '13907960001' } });
    expect(joined.json().helpers).toEqual([
      { kind: 'unit', name: '吉州区税务局', phone: null },
      { kind: 'volunteer', name: '周芳', phone: '139****0001' },
    ]);
    const [sealed] = await env.database.db.select().from(wishHelpers).where(eq(wishHelpers.name, '周芳'));
    expect(sealed.phoneEnc).not.toContain('13907960001');
    expect(env.app.vault.decrypt(sealed.phoneEnc!)).toBe('13907960001');
  });

  it('is fulfilled with a dated photo, confirmed once, and thanked on the wall; the household timeline shows the help', async () => {
    expect((await act(staff, wishId, 'fulfil', { version: 3, takenOn: day(0) })).json()).toMatchObject({ error: 'required' });
    expect((await act(staff, wishId, 'fulfil', { version: 3, takenOn: day(2), photo: { filename: 'a.png', mime: 'image/png', dataBase64: PNG } })).json().error).toBe('wish_photo_date');
    const notImage = await act(staff, wishId, 'fulfil', { version: 3, takenOn: day(0), photo: { filename: 'a.png', mime: 'image/png', dataBase64: Buffer.from('hello').toString('base64') } });
    expect(notImage.json().error).toBe('photo_invalid');
    const fulfilled = await act(staff, wishId, 'fulfil', { version: 3, takenOn: day(0), photo: { filename: 'a.png', mime: 'image/png', dataBase64: PNG } });
    expect(fulfilled.statusCode).toBe(200);
    expect(fulfilled.json()).toMatchObject({ status: 'fulfilled', fulfilledOn: day(0), late: false, photos: [{ takenOn: day(0) }] });
    const photo = await staff.inject({ url: `/api/wishes/${wishId}/photos/${fulfilled.json().photos[0].id}` });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');

    const { session: worker } = await signIn(env, ['grid_worker'], '360802004001001');
    const confirmed = await act(worker, wishId, 'confirm', { version: 4, method: 'callback', note: '监护人电话回访确认' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', confirmMethod: 'callback' });
    const twice = await act(staff, wishId, 'confirm', { version: 5, method: 'signature' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toBe('wish_not_confirmable');
    // Grid workers confirm at the door; thanking is the community's.
    expect((await act(worker, wishId, 'thank', { version: 5, thanks: '谢谢' })).statusCode).toBe(403);

    const thanked = await act(staff, wishId, 'thank', { version: 5, thanks: '谢谢叔叔阿姨，我会好好学习！' });
    expect(thanked.json()).toMatchObject({ status: 'thanked', actions: [] });
    expect(thanked.json().events.map((e: { action: string }) => e.action)).toEqual(['collect', 'claim', 'join', 'fulfil', 'confirm', 'thank']);

    const wall = (await env.app.inject({ url: `/api/public/wishes?campaignId=${campaignId}` })).json();
    expect(wall.items[0]).toMatchObject({ status: 'thanked', thanks: '谢谢叔叔阿姨，我会好好学习！', helpers: ['结对单位 吉州区税务局', '志愿者 周*'] });
    expect(phoneTraces(JSON.stringify(wall))).toEqual([]);

    const timeline = (await staff.inject({ url: `/api/households/${tagged.id}/timeline` })).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['wish.collected', 'wish.confirmed']));
    const camp = (await staff.inject({ url: `/api/wish-campaigns/${campaignId}` })).json();
    expect(camp.progress).toEqual({ collected: 1, claimed: 1, fulfilled: 1, confirmed: 1, thanked: 1, onTime: 1, late: 0 });
    const byCommunity = (await staff.inject({ url: `/api/wish-campaigns/${campaignId}/communities` })).json();
    expect(byCommunity).toEqual([expect.objectContaining({ regionCode: '360802004001', collected: 1, confirmed: 1, onTime: 1 })]);
  });

  it('refuses claims past the window and collection after the campaign (409), writing nothing', async () => {
    const second = (await collect(staff, tagged.members[2].id, '陪我去图书馆')).json();
    await env.database.db.update(wishCampaigns).set({ endsOn: day(-1), startsOn: day(-5) }).where(eq(wishCampaigns.id, campaignId));
    const late = await act(staff, second.id, 'claim', { version: 1, helper: { kind: 'member', name: '刘洋' } });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: 'wish_window_closed', message: expect.stringContaining(day(-1)) });
    expect(await env.database.db.select().from(wishHelpers).where(eq(wishHelpers.wishId, second.id))).toEqual([]);
    expect((await staff.inject({ url: `/api/wishes/${second.id}` })).json()).toMatchObject({ status: 'published', version: 1, actions: ['withdraw'] });
    const over = await collect(staff, untagged.members[0].id);
    expect(over.json().error).toBe('wish_campaign_over');
    await env.database.db.update(wishCampaigns).set({ endsOn: day(3), startsOn: day(-1) }).where(eq(wishCampaigns.id, campaignId));
  });

  it('hides wishes outside the caller’s area (404) and refuses roles without the permission (403)', async () => {
    const { session: neighbour } = await signIn(env, ['community_staff'], '360802001001');
    expect((await neighbour.inject({ url: `/api/wishes/${wishId}` })).statusCode).toBe(404);
    expect((await neighbour.inject({ url: '/api/wishes' })).json().total).toBe(0);
    expect((await act(neighbour, wishId, 'withdraw', { version: 6 })).statusCode).toBe(404);
    // A person outside the caller's area does not exist for them.
    expect((await collect(neighbour, untagged.members[0].id)).statusCode).toBe(404);
    const { session: handler } = await signIn(env, ['handler'], '360802');
    expect((await handler.inject({ url: '/api/wishes' })).statusCode).toBe(403);
    expect((await handler.inject({ url: '/api/wish-campaigns' })).statusCode).toBe(403);
  });
});

describe('the demo generator', () => {
  it('makes a June campaign and one open now whose figures agree with their wishes, once', async () => {
    const { generateWishes } = await import('../../generate/wishes.js');
    await makeHousehold(env, { gridCode: '360802001001001', tags: ['left_behind_child'], members: [{ name: '陈小军', relation: 'child', idNumber: idNumberFor('360802', childBorn, 21) }] });
    await makeHousehold(env, { gridCode: '360802004002001', tags: ['left_behind_child'], members: [{ name: '黄小花', relation: 'child', idNumber: idNumberFor('360802', childBorn, 22) }] });
    const made = await generateWishes(env.database, { seed: 7, county: '360802', now: new Date() });
    expect(made).toEqual({ campaigns: 2, wishes: 4 });
    expect(await generateWishes(env.database, { seed: 7, county: '360802', now: new Date() })).toEqual({ campaigns: 0, wishes: 0 });

    const { session: county } = await signIn(env, ['dispatcher'], '360802');
    const camps = (await county.inject({ url: '/api/wish-campaigns' })).json().items as { id: string; name: string; progress: Record<string, number> }[];
    for (const c of camps) {
      const all = (await county.inject({ url: `/api/wishes?campaignId=${c.id}&pageSize=200` })).json().items as { status: string; late: boolean | null }[];
      const at = (...s: string[]) => all.filter((w) => s.includes(w.status)).length;
      expect(c.progress).toMatchObject({
        collected: all.length - at('withdrawn'),
        claimed: at('claimed', 'fulfilled', 'confirmed', 'thanked'),
        fulfilled: at('fulfilled', 'confirmed', 'thanked'),
        confirmed: at('confirmed', 'thanked'),
        late: all.filter((w) => w.late).length,
      });
    }
    const june = camps.find((c) => c.name.includes('六一'))!;
    expect(june.progress.collected).toBe(2);
    // The winter campaign is open now: its unclaimed wishes can be claimed.
    const winter = camps.find((c) => c.name.includes('冬日'))!;
    const open = (await county.inject({ url: `/api/wishes?campaignId=${winter.id}&status=published` })).json().items as { id: string }[];
    if (open.length) expect((await county.inject({ url: `/api/wishes/${open[0].id}` })).json().actions).toContain('claim');
  });
});
