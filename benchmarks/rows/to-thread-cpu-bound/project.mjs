// 200 calls of 50 ms of CPU work each (a calibrated integer loop), all submitted at once with
// toThread on the default executor; on a machine with several cores they should run in parallel.
// The workers are started before timing.
import { availableParallelism } from "node:os";
import { run } from "@asyncio/core";
import { gather } from "@asyncio/tasks";
import { toThread } from "@asyncio/to-thread";
import { now, reportOps } from "../../lib/report.mjs";
import { calibrate, spin } from "./spin.mjs";

const CALLS = 200;
const WORKERS = Math.min(32, availableParallelism() + 4);
const iterations = calibrate();

await run(async () => {
  await gather(...Array.from({ length: WORKERS }, () => toThread(spin, 1)));
  const started = now();
  await gather(...Array.from({ length: CALLS }, () => toThread(spin, iterations)));
  reportOps(CALLS, now() - started);
});
