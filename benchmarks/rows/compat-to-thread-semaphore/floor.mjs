// 20,000 raw worker_threads round trips, at most 8 at once under a hand-written counting
// semaphore (lib/primitives.mjs), on as many workers as the project's default pool starts for
// 8 calls (min(8, cpus + 4)), taken in turn. Started before timing.
import { availableParallelism } from "node:os";
import { Semaphore } from "../../lib/primitives.mjs";
import { startWorkers } from "../../lib/raw-workers.mjs";
import { now, reportOps } from "../../lib/report.mjs";

const N = 20_000;
const IN_FLIGHT = 8;

const workers = startWorkers(Math.min(IN_FLIGHT, availableParallelism() + 4));
const sem = new Semaphore(IN_FLIGHT);

async function call(i) {
  await sem.acquire();
  try {
    return await workers.call(i);
  } finally {
    sem.release();
  }
}

await Promise.all(Array.from({ length: IN_FLIGHT }, () => workers.call(0)));
const started = now();
const results = await Promise.all(Array.from({ length: N }, (_, i) => call(i)));
let sum = 0;
for (const value of results) sum += value;
if (sum !== (N * (N + 1)) / 2) throw new Error(`wrong sum ${sum}`);
reportOps(N, now() - started);
await workers.stop();
