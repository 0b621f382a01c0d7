import type { FastifyRequest } from 'fastify';

export type Locale = 'zh-CN' | 'en';

/** zh-CN unless the client asks for English first (Accept-Language: en…). */
export function localeOf(req: FastifyRequest): Locale {
  const header = String(req.headers['accept-language'] ?? '');
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
