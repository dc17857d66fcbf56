// gather of 1,000,000 coroutines (gather wraps each in a Task), awaited once: python.py through
// @asyncio/compat. A million arguments can't be spread into a JavaScript call, so `gather(*coros)`
// is written `gather_from(coros)`.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 1_000_000;

const child = asyncio.coroutine(async (i) => i);

const main = asyncio.coroutine(async () => {
  const started = now();
  const coros = [];
  for (let i = 0; i < N; i++) coros.push(child(i));
  const results = await asyncio.gather_from(coros);
  let sum = 0;
  for (const value of results) sum += value;
  if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});

await asyncio.run(main());
