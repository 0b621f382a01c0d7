import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { createTestEnv, makeOrg, phoneTraces, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { sendReminders } from './meetings.reminders.js';

let env: TestEnv;
let w: AppealWorld;
let staff: Session;
let staffId: string;
let neighbour: Session; // another township's staff
let propertyOrg: string;
let owner: { session: Session; id: string };
const PLACE = '360802004001';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const s = await signIn(env, ['community_staff'], PLACE);
  staff = s.session;
  staffId = s.user.id;
  neighbour = (await signIn(env, ['community_staff'], '360802001001')).session;
  propertyOrg = await makeOrg(env.database, { name: '洪城物业', regionCode: PLACE });
  const o = await signIn(env, ['community_staff'], PLACE, { orgId: propertyOrg });
  owner = { session: o.session, id: o.user.id };
  // The property's account has a work mobile on file.
  await env.database.query(`update users set phone_enc = $1, phone_masked = '139****0002' where id = $2`, [env.app.vault.encrypt('13900000002'), owner.id]);
});
afterAll(() => env.close());

async function ok(res: { statusCode: number; body: string; json(): Json }, status = 200): Promise<Json> {
  if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}
const post = (s: Session, url: string, payload: unknown) => s.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
const outbox = (like: string) => env.database.query<{ body: string; recipient_hint: string; recipient_enc: string }>(`select body, recipient_hint, recipient_enc from outbox where body like $1 order by id`, [`%${like}%`]);

const people = [
  { party: 'community', label: '社区书记', userId: '' },
  { party: 'resident_rep', label: '3栋居民代表', name: '王秀英', phone: '138 0796 1234' },
  { party: 'resident_rep', label: '5栋居民代表', name: '李建国' },
  { party: 'property_company', label: '洪城物业', orgId: '' },
];
const participants = () => people.map((p) => ({ ...p, ...(p.userId !== undefined ? { userId: staffId } : {}), ...(p.orgId !== undefined ? { orgId: propertyOrg } : {}) }));

async function meeting(title: string, date: string) {
  return ok(await post(staff, '/api/meetings', { regionCode: PLACE, kindCode: 'building', title, date, participants: participants() }), 201);
}
async function held(title: string, date: string) {
  const m = await meeting(title, date);
  for (const p of (m.participants as Json[]).slice(0, 3)) await ok(await post(staff, `/api/meetings/${m.id}/sign-ins`, { participantId: p.id }));
  await ok(await post(staff, `/api/meetings/${m.id}/steps`, { step: 'hold' }));
  return m;
}
async function jpegWithExif(): Promise<string> {
  const buf = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'GPS-SECRET-27.0045N' } })
    .toBuffer();
  expect(buf.includes('GPS-SECRET')).toBe(true);
  return buf.toString('base64');
}

describe('resident representatives in the vault', () => {
  it('seals names and mobiles, shows them masked in the console, never on the public page; a bad mobile is a 400 naming the field', async () => {
    const m = await meeting('3栋楼栋会（代表）', '2026-09-21');
    const reps = (m.participants as Json[]).filter((p) => p.party === 'resident_rep');
    expect(reps.map((p) => [p.label, p.nameMasked, p.phoneMasked])).toEqual([
      ['3栋居民代表', '王**', '138****1234'],
      ['5栋居民代表', '李**', null],
    ]);
    const detail = await staff.inject({ url: `/api/meetings/${m.id}` });
    expect(detail.body).not.toContain('王秀英');
    expect(detail.body).not.toContain('13807961234');
    const [row] = await env.database.query<{ name_enc: string; phone_enc: string }>(`select name_enc, phone_enc from meeting_participants where meeting_id = $1 and name_masked = '王**'`, [m.id]);
    expect(row.name_enc).not.toContain('王秀英');
    expect(env.app.vault.decrypt(row.name_enc)).toBe('王秀英');
    expect(env.app.vault.decrypt(row.phone_enc)).toBe('13807961234');

    const pub = await env.app.inject({ url: `/api/public/meetings/${PLACE}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.body).not.toContain('王');
    expect(phoneTraces(pub.body)).toEqual([]);

    // A series keeps them sealed too, and its occurrences copy the sealed values.
    const series = await ok(
      await post(staff, '/api/meetings/series', { regionCode: PLACE, kindCode: 'building', title: '代表例会', rule: { freq: 'monthly_day', day: 12 }, startDate: '2026-09-01', participants: participants() }),
      201,
    );
    const body = JSON.stringify(series);
    expect(body).not.toContain('王秀英');
    expect(body).not.toContain('nameEnc');
    expect(series.participants[1]).toMatchObject({ nameMasked: '王**', phoneMasked: '138****1234' });

    const bad = await post(staff, `/api/meetings/${m.id}/participants`, { party: 'resident_rep', label: '6栋居民代表', name: '赵六', phone: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual({ field: 'phone' });
    // Another township's staff: the meeting does not exist for them.
    expect((await post(neighbour, `/api/meetings/${m.id}/participants`, { party: 'resident_rep', label: 'x', name: '赵六' })).statusCode).toBe(404);
  });
});

describe('SMS reminders', () => {
  it('texts each participant with a mobile the day before, and an action’s owner 3 and 1 days before its deadline, each exactly once', async () => {
    const m = await meeting('9月22日楼栋会', '2026-09-22');
    // Two days before: nothing yet.
    await sendReminders(env.database, env.app.vault, new Date('2026-09-20T02:00:00Z'));
    expect(await outbox('9月22日楼栋会')).toHaveLength(0);
    const first = await sendReminders(env.database, env.app.vault, new Date('2026-09-21T02:00:00Z'));
    expect(first.participants).toBeGreaterThanOrEqual(4);
    const texts = await outbox('9月22日楼栋会');
    // The representative with a mobile; the others have none on file (the staff account gets a console notice).
    expect(texts.map((t) => t.recipient_hint)).toEqual(['138****1234']);
    expect(env.app.vault.decrypt(texts[0].recipient_enc)).toBe('13807961234');
    expect(texts[0].body).toBe('【听诉】9月22日楼栋会定于2026-09-22 19:00在上阳明路居委会召开，请准时参加。');
    // Again (a second run, another instance): nothing more.
    await Promise.all([sendReminders(env.database, env.app.vault, new Date('2026-09-21T03:00:00Z')), sendReminders(env.database, env.app.vault, new Date('2026-09-21T03:00:00Z'))]);
    expect(await outbox('9月22日楼栋会')).toHaveLength(1);
    const notes = await ok(await staff.inject({ url: '/api/notifications' }));
    expect(notes.items.filter((n: Json) => n.title.includes('9月22日楼栋会'))).toHaveLength(1);
    const rows = await env.database.query<{ n: number }>(`select count(*)::int as n from meeting_reminders where subject_id = $1`, [m.id]);
    expect(rows[0].n).toBe(4);

    // An action owned by the property company, due 2026-10-20.
    const h = await held('9月份楼栋会', '2026-09-15');
    const d = await ok(await post(staff, `/api/meetings/${h.id}/decisions`, { text: '修复路灯', method: 'consensus', actions: [{ title: '修复 2 栋路灯', ownerOrgId: propertyOrg, deadline: '2026-10-20' }] }), 201);
    const actionId = d.actionIds[0];
    await sendReminders(env.database, env.app.vault, new Date('2026-10-16T02:00:00Z')); // 4 days left
    expect(await outbox('修复 2 栋路灯')).toHaveLength(0);
    await sendReminders(env.database, env.app.vault, new Date('2026-10-17T02:00:00Z')); // 3 days left
    await sendReminders(env.database, env.app.vault, new Date('2026-10-18T02:00:00Z')); // 2 days left: the same threshold
    let due = await outbox('修复 2 栋路灯');
    expect(due.map((t) => t.recipient_hint)).toEqual(['139****0002']);
    expect(due[0].body).toBe('【听诉】议事事项「修复 2 栋路灯」将于2026-10-20到期（还有3天），请抓紧落实并更新进度。');
    await sendReminders(env.database, env.app.vault, new Date('2026-10-19T02:00:00Z')); // 1 day left
    await sendReminders(env.database, env.app.vault, new Date('2026-10-19T05:00:00Z'));
    due = await outbox('修复 2 栋路灯');
    expect(due).toHaveLength(2);
    expect(due[1].body).toContain('还有1天');
    // A finished action is not reminded.
    await ok(await post(staff, `/api/meeting-actions/${actionId}/steps`, { step: 'finish' }));
    const owned = await ok(await owner.session.inject({ url: '/api/notifications' }));
    expect(owned.items.filter((n: Json) => n.title.includes('修复 2 栋路灯'))).toHaveLength(2);
  });
});

describe('photos on minutes and action progress', () => {
  it('stores photos re-encoded without EXIF; minutes photos stay inside, progress photos show on the public page; bad files and other places refused', async () => {
    const m = await held('照片楼栋会', '2026-09-23');
    const photo = { filename: 'IMG_0001.jpg', mime: 'image/jpeg', dataBase64: await jpegWithExif() };
    const added = await ok(await post(staff, `/api/meetings/${m.id}/photos`, { photos: [photo] }), 201);
    expect(added.ids).toHaveLength(1);
    const detail = await ok(await staff.inject({ url: `/api/meetings/${m.id}` }));
    expect(detail.minutesPhotos).toEqual([{ id: added.ids[0], filename: 'IMG_0001.jpg' }]);
    const file = await staff.inject({ url: `/api/meetings/${m.id}/files/${added.ids[0]}` });
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.rawPayload.includes('GPS-SECRET')).toBe(false);
    expect((await sharp(file.rawPayload).metadata()).exif).toBeUndefined();
    // Not public, and not for another township's staff.
    expect((await env.app.inject({ url: `/api/public/meetings/${PLACE}/photos/${added.ids[0]}` })).statusCode).toBe(404);
    expect((await neighbour.inject({ url: `/api/meetings/${m.id}/files/${added.ids[0]}` })).statusCode).toBe(404);
    expect((await post(neighbour, `/api/meetings/${m.id}/photos`, { photos: [photo] })).statusCode).toBe(404);

    const notImage = await post(staff, `/api/meetings/${m.id}/photos`, { photos: [{ filename: 'x.jpg', mime: 'image/jpeg', dataBase64: Buffer.from('not an image').toString('base64') }] });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().error).toBe('photo_invalid');
    expect((await post(staff, `/api/meetings/${m.id}/photos`, { photos: Array.from({ length: 5 }, () => photo) })).statusCode).toBe(400);

    const d = await ok(await post(staff, `/api/meetings/${m.id}/decisions`, { text: '修剪树木', method: 'consensus', actions: [{ title: '修剪 4 栋树木', ownerOrgId: propertyOrg, withinWorkingDays: 5 }] }), 201);
    const a = d.actionIds[0];
    await ok(await post(staff, `/api/meeting-actions/${a}/steps`, { step: 'progress', progress: 50, note: '已修剪一半', photos: [photo] }));
    const action = await ok(await staff.inject({ url: `/api/meeting-actions/${a}` }));
    const progressPhoto = action.updates.at(-1).photos[0];
    expect(progressPhoto).toBeTruthy();
    const pub = (await env.app.inject({ url: `/api/public/meetings/${PLACE}` })).json();
    const shown = pub.meetings.find((x: Json) => x.id === m.id).decisions[0].actions[0];
    expect(shown.updates.at(-1).photos).toEqual([progressPhoto]);
    const img = await env.app.inject({ url: `/api/public/meetings/${PLACE}/photos/${progressPhoto}` });
    expect(img.statusCode).toBe(200);
    expect(img.rawPayload.includes('GPS-SECRET')).toBe(false);
    // Only under its own place.
    expect((await env.app.inject({ url: `/api/public/meetings/360802001001/photos/${progressPhoto}` })).statusCode).toBe(404);
  });
});

describe('figures by place and appeals resolved through meetings', () => {
  it('counts meetings and actions per township and community, actions whose appeal closed, and appeals behind a topic closed after its decision', async () => {
    // A resident's open appeal of category 0302 in the place, then a topic drawn from it.
    const appeal = await ok(await post(w.as.community, '/api/appeals', appealBody()), 201);
    const m = await held('诉求议题楼栋会', '2026-11-05');
    const topic = await ok(await post(staff, `/api/meetings/${m.id}/topics`, { title: '井盖破损', categoryCode: '0302' }), 201);
    expect(topic.source).toBe('appeals');
    await ok(await post(staff, `/api/meetings/topics/${topic.id}/decision`, { accept: true }));
    const d = await ok(
      await post(staff, `/api/meetings/${m.id}/decisions`, { topicId: topic.id, text: '更换井盖', method: 'consensus', actions: [{ title: '更换 12 号门口井盖', ownerOrgId: propertyOrg, withinWorkingDays: 5 }] }),
      201,
    );
    const sent = await ok(await post(w.as.dispatcher, `/api/meeting-actions/${d.actionIds[0]}/appeal`, { categoryCode: '0302' }), 201);
    const before = await ok(await staff.inject({ url: '/api/meetings/figures?from=2026-11-01&to=2026-11-30' }));
    expect(before.throughAppeals).toMatchObject({ actionsSent: 1, actionsClosed: 0, topicsFromAppeals: 1, topicsDecided: 1, topicAppealsClosed: 0, resolved: 0 });
    // Both appeals closed afterwards (the resident's, and the one the action was sent in as).
    await env.database.query(`update appeals set status = 'closed', closed_at = now() + interval '1 minute' where id in ($1, $2)`, [appeal.id, sent.appealId]);
    const after = await ok(await staff.inject({ url: '/api/meetings/figures?from=2026-11-01&to=2026-11-30' }));
    // The action's own appeal was registered after the decision: counted once, as the action's.
    expect(after.throughAppeals).toMatchObject({ actionsSent: 1, actionsClosed: 1, topicAppealsClosed: 1, resolved: 2 });
    const community = after.byPlace.find((p: Json) => p.level === 'community' && p.regionCode === PLACE);
    expect(community).toMatchObject({ name: '上阳明路居委会', meetings: 1, held: 1, decisions: 1, actions: 1 });
    expect(after.byPlace.find((p: Json) => p.level === 'township')).toMatchObject({ regionCode: '360802004', meetings: 1 });
    // The Excel ledger carries the same: a sheet by place and the appeals resolved through meetings.
    const xlsx = await staff.inject({ url: '/api/meetings/export.xlsx?from=2026-11-01&to=2026-11-30' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const places = wb.getWorksheet('分地区统计')!;
    const placeRows = places.getSheetValues().filter(Boolean).slice(1).map((r) => (r as unknown[]).slice(1));
    expect(placeRows).toContainEqual(['社区（村）', PLACE, '上阳明路居委会', 1, 1, 1, 1, 0]);
    expect(placeRows.find((r) => r[1] === '360802004')).toBeTruthy();
    const summary = wb.getWorksheet('议事统计')!.getSheetValues().filter(Boolean).map((r) => String((r as unknown[])[1] ?? ''));
    expect(summary.find((x) => x.startsWith('通过议事解决的诉求'))).toBe('通过议事解决的诉求 2：转入诉求的事项 1（已办结 1）；来自诉求的议题 1（已决议 1，决议后办结诉求 1）');
    // Another township sees none of it.
    const other = await ok(await neighbour.inject({ url: '/api/meetings/figures?from=2026-11-01&to=2026-11-30' }));
    expect(other.byPlace).toEqual([]);
    expect(other.throughAppeals.resolved).toBe(0);
  });
});

describe('demo', () => {
  it('seals the representatives of the demo series and shows the felling photos on the public page', async () => {
    // A resident's appeal in the demo community, open for most of the year and closed yesterday.
    const appeal = await ok(await post(w.as.community, '/api/appeals', appealBody()), 201);
    await env.database.query(`update appeals set region_code = '360802004002', created_at = now() - interval '300 days', status = 'closed', closed_at = now() - interval '1 day' where id = $1`, [appeal.id]);
    const { generateDemoMeetings } = await import('../../generate/meetings.js');
    await generateDemoMeetings(env.database, { seed: 7, community: '360802004002', township: '360802004', now: new Date(), staffUserId: staffId, proposerUserId: null, vault: env.app.vault });
    const reps = await env.database.query<{ label: string; name_masked: string; name_enc: string; phone_masked: string }>(
      `select p.label, p.name_masked, p.name_enc, p.phone_masked from meeting_participants p join meetings m on m.id = p.meeting_id where m.region_code = '360802004002' and p.party = 'resident_rep' limit 5`,
    );
    expect(reps.length).toBeGreaterThan(0);
    for (const r of reps) {
      expect(r.name_masked).toMatch(/^.\*+$/);
      expect(r.phone_masked).toMatch(/^139\*{4}\d{4}$/);
      expect(r.name_enc).not.toContain('刘桂英');
    }
    const page = await env.app.inject({ url: '/api/public/meetings/360802004002' });
    expect(page.body).not.toContain('刘桂英');
    const trees = page
      .json()
      .meetings.flatMap((m: Json) => m.decisions.flatMap((d: Json) => d.actions))
      .find((a: Json) => a.title === '砍伐 3 棵危树');
    const photos = trees.updates.flatMap((u: Json) => u.photos);
    expect(photos).toHaveLength(3);
    const img = await env.app.inject({ url: `/api/public/meetings/360802004002/photos/${photos[0]}` });
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(img.rawPayload).metadata()).format).toBe('jpeg');
    // The 议事日 on the 1st: its occurrence on a public holiday of the shipped calendar is moved to the next working day, shown with the reason.
    const series = (await ok(await w.as.dispatcher.inject({ url: '/api/meetings/series' }))).find((x: Json) => x.title === '习溪桥社区议事日（每月 1 日）');
    const listed = await ok(await w.as.dispatcher.inject({ url: `/api/meetings?seriesId=${series.id}&pageSize=100` }));
    const holidays = ['01-01', '05-01', '10-01'];
    const moved = listed.items.filter((x: Json) => x.ruleDate && holidays.includes(x.ruleDate.slice(5)));
    expect(moved.length).toBeGreaterThan(0);
    for (const x of moved) {
      expect(x.date > x.ruleDate).toBe(true);
      expect(x.movedReason).toContain(`${x.ruleDate} 为休息日`);
    }
    const national = moved.find((x: Json) => x.ruleDate.endsWith('-10-01'));
    if (national?.ruleDate === '2026-10-01') expect(national.date).toBe('2026-10-08');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(listed.items.filter((x: Json) => x.date < yesterday).every((x: Json) => x.status === 'held')).toBe(true);
    // One monthly topic was drawn from that appeal's category: it counts as resolved through a meeting.
    const from = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date().toISOString().slice(0, 10);
    const fig = await ok(await w.as.dispatcher.inject({ url: `/api/meetings/figures?from=${from}&to=${to}&regionCode=360802004002` }));
    expect(fig.throughAppeals).toMatchObject({ topicsFromAppeals: 1, topicsDecided: 1, topicAppealsClosed: 1 });
    expect(fig.byPlace.find((p: Json) => p.regionCode === '360802004002').held).toBeGreaterThan(6);
  });
});
