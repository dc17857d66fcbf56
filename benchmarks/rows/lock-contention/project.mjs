// 1,000 tasks each take one Lock 100 times, yielding once with sleep(0) while holding it:
// 100,000 acquisitions, nearly all of them handed from one waiter to the next.
import { run } from "@asyncio/core";
import { Lock } from "@asyncio/locks";
import { createTask, sleep } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const TASKS = 1_000;
const ROUNDS = 100;

await run(async () => {
  const lock = new Lock();
  let counter = 0;
  const worker = async () => {
    for (let i = 0; i < ROUNDS; i++) {
      await lock.acquire();
      try {
        await sleep(0);
        counter++;
      } finally {
        lock.release();
      }
    }
  };
  const started = now();
  const tasks = [];
  for (let i = 0; i < TASKS; i++) tasks.push(createTask(worker));
  for (const task of tasks) await task;
  if (counter !== TASKS * ROUNDS) throw new Error(`counted ${counter}`);
  reportOps(TASKS * ROUNDS, now() - started);
});
