// Starts 100,000 async functions one microtask later (as a task's first step comes later),
// then awaits each promise in creation order.
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

async function child(i) {
  return i;
}

const started = now();
const promises = new Array(N);
for (let i = 0; i < N; i++) promises[i] = Promise.resolve(i).then(child);
let sum = 0;
for (let i = 0; i < N; i++) sum += await promises[i];
if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
reportOps(N, now() - started);
