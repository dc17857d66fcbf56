// 100,000 async functions wait on a hand-written FIFO mutex (lib/primitives.mjs) held by the main
// program; the clock runs from its release until every function has taken it in turn and recorded
// its number. Waiting starts untimed.
import { Mutex } from "../../lib/primitives.mjs";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const mutex = new Mutex();
const order = [];

async function waiter(i) {
  await mutex.acquire();
  try {
    order.push(i);
  } finally {
    mutex.release();
  }
}

await mutex.acquire();
const jobs = [];
for (let i = 0; i < N; i++) jobs.push(waiter(i));
await null;
const started = now();
mutex.release();
await Promise.all(jobs);
const elapsed = now() - started;
for (let i = 0; i < N; i++) if (order[i] !== i) throw new Error("woken out of order");
reportOps(N, elapsed);
