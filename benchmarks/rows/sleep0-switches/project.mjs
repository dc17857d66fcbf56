// One task yields to the loop with sleep(0) 200,000 times.
import { run } from "@asyncio/core";
import { sleep } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const N = 200_000;

await run(async () => {
  const started = now();
  for (let i = 0; i < N; i++) await sleep(0);
  reportOps(N, now() - started);
});
