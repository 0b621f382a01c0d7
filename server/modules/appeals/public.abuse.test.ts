import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld } from '../../test/appeal-world.js';
import { PER_PHONE_PER_DAY, TRACK_MAX_FAILURES } from './appeals.public.js';
import { PUBLIC_PHOTOS } from './public.photos.js';

// A busy machine (several suites at once) is slow, never wrong: generous limits, no timing asserted.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeAppealWorld(env);
}, 180_000);
afterAll(() => env.close());

let ipSeq = 0;
const nextIp = () => `10.${100 + Math.floor(ipSeq / 250)}.${ipSeq % 250}.${(ipSeq++ % 200) + 1}`;
const submit = (payload: Record<string, unknown>, ip = nextIp()) => env.app.inject({ method: 'POST', url: '/api/public/appeals', payload, remoteAddress: ip });
const track = (number: string, last4: string, ip = nextIp(), lang?: string) =>
  env.app.inject({ url: `/api/public/track?number=${number}&last4=${last4}`, remoteAddress: ip, headers: lang ? { 'accept-language': lang } : {} });

async function storedPhotos(number: string): Promise<{ filename: string; mime: string; data: Buffer }[]> {
  const rows = await env.database.query<{ filename: string; mime: string; data: Uint8Array }>(
    `select t.filename, t.mime, t.data from appeal_attachments t join appeals a on a.id = t.appeal_id where a.number = $1 order by t.filename`,
    [number],
  );
  return rows.map((r) => ({ ...r, data: Buffer.from(r.data) }));
}

describe('tracking by number and last four digits', () => {
  it('locks a number after five wrong tries from any addresses, for everyone, and audits it without the digits', async () => {
    const res = await submit({ placeCode: '360802004001001', phone: '13807961357', content: '楼道灯不亮' });
    expect(res.statusCode).toBe(201);
    const { number } = res.json();
    // Each guess from a different address: the limit is per number.
    for (let i = 0; i < TRACK_MAX_FAILURES - 1; i++) expect((await track(number, `000${i}`)).statusCode).toBe(404);
    const fifth = await track(number, '0004');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error).toBe('tracking_locked');
    expect(fifth.json().message).toMatch(/^该编号的查询错误次数过多，已暂时锁定，请于 \d\d:\d\d（约 1[45] 分钟后）再试$/);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    // Locked even for the right digits, from anywhere.
    const right = await track(number, '1357', nextIp(), 'en');
    expect(right.statusCode).toBe(429);
    expect(right.json().message).toMatch(/^Too many wrong tries for this number; it is locked until \d\d:\d\d China time/);
    // Another number is not affected.
    const other = await submit({ placeCode: '360802004001001', phone: '13807962468', content: '垃圾没人清' });
    expect((await track(other.json().number, '2468')).statusCode).toBe(200);

    const audit = await env.database.query<{ action: string; details: unknown; actor_name: string }>(
      `select action, details, actor_name from audit_log where action like 'appeal.track%' and details->>'number' = $1 order by id`,
      [number],
    );
    expect(audit.map((a) => a.action)).toEqual([...Array(TRACK_MAX_FAILURES).fill('appeal.track_failed'), 'appeal.track_locked']);
    const text = JSON.stringify(audit);
    for (const digits of ['0000', '0003', '0004', '1357', '13807961357']) expect(text).not.toContain(digits);
  });

  it('gives the right digits their try back: four wrong and one right leave the number open', async () => {
    const { number } = (await submit({ placeCode: '360802004001001', phone: '13807960011', content: '井盖松动' })).json();
    for (let i = 0; i < TRACK_MAX_FAILURES - 1; i++) expect((await track(number, `100${i}`)).statusCode).toBe(404);
    expect((await track(number, '0011')).statusCode).toBe(200);
    expect((await track(number, '0011')).statusCode).toBe(200);
  });
});

describe('a phone’s submissions a day', () => {
  it('holds under concurrent submissions from many addresses', async () => {
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => submit({ placeCode: '360802004001', phone: '13907961111', content: `并发提交 ${i}` })),
    );
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(PER_PHONE_PER_DAY);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(25 - PER_PHONE_PER_DAY);
    const [{ n }] = await env.database.query<{ n: number }>(`select count(*)::int as n from appeals where content like '并发提交 %'`);
    expect(n).toBe(PER_PHONE_PER_DAY);
  });
});

// A PNG whose header claims `width` × `height` pixels, with no real image data behind it.
function pngHeader(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

const photo = (data: Buffer, filename = 'p.jpg', mime = 'image/jpeg') => ({ filename, mime, dataBase64: data.toString('base64') });
const base = { placeCode: '360802004001001', content: '照片测试' };

describe('residents’ photos', () => {
  it('stores a shrunk JPEG without EXIF or GPS, however large the photo sent', async () => {
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .jpeg({ quality: 100 })
      .withExif({ IFD0: { Copyright: 'resident' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '27/1 0/1 16/1' } })
      .toBuffer();
    expect((await sharp(big).metadata()).exif).toBeDefined();
    const png = await sharp({ create: { width: 800, height: 1200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } } }).png().toBuffer();
    const res = await submit({ ...base, phone: '13807960101', photos: [photo(big, '门口.jpeg'), photo(png, '楼道.png', 'image/png')] });
    expect(res.statusCode, res.body).toBe(201);
    const stored = await storedPhotos(res.json().number);
    expect(stored.map((p) => [p.filename, p.mime])).toEqual([
      ['楼道.jpg', 'image/jpeg'],
      ['门口.jpg', 'image/jpeg'],
    ]);
    const [small, shrunk] = await Promise.all(stored.map((p) => sharp(p.data).metadata()));
    expect([shrunk.format, shrunk.width, shrunk.height]).toEqual(['jpeg', PUBLIC_PHOTOS.longSide, 1067]);
    expect(shrunk.exif).toBeUndefined();
    expect([small.format, small.width, small.height]).toEqual(['jpeg', 800, 1200]);
  });

  it('refuses what is not an image, whatever its declared type', async () => {
    const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a picture')]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    for (const data of [fakePng, svg, Buffer.from('hello')]) {
      const r = await submit({ ...base, phone: '13807960102', photos: [photo(data, 'x.png', 'image/png')] });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ error: 'photo_invalid', message: '照片 1 无法识别为图片（仅支持 JPEG、PNG、WebP）' });
    }
  });

  it('refuses a decompression bomb from its header, without decoding it', async () => {
    const r = await submit({ ...base, phone: '13807960103', photos: [photo(pngHeader(30_000, 30_000), 'bomb.png', 'image/png')] });
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toBe('photo_too_large');
    expect(r.json().message).toContain('30000×30000');
  });

  it('bounds each photo, their number and the whole body', async () => {
    const tooBig = Buffer.alloc(PUBLIC_PHOTOS.eachBytes + 1, 7);
    const one = await submit({ ...base, phone: '13807960104', photos: [photo(tooBig)] });
    expect(one.statusCode).toBe(413);
    expect(one.json()).toMatchObject({ error: 'photo_too_large', message: '照片 1 过大：超过 5 MiB' });

    const tiny = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const five = await submit({ ...base, phone: '13807960104', photos: Array.from({ length: 5 }, () => photo(tiny)) });
    expect(five.statusCode).toBe(400);
    expect(five.json().error).toBe('validation_failed');

    // 4 × 4.5 MiB is over the 12 MiB total: the body is refused while it streams in.
    const body = await submit({ ...base, phone: '13807960104', photos: Array.from({ length: 4 }, () => photo(Buffer.alloc(4.5 * 1024 * 1024, 1))) });
    expect(body.statusCode).toBe(413);
    expect(body.json().error).toBe('payload_too_large');
    const [{ n }] = await env.database.query<{ n: number }>(`select count(*)::int as n from appeals where content = '照片测试'`);
    expect(n).toBe(1);
  });
});
