// 200 calls of 50 ms of CPU work each on tinypool, all submitted at once, with as many threads as
// the project's default pool (min(32, cpus + 4)). The threads are started before timing.
import { availableParallelism } from "node:os";
import Tinypool from "tinypool";
import { now, reportOps } from "../../lib/report.mjs";
import { calibrate } from "./spin.mjs";

const CALLS = 200;
const THREADS = Math.min(32, availableParallelism() + 4);
const iterations = calibrate();

const pool = new Tinypool({
  filename: new URL("./spin.mjs", import.meta.url).href,
  minThreads: THREADS,
  maxThreads: THREADS,
});

await Promise.all(Array.from({ length: THREADS }, () => pool.run(1)));
const started = now();
await Promise.all(Array.from({ length: CALLS }, () => pool.run(iterations)));
reportOps(CALLS, now() - started);
await pool.destroy();
