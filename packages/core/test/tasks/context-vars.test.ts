/**
 * Context variables across tasks and callbacks, mirroring test_context.py-style isolation checks
 * and the context parts of test_tasks.py / test_base_events.py.
 *
 * These tests need the full `EventLoop` (callSoonIn is the full loop's, and one test awaits a real
 * timer); the rest of the file runs on the contract loop in `packages/tasks/test/context-
 * vars.test.ts`.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { type Context, ContextVar, copyContext } from "@asyncio/futures";
import { createTask, currentTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("contexts of tasks and callbacks", () => {
  it("the value is right after awaiting a foreign Promise (context carried by AsyncLocalStorage)", async () => {
    const v = new ContextVar<string>("v");
    const seen = await withTestLoop(
      async () => {
        const task = createTask(
          async () => {
            v.set("mine");
            await new Promise((resolve) => setTimeout(resolve, 1));
            return [v.get(), currentTask()?.getName()];
          },
          { name: "foreign" },
        );
        v.set("parent");
        return task;
      },
      { realTime: true },
    );
    expect(seen).toEqual(["mine", "foreign"]);
  });

  it("callSoonIn runs the callback in the given context itself (test_events.py::HandleTests::test_handle_context)", async () => {
    const v = new ContextVar<number>("v", { default: 0 });
    const ctx = copyContext();
    await withTestLoop(async ({ loop }) => {
      loop.callSoonIn(ctx, () => v.set(7));
      loop.callLaterIn(ctx, 0.1, () => v.set(v.get() + 1));
      loop.callAtIn(ctx, loop.time() + 0.2, () => v.set(v.get() * 10));
      await sleep(1);
      expect(() => loop.callSoonIn({} as Context, () => {})).toThrow(
        new TypeError("callSoonIn() context must be a Context, got an object"),
      );
    });
    expect(ctx.get(v)).toBe(80);
  });
});
