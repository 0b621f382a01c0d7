import { PGlite } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
const bytes = await readFile('/tmp/template.tar');
const fast = { type: 'application/x-tar', size: bytes.length, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
async function run(label, opts) {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < 4; i++) { const c = new PGlite(opts); await c.waitReady; await c.query('select 1'); await c.close(); }
  const cpu = process.cpuUsage(cpu0);
  console.log(label.padEnd(20), 'cpu/each ms', ((cpu.user + cpu.system) / 4000).toFixed(0));
}
for (let r = 0; r < 2; r++) {
await run('fast', { loadDataDir: fast });
await run('sb16', { loadDataDir: fast, postgresqlconf: ['shared_buffers=16MB'] });
await run('sb8', { loadDataDir: fast, postgresqlconf: ['shared_buffers=8MB'] });
await run('sb16mc5', { loadDataDir: fast, postgresqlconf: ['shared_buffers=16MB', 'max_connections=5'] });
await run('sb16 startParams', { loadDataDir: fast, startParams: undefined, postgresqlconf: 'shared_buffers=16MB\nmax_connections=5\n' });
}
const c = new PGlite({ loadDataDir: fast, postgresqlconf: ['shared_buffers=16MB', 'max_connections=5'] }); console.log((await c.query("select name, setting from pg_settings where name in ('shared_buffers','max_connections')")).rows); await c.close();
