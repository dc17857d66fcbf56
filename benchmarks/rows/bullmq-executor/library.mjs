// The same 4,000 tiny calls (increment(n), from the same module) with toThread on this machine,
// 32 in flight: 32 tasks each await 125 calls in turn, on the default thread pool. What the
// cluster costs over staying on one machine. The threads are started before timing.
import { run } from "@asyncio/core";
import { coroutine, gather } from "@asyncio/tasks";
import { moduleFunction, toThread } from "@asyncio/to-thread";
import { now, reportOps } from "../../lib/report.mjs";
import { IN_FLIGHT, JOBS } from "./cluster.mjs";

const increment = moduleFunction(new URL("./tiny.mjs", import.meta.url), "increment");

const lane = coroutine(async (count) => {
  for (let i = 0; i < count; i++) await toThread(increment, i);
});

await run(async () => {
  await gather(...Array.from({ length: IN_FLIGHT }, () => lane(1)));
  const started = now();
  await gather(...Array.from({ length: IN_FLIGHT }, () => lane(JOBS / IN_FLIGHT)));
  reportOps(JOBS, now() - started);
});
