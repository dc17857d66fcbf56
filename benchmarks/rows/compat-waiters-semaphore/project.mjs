// 100,000 tasks wait on one Semaphore(8) whose 8 units main holds; the clock runs from their
// release until every task has taken a unit in turn (async_with) and recorded its number.
// Waiting starts untimed. python.py line by line through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;
const UNITS = 8;

const main = asyncio.coroutine(async () => {
  const sem = new asyncio.Semaphore(UNITS);
  const order = [];

  const waiter = asyncio.coroutine(async (i) => {
    await asyncio.async_with(sem, async () => {
      order.push(i);
    });
  });

  for (let i = 0; i < UNITS; i++) await sem.acquire();
  const tasks = [];
  for (let i = 0; i < N; i++) tasks.push(asyncio.create_task(waiter(i)));
  await asyncio.sleep(0); // every task blocks in acquire()
  const started = now();
  for (let i = 0; i < UNITS; i++) sem.release();
  await asyncio.gather(...tasks);
  const elapsed = now() - started;
  for (let i = 0; i < N; i++) if (order[i] !== i) throw new Error("woken out of order");
  reportOps(N, elapsed);
});

await asyncio.run(main());
