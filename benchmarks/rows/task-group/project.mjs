// One TaskGroup creates 100,000 tasks and waits for them on exit.
import { run } from "@asyncio/core";
import { coroutine, taskGroup } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

let sum = 0;
const child = coroutine(async (i) => {
  sum += i;
});

await run(async () => {
  const started = now();
  await taskGroup((tg) => {
    for (let i = 0; i < N; i++) tg.createTask(child(i));
  });
  if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});
