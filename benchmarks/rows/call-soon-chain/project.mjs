// Each callback schedules the next with loop.callSoon, 1,000,000 in all.
import { run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { now, reportOps } from "../../lib/report.mjs";

const N = 1_000_000;

await run(async () => {
  const loop = getRunningLoop();
  const done = loop.createFuture();
  let count = 0;
  const step = () => {
    if (++count < N) loop.callSoon(step);
    else done.setResult(undefined);
  };
  const started = now();
  loop.callSoon(step);
  await done;
  reportOps(N, now() - started);
});
