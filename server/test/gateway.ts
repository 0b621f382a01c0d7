/** A fake SMS gateway for the outbox's tests: counts messages by id, and can hold its answers. */
import { createServer, type ServerResponse } from 'node:http';

export interface FakeGateway {
  url: string;
  /** Every request, in arrival order. */
  requests: { id: number; to: string; text: string; key: string | undefined }[];
  /** How many requests carried each message id. */
  count(id: number): number;
  /** Requests answered only on `release` (a gateway stuck on its provider). */
  hold(on: boolean): void;
  /** Requests waiting for an answer now. */
  held(): number;
  /** Answers the held requests (200). */
  release(): void;
  /** Answers every request with this status (503: the gateway is down). */
  status: number;
  close(): Promise<void>;
}

export async function fakeGateway(): Promise<FakeGateway> {
  let holding = false;
  const waiting: ServerResponse[] = [];
  const gw: FakeGateway = {
    url: '',
    requests: [],
    status: 200,
    count: (id) => gw.requests.filter((r) => r.id === id).length,
    hold: (on) => {
      holding = on;
    },
    held: () => waiting.filter((r) => !r.writableEnded && !r.destroyed).length,
    release: () => {
      for (const r of waiting.splice(0)) if (!r.writableEnded && !r.destroyed) r.end('ok');
    },
    close: () =>
      new Promise<void>((resolve) => {
        gw.release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const m = JSON.parse(body) as { id: number; to: string; text: string };
      gw.requests.push({ ...m, key: req.headers['idempotency-key'] as string | undefined });
      if (gw.status !== 200) {
        res.statusCode = gw.status;
        return res.end();
      }
      if (holding) waiting.push(res);
      else res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  gw.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`;
  return gw;
}

/** Waits until `cond` holds (polling; generous limit for a busy machine). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what = 'condition', limitMs = 25_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
