import { PGlite } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
const bytes = await readFile('/tmp/template.tar');
const fast = { type: 'application/x-tar', size: bytes.length, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
for (let i = 0; i < 8; i++) { const c = new PGlite({ loadDataDir: fast, postgresqlconf: ['shared_buffers=16MB', 'max_connections=5'] }); await c.waitReady; await c.query('select 1'); await c.close(); }
