// Heap retained by 100,000 async functions waiting for one shared Promise that plays the event
// (resolved to set it), per function (full GC before each reading).
import { heapUsedAfterGc, reportBytes } from "../../lib/report.mjs";

const N = 100_000;

let set;
const event = new Promise((resolve) => {
  set = resolve;
});

async function waiter() {
  await event;
}

const jobs = new Array(N);
const before = heapUsedAfterGc();
for (let i = 0; i < N; i++) jobs[i] = waiter();
await null;
const after = heapUsedAfterGc();
set();
await Promise.all(jobs);
reportBytes(N, after - before);
