// One producer puts 200,000 items into a Queue of maxsize 100 while one consumer gets them;
// the producer blocks whenever the queue is full, the consumer whenever it is empty.
import { run } from "@asyncio/core";
import { Queue } from "@asyncio/queues";
import { createTask } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const ITEMS = 200_000;
const MAXSIZE = 100;

await run(async () => {
  const queue = new Queue(MAXSIZE);
  const started = now();
  const producer = createTask(async () => {
    for (let i = 0; i < ITEMS; i++) await queue.put(i);
  });
  const consumer = createTask(async () => {
    let sum = 0;
    for (let i = 0; i < ITEMS; i++) sum += await queue.get();
    return sum;
  });
  await producer;
  await consumer;
  reportOps(ITEMS, now() - started);
});
