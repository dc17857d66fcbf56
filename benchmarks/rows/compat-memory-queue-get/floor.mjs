// Heap retained by 100,000 async functions blocked in get() of a hand-written unbounded queue
// (lib/primitives.mjs: a Promise per blocked getter, its resolver kept in a FIFO), per function
// (full GC before each reading).
import { Queue } from "../../lib/primitives.mjs";
import { heapUsedAfterGc, reportBytes } from "../../lib/report.mjs";

const N = 100_000;

const queue = new Queue();

async function waiter() {
  await queue.get();
}

const jobs = new Array(N);
const before = heapUsedAfterGc();
for (let i = 0; i < N; i++) jobs[i] = waiter();
await null;
const after = heapUsedAfterGc();
for (let i = 0; i < N; i++) queue.put(null);
await Promise.all(jobs);
reportBytes(N, after - before);
