/**
 * Eager tasks beyond what the task factory suite of `@asyncio/testkit` checks of
 * `eagerTaskFactory` (`test/conformance/task-factory.test.ts`): the Task class of
 * `createEagerTaskFactory`, `eagerStart` on a loop that isn't running, and an eager task started
 * by a plain callback (test_eager_task_factory.py). JavaScript settles an async function in a
 * microtask at the earliest, so an eager task that never blocks is done right after `createTask`
 * returns (before any loop iteration), not inside it.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { getRunningLoop } from "@asyncio/futures";
import { coroutine, createEagerTaskFactory, createTask, sleep, Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("eager task factory", () => {
  it("createEagerTaskFactory uses the given Task class", async () => {
    class LoggingTask<T> extends Task<T> {}
    await withTestLoop(async () => {
      getRunningLoop();
      const loop = getRunningLoop() as unknown as { setTaskFactory(f: unknown): void };
      loop.setTaskFactory(createEagerTaskFactory(LoggingTask as unknown as typeof Task));
      const task = createTask(async () => 1);
      expect(task).toBeInstanceOf(LoggingTask);
      expect(await task).toBe(1);
    });
    expect(() => createEagerTaskFactory(1 as unknown as typeof Task)).toThrow(
      new TypeError("createEagerTaskFactory() expects a Task class, got 1"),
    );
  });

  it("eagerStart falls back to a scheduled first step when the loop isn't running", async () => {
    const { EventLoop, VirtualClock } = await import("@asyncio/core");
    const loop = new EventLoop({ clock: new VirtualClock() });
    const order: string[] = [];
    const task = new Task(
      async () => {
        order.push("step");
      },
      { loop, eagerStart: true },
    );
    order.push("created");
    await loop.runUntilComplete(task);
    loop.close();
    expect(order).toEqual(["created", "step"]);
  });

  it("an eager task started by a plain callback runs to its first suspension before the next callback (tasks.py Task.__eager_start)", async () => {
    const order: string[] = [];
    await withTestLoop(async ({ loop }) => {
      const inner = coroutine(async () => {
        order.push("inner");
      });
      let task: Task<void> | null = null;
      loop.callSoon(() => {
        task = new Task(
          async () => {
            order.push("T1");
            await inner();
            order.push("T2");
            await sleep(0);
            order.push("T3");
          },
          { eagerStart: true },
        );
        order.push("created");
      });
      loop.callSoon(() => order.push("cb2"));
      await sleep(0);
      await (task as unknown as Task<void>);
    });
    // CPython runs inner and T2 inside create_task, before "created"; JavaScript resumes the
    // body in microtasks, after the creating callback returns, but still before the next callback.
    expect(order).toEqual(["T1", "created", "inner", "T2", "cb2", "T3"]);
  });
});
