// 100,000 tasks wait in get() of one Queue; the clock runs while main puts 100,000 items
// (put_nowait) and every task gets its item: task i must get item i. Waiting starts untimed.
// python.py line by line through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const main = asyncio.coroutine(async () => {
  const queue = new asyncio.Queue();

  const getter = asyncio.coroutine(async () => await queue.get());

  const tasks = [];
  for (let i = 0; i < N; i++) tasks.push(asyncio.create_task(getter()));
  await asyncio.sleep(0); // every task blocks in get()
  const started = now();
  for (let i = 0; i < N; i++) queue.put_nowait(i);
  const items = await asyncio.gather(...tasks);
  const elapsed = now() - started;
  for (let i = 0; i < N; i++) if (items[i] !== i) throw new Error("woken out of order");
  reportOps(N, elapsed);
});

await asyncio.run(main());
