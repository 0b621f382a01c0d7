import { PGlite } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
const bytes = await readFile('/tmp/template.tar');
const blob = new Blob([bytes]);
const fast = { type: 'application/x-tar', size: bytes.length, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
async function run(label, opts) {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < 4; i++) { const c = new PGlite(opts); await c.waitReady; await c.query('select 1'); await c.close(); }
  const cpu = process.cpuUsage(cpu0);
  console.log(label.padEnd(20), 'cpu/each ms', ((cpu.user + cpu.system) / 4000).toFixed(0));
}
for (let r = 0; r < 2; r++) {
await run('blob', { loadDataDir: blob });
await run('fast', { loadDataDir: fast });
await run('fast+sb16', { loadDataDir: fast, postgresqlconf: ['shared_buffers=16MB'] });
}
const c = new PGlite({ loadDataDir: fast }); console.log((await c.query("select name, setting, unit from pg_settings where name in ('shared_buffers','wal_buffers','max_connections','work_mem','fsync','wal_segment_size','min_wal_size')")).rows); await c.close();
