/**
 * JavaScript's Promise combinators over our Futures inside a task, and async functions started
 * without `await` in a task's frame. Each makes a task wait on several of our awaits at once,
 * which Python can't express; the rules kept are Python's: a cancellation reaches the task's own
 * code (never hangs, never goes to an await that no longer matters), and Futures the task only
 * looks at through a combinator are not cancelled for it.
 */

import { CancelledError, Future, isCancelledError } from "@asyncio/futures";
import { createTask, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

describe("Promise combinators over our Futures inside a task", () => {
  it("Promise.all: cancelling the task raises CancelledError in it and leaves the Futures alone (gather counterpart: test_tasks.py::BaseTaskTests::test_cancel_gather_2)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = new Future<string>();
      const b = new Future<string>();
      const seen: string[] = [];
      const task = createTask(async () => {
        try {
          await Promise.all([a, b]);
        } catch (error) {
          seen.push((error as Error).name);
          throw error;
        }
      });
      await sleep(1);
      task.cancel("stop");
      const error = await caught(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("stop");
      expect(seen).toEqual(["CancelledError"]);
      expect([a.cancelled(), b.cancelled(), a.done(), b.done()]).toEqual([
        false,
        false,
        false,
        false,
      ]);
      expect(loop.time()).toBe(1);
      a.setResult("a");
      b.setResult("b");
    });
  });

  it("Promise.allSettled and Promise.any: the same (test_tasks.py::BaseTaskTests::test_cancel_inner_future)", async () => {
    await withTaskLoop(async () => {
      const combinators: ((fs: Future<number>[]) => Promise<unknown>)[] = [
        (fs) => Promise.allSettled(fs),
        (fs) => Promise.any(fs),
      ];
      for (const combine of combinators) {
        const futures = [new Future<number>(), new Future<number>(), new Future<number>()];
        const task = createTask(() => combine(futures));
        await sleep(0.5);
        task.cancel();
        expect(isCancelledError(await caught(task))).toBe(true);
        expect(futures.map((f) => f.done())).toEqual([false, false, false]);
        for (const [i, f] of futures.entries()) f.setResult(i);
      }
    });
  });

  it("Promise.race: the loser's await doesn't take a later cancellation (test_tasks.py::BaseTaskTests::test_cancel_yield)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const winner = createTask(sleep(0.1, "winner"));
      const loser = createTask(sleep(100, "loser"));
      const events: string[] = [];
      const task = createTask(async () => {
        events.push(await Promise.race([winner, loser]));
        await sleep(10);
        events.push("slept");
      });
      await sleep(1);
      expect(task.cancel()).toBe(true);
      expect(isCancelledError(await caught(task))).toBe(true);
      expect(events).toEqual(["winner"]);
      expect(loop.time()).toBe(1);
      expect(loser.done()).toBe(false);
      loser.cancel();
      await caught(loser);
    });
  });

  it("a single await of a task still cancels that task, as Python does (test_tasks.py::BaseTaskTests::test_cancel_both_task_and_inner_future)", async () => {
    await withTaskLoop(async () => {
      const inner = createTask(sleep(100));
      const outer = createTask(async () => await inner);
      await sleep(1);
      outer.cancel();
      expect(isCancelledError(await caught(outer))).toBe(true);
      expect(inner.cancelled()).toBe(true);
    });
  });
});

describe("an async function started without await inside a task", () => {
  it("doesn't take the task's cancellation: the task's own await gets it (test_tasks.py::BaseTaskTests::test_cancel_yield)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const events: string[] = [];
      const task = createTask(async () => {
        void (async () => {
          await sleep(2);
          events.push("background finished");
        })();
        try {
          await sleep(100);
        } catch (error) {
          events.push("task cancelled");
          throw error;
        }
      });
      await sleep(1);
      task.cancel();
      expect(isCancelledError(await caught(task))).toBe(true);
      expect(loop.time()).toBe(1);
      await sleep(2);
      expect(events).toEqual(["task cancelled", "background finished"]);
    });
  });

  it("keeps working after its task finished (test_tasks.py::BaseTaskTests::test_task_basics)", async () => {
    await withTaskLoop(async () => {
      const events: string[] = [];
      const task: Task<string> = createTask(async () => {
        void (async () => {
          await sleep(1);
          events.push("first");
          await sleep(1);
          events.push("second");
        })();
        return "done";
      });
      expect(await task).toBe("done");
      await sleep(3);
      expect(events).toEqual(["first", "second"]);
    });
  });
});
