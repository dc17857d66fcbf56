// 100,000 async functions wait on a hand-written FIFO semaphore of 8 permits (lib/primitives.mjs)
// that the main program holds; the clock runs from their release until every function has taken
// a permit in turn and recorded its number. Waiting starts untimed.
import { Semaphore } from "../../lib/primitives.mjs";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;
const UNITS = 8;

const sem = new Semaphore(UNITS);
const order = [];

async function waiter(i) {
  await sem.acquire();
  try {
    order.push(i);
  } finally {
    sem.release();
  }
}

for (let i = 0; i < UNITS; i++) await sem.acquire();
const jobs = [];
for (let i = 0; i < N; i++) jobs.push(waiter(i));
await null;
const started = now();
for (let i = 0; i < UNITS; i++) sem.release();
await Promise.all(jobs);
const elapsed = now() - started;
for (let i = 0; i < N; i++) if (order[i] !== i) throw new Error("woken out of order");
reportOps(N, elapsed);
