// 100,000 async functions wait on a hand-written condition variable over a FIFO mutex
// (lib/primitives.mjs); the clock runs from notifyAll() until every function has taken the mutex
// back in turn and recorded its number. Waiting starts untimed.
import { Condition, Mutex } from "../../lib/primitives.mjs";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const mutex = new Mutex();
const cond = new Condition(mutex);
const order = [];

async function waiter(i) {
  await mutex.acquire();
  try {
    await cond.wait();
    order.push(i);
  } finally {
    mutex.release();
  }
}

const jobs = [];
for (let i = 0; i < N; i++) jobs.push(waiter(i));
await null;
const started = now();
await mutex.acquire();
try {
  cond.notifyAll();
} finally {
  mutex.release();
}
await Promise.all(jobs);
const elapsed = now() - started;
for (let i = 0; i < N; i++) if (order[i] !== i) throw new Error("woken out of order");
reportOps(N, elapsed);
