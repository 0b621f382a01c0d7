/**
 * Reading uploaded zip archives (.xlsx files) from memory, bounded by what they unpack to.
 *
 * A 1 MB spreadsheet can expand to hundreds of megabytes, so the central directory is read first and
 * the archive refused when its entries, their total unpacked size or a compression ratio exceed the
 * limits; then each entry is inflated with its output counted, so an archive whose directory lies
 * about the sizes is stopped at the size it declared.
 *
 * Entries are found through the central directory (not by scanning local headers as a stream), so an
 * entry is read whole and in the order the caller asks for, whatever order the archive stores them in.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppError } from './errors.js';

export interface UnpackLimits {
  /** Sum of the entries' unpacked sizes. */
  maxUnpackedBytes: number;
  maxEntries: number;
  /** Unpacked / packed size of one entry, checked for entries above RATIO_FLOOR_BYTES. */
  maxRatio: number;
}

/** The ceiling for any configuration (TINGSU_IMPORT_MAX_UNPACKED_BYTES is checked against it). */
const MAX_UNPACKED_CEILING = 1024 * 1024 * 1024;
export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxUnpackedBytes: MAX_UNPACKED_CEILING, maxEntries: 2000, maxRatio: 200 };
/** Small entries (styles, empty sheets) compress very well and prove nothing. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** The file is not a zip archive we can read (the caller words it for its users). */
export class ZipFormatError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  packedSize: number;
  unpackedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

function tooLarge(reason: string, reasonEn: string, details: Record<string, number | string>): AppError {
  return new AppError('archive_too_large', { reason, reasonEn }, details);
}

/**
 * An archive read by ranges rather than held whole: an upload stored in the database is read a slice at
 * a time while it is unpacked, so a 55 MiB file never sits in memory. A Buffer is one too (bufferSource).
 */
export interface ByteSource {
  size: number;
  read(at: number, length: number): Promise<Buffer>;
}

export function bufferSource(file: Buffer): ByteSource {
  return { size: file.length, read: async (at, length) => file.subarray(at, Math.min(file.length, at + length)) };
}

/** The last 22 + 65535 (comment) bytes hold the end-of-central-directory record. */
const TAIL = 22 + 65535;

/** Reads and checks the central directory; throws archive_too_large (413) or ZipFormatError. */
export function zipDirectory(file: Buffer, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Map<string, ZipEntry> {
  return parseDirectory(file, 0, file.length, limits);
}

/** zipDirectory of an archive read by ranges: its tail, then its central directory if that starts earlier. */
export async function zipDirectoryOf(source: ByteSource, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<Map<string, ZipEntry>> {
  const base = Math.max(0, source.size - TAIL);
  const tail = await source.read(base, source.size - base);
  const eocd = findEocd(tail);
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset >= base || cdOffset === 0xffffffff) return parseDirectory(tail, base, source.size, limits);
  // Past any limit's entry count the directory is refused before it is read.
  if (tail.readUInt16LE(eocd + 10) > limits.maxEntries || tail.readUInt32LE(eocd + 12) > 64 * 2 ** 20) return parseDirectory(tail, base, source.size, limits);
  return parseDirectory(await source.read(cdOffset, source.size - cdOffset), cdOffset, source.size, limits);
}

function findEocd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - TAIL); i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** The directory from `buf`, which holds the archive's bytes from offset `base` to its end (`size`). */
function parseDirectory(buf: Buffer, base: number, size: number, limits: UnpackLimits): Map<string, ZipEntry> {
  const at = (abs: number) => abs - base;
  const eocdRel = findEocd(buf);
  if (eocdRel < 0 || size - (base + eocdRel) > TAIL) throw new ZipFormatError('no end of central directory');
  const eocd = base + eocdRel;
  const file = buf;
  const count = file.readUInt16LE(eocdRel + 10);
  const cdSize = file.readUInt32LE(eocdRel + 12);
  const cdOffset = file.readUInt32LE(eocdRel + 16);
  // ZIP64 (more than 65535 entries or 4 GiB) is beyond any limit here.
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw tooLarge('压缩包使用 ZIP64 格式（超过 4 GiB 或 65535 个文件）', 'the archive is ZIP64 (over 4 GiB or 65535 files)', { limit: limits.maxUnpackedBytes });
  }
  if (count > limits.maxEntries) {
    throw tooLarge(`压缩包内有 ${count} 个文件，上限 ${limits.maxEntries}`, `the archive holds ${count} files, limit ${limits.maxEntries}`, { entries: count, limit: limits.maxEntries });
  }
  if (cdOffset + cdSize > eocd || cdOffset < base) throw new ZipFormatError('central directory out of bounds');
  const entries = new Map<string, ZipEntry>();
  let total = 0;
  let p = at(cdOffset);
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocdRel || file.readUInt32LE(p) !== CDH) throw new ZipFormatError('bad central directory header');
    const flags = file.readUInt16LE(p + 8);
    const method = file.readUInt16LE(p + 10);
    const packedSize = file.readUInt32LE(p + 20);
    const unpackedSize = file.readUInt32LE(p + 24);
    const nameLen = file.readUInt16LE(p + 28);
    const extraLen = file.readUInt16LE(p + 30);
    const commentLen = file.readUInt16LE(p + 32);
    const localOffset = file.readUInt32LE(p + 42);
    const name = file.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (packedSize === 0xffffffff || unpackedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw tooLarge('压缩包使用 ZIP64 格式（超过 4 GiB）', 'the archive is ZIP64 (over 4 GiB)', { limit: limits.maxUnpackedBytes });
    }
    total += unpackedSize;
    if (total > limits.maxUnpackedBytes) {
      throw tooLarge(`解压后超过 ${mib(limits.maxUnpackedBytes)}`, `it unpacks to more than ${mib(limits.maxUnpackedBytes)}`, { limit: limits.maxUnpackedBytes });
    }
    if (unpackedSize > RATIO_FLOOR_BYTES && unpackedSize > limits.maxRatio * Math.max(packedSize, 1)) {
      throw tooLarge(`压缩比异常（${name} 压缩了 ${Math.round(unpackedSize / Math.max(packedSize, 1))} 倍，上限 ${limits.maxRatio} 倍）`, `abnormal compression ratio (${name} is packed ${Math.round(unpackedSize / Math.max(packedSize, 1))}:1, limit ${limits.maxRatio}:1)`, {
        ratio: Math.round(unpackedSize / Math.max(packedSize, 1)),
        limit: limits.maxRatio,
      });
    }
    entries.set(name, { name, method, flags, packedSize, unpackedSize, localOffset });
  }
  return entries;
}

/** Counts what an entry inflates to and stops it past the size its directory entry declared. */
class Bounded extends Transform {
  private seen = 0;
  constructor(private readonly declared: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.seen += chunk.length;
    if (this.seen > this.declared) {
      cb(tooLarge('压缩包内文件的实际大小超过其声明的大小', 'a file in the archive unpacks to more than its declared size', { declared: this.declared }));
      return;
    }
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback) {
    cb(this.seen === this.declared ? null : new ZipFormatError('entry size differs from its directory entry'));
  }
}

/** A stream of one entry's unpacked bytes, never longer than its declared size. */
export function openEntry(file: Buffer, entry: ZipEntry): Readable {
  const at = entry.localOffset;
  if (at + 30 > file.length || file.readUInt32LE(at) !== LFH) throw new ZipFormatError('bad local header');
  if (entry.flags & 0x1) throw new ZipFormatError('encrypted entry');
  const start = at + 30 + file.readUInt16LE(at + 26) + file.readUInt16LE(at + 28);
  const end = start + entry.packedSize;
  if (end > file.length) throw new ZipFormatError('entry out of bounds');
  return unpack(Readable.from([file.subarray(start, end)]), entry);
}

/** Packed bytes read per slice from a ByteSource. */
const SLICE = 256 * 1024;

/** openEntry of an archive read by ranges: the packed bytes are read a slice at a time as the inflater asks. */
export async function openEntryOf(source: ByteSource, entry: ZipEntry): Promise<Readable> {
  const at = entry.localOffset;
  const head = at + 30 <= source.size ? await source.read(at, 30) : Buffer.alloc(0);
  if (head.length < 30 || head.readUInt32LE(0) !== LFH) throw new ZipFormatError('bad local header');
  if (entry.flags & 0x1) throw new ZipFormatError('encrypted entry');
  const start = at + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const end = start + entry.packedSize;
  if (end > source.size) throw new ZipFormatError('entry out of bounds');
  async function* slices() {
    for (let p = start; p < end; p += SLICE) yield await source.read(p, Math.min(SLICE, end - p));
  }
  return unpack(Readable.from(slices(), { objectMode: false, highWaterMark: 1 }), entry);
}

function unpack(packed: Readable, entry: ZipEntry): Readable {
  const bounded = new Bounded(entry.unpackedSize);
  if (entry.method === 0) {
    pipeline(packed, bounded, () => undefined);
  } else if (entry.method === 8) {
    pipeline(packed, createInflateRaw(), bounded, () => undefined);
  } else {
    packed.destroy();
    throw new ZipFormatError(`compression method ${entry.method}`);
  }
  return bounded;
}
