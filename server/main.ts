import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { isStorageFull, openDatabase, type Database } from './platform/db.js';
import { DataDirLockedError } from './platform/datadir-lock.js';

/** Starts the server; on SIGTERM/SIGINT stops accepting, finishes requests, closes the database. */
export async function serve(config: Config, database?: Database): Promise<FastifyInstance> {
  const db = database ?? (await openDatabase(config));
  const app = await buildApp(config, { database: db });
  app.addHook('onClose', async () => {
    await app.jobs.stop();
    await db.close();
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  if (config.jobs) await app.jobs.start();
  return app;
}

/** Turns the errors a person can fix (configuration, a locked data directory) into a clear exit. */
export function exitOnStartupError(err: unknown): never {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(err.message + '\n');
    process.exit(2);
  }
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === '28P01' || e?.code === '3D000') {
    process.stderr.write(`无法连接数据库（DATABASE_URL）：${e.message}\nCannot connect to the database (DATABASE_URL): ${e.message}\n`);
    process.exit(2);
  }
  if (isStorageFull(err)) {
    const where = process.env.DATABASE_URL ? 'the database server' : `TINGSU_DATA_DIR (${path.resolve(process.env.TINGSU_DATA_DIR?.trim() || './data')})`;
    process.stderr.write(
      `磁盘空间已满，无法启动：请释放 ${where} 所在磁盘的空间后再启动；已保存的数据不受影响。\n` +
        `The disk is full, so the server cannot start: free space on the disk of ${where}, then start again; saved data is intact.\n`,
    );
    process.exit(2);
  }
  if (e?.code === 'EADDRINUSE') {
    process.stderr.write(`端口已被占用（PORT）：${e.message}\nThe port is already in use (PORT): ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`启动失败 / failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
}

// `node dist/server/main.js` (npm start): production start; never loads demo data.
const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  try {
    await serve(loadConfig());
  } catch (err) {
    exitOnStartupError(err);
  }
}
