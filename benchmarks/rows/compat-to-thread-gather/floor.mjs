// Promise.all of 20,000 raw worker_threads round trips, all sent at once, on as many workers as
// the project's default pool starts (min(32, cpus + 4)), taken in turn. Started before timing.
import { availableParallelism } from "node:os";
import { startWorkers } from "../../lib/raw-workers.mjs";
import { now, reportOps } from "../../lib/report.mjs";

const N = 20_000;
const WARM_UP = 8;

const workers = startWorkers(Math.min(32, availableParallelism() + 4));

await Promise.all(Array.from({ length: WARM_UP }, () => workers.call(0)));
const started = now();
const results = await Promise.all(Array.from({ length: N }, (_, i) => workers.call(i)));
let sum = 0;
for (const value of results) sum += value;
if (sum !== (N * (N + 1)) / 2) throw new Error(`wrong sum ${sum}`);
reportOps(N, now() - started);
await workers.stop();
