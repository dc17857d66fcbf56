// 100,000 tasks wait on one Condition; the clock runs from notify_all() until every task has taken
// the lock back in turn and recorded its number. Waiting starts untimed. python.py line by line
// through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const main = asyncio.coroutine(async () => {
  const cond = new asyncio.Condition();
  const order = [];

  const waiter = asyncio.coroutine(async (i) => {
    await asyncio.async_with(cond, async () => {
      await cond.wait();
      order.push(i);
    });
  });

  const tasks = [];
  for (let i = 0; i < N; i++) tasks.push(asyncio.create_task(waiter(i)));
  await asyncio.sleep(0); // every task blocks in wait()
  const started = now();
  await asyncio.async_with(cond, async () => {
    cond.notify_all();
  });
  await asyncio.gather(...tasks);
  const elapsed = now() - started;
  for (let i = 0; i < N; i++) if (order[i] !== i) throw new Error("woken out of order");
  reportOps(N, elapsed);
});

await asyncio.run(main());
