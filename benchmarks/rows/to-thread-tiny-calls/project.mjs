// 20,000 tiny calls (n => n + 1) offloaded with toThread, 8 in flight: 8 tasks each await 2,500
// calls in turn, on the default executor. The workers are started before timing.
import { run } from "@asyncio/core";
import { coroutine, gather } from "@asyncio/tasks";
import { toThread } from "@asyncio/to-thread";
import { now, reportOps } from "../../lib/report.mjs";

const CALLS = 20_000;
const IN_FLIGHT = 8;
const tiny = (n) => n + 1;

const lane = coroutine(async (count) => {
  for (let i = 0; i < count; i++) await toThread(tiny, i);
});

await run(async () => {
  await gather(...Array.from({ length: IN_FLIGHT }, () => toThread(tiny, 0)));
  const started = now();
  await gather(...Array.from({ length: IN_FLIGHT }, () => lane(CALLS / IN_FLIGHT)));
  reportOps(CALLS, now() - started);
});
