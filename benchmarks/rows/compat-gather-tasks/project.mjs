// 100,000 tasks made with create_task, then awaited with one gather(...tasks): python.py line by
// line through @asyncio/compat.
import * as asyncio from "@asyncio/compat";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const child = asyncio.coroutine(async (i) => i);

const main = asyncio.coroutine(async () => {
  const started = now();
  const tasks = [];
  for (let i = 0; i < N; i++) tasks.push(asyncio.create_task(child(i)));
  const results = await asyncio.gather(...tasks);
  let sum = 0;
  for (const value of results) sum += value;
  if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});

await asyncio.run(main());
