/** A task cancelled in the middle of a sleep: its `finally` runs, awaits, and the task ends cancelled. */
import type { Coroutine } from "@asyncio/all";
import { coroutine, createTask, isCancelledError, sleep } from "@asyncio/all";
import { log } from "../log.js";

const download = coroutine(async (name: string) => {
  log(`${name}: started, will take 10 seconds`);
  try {
    await sleep(10);
    log(`${name}: finished (this line never prints)`);
  } finally {
    log(`${name}: cancelled mid-sleep, closing the connection...`);
    await sleep(0.2);
    log(`${name}: connection closed`);
  }
});

export const cancellation: () => Coroutine<void> = coroutine(async () => {
  const task = createTask(download("download"), { name: "download" });
  await sleep(0.5);
  log("main: cancelling the download");
  task.cancel("user pressed stop");
  try {
    await task;
  } catch (error) {
    if (!isCancelledError(error)) throw error;
    log(
      `main: the task ended cancelled (${JSON.stringify(error.message)}); cancelled() = ${task.cancelled()}`,
    );
  }
});
