// 100,000 async functions blocked in a 10 s timers/promises setTimeout, each with its own
// AbortController, are aborted, then collected with Promise.allSettled: how a TypeScript program
// cancels pending work. Making them is not timed.
import { setTimeout as sleep } from "node:timers/promises";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

async function sleeper(signal) {
  await sleep(10_000, undefined, { signal });
}

const controllers = [];
const jobs = [];
for (let i = 0; i < N; i++) {
  const controller = new AbortController();
  controllers.push(controller);
  jobs.push(sleeper(controller.signal));
}
await null;
const started = now();
for (const controller of controllers) controller.abort();
const results = await Promise.allSettled(jobs);
let cancelled = 0;
for (const result of results)
  if (result.status === "rejected" && result.reason.name === "AbortError") cancelled++;
if (cancelled !== N) throw new Error(`only ${cancelled} jobs were cancelled`);
reportOps(N, now() - started);
