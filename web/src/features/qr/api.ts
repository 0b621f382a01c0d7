import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { PosterPlace } from './poster';

/** Township (9 digits), village/community (12) or grid (15): the places that have QR pages. */
export function isQrPlace(code: string | null | undefined): code is string {
  return !!code && [9, 12, 15].includes(code.length);
}

const qrKeys = { info: (code: string) => ['qr', 'info', code] as const };

export function fetchQrInfo(code: string) {
  return api.get<PosterPlace>(`/api/qr/${code}`);
}

export function useQrInfo(code: string | null) {
  return useQuery({ queryKey: qrKeys.info(code ?? ''), queryFn: () => fetchQrInfo(code!), enabled: isQrPlace(code), staleTime: 5 * 60_000 });
}

/** The QR PNG from the server (signed-in: sent with the session cookie), decoded for drawing. */
export async function fetchQrImage(code: string, size: number): Promise<ImageBitmap> {
  const { blob } = await api.file(`/api/qr/${code}/png`, { size: Math.max(128, Math.min(2048, size)) });
  return createImageBitmap(blob);
}
