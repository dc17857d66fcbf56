// Raw worker_threads for the floors of the toThread rows: workers that run `n => n + 1` for each
// message, a plain postMessage out and back per call, written as a TypeScript program would.
import { Worker } from "node:worker_threads";

const source = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, n }) => parentPort.postMessage({ id, value: n + 1 }));
`;

/** Starts `count` workers; `call(n)` sends to them in turn and resolves to the reply. */
export function startWorkers(count) {
  const pending = new Map();
  let nextId = 0;
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(source, { eval: true });
    worker.on("message", ({ id, value }) => {
      pending.get(id)(value);
      pending.delete(id);
    });
    return worker;
  });
  let turn = 0;
  const call = (n) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      workers[turn].postMessage({ id, n });
      turn = (turn + 1) % count;
    });
  const stop = () => Promise.all(workers.map((worker) => worker.terminate()));
  return { call, stop };
}
