#!/usr/bin/env node
// The `tingsu` command: the compiled CLI when built (npm run build), else the TypeScript sources via tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/server/cli.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../server/cli.ts', import.meta.url).href);
}
