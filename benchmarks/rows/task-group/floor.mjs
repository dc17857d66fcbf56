// 100,000 async functions started one microtask later, then all awaited with Promise.all (what
// a task group does without cancellation, by hand).
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

let sum = 0;
async function child(i) {
  sum += i;
}

const started = now();
const promises = new Array(N);
for (let i = 0; i < N; i++) promises[i] = Promise.resolve(i).then(child);
await Promise.all(promises);
if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
reportOps(N, now() - started);
