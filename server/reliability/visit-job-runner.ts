/**
 * Runs one of the visit jobs' work in a process of its own, on the database the environment names (as
 * main.ts opens it), so visit-jobs.reliability.test.ts can kill it with SIGKILL half-way. The server's
 * job handlers call the same functions, but only after 06:00 China time; here the day is given.
 *
 *   TINGSU_REL_JOB=plans    makeDailyPlans for TINGSU_REL_DATE in batches of TINGSU_REL_BATCH workers;
 *                           prints "made N" after each batch commits. With TINGSU_REL_HOLD set, the
 *                           process stops still (event loop blocked, later batches loaded or in flight)
 *                           once a batch has committed, prints "holding", and waits to be killed.
 *   TINGSU_REL_JOB=figures  refreshAreaFigures, writing TINGSU_REL_CHUNK rows at a time; prints
 *                           "wrote N" after each chunk (inside its transaction). With TINGSU_REL_HOLD
 *                           set, stands still after the first chunk, prints "holding", waits to be killed.
 * Prints "done N" (plans made, figure rows written) and exits 0 when the work is finished.
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db.js';
// The same wiring as app.ts: regions asks the grids module about grid codes.
import '../modules/grids/grids.leaves.js';
import { makeDailyPlans } from '../modules/visits/visits.plans.js';
import { refreshAreaFigures } from '../modules/visits/visits.counters.js';

const say = (s: string) => process.stdout.write(s + '\n');
const env = process.env;

/** Blocks this thread (no timers, no I/O: nothing more reaches the database) until the process is killed. */
function standStill(): never {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 60_000);
}

const database = await openDatabase(loadConfig({ ...env, TINGSU_LOG_LEVEL: 'silent' }, { serveWeb: false }));
say('open');
try {
  if (env.TINGSU_REL_JOB === 'plans') {
    const made = await makeDailyPlans(database, env.TINGSU_REL_DATE!, {
      batch: Number(env.TINGSU_REL_BATCH ?? 200),
      onProgress: (n) => {
        say(`made ${n}`);
        if (env.TINGSU_REL_HOLD) {
          say('holding');
          standStill();
        }
      },
    });
    say(`done ${made}`);
  } else if (env.TINGSU_REL_JOB === 'figures') {
    const rows = await refreshAreaFigures(database, new Date(), {
      chunk: Number(env.TINGSU_REL_CHUNK ?? 2000),
      onChunk: (n) => {
        say(`wrote ${n}`);
        if (env.TINGSU_REL_HOLD) {
          say('holding');
          standStill();
        }
      },
    });
    say(`done ${rows}`);
  } else {
    throw new Error(`TINGSU_REL_JOB must be plans or figures, not ${env.TINGSU_REL_JOB}`);
  }
} finally {
  await database.close();
}
