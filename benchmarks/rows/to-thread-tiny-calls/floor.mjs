// 20,000 tiny calls as raw worker_threads round trips, 8 in flight: as many workers as the
// project's default pool may start for 8 calls (min(8, cpus + 4)), each lane bound to one worker,
// a plain postMessage out and back per call. The workers are started before timing.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { now, reportOps } from "../../lib/report.mjs";

const CALLS = 20_000;
const IN_FLIGHT = 8;
const WORKERS = Math.min(IN_FLIGHT, availableParallelism() + 4);
const source = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, n }) => parentPort.postMessage({ id, value: n + 1 }));
`;

const workers = Array.from({ length: WORKERS }, () => {
  const worker = new Worker(source, { eval: true });
  const pending = new Map();
  worker.on("message", ({ id, value }) => {
    pending.get(id)(value);
    pending.delete(id);
  });
  let nextId = 0;
  const call = (n) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ id, n });
    });
  return { worker, call };
});

async function lane(index, count) {
  const { call } = workers[index % WORKERS];
  for (let i = 0; i < count; i++) await call(i);
}

await Promise.all(workers.map(({ call }) => call(0)));
const started = now();
await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => lane(i, CALLS / IN_FLIGHT)));
reportOps(CALLS, now() - started);
for (const { worker } of workers) await worker.terminate();
