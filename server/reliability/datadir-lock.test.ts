/**
 * The embedded data directory is taken by exactly one process, even when many start at the same
 * instant and even when a crashed process left its lock file behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, waitFor } from './harness.js';

const CONTENDERS = 6;
const ROUNDS = 20;

interface Contender {
  child: ChildProcess;
  lines: string[];
}

const contenders: Contender[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'tingsu-lock-race-'));

/** A pid that belonged to a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function next(c: Contender, n: number): Promise<string> {
  await waitFor('a contender to answer', () => c.lines.length >= n, 30_000, 5);
  return c.lines[n - 1];
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) return;
  for (let i = 0; i < CONTENDERS; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'reliability', 'lock-contender.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    const c: Contender = { child, lines: [] };
    createInterface({ input: child.stdout! }).on('line', (l) => c.lines.push(l));
    contenders.push(c);
  }
  for (const c of contenders) expect(await next(c, 1)).toBe('ready');
});

afterAll(() => {
  for (const c of contenders) c.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// The lock guards the embedded database's directory: run with the PGlite pass, not again on PostgreSQL.
describe.skipIf(!!process.env.DATABASE_URL)('data-directory lock under synchronised starts', () => {
  it(`lets exactly one of ${CONTENDERS} processes win, ${ROUNDS} rounds, with and without a stale lock file`, async () => {
    const dead = deadPid();
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Odd rounds find a lock file a killed process left (its pid gone); even rounds an empty directory.
      if (round % 2 === 1) writeFileSync(path.join(dir, 'tingsu.lock'), JSON.stringify({ pid: dead, host: 'x', since: new Date().toISOString() }));
      const seen = contenders.map((c) => c.lines.length);
      const at = Date.now() + 150;
      for (const c of contenders) c.child.stdin!.write(`go ${dir} ${at}\n`);
      const answers = await Promise.all(contenders.map((c, i) => next(c, seen[i] + 1)));
      expect(answers.filter((a) => a !== 'won' && a !== 'lost'), 'unexpected answers').toEqual([]);
      winners.push(answers.filter((a) => a === 'won').length);
      for (const c of contenders) c.child.stdin!.write('release\n');
      await Promise.all(contenders.map((c, i) => next(c, seen[i] + 2)));
    }
    expect(winners).toEqual(winners.map(() => 1));
    // Nothing left behind once the winner released.
    expect(readdirSync(dir)).toEqual([]);
  });
});
