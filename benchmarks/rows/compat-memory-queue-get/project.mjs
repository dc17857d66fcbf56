// Heap retained by 100,000 tasks blocked in Queue.get(), per task (full GC before each reading):
// python.py line by line through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { heapUsedAfterGc, reportBytes } from "../../lib/report.mjs";

const N = 100_000;

const main = asyncio.coroutine(async () => {
  const queue = new asyncio.Queue();
  const waiter = asyncio.coroutine(async () => {
    await queue.get();
  });

  const tasks = new Array(N);
  const before = heapUsedAfterGc();
  for (let i = 0; i < N; i++) tasks[i] = asyncio.create_task(waiter());
  await asyncio.sleep(0); // every task takes its first step and blocks
  const after = heapUsedAfterGc();
  for (let i = 0; i < N; i++) queue.put_nowait(null);
  await asyncio.gather(...tasks, { return_exceptions: true });
  reportBytes(N, after - before);
});

await asyncio.run(main());
