// gather() of 100,000 coroutines (gather wraps each in a Task), awaited once.
import { run } from "@asyncio/core";
import { coroutine, gather } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const child = coroutine(async (i) => i);

await run(async () => {
  const started = now();
  const coros = new Array(N);
  for (let i = 0; i < N; i++) coros[i] = child(i);
  const results = await gather(...coros);
  let sum = 0;
  for (let i = 0; i < N; i++) sum += results[i];
  if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});
