// Heap retained by 100,000 async functions blocked on one promise, per function (full GC
// before each reading).
import { heapUsedAfterGc, reportBytes } from "../../lib/report.mjs";

const N = 100_000;

async function waiter(gate) {
  await gate;
}

let open;
const gate = new Promise((resolve) => {
  open = resolve;
});
const jobs = new Array(N);
const before = heapUsedAfterGc();
for (let i = 0; i < N; i++) jobs[i] = waiter(gate);
await null;
const after = heapUsedAfterGc();
open();
for (let i = 0; i < N; i++) await jobs[i];
reportBytes(N, after - before);
