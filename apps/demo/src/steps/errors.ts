/** An error raised inside a task reaches whoever awaits the task. */
import type { Coroutine } from "@asyncio/all";
import { coroutine, createTask, sleep } from "@asyncio/all";
import { log } from "../log.js";

const parseConfig = coroutine(async (text: string) => {
  await sleep(0.1);
  log(`parser: parsing ${JSON.stringify(text)}`);
  return JSON.parse(text) as unknown;
});

export const errors: () => Coroutine<void> = coroutine(async () => {
  const task = createTask(parseConfig("{not json"), { name: "parser" });
  try {
    await task;
  } catch (error) {
    log(`main: the parser task failed with ${(error as Error).name}: ${(error as Error).message}`);
    log(`main: task.exception() is the same error: ${task.exception() === error}`);
  }
});
