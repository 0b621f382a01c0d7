import { PGlite } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
const blob = new Blob([await readFile('/tmp/template.tar')]);
for (let i = 0; i < 8; i++) { const c = new PGlite({ loadDataDir: blob }); await c.waitReady; await c.query('select 1'); await c.close(); }
