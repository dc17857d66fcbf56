// Spawns 100,000 tasks with createTask, then awaits each in creation order.
import { run } from "@asyncio/core";
import { coroutine, createTask } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const child = coroutine(async (i) => i);

await run(async () => {
  const started = now();
  const tasks = new Array(N);
  for (let i = 0; i < N; i++) tasks[i] = createTask(child(i));
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await tasks[i];
  if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});
