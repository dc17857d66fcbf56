import { run } from "@asyncio/core";
import { Future, getRunningLoop } from "@asyncio/futures";
import { coroutine, createTask, sleep } from "@asyncio/tasks";

const N = 100_000;
function heap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}
const variant = process.argv[2];
await run(async () => {
  const loop = getRunningLoop();
  const gate = loop.createFuture();
  const keep = new Array(N);
  const before = heap();
  if (variant === "await-future-no-task") {
    for (let i = 0; i < N; i++)
      keep[i] = (async () => {
        await gate;
      })();
  } else if (variant === "await-promise-in-task") {
    let release;
    const p = new Promise((r) => (release = r));
    for (let i = 0; i < N; i++)
      keep[i] = createTask(async () => {
        await p;
      });
    await sleep(0);
    const after = heap();
    console.log(variant, ((after - before) / N).toFixed(0));
    release();
    return;
  } else if (variant === "task-plain-fn") {
    for (let i = 0; i < N; i++)
      keep[i] = createTask(async () => {
        await gate;
      });
  } else if (variant === "task-coroutine") {
    const waiter = coroutine(async (g) => {
      await g;
    });
    for (let i = 0; i < N; i++) keep[i] = createTask(waiter(gate));
  } else if (variant === "futures-only") {
    for (let i = 0; i < N; i++) keep[i] = loop.createFuture();
  } else if (variant === "then-only") {
    for (let i = 0; i < N; i++) keep[i] = gate.then(() => 1);
  }
  await sleep(0);
  const after = heap();
  console.log(variant, ((after - before) / N).toFixed(0));
  gate.setResult(undefined);
});
