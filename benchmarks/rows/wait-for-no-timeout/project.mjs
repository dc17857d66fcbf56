// 100,000 sequential waitFor(child(i), 10) calls; the coroutine finishes at once, so the
// timeout is armed and cancelled each time without firing.
import { run } from "@asyncio/core";
import { coroutine, waitFor } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

const child = coroutine(async (i) => i);

await run(async () => {
  const started = now();
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await waitFor(child(i), 10);
  if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  reportOps(N, now() - started);
});
