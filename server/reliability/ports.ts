/**
 * Loopback ports for the reliability scenarios' processes (Tingsu servers, PostgreSQL, PgBouncer): every
 * one listens on 127.0.0.1 only, on a port the system hands out as free.
 */
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A port free on the loopback address now (the system picks it; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, LOOPBACK, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
