/**
 * Visit photos: always redrawn as JPEG (longest side ≤ 1600 px) before they are stored on the phone —
 * a day's visits with photos must fit in IndexedDB and upload over a weak signal.
 */
import { jpegName, redrawAsJpeg, toBase64 } from '../photos';

export const MAX_PHOTOS = 4;

export interface VisitPhoto {
  filename: string;
  mime: 'image/jpeg';
  /** base64, as the submission carries it. */
  data: string;
  bytes: number;
}

export async function compressPhoto(file: File): Promise<VisitPhoto> {
  const blob = await redrawAsJpeg(file);
  return { filename: jpegName(file.name), mime: 'image/jpeg', data: toBase64(await blob.arrayBuffer()), bytes: blob.size };
}
