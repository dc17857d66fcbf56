// gather() of 20,000 to_thread(tiny, i) calls, all submitted at once to the default executor; its
// workers are started before timing. python.py line by line through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 20_000;
const WARM_UP = 8;

const tiny = (n) => n + 1;

const main = asyncio.coroutine(async () => {
  await asyncio.gather(...Array.from({ length: WARM_UP }, () => asyncio.to_thread(tiny, 0)));
  const started = now();
  const results = await asyncio.gather(
    ...Array.from({ length: N }, (_, i) => asyncio.to_thread(tiny, i)),
  );
  let sum = 0;
  for (const value of results) sum += value;
  if (sum !== (N * (N + 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});

await asyncio.run(main());
