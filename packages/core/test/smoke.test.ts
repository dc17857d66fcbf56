import { withTestLoop } from "@asyncio/core/testing";
import { sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("withTestLoop", () => {
  it("runs sleeps on virtual time (test_tasks.py::BaseTaskTests::test_sleep)", async () => {
    const value = await withTestLoop(async ({ loop }) => {
      const result = await sleep(3600, "late");
      expect(loop.time()).toBe(3600);
      return result;
    });
    expect(value).toBe("late");
  });
});
