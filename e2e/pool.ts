/**
 * Servers for the browser test files, started ahead: while files run their tests, the next files'
 * servers are already starting, each on its own copy of the demo workspace. Each file still gets a fresh
 * workspace of its own; it just no longer waits the five seconds a start takes (copy, open the
 * database, listen) on top of its tests.
 *
 * The global setup runs the pool in the vitest process and hands the files its address; a file claims a
 * server over HTTP on 127.0.0.1 and releases it when done (the pool stops it and removes its data).
 * Whatever a file leaves claimed is stopped when the run ends.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { spawnOnDemoCopy, type RunningServer } from './server.js';

/** What a file receives for a claimed server. */
interface ClaimedServer {
  id: number;
  url: string;
  demoPassword: string;
  /** What the server printed while it started (the demo accounts, the helper's phone). */
  output: string;
}

export interface ServerPool {
  url: string;
  close(): Promise<void>;
}

interface Entry {
  id: number;
  ready: Promise<RunningServer>;
}

export interface PoolOptions {
  /** Servers kept starting or ready ahead of the claims: as many as files run at once. */
  ahead: number;
  /** How many servers the run will claim at most (its number of files): none is started beyond. */
  total: number;
}

/** Starts the pool over a loaded demo data directory, and the first servers at once. */
export async function startServerPool(demoDataDir: string, opts: PoolOptions): Promise<ServerPool> {
  let nextId = 1;
  let started = 0;
  const spares: Entry[] = [];
  const claimed = new Map<number, Entry>();
  let closing = false;

  const prepare = (): Entry => {
    started++;
    const id = nextId++;
    const ready = spawnOnDemoCopy(demoDataDir);
    // A start that fails is reported to the file that claims it; until then nobody waits on it.
    ready.catch(() => undefined);
    return { id, ready };
  };

  // A server that failed to start has removed its data directory already.
  const stopEntry = async (e: Entry) => {
    await e.ready.then(
      (server) => server.stop(),
      () => undefined,
    );
  };

  /** Keeps `ahead` servers on their way, within the run's total. */
  const refill = () => {
    while (!closing && spares.length < opts.ahead && started < opts.total) spares.push(prepare());
  };

  const claim = async (): Promise<ClaimedServer> => {
    const entry = spares.shift() ?? prepare();
    claimed.set(entry.id, entry);
    try {
      const server = await entry.ready;
      // The next files' servers start while this one's tests run.
      refill();
      return { id: entry.id, url: server.url, demoPassword: server.demoPassword, output: server.output() };
    } catch (err) {
      claimed.delete(entry.id);
      throw err;
    }
  };

  const release = async (id: number) => {
    const entry = claimed.get(id);
    if (!entry) return;
    claimed.delete(id);
    await stopEntry(entry);
  };

  const answer = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };

  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://pool');
    const released = /^\/release\/(\d+)$/.exec(url.pathname);
    if (req.method === 'POST' && url.pathname === '/claim') {
      claim().then(
        (c) => answer(res, 200, c),
        (err: unknown) => answer(res, 500, { error: err instanceof Error ? err.message : String(err) }),
      );
    } else if (req.method === 'POST' && released) {
      release(Number(released[1])).then(
        () => answer(res, 204),
        () => answer(res, 204),
      );
    } else {
      answer(res, 404, { error: 'not found' });
    }
  });
  // A claim waits for a whole server start, which a busy machine can stretch to minutes.
  http.requestTimeout = 0;
  http.headersTimeout = 0;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  // The first files' servers start now, while vitest collects the files.
  refill();

  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      closing = true;
      await new Promise<void>((resolve) => http.close(() => resolve()));
      const left = [...claimed.values(), ...spares.splice(0)];
      claimed.clear();
      await Promise.all(left.map(stopEntry));
    },
  };
}

/** Claims a server from the pool at `poolUrl` (a browser test file's side). */
export async function claimServer(poolUrl: string): Promise<RunningServer> {
  const res = await fetch(`${poolUrl}/claim`, { method: 'POST' });
  const body = (await res.json()) as ClaimedServer | { error: string };
  if (!res.ok || 'error' in body) throw new Error(`no server from the pool: ${'error' in body ? body.error : res.status}`);
  let stopped = false;
  return {
    url: body.url,
    demoPassword: body.demoPassword,
    output: () => body.output,
    async stop() {
      if (stopped) return;
      stopped = true;
      await fetch(`${poolUrl}/release/${body.id}`, { method: 'POST' }).catch(() => undefined);
    },
  };
}
