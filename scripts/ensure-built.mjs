// Before `npm start`: build once if the compiled server or console is missing (a fresh clone).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const root = new URL('..', import.meta.url);
const needed = ['dist/server/main.js', 'dist/web/index.html'];
if (!needed.every((f) => existsSync(new URL(f, root)))) {
  console.error('tingsu: building the server and console first (npm run build)…');
  execSync('npm run build', { stdio: 'inherit', cwd: root });
}
