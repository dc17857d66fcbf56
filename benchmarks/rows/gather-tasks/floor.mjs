// Promise.all of 100,000 async functions, each started one microtask later (as a task's first
// step comes later).
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

async function child(i) {
  return i;
}

const started = now();
const promises = new Array(N);
for (let i = 0; i < N; i++) promises[i] = Promise.resolve(i).then(child);
const results = await Promise.all(promises);
let sum = 0;
for (let i = 0; i < N; i++) sum += results[i];
if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
reportOps(N, now() - started);
