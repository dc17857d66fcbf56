/**
 * Eager tasks, mirroring test_eager_task_factory.py (EagerTaskFactoryLoopTests). JavaScript settles
 * an async function in a microtask at the earliest, so an eager task that never blocks is done
 * right after `createTask` returns (before any loop iteration), not inside it.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { ContextVar, getRunningLoop } from "@asyncio/futures";
import {
  allTasks,
  coroutine,
  createEagerTaskFactory,
  createTask,
  currentTask,
  eagerTaskFactory,
  sleep,
  Task,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

async function microtasks(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await null;
}

describe("eager task factory", () => {
  it("a coroutine that never blocks completes without a loop iteration (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_eager_completion)", async () => {
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      let iterations = 0;
      loop.callSoon(() => iterations++);
      const task = createTask(async () => "done");
      await microtasks(3);
      expect(task.done()).toBe(true);
      expect(task.result()).toBe("done");
      expect(iterations).toBe(0);
    });
  });

  it("the first step runs inside createTask, before the creator goes on (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_block_after_eager_step)", async () => {
    const order: string[] = [];
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      const child = coroutine(async () => {
        order.push("child start");
        await sleep(0);
        order.push("child end");
        return 1;
      });
      const task = createTask(child());
      order.push("parent after createTask");
      expect(task.done()).toBe(false);
      expect(await task).toBe(1);
    });
    expect(order).toEqual(["child start", "parent after createTask", "child end"]);
  });

  it("cancelling an eagerly completed task has no effect (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_cancellation_after_eager_completion)", async () => {
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      const task = createTask(async () => 42);
      await microtasks(3);
      expect(task.cancel()).toBe(false);
      expect(await task).toBe(42);
      expect(task.cancelled()).toBe(false);
    });
  });

  it("cancel(msg) after the eager step blocked ends the task with that message (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_cancellation_after_eager_step_blocks)", async () => {
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      const task = createTask(sleep(1));
      task.cancel("cancellation message");
      await expect(task).rejects.toMatchObject({
        name: "CancelledError",
        message: "cancellation message",
      });
      expect(task.cancelled()).toBe(true);
    });
  });

  it("currentTask() is the new task during the eager step and after it blocks (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_current_task)", async () => {
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      const seen: (Task<unknown> | null)[] = [];
      const parent = currentTask();
      const task = createTask(async () => {
        seen.push(currentTask());
        await sleep(0);
        seen.push(currentTask());
      });
      expect(currentTask()).toBe(parent);
      await task;
      expect(seen).toEqual([task, task]);
    });
  });

  it("an eager task is in allTasks() while pending and gone once done (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_all_tasks_with_eager_completion)", async () => {
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      let during: boolean | null = null;
      const task: Task<void> = createTask(async () => {
        during = allTasks().has(currentTask() as Task<unknown>);
      });
      await microtasks(3);
      expect(during).toBe(true);
      expect(task.done()).toBe(true);
      expect(allTasks().has(task)).toBe(false);
    });
  });

  it("the eager step sees the creator's context, and its writes stay in the task's copy (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_context_vars)", async () => {
    const v = new ContextVar<number>("v", { default: 0 });
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      v.set(1);
      let seen = -1;
      const task = createTask(async () => {
        seen = v.get();
        v.set(2);
        await sleep(0);
        return v.get();
      });
      expect(seen).toBe(1);
      expect(v.get()).toBe(1);
      expect(await task).toBe(2);
      expect(v.get()).toBe(1);
    });
  });

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

  it("cancel() right after creating an eager task that never blocks keeps its result (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_cancellation_after_eager_completion)", async () => {
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      const task = createTask(async () => 42);
      // CPython's task is done here and cancel() returns false; ours settles a microtask later,
      // but the result still wins.
      task.cancel();
      expect(await task).toBe(42);
      expect(task.cancelled()).toBe(false);
    });
  });
});
