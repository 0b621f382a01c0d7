/**
 * Residents' photos from the QR page: anonymous, so nothing is taken on trust. The request body is
 * bounded while it streams in (PUBLIC_BODY_LIMIT: Fastify stops reading and answers 413 past it); each
 * photo is then decoded by sharp (its real format and dimensions, not the declared type), refused if
 * it is not a JPEG, PNG or WebP or if it would decode to more than MAX_PIXELS (a decompression bomb),
 * and stored shrunk: at most LONG_SIDE pixels on its long side, JPEG at QUALITY, turned upright and
 * with every metadata block (EXIF, GPS, XMP) dropped. Photos are handled one after another, so one
 * request holds one image in memory at a time.
 */
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../platform/errors.js';
import type { Photo } from './appeals.register.js';

export const PUBLIC_PHOTOS = {
  count: 4,
  eachBytes: 5 * 1024 * 1024,
  totalBytes: 12 * 1024 * 1024,
  /** 40 megapixels: more than any phone camera, far less than a crafted bomb. */
  maxPixels: 40_000_000,
  longSide: 1600,
  quality: 80,
} as const;

/** The largest submission body: the photos' base64 (4/3 of their bytes) and room for the text. */
export const PUBLIC_BODY_LIMIT = Math.ceil((PUBLIC_PHOTOS.totalBytes * 4) / 3) + 64 * 1024;

const MiB = (n: number) => `${n / 1024 / 1024} MiB`;
const FORMATS = new Set(['jpeg', 'png', 'webp']);

export interface PhotoUpload {
  filename: string;
  mime: string;
  dataBase64: string;
}

function tooMany(): AppError {
  return new AppError('photos_too_large', { count: PUBLIC_PHOTOS.count, each: MiB(PUBLIC_PHOTOS.eachBytes), total: MiB(PUBLIC_PHOTOS.totalBytes) });
}

/** Checks the sizes first (cheap), then decodes and shrinks each photo in turn. */
export async function preparePublicPhotos(uploads: PhotoUpload[] | undefined): Promise<Photo[] | undefined> {
  if (!uploads?.length) return undefined;
  if (uploads.length > PUBLIC_PHOTOS.count) throw tooMany();
  const buffers = uploads.map((u) => Buffer.from(u.dataBase64, 'base64'));
  let total = 0;
  buffers.forEach((b, i) => {
    if (b.length > PUBLIC_PHOTOS.eachBytes) {
      throw new AppError('photo_too_large', { index: i + 1, reason: `超过 ${MiB(PUBLIC_PHOTOS.eachBytes)}`, reasonEn: `over ${MiB(PUBLIC_PHOTOS.eachBytes)}` });
    }
    total += b.length;
  });
  if (total > PUBLIC_PHOTOS.totalBytes) throw tooMany();
  const photos: Photo[] = [];
  for (const [i, data] of buffers.entries()) photos.push(await shrink(uploads[i].filename, data, i + 1));
  return photos;
}

async function shrink(filename: string, data: Buffer, index: number): Promise<Photo> {
  const options = { limitInputPixels: PUBLIC_PHOTOS.maxPixels, failOn: 'error' as const };
  let meta: Metadata;
  try {
    meta = await sharp(data, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('photo_invalid', { index });
  }
  if (!meta.format || !FORMATS.has(meta.format) || !meta.width || !meta.height) throw new AppError('photo_invalid', { index });
  if (meta.width * meta.height > PUBLIC_PHOTOS.maxPixels) {
    const px = `${meta.width}×${meta.height}`;
    throw new AppError('photo_too_large', { index, reason: `${px} 像素，上限 4000 万像素`, reasonEn: `${px} pixels, the limit is 40 megapixels` });
  }
  let out: Buffer;
  try {
    out = await sharp(data, options)
      .rotate()
      .resize({ width: PUBLIC_PHOTOS.longSide, height: PUBLIC_PHOTOS.longSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: PUBLIC_PHOTOS.quality, mozjpeg: true })
      .toBuffer();
  } catch {
    throw new AppError('photo_invalid', { index });
  }
  const base = filename.replace(/\.[A-Za-z0-9]{1,5}$/, '').slice(0, 190) || 'photo';
  return { filename: `${base}.jpg`, mime: 'image/jpeg', data: out };
}
