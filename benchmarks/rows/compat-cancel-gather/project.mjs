// 100,000 tasks blocked in sleep(10) are cancelled, then collected with
// gather(...tasks, { return_exceptions: true }); making them is not timed. python.py line by line
// through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const sleeper = asyncio.coroutine(async () => {
  await asyncio.sleep(10);
});

const main = asyncio.coroutine(async () => {
  const tasks = [];
  for (let i = 0; i < N; i++) tasks.push(asyncio.create_task(sleeper()));
  await asyncio.sleep(0); // every task takes its first step and blocks in sleep(10)
  const started = now();
  for (const task of tasks) task.cancel();
  const results = await asyncio.gather(...tasks, { return_exceptions: true });
  let cancelled = 0;
  for (const result of results) if (result instanceof asyncio.CancelledError) cancelled++;
  if (cancelled !== N) throw new Error(`only ${cancelled} tasks were cancelled`);
  reportOps(N, now() - started);
});

await asyncio.run(main());
