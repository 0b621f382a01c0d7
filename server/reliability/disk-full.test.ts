/**
 * A full disk under the embedded data directory: writes answer 507 `storage_full` with a message an
 * operator can act on (never a 500, never a crash loop), reads go on, the log says what is wrong, and
 * once space is freed everything acknowledged before is there, also after a kill -9 and a restart.
 * Killed while the disk is full, the server refuses to start with a clear message (exit code 2).
 *
 * The data directory lives on a small tmpfs mounted for the test (needs root, as in CI's container);
 * it is filled with a file until the kernel answers ENOSPC. PGlite only: PostgreSQL's disk is its own.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { appealBody, Scope, tempDataDir, type World } from './harness.js';

const scope = new Scope();
afterAll(() => scope.close());

/** Mounts a tmpfs of `size`; undefined when this process may not mount (not root). */
function smallDisk(size: string): string | undefined {
  const mnt = mkdtempSync(path.join(tmpdir(), 'tingsu-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', mnt], { stdio: 'pipe' });
  } catch {
    rmSync(mnt, { recursive: true, force: true });
    return undefined;
  }
  scope.track(`tmpfs ${mnt}`, mnt, async (m) => {
    execFileSync('umount', ['-l', m], { stdio: 'pipe' });
    rmSync(m, { recursive: true, force: true });
  });
  return mnt;
}

/** Writes zeros into `file` until the file system is full. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(1 << 20);
  try {
    for (let i = 0; i < 4096; i++) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

const template = inject('pgliteTemplate');
const canMount = (() => {
  if (process.env.DATABASE_URL || !template) return false;
  if (smallDisk('1m')) return true;
  process.stderr.write('full-disk scenario skipped: this process may not mount a tmpfs (it needs root or CAP_SYS_ADMIN)\n');
  return false;
})();

describe.skipIf(!canMount)('a full disk under the embedded data directory', () => {
  it('answers 507 storage_full, keeps reading, and loses nothing once space is freed', async () => {
    const disk = smallDisk('160m')!;
    const dataDir = path.join(disk, 'data');
    mkdirSync(dataDir);
    cpSync(template!, dataDir, { recursive: true });
    const db = tempDataDir(dataDir, JSON.parse(readFileSync(path.join(template!, 'env.json'), 'utf8')) as Record<string, string>);
    const world = JSON.parse(readFileSync(path.join(template!, 'world.json'), 'utf8')) as World;
    const server = await scope.server(db);
    const as = await server.signIn(world.dispatcher);

    const acked: string[] = [];
    const register = async (i: number) => {
      const r = await as.post('/api/appeals', appealBody(i), { prefer: 'return=minimal' });
      if (r.status === 201) acked.push(r.body.id as string);
      return r;
    };
    for (let i = 0; i < 3; i++) expect((await register(i)).status).toBe(201);

    const filler = path.join(disk, 'filler');
    fill(filler);
    // PostgreSQL's WAL has room left in its current segment: some writes still fit. Go on until one does not.
    let refused: Awaited<ReturnType<typeof register>> | undefined;
    for (let i = 100; i < 400 && !refused; i++) {
      const r = await register(i);
      if (r.status !== 201) refused = r;
    }
    expect(refused, 'no write was refused on a full disk').toBeDefined();
    expect(refused!.status, JSON.stringify(refused!.body)).toBe(507);
    expect(refused!.body.error).toBe('storage_full');
    expect(refused!.body.message).toMatch(/存储空间已满/);
    const en = await as.post('/api/appeals', appealBody(999), { prefer: 'return=minimal', 'accept-language': 'en' });
    expect(en.status).toBe(507);
    expect(en.body.message).toMatch(/out of storage space/);
    // Reads go on; the process is the same one; the log names the problem (by code, without the data).
    expect((await as.get(`/api/appeals/${acked[0]}`)).status).toBe(200);
    expect(server.running).toBe(true);
    expect(server.log()).toMatch(/storage full/);
    expect(server.log()).not.toMatch(/小区门口井盖破损/);

    // Space freed: writes work again in the same process.
    rmSync(filler);
    expect((await register(1000)).status).toBe(201);

    // Killed while the disk is full, it refuses to start with a message saying why (not a stack
    // trace a supervisor would loop on), and starts cleanly once space is freed.
    fill(filler);
    await server.kill9();
    server.spawn();
    const refusal = await server.exited(120_000);
    expect(refusal.code).toBe(2);
    expect(server.log()).toMatch(/The disk is full, so the server cannot start: free space on the disk of TINGSU_DATA_DIR/);
    // Nothing half-made left by the lock (the killed process's lock file stays: stale, taken over next start).
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    rmSync(filler);
    await server.start();
    expect((await register(1001)).status).toBe(201);
    await server.stop();
    const found = await db.query<{ id: string }>('select id::text from appeals where id = any($1::uuid[])', [acked]);
    expect(found.map((f) => f.id).sort()).toEqual([...acked].sort());
    const [orphans] = await db.query<{ n: number }>(
      `select count(*)::int as n from appeals a where not exists (select 1 from appeal_events e where e.appeal_id = a.id and e.type = 'registered')`,
    );
    expect(orphans.n).toBe(0);
  });
});
