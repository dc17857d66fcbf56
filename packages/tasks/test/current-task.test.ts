/**
 * `currentTask()` and `allTasks()`, mirroring test_tasks.py (BaseTaskTests::test_current_task*,
 * BaseCurrentLoopTests, BaseTaskIntrospectionTests).
 */

import { Future, RuntimeError } from "@asyncio/futures";
import { allTasks, coroutine, createTask, currentTask, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { TaskLoop, thrown, withTaskLoop } from "./support/task-loop.js";

describe("currentTask", () => {
  it("is the running task inside it, null outside any task (test_tasks.py::BaseTaskTests::test_current_task)", async () => {
    const loop = new TaskLoop();
    try {
      expect(currentTask(loop)).toBeNull();
      let inside: unknown = "unset";
      const task: Task<void> = loop.createTask(
        coroutine(async () => {
          inside = currentTask();
        })(),
      );
      await loop.runUntilComplete(task);
      expect(inside).toBe(task);
      expect(currentTask(loop)).toBeNull();
    } finally {
      loop.close();
    }
  });

  it("needs a running loop when none is given (test_tasks.py::BaseCurrentLoopTests::test_current_task_no_running_loop)", () => {
    const error = thrown(() => currentTask());
    expect(error).toBeInstanceOf(RuntimeError);
  });

  it("is right before and after awaits across two interleaved tasks (test_tasks.py::BaseTaskTests::test_current_task_with_interleaving_tasks)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const fut1 = loop.createFuture();
      const fut2 = loop.createFuture();
      const seen: [string, boolean][] = [];
      let task1: Task<void> | null = null;
      let task2: Task<void> | null = null;
      const coro1 = coroutine(async () => {
        seen.push(["1 before", currentTask() === task1]);
        await fut1;
        seen.push(["1 after", currentTask() === task1]);
        fut2.setResult(true);
      });
      const coro2 = coroutine(async () => {
        seen.push(["2 before", currentTask() === task2]);
        fut1.setResult(true);
        await fut2;
        seen.push(["2 after", currentTask() === task2]);
      });
      task1 = createTask(coro1());
      task2 = createTask(coro2());
      await task1;
      await task2;
      expect(seen).toEqual([
        ["1 before", true],
        ["2 before", true],
        ["1 after", true],
        ["2 after", true],
      ]);
    });
  });

  it("is null in plain callbacks, even ones scheduled from inside a task (test_tasks.py::BaseTaskTests::test_current_task)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const seen: unknown[] = [];
      const done = new Future<null>();
      loop.callSoon(() => seen.push(currentTask()));
      done.addDoneCallback(() => seen.push(currentTask()));
      loop.callLater(0.1, () => seen.push(currentTask()));
      done.setResult(null);
      await sleep(0.2);
      expect(seen).toEqual([null, null, null]);
    });
  });
});

describe("allTasks", () => {
  it("holds the loop's pending tasks and drops finished ones (test_tasks.py::BaseTaskIntrospectionTests::test__register_task_3)", async () => {
    await withTaskLoop(async () => {
      const main = currentTask() as Task<unknown>;
      expect(allTasks()).toEqual(new Set([main]));
      const a = createTask(sleep(0.1));
      const b = createTask(sleep(0.2));
      expect(allTasks()).toEqual(new Set([main, a, b]));
      await a;
      expect(allTasks()).toEqual(new Set([main, b]));
      b.cancel();
      await b.then(undefined, () => undefined);
      expect(allTasks()).toEqual(new Set([main]));
    });
  });

  it("only lists the tasks of the given loop (test_tasks.py::BaseTaskIntrospectionTests::test__register_task_3)", async () => {
    const other = new TaskLoop();
    try {
      const stranger = other.createTask(sleep(1));
      await withTaskLoop(async ({ loop }) => {
        expect(allTasks().has(stranger)).toBe(false);
        expect(allTasks(other)).toEqual(new Set([stranger]));
        expect(allTasks(loop).size).toBe(1);
      });
      stranger.cancel();
      await other.runUntilComplete(stranger.then(undefined, () => undefined));
    } finally {
      other.close();
    }
  });
});

describe("then() callbacks outside a task's own await", () => {
  it("a callback a task gave to then() runs as a Promise reaction would: in that task's frame (test_tasks.py::BaseTaskTests::test_current_task)", async () => {
    const seen = await withTaskLoop(async ({ loop }) => {
      const fut = loop.createFuture<number>();
      let inCallback: Task<unknown> | null | undefined;
      const b = createTask(
        async () => {
          void fut.then(() => {
            inCallback = currentTask();
          });
          await sleep(0.05);
        },
        { name: "B" },
      );
      const a = createTask(
        async () => {
          await sleep(0);
          fut.setResult(1);
          await sleep(0); // A suspends: the loop goes on from A's frame
          await sleep(0);
        },
        { name: "A" },
      );
      await a;
      await b;
      return [inCallback?.getName(), b.getName()];
    });
    expect(seen).toEqual(["B", "B"]);
  });
});
