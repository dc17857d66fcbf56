// 20,000 tiny calls on tinypool, 8 in flight, with as many threads as the project's default pool
// may start for 8 calls; tinypool needs its task in a module file (tiny-task.mjs). The threads are
// started before timing.
import { availableParallelism } from "node:os";
import Tinypool from "tinypool";
import { now, reportOps } from "../../lib/report.mjs";

const CALLS = 20_000;
const IN_FLIGHT = 8;
const THREADS = Math.min(IN_FLIGHT, availableParallelism() + 4);

const pool = new Tinypool({
  filename: new URL("./tiny-task.mjs", import.meta.url).href,
  minThreads: THREADS,
  maxThreads: THREADS,
});

async function lane(count) {
  for (let i = 0; i < count; i++) await pool.run(i);
}

await Promise.all(Array.from({ length: IN_FLIGHT }, () => pool.run(0)));
const started = now();
await Promise.all(Array.from({ length: IN_FLIGHT }, () => lane(CALLS / IN_FLIGHT)));
reportOps(CALLS, now() - started);
await pool.destroy();
