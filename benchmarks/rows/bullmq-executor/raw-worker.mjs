// A plain BullMQ worker for floor.mjs: runs increment(job.data.n), `concurrency` at a time.
//   node raw-worker.mjs <queue> <concurrency> <redis url>
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { increment } from "./tiny.mjs";

const [queueName, concurrency, url] = process.argv.slice(2);
const worker = new Worker(queueName, async (job) => increment(job.data.n), {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  concurrency: Number(concurrency),
});
await worker.waitUntilReady();
console.log("ready");
