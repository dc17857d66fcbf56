// 100,000 tasks block in sleep(10); the clock runs while all are cancelled and awaited.
import { run } from "@asyncio/core";
import { isCancelledError } from "@asyncio/futures";
import { coroutine, createTask, sleep } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const sleeper = coroutine(async () => {
  await sleep(10);
});

await run(async () => {
  const tasks = new Array(N);
  for (let i = 0; i < N; i++) tasks[i] = createTask(sleeper());
  await sleep(0); // every task takes its first step and blocks in sleep(10)
  const started = now();
  for (let i = 0; i < N; i++) tasks[i].cancel();
  let cancelled = 0;
  for (let i = 0; i < N; i++) {
    try {
      await tasks[i];
    } catch (error) {
      // The awaited task's CancelledError is the expected outcome here, not ours.
      if (!isCancelledError(error)) throw error;
      cancelled++;
    }
  }
  if (cancelled !== N) throw new Error(`only ${cancelled} tasks were cancelled`);
  reportOps(N, now() - started);
});
