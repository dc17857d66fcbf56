// Heap retained by 100,000 tasks blocked on one Future, per task (full GC before each reading).
import { run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { coroutine, createTask, sleep } from "@asyncio/tasks";
import { heapUsedAfterGc, reportBytes } from "../../lib/report.mjs";

const N = 100_000;

const waiter = coroutine(async (gate) => {
  await gate;
});

await run(async () => {
  const gate = getRunningLoop().createFuture();
  const tasks = new Array(N);
  const before = heapUsedAfterGc();
  for (let i = 0; i < N; i++) tasks[i] = createTask(waiter(gate));
  await sleep(0); // every task takes its first step and blocks on the gate
  const after = heapUsedAfterGc();
  gate.setResult(undefined);
  for (let i = 0; i < N; i++) await tasks[i];
  reportBytes(N, after - before);
});
