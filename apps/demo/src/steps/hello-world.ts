/** Python's classic first asyncio program, ported line by line through the compat facade. */
import type { Coroutine } from "@asyncio/all";
import { asyncio } from "@asyncio/all";
import { log } from "../log.js";

const say_hello = asyncio.coroutine(async () => {
  log("Hello");
  await asyncio.sleep(1);
  log("World");
});

export const helloWorld: () => Coroutine<void> = asyncio.coroutine(async () => {
  await say_hello();
});
