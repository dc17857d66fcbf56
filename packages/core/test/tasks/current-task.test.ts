/**
 * `currentTask()` and `allTasks()`, mirroring test_tasks.py (BaseTaskTests::test_current_task*,
 * BaseCurrentLoopTests, BaseTaskIntrospectionTests).
 *
 * These tests need the full `EventLoop` (it awaits a real timer); the rest of the file runs on the
 * contract loop in `packages/tasks/test/current-task.test.ts`.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { coroutine, createTask, currentTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("currentTask", () => {
  it("stays right after the task awaits a foreign Promise (test_tasks.py::BaseTaskTests::test_current_task_with_interleaving_tasks)", async () => {
    // No CPython counterpart for foreign awaitables: the task's frame must survive a plain Promise.
    await withTestLoop(
      async () => {
        const body = coroutine(async (ms: number) => {
          const me = currentTask();
          await new Promise((resolve) => setTimeout(resolve, ms));
          const afterForeign = currentTask();
          await sleep(0);
          return [me, afterForeign, currentTask()];
        });
        const a = createTask(body(1));
        const b = createTask(body(2));
        expect(await a).toEqual([a, a, a]);
        expect(await b).toEqual([b, b, b]);
      },
      { realTime: true },
    );
  });
});
