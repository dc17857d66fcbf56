// 20,000 tasks queued on one Semaphore(8); each holds it (async_with) across one sleep(0). The
// tasks are made and gathered inside the timed window. python.py line by line through
// @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 20_000;

const main = asyncio.coroutine(async () => {
  const sem = new asyncio.Semaphore(8);

  const worker = asyncio.coroutine(async (i) => {
    await asyncio.async_with(sem, async () => {
      await asyncio.sleep(0);
    });
    return i;
  });

  const started = now();
  const tasks = [];
  for (let i = 0; i < N; i++) tasks.push(asyncio.create_task(worker(i)));
  const results = await asyncio.gather(...tasks);
  let sum = 0;
  for (const value of results) sum += value;
  if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});

await asyncio.run(main());
