import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

/** Keys whose values never reach the logs, wherever they appear. */
export const PERSONAL_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'phone',
  'mobile',
  'idNumber',
  'idCard',
  'address',
  'name',
  'displayName',
  'requesterName',
  'requesterPhone',
  'token',
  'key',
  'apiKey',
  'csrfToken',
];

const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      // The path only: query strings may carry names, phone numbers or ID numbers being searched for.
      req(req) {
        return {
          method: req.method,
          path: String(req.url ?? '').split('?')[0],
          ip: req.ip,
        };
      },
      res(res) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
