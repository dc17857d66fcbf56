// 100,000 async functions wait in get() of a hand-written unbounded queue (lib/primitives.mjs);
// the clock runs while the main program puts 100,000 items and every function gets its item:
// function i must get item i. Waiting starts untimed.
import { Queue } from "../../lib/primitives.mjs";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const queue = new Queue();

async function getter() {
  return await queue.get();
}

const jobs = [];
for (let i = 0; i < N; i++) jobs.push(getter());
await null;
const started = now();
for (let i = 0; i < N; i++) queue.put(i);
const items = await Promise.all(jobs);
const elapsed = now() - started;
for (let i = 0; i < N; i++) if (items[i] !== i) throw new Error("woken out of order");
reportOps(N, elapsed);
