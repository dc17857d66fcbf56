// Two tasks take turns: each yields with sleep(0) 100,000 times, 200,000 switches in all.
import { run } from "@asyncio/core";
import { createTask, sleep } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const PER_TASK = 100_000;

async function player() {
  for (let i = 0; i < PER_TASK; i++) await sleep(0);
}

await run(async () => {
  const started = now();
  const ping = createTask(player);
  const pong = createTask(player);
  await ping;
  await pong;
  reportOps(2 * PER_TASK, now() - started);
});
