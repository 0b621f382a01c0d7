/**
 * Visit photos: redrawn on a canvas as JPEG, longest side ≤ 1600 px, before they are stored on the
 * phone — a day's visits with photos must fit in IndexedDB and upload over a weak signal.
 */

export const MAX_PHOTOS = 4;
const MAX_SIDE = 1600;
const SERVER_LIMIT_BYTES = 5 * 1024 * 1024;

export interface VisitPhoto {
  filename: string;
  mime: 'image/jpeg';
  /** base64, as the submission carries it. */
  data: string;
  bytes: number;
}

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; close: () => void }> {
  try {
    const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
  } catch {
    // Some browsers decode more formats through <img>.
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
  } catch {
    URL.revokeObjectURL(url);
    throw new Error('无法读取这张照片，请换一张（支持 JPG、PNG、WebP）');
  }
}

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('照片处理失败，请换一张'))), 'image/jpeg', quality),
  );
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function compressPhoto(file: File): Promise<VisitPhoto> {
  const img = await decode(file);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    const ctx = canvas.getContext('2d')!;
    // JPEG has no transparency: clear parts of a PNG become white, not black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img.source, 0, 0, canvas.width, canvas.height);
    let blob = await toJpeg(canvas, 0.8);
    if (blob.size > SERVER_LIMIT_BYTES) blob = await toJpeg(canvas, 0.6);
    if (blob.size > SERVER_LIMIT_BYTES) throw new Error('照片太大，请换一张');
    const base = (file.name || 'photo').replace(/\.[^.]*$/, '').slice(0, 120) || 'photo';
    return { filename: `${base}.jpg`, mime: 'image/jpeg', data: toBase64(await blob.arrayBuffer()), bytes: blob.size };
  } finally {
    img.close();
  }
}
