// 100,000 tasks wait on one Lock held by main; the clock runs from its release until every task
// has taken the lock in turn (async_with) and recorded its number. Waiting starts untimed.
// python.py line by line through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const main = asyncio.coroutine(async () => {
  const lock = new asyncio.Lock();
  const order = [];

  const waiter = asyncio.coroutine(async (i) => {
    await asyncio.async_with(lock, async () => {
      order.push(i);
    });
  });

  await lock.acquire();
  const tasks = [];
  for (let i = 0; i < N; i++) tasks.push(asyncio.create_task(waiter(i)));
  await asyncio.sleep(0); // every task blocks in acquire()
  const started = now();
  lock.release();
  await asyncio.gather(...tasks);
  const elapsed = now() - started;
  for (let i = 0; i < N; i++) if (order[i] !== i) throw new Error("woken out of order");
  reportOps(N, elapsed);
});

await asyncio.run(main());
