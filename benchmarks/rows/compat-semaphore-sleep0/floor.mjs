// 20,000 async functions share a hand-written counting semaphore of 8 permits
// (lib/primitives.mjs: FIFO, a Promise per waiter); each holds a permit across one `await null`
// (the floor's sleep(0)). Started and collected with Promise.all inside the timed window.
import { Semaphore } from "../../lib/primitives.mjs";
import { now, reportOps } from "../../lib/report.mjs";

const N = 20_000;

const sem = new Semaphore(8);

async function worker(i) {
  await sem.acquire();
  try {
    await null;
    return i;
  } finally {
    sem.release();
  }
}

const started = now();
const jobs = [];
for (let i = 0; i < N; i++) jobs.push(worker(i));
const results = await Promise.all(jobs);
let sum = 0;
for (const value of results) sum += value;
if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
reportOps(N, now() - started);
