import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this file whether it runs from server/ (tsx, tests) or dist/server/. */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'server'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('tingsu: cannot find the package root');
    dir = up;
  }
}

const PACKAGE_ROOT = findRoot();

export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
