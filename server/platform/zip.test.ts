import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { DEFAULT_UNPACK_LIMITS, openEntry, openEntryOf, zipDirectory, zipDirectoryOf, ZipFormatError } from './zip.js';

const zip = async (files: Record<string, string | Buffer>) => {
  const z = new JSZip();
  for (const [name, data] of Object.entries(files)) z.file(name, data);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
};

const read = async (file: Buffer, name: string) => {
  const chunks: Buffer[] = [];
  for await (const c of openEntry(file, zipDirectory(file).get(name)!)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

describe('zip archives read from memory', () => {
  it('reads entries by name through the central directory', async () => {
    const file = await zip({ 'a.txt': '第一', 'b/c.xml': '<x/>' });
    expect([...zipDirectory(file).keys()]).toEqual(['a.txt', 'b/', 'b/c.xml']);
    expect(await read(file, 'b/c.xml')).toBe('<x/>');
    expect(await read(file, 'a.txt')).toBe('第一');
  });

  it('refuses too many entries, too much unpacked data and bomb-like ratios before inflating anything', async () => {
    const many = await zip(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, 'x'])));
    expect(() => zipDirectory(many, { ...DEFAULT_UNPACK_LIMITS, maxEntries: 20 })).toThrow(expect.objectContaining({ code: 'archive_too_large', status: 413 }));
    const big = await zip({ 'big.txt': Buffer.alloc(3 * 1024 * 1024, 'a') });
    expect(() => zipDirectory(big, { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes: 2 * 1024 * 1024 })).toThrow(AppError);
    expect(() => zipDirectory(big)).toThrow(expect.objectContaining({ code: 'archive_too_large', details: expect.objectContaining({ limit: 200 }) }));
  });

  it('stops an entry that inflates past the size its directory entry declares', async () => {
    const file = await zip({ 'x.txt': Buffer.alloc(500_000, 'z') });
    // Lower the declared size in the central directory (offset 24 of its header) to 1000.
    const cd = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    file.writeUInt32LE(1000, cd + 24);
    await expect(read(file, 'x.txt')).rejects.toMatchObject({ code: 'archive_too_large' });
  });

  it('calls a file that is not a zip archive, or a cut one, a format error', async () => {
    expect(() => zipDirectory(Buffer.from('not a zip at all, just text'))).toThrow(ZipFormatError);
    const file = await zip({ 'a.txt': 'hello' });
    expect(() => zipDirectory(file.subarray(0, file.length - 30))).toThrow(ZipFormatError);
  });

  it('reads an archive by ranges, never whole: the same entries and bytes, a slice at a time', async () => {
    // 3,000 entries: a central directory larger than the tail read first, then read on its own.
    const files: Record<string, string | Buffer> = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`dir/entry-with-a-long-name-${i}.txt`, `${i}`]));
    files['big.bin'] = randomBytes(2_000_000);
    const file = await zip(files);
    const reads: [number, number][] = [];
    const source = { size: file.length, read: async (at: number, length: number) => (reads.push([at, length]), Buffer.from(file.subarray(at, at + length))) };
    const entries = await zipDirectoryOf(source, { ...DEFAULT_UNPACK_LIMITS, maxEntries: 5000 });
    expect([...entries.keys()]).toEqual([...zipDirectory(file, { ...DEFAULT_UNPACK_LIMITS, maxEntries: 5000 }).keys()]);
    expect(reads).toHaveLength(2);
    const chunks: Buffer[] = [];
    for await (const c of await openEntryOf(source, entries.get('big.bin')!)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(files['big.bin'] as Buffer)).toBe(true);
    expect(Math.max(...reads.map(([, n]) => n))).toBeLessThan(file.length / 2);
    await expect(zipDirectoryOf(source, { ...DEFAULT_UNPACK_LIMITS, maxEntries: 20 })).rejects.toMatchObject({ code: 'archive_too_large' });
    await expect(zipDirectoryOf({ size: 100, read: async () => Buffer.alloc(100) })).rejects.toBeInstanceOf(ZipFormatError);
  });
});
