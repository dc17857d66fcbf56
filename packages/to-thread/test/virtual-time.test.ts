/**
 * Thread calls under virtual time: a `toThread` call is real work, so a `VirtualClock` does not
 * jump over it (a timeout around it doesn't fire because the thread is slow in real time), while
 * sleeps beside it still take no real time once it is done.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { createTask, sleep, timeout } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { toThread } from "../src/index.js";

describe("toThread under virtual time", () => {
  it("timeout(5) around a 300 ms thread call gives the call's result; virtual time did not move", async () => {
    await withTestLoop(async ({ loop, clock }) => {
      const slow = (): string => {
        const end = Date.now() + 300;
        while (Date.now() < end);
        return "done";
      };
      const seen: string[][] = [];
      const result = await timeout(5, async () => {
        const call = createTask(toThread(slow));
        await sleep(0);
        seen.push(clock.heldBy());
        return await call;
      });
      expect(result).toBe("done");
      expect(seen).toEqual([["executor call slow()"]]);
      expect(loop.time()).toBe(0);
      await sleep(3600);
      expect(loop.time()).toBe(3600);
    });
  });
});
