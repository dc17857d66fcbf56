import { writeHeapSnapshot } from "node:v8";
import { run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { coroutine, createTask, sleep } from "@asyncio/tasks";

const N = 20_000;
const waiter = coroutine(async (g) => {
  await g;
});
await run(async () => {
  const gate = getRunningLoop().createFuture();
  const keep = new Array(N);
  for (let i = 0; i < N; i++) keep[i] = createTask(waiter(gate));
  await sleep(0);
  globalThis.gc();
  const file = writeHeapSnapshot("/tmp/tasks.heapsnapshot");
  gate.setResult(undefined);
});
