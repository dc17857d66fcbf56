// 20,000 to_thread(tiny, i) calls, one task each, at most 8 at once under a Semaphore(8)
// (async_with); the default executor's workers are started before timing. python.py line by line
// through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 20_000;
const IN_FLIGHT = 8;

const tiny = (n) => n + 1;

const main = asyncio.coroutine(async () => {
  const sem = new asyncio.Semaphore(IN_FLIGHT);

  const call = asyncio.coroutine(async (i) =>
    asyncio.async_with(sem, async () => await asyncio.to_thread(tiny, i)),
  );

  await asyncio.gather(...Array.from({ length: IN_FLIGHT }, () => asyncio.to_thread(tiny, 0)));
  const started = now();
  const results = await asyncio.gather(...Array.from({ length: N }, (_, i) => call(i)));
  let sum = 0;
  for (const value of results) sum += value;
  if (sum !== (N * (N + 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});

await asyncio.run(main());
