// 200 calls of 50 ms of CPU work each on raw worker_threads: one worker per core, each taking the
// next call as soon as it finishes one (the best a hand-made pool can do). Started before timing.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { now, reportOps } from "../../lib/report.mjs";
import { calibrate } from "./spin.mjs";

const CALLS = 200;
const WORKERS = availableParallelism();
const iterations = calibrate();
const spinUrl = new URL("./spin.mjs", import.meta.url).href;
const source = `
const { parentPort } = require("node:worker_threads");
import(${JSON.stringify(spinUrl)}).then(({ spin }) => {
  parentPort.on("message", (n) => parentPort.postMessage(spin(n)));
  parentPort.postMessage("ready");
});
`;

const workers = await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    const worker = new Worker(source, { eval: true });
    await new Promise((resolve) => worker.once("message", resolve));
    return worker;
  }),
);

let next = 0;
async function drain(worker) {
  while (next < CALLS) {
    next++;
    await new Promise((resolve) => {
      worker.once("message", resolve);
      worker.postMessage(iterations);
    });
  }
}

const started = now();
await Promise.all(workers.map(drain));
reportOps(CALLS, now() - started);
for (const worker of workers) await worker.terminate();
