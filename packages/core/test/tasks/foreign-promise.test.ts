/**
 * Tasks blocked on foreign Promises, and the absence of unhandled rejections. These have no
 * CPython counterpart (a Python coroutine can't await something the loop doesn't know): they pin
 * down the documented JavaScript behaviour. A cancel can't interrupt a foreign Promise, so the
 * task's `signal` is aborted at once (for `fetch` and friends) and the `CancelledError` is
 * delivered at the next await of one of our awaitables; the closest CPython test is named.
 */
import { setTimeout as delay } from "node:timers/promises";
import { EventLoop, VirtualClock } from "@asyncio/core";
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, Future, isCancelledError } from "@asyncio/futures";
import { coroutine, createTask, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { rejection, unhandledRejectionsDuring } from "../futures/helpers.js";

describe("a task blocked on a foreign Promise", () => {
  it("cancel() aborts task.signal at once; the CancelledError comes at the next await of ours (test_tasks.py::BaseTaskTests::test_cancel_current_task)", async () => {
    await withTestLoop(
      async () => {
        const reached: string[] = [];
        let release: () => void = () => {};
        const foreign = new Promise<void>((resolve) => {
          release = resolve;
        });
        let signal: AbortSignal | null = null;
        const task: Task<void> = createTask(
          coroutine(async () => {
            signal = task.signal;
            await foreign;
            reached.push("after foreign");
            await sleep(0);
            reached.push("after sleep");
          })(),
        );
        await sleep(0);
        const taskSignal = task.signal;
        expect(signal).toBe(taskSignal);
        expect(taskSignal.aborted).toBe(false);
        expect(task.cancel("stop")).toBe(true);
        // Aborted synchronously, with the CancelledError (and its message) as the reason.
        expect(taskSignal.aborted).toBe(true);
        expect(taskSignal.reason).toBeInstanceOf(CancelledError);
        expect((taskSignal.reason as Error).message).toBe("stop");
        expect(task.done()).toBe(false);
        release();
        const error = await rejection(task);
        expect(error).toBeInstanceOf(CancelledError);
        expect((error as Error).message).toBe("stop");
        expect(task.cancelled()).toBe(true);
        expect(reached).toEqual(["after foreign"]);
      },
      { realTime: true },
    );
  });

  it("a signal first read after cancel() is already aborted (test_tasks.py::BaseTaskTests::test_cancel_current_task)", async () => {
    await withTestLoop(async () => {
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

  it("an AbortError caused by the signal's reason ends the task cancelled (test_tasks.py::BaseTaskTests::test_cancel_inner_future)", async () => {
    await withTestLoop(
      async () => {
        const task: Task<string> = createTask(
          coroutine(async () => {
            // Node's timers/promises reject with an AbortError whose cause is signal.reason.
            await delay(60_000, undefined, { signal: task.signal });
            return "not reached";
          })(),
        );
        await sleep(0);
        task.cancel("abort it");
        const error = await rejection(task);
        expect(error).toBeInstanceOf(CancelledError);
        expect((error as Error).message).toBe("abort it");
        expect(task.cancelled()).toBe(true);
      },
      { realTime: true },
    );
  });

  it("an AbortError with another cause is an ordinary failure (test_tasks.py::BaseTaskTests::test_cancel_task_catching)", async () => {
    await withTestLoop(
      async () => {
        const controller = new AbortController();
        const task = createTask(
          coroutine(async () => {
            await delay(60_000, undefined, { signal: controller.signal });
          })(),
        );
        await sleep(0);
        controller.abort(new Error("someone else"));
        const error = await rejection(task);
        expect((error as Error).name).toBe("AbortError");
        expect(task.cancelled()).toBe(false);
        expect(task.exception()).toBe(error);
      },
      { realTime: true },
    );
  });

  it("a task made from a started Promise stops waiting at once when cancelled (test_tasks.py::BaseTaskTests::test_cancel_inner_future)", async () => {
    await withTestLoop(async () => {
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
    const loop = new EventLoop({ clock: new VirtualClock() });
    const reports: unknown[] = [];
    loop.setExceptionHandler((_loop, context) => {
      reports.push(context.message);
    });
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
      await withTestLoop(async ({ loop }) => {
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

describe("a started Promise given as a task's body", () => {
  it("rejecting before the first step rejects run(), with no unhandled rejection (runners.py::run; no CPython counterpart for started Promises)", async () => {
    const { run } = await import("@asyncio/core");
    const seen = await unhandledRejectionsDuring(async () => {
      async function main(): Promise<never> {
        throw new Error("boom at start");
      }
      const error = await rejection(run(main()));
      expect((error as Error).message).toBe("boom at start");
    });
    expect(seen).toEqual([]);
  });

  it("cancelled before its first step, its later rejection is handled (no CPython counterpart)", async () => {
    const seen = await unhandledRejectionsDuring(async () => {
      await withTestLoop(
        async () => {
          const started = delay(5).then(() => {
            throw new Error("late failure");
          });
          const task = createTask(started);
          task.cancel();
          expect(isCancelledError(await rejection(task))).toBe(true);
          await sleep(0.02); // the Promise rejects meanwhile, with no handler of ours attached
        },
        { realTime: true },
      );
    });
    expect(seen).toEqual([]);
  });
});
