/**
 * The server's sources transpiled to JavaScript, for tests that start real `tingsu` processes.
 * Under tsx every process start compiles and resolves the whole module graph again through loader
 * hooks (over a second of CPU each, far more on a busy machine); plain JavaScript starts at node's
 * own speed. Types are not checked here (`tsc --noEmit` does that), only stripped, file by file.
 *
 * The output mirrors `npm run build:server` (dist/server/...): it lies inside the package, so the
 * compiled `paths.ts` finds the package root, its migrations and data files as the built server does.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { packagePath } from '../platform/paths.js';

export interface CompiledServer {
  /** `node <cli>` runs the `tingsu` command. */
  cli: string;
  remove(): void;
}

export async function compileServer(): Promise<CompiledServer> {
  const entryPoints = readdirSync(packagePath('server'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !/^(test|reliability)\//.test(f.split(path.sep).join('/')))
    .map((f) => packagePath('server', f));
  const outdir = mkdtempSync(packagePath('.test-build-'));
  try {
    await build({ entryPoints, outdir, outbase: packagePath(), platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  } catch (err) {
    rmSync(outdir, { recursive: true, force: true });
    throw err;
  }
  return { cli: path.join(outdir, 'server', 'cli.js'), remove: () => rmSync(outdir, { recursive: true, force: true }) };
}
