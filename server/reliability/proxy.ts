/**
 * A TCP proxy on loopback between the server and PostgreSQL: `cut()` drops every open connection and
 * refuses new ones (as a network failure or a database restart would), `restore()` lets them through again.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  host: string;
  port: number;
  /** A postgres:// URL like `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string;
  readonly connections: number;
  readonly isCut: boolean;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let down = false;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const dropAll = () => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  return {
    host: '127.0.0.1',
    port,
    rewrite(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    get connections() {
      return pairs.size;
    },
    get isCut() {
      return down;
    },
    cut() {
      down = true;
      dropAll();
    },
    restore() {
      down = false;
    },
    async close() {
      down = true;
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
