/**
 * Phone photos are often 4–12 MB; the server takes at most 4 JPEG/PNG/WebP photos, 5 MiB each and
 * 12 MiB in all, and stores them shrunk itself. Big or odd ones are
 * redrawn on a canvas (longest side ≤ 1600 px) and sent as JPEG, which also keeps the upload quick on
 * a weak mobile connection.
 */
import type { PhotoUpload } from './api';
import { translate as t } from '../shared/i18n';

export const MAX_PHOTOS = 4;
const MAX_SIDE = 1600;
const KEEP_AS_IS_BYTES = 700 * 1024;
const SERVER_LIMIT_BYTES = 5 * 1024 * 1024;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

export interface PreparedPhoto extends PhotoUpload {
  /** An object URL of what will be sent, for the preview. */
  url: string;
  bytes: number;
}

export function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; close: () => void }> {
  if ('createImageBitmap' in window) {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
    } catch {
      // fall through to <img>, which some browsers decode more formats with
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
  } catch {
    URL.revokeObjectURL(url);
    throw new Error(t('mobile:this-photo-cannot-be-read-choose-another-jpg-png'));
  }
}

function canvasBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(t('mobile:the-photo-could-not-be-prepared-choose-another')))), 'image/jpeg', quality),
  );
}

export function jpegName(name: string): string {
  const base = name.replace(/\.[^.]*$/, '') || 'photo';
  return `${base.slice(0, 180)}.jpg`;
}

/**
 * Redraws a photo as JPEG, longest side ≤ 1600 px (white where it was transparent), within the
 * server's 5 MiB limit.
 */
export async function redrawAsJpeg(file: Blob): Promise<Blob> {
  const img = await decode(file);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    const ctx = canvas.getContext('2d')!;
    // JPEG has no transparency: a PNG screenshot's clear parts become white, not black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img.source, 0, 0, canvas.width, canvas.height);
    let blob = await canvasBlob(canvas, 0.82);
    if (blob.size > SERVER_LIMIT_BYTES) blob = await canvasBlob(canvas, 0.6);
    if (blob.size > SERVER_LIMIT_BYTES) throw new Error(t('mobile:the-photo-is-too-large-choose-another'));
    return blob;
  } finally {
    img.close();
  }
}

/** Makes a file ready to upload: as it is when small and accepted, else downscaled to JPEG. */
export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  if (ACCEPTED.includes(file.type) && file.size <= KEEP_AS_IS_BYTES) {
    return { filename: file.name || 'photo', mime: file.type, dataBase64: toBase64(await file.arrayBuffer()), url: URL.createObjectURL(file), bytes: file.size };
  }
  const blob = await redrawAsJpeg(file);
  return { filename: jpegName(file.name), mime: 'image/jpeg', dataBase64: toBase64(await blob.arrayBuffer()), url: URL.createObjectURL(blob), bytes: blob.size };
}
