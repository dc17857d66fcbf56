// Heap retained by 100,000 async functions blocked in a 10 s timers/promises setTimeout, per
// function (full GC before each reading). The timers are unreferenced, so the process ends once
// the figure is printed; one shared AbortController for all of them would make Node's abort
// listeners cost time quadratic in their number.
import { setTimeout as sleep } from "node:timers/promises";
import { heapUsedAfterGc, reportBytes } from "../../lib/report.mjs";

const N = 100_000;

async function waiter() {
  await sleep(10_000, undefined, { ref: false });
}

const jobs = new Array(N);
const before = heapUsedAfterGc();
for (let i = 0; i < N; i++) jobs[i] = waiter();
await null;
const after = heapUsedAfterGc();
reportBytes(N, after - before);
