/**
 * A fake SMS gateway on loopback: answers the server's webhook (POST JSON {to, text, id}), counts
 * deliveries per message id (the body's `id`, or an `Idempotency-Key` header when the body has none),
 * and can be made slow or failing while a test runs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

interface Delivery {
  id: string;
  to: string;
  text: string;
  idempotencyKey?: string;
  at: number;
}

export interface SmsGateway {
  url: string;
  /** Every accepted delivery in arrival order (a failing gateway records none). */
  readonly deliveries: Delivery[];
  /** Accepted deliveries per message id. */
  counts(): Map<string, number>;
  /** Ids delivered more than once. */
  duplicates(): string[];
  /** Requests received, accepted or not (including those still waiting on the delay). */
  readonly received: number;
  /** Requests currently held by the delay. */
  readonly inFlight: number;
  /** Each request waits this long before its answer (0 = at once). */
  setDelay(ms: number): void;
  /** Answer this status (e.g. 500) instead of 200; null accepts again. */
  setFailure(status: number | null): void;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startSmsGateway(): Promise<SmsGateway> {
  let delay = 0;
  let failure: number | null = null;
  let received = 0;
  let inFlight = 0;
  const deliveries: Delivery[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      received++;
      inFlight++;
      const answer = () => {
        inFlight--;
        if (res.destroyed) return;
        if (failure !== null) {
          res.writeHead(failure, { 'content-type': 'application/json' }).end('{"error":"gateway failure"}');
          return;
        }
        let body: { to?: string; text?: string; id?: string | number } = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          res.writeHead(400).end();
          return;
        }
        const key = req.headers['idempotency-key'];
        const idempotencyKey = Array.isArray(key) ? key[0] : key;
        deliveries.push({ id: String(body.id ?? idempotencyKey ?? ''), to: String(body.to ?? ''), text: String(body.text ?? ''), idempotencyKey, at: Date.now() });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      };
      if (delay > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          answer();
        }, delay);
        timers.add(t);
      } else answer();
    });
  };

  const server = createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const counts = () => {
    const m = new Map<string, number>();
    for (const d of deliveries) m.set(d.id, (m.get(d.id) ?? 0) + 1);
    return m;
  };
  return {
    url: `http://127.0.0.1:${port}/sms`,
    deliveries,
    counts,
    duplicates: () => [...counts()].filter(([, n]) => n > 1).map(([id]) => id),
    get received() {
      return received;
    },
    get inFlight() {
      return inFlight;
    },
    setDelay: (ms) => (delay = ms),
    setFailure: (status) => (failure = status),
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
