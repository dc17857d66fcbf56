/**
 * Tasks blocked on foreign Promises, and the absence of unhandled rejections. These have no
 * CPython counterpart (a Python coroutine can't await something the loop doesn't know): they pin
 * down the documented JavaScript behaviour. A cancel can't interrupt a foreign Promise, so the
 * task's `signal` is aborted at once (for `fetch` and friends) and the `CancelledError` is
 * delivered at the next await of one of our awaitables; the closest CPython test is named.
 */
import { CancelledError, Future, isCancelledError } from "@asyncio/futures";
import { coroutine, createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  rejection,
  TaskLoop,
  unhandledRejectionsDuring,
  withTaskLoop,
} from "./support/task-loop.js";

describe("a task blocked on a foreign Promise", () => {
  it("a signal first read after cancel() is already aborted (test_tasks.py::BaseTaskTests::test_cancel_current_task)", async () => {
    await withTaskLoop(async () => {
      const task = createTask(sleep(1));
      await sleep(0);
      task.cancel("late reader");
      expect(task.signal.aborted).toBe(true);
      expect(isCancelledError(task.signal.reason)).toBe(true);
      expect((task.signal.reason as Error).message).toBe("late reader");
      await rejection(task);
      expect(task.cancelled()).toBe(true);
    });
  });

  it("a task made from a started Promise stops waiting at once when cancelled (test_tasks.py::BaseTaskTests::test_cancel_inner_future)", async () => {
    await withTaskLoop(async () => {
      const never = new Promise<number>(() => {});
      const task = createTask(never);
      await sleep(0);
      expect(task.cancel()).toBe(true);
      expect(await rejection(task)).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });
});

describe("no unhandled rejections", () => {
  it("cancelled, failed and abandoned tasks and futures produce none (test_futures.py::BaseFutureTests::test_tb_logger_abandoned)", async () => {
    const loop = new TaskLoop();
    const seen = await unhandledRejectionsDuring(async () => {
      await loop.runUntilComplete(
        coroutine(async () => {
          // A future failed with nobody waiting, and one awaited through then() without a handler.
          const lonely = new Future();
          lonely.setException(new Error("lonely"));
          const chained = new Future();
          void chained.then((value) => value);
          chained.setException(new Error("chained"));
          const cancelledFuture = new Future();
          void cancelledFuture.then(() => undefined);
          cancelledFuture.cancel("gone");
          // Tasks that fail or are cancelled without anyone awaiting them.
          createTask(
            coroutine(async () => {
              await sleep(0);
              throw new Error("failed task");
            })(),
          );
          const cancelled = createTask(sleep(10));
          const cancelledBeforeStart = createTask(sleep(10));
          cancelledBeforeStart.cancel();
          await sleep(0);
          cancelled.cancel("bye");
          // A task awaiting a failing one, catching the error.
          const inner = createTask(
            coroutine(async () => {
              throw new Error("inner");
            })(),
          );
          await inner.then(undefined, () => undefined);
          // A task awaiting a task that gets cancelled, which re-raises.
          const waiter = createTask(
            coroutine(async () => {
              await createTask(sleep(5));
            })(),
          );
          await sleep(0);
          waiter.cancel();
          await sleep(0);
          await sleep(0);
          // Left pending when the loop closes.
          createTask(sleep(100));
          new Future().then(() => undefined);
          lonely.exception();
          chained.exception();
        })(),
      );
      loop.close();
    });
    expect(seen).toEqual([]);
  });

  it("a runUntilComplete that rejects, once caught, leaves nothing unhandled (test_base_events.py::BaseEventLoopTests::test_run_until_complete_baseexception)", async () => {
    const seen = await unhandledRejectionsDuring(async () => {
      await withTaskLoop(async ({ loop }) => {
        const task = loop.createTask(
          coroutine(async () => {
            await sleep(0);
            throw new Error("boom");
          })(),
        );
        const error = await rejection(task);
        expect((error as Error).message).toBe("boom");
        const cancelled = loop.createTask(sleep(1));
        await sleep(0);
        cancelled.cancel();
        await rejection(cancelled);
      });
    });
    expect(seen).toEqual([]);
  });
});
