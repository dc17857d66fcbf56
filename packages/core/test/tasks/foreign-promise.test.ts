/**
 * Tasks blocked on foreign Promises, and the absence of unhandled rejections. These have no
 * CPython counterpart (a Python coroutine can't await something the loop doesn't know): they pin
 * down the documented JavaScript behaviour. A cancel can't interrupt a foreign Promise, so the
 * task's `signal` is aborted at once (for `fetch` and friends) and the `CancelledError` is
 * delivered at the next await of one of our awaitables; the closest CPython test is named.
 *
 * These tests need the full `EventLoop` (they wait on real timers, or need run()); the rest of the
 * file runs on the contract loop in `packages/tasks/test/foreign-promise.test.ts`.
 */
import { EventEmitter, once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, isCancelledError, TimeoutError } from "@asyncio/futures";
import {
  coroutine,
  createTask,
  currentSignal,
  sleep,
  type Task,
  timeout,
  waitFor,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { rejection, unhandledRejectionsDuring } from "../../../futures/test/support/helpers.js";

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

describe("timeouts around foreign APIs that take the task's signal", () => {
  it("timeout() around an aborted timers/promises setTimeout raises TimeoutError, not the AbortError (test_timeouts.py::TimeoutTests::test_timeout_basic)", async () => {
    await withTestLoop(
      async () => {
        const error = await rejection(
          createTask(() =>
            timeout(0.01, async () => {
              await delay(60_000, undefined, { signal: currentSignal() });
            }),
          ),
        );
        expect(error).toBeInstanceOf(TimeoutError);
        expect((error as Error).cause).toBeInstanceOf(CancelledError);
      },
      { realTime: true },
    );
  });

  it("waitFor() of a plain async function blocked on events.once raises TimeoutError (test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0)", async () => {
    await withTestLoop(
      async () => {
        const emitter = new EventEmitter();
        const error = await rejection(
          createTask(() =>
            waitFor(async () => {
              await once(emitter, "never", { signal: currentSignal() });
            }, 0.01),
          ),
        );
        expect(error).toBeInstanceOf(TimeoutError);
      },
      { realTime: true },
    );
  });
});
