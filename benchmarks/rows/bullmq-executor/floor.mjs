// 4,000 tiny jobs (increment(job.data.n)) through raw BullMQ, 32 in flight: 32 async functions
// each do Queue.add then job.waitUntilFinished(queueEvents) 125 times in turn, served by 2 plain
// BullMQ worker processes of concurrency 16. Completed jobs are kept (BullMQ's default):
// waitUntilFinished reads the finished job back, so it can't remove them on completion as the
// executor does. Redis and the workers are started, and one round of jobs run, before timing.
import { fileURLToPath } from "node:url";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { now, reportOps } from "../../lib/report.mjs";
import { CONCURRENCY, IN_FLIGHT, JOBS, queueName, startRedis, startWorkers } from "./cluster.mjs";

const redis = await startRedis();
const name = queueName();
const workers = await startWorkers(
  fileURLToPath(new URL("./raw-worker.mjs", import.meta.url)),
  [name, String(CONCURRENCY), redis.url],
  "ready",
);
const queue = new Queue(name, { connection: new Redis(redis.url) });
// The queue is new: read its events from the start. A reader that starts at the stream's end
// ("$", the default) misses what completes before its first read, and a job's
// waitUntilFinished then never returns.
const events = new QueueEvents(name, {
  connection: new Redis(redis.url, { maxRetriesPerRequest: null }),
  lastEventId: "0-0",
});
// Each waiting job listens on the queue and the events reader.
queue.setMaxListeners(0);
events.setMaxListeners(0);
await events.waitUntilReady();

async function lane(count) {
  for (let i = 0; i < count; i++) {
    const job = await queue.add("increment", { n: i });
    await job.waitUntilFinished(events);
  }
}

try {
  await Promise.all(Array.from({ length: IN_FLIGHT }, () => lane(1)));
  const started = now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, () => lane(JOBS / IN_FLIGHT)));
  reportOps(JOBS, now() - started);
  await events.close();
  await queue.close();
} finally {
  workers.stop();
  redis.stop();
}
process.exit(0);
