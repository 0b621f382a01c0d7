import { api, type Query } from './api';

/** The file name from a Content-Disposition header, preferring the UTF-8 form. */
function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

/** Downloads a file answer (the Excel ledger) and saves it; errors carry the server's message. */
export async function downloadFile(path: string, query: Query, fallbackName: string, body?: unknown): Promise<void> {
  const { blob, headers } = await api.file(path, query, body);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = dispositionName(headers.get('content-disposition')) ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
