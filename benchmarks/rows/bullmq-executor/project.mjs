// 4,000 tiny jobs (increment(n), from a module) through BullMQExecutor to 2 asyncio-worker
// processes of concurrency 16, 32 in flight: 32 tasks each await 125 runInExecutor calls in turn.
// Redis and the workers are started, and one round of jobs run, before timing.
import { fileURLToPath } from "node:url";
import { BullMQExecutor } from "@asyncio/bullmq";
import { run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { coroutine, gather } from "@asyncio/tasks";
import { moduleFunction } from "@asyncio/to-thread";
import { now, reportOps } from "../../lib/report.mjs";
import { CONCURRENCY, IN_FLIGHT, JOBS, queueName, startRedis, startWorkers } from "./cluster.mjs";

const bin = fileURLToPath(
  new URL("../../node_modules/@asyncio/bullmq/dist/bin/asyncio-worker.js", import.meta.url),
);
const increment = moduleFunction(new URL("./tiny.mjs", import.meta.url), "increment");
const redis = await startRedis();
const queue = queueName();
const workers = await startWorkers(
  bin,
  ["--queue", queue, "--concurrency", String(CONCURRENCY), "--redis", redis.url],
  "serving",
);
const executor = new BullMQExecutor({ connection: redis.url, queueName: queue });

const lane = coroutine(async (count) => {
  const loop = getRunningLoop();
  for (let i = 0; i < count; i++) await loop.runInExecutor(executor, increment, i);
});

try {
  await run(async () => {
    await gather(...Array.from({ length: IN_FLIGHT }, () => lane(1)));
    const started = now();
    await gather(...Array.from({ length: IN_FLIGHT }, () => lane(JOBS / IN_FLIGHT)));
    reportOps(JOBS, now() - started);
    await executor.shutdown();
  });
} finally {
  workers.stop();
  redis.stop();
}
