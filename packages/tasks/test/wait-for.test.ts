/**
 * `waitFor` with Python 3.12's semantics, mirroring test_waitfor.py (AsyncioWaitForTest,
 * WaitForShieldTests), on virtual time.
 */

import { CancelledError, isCancelledError, TimeoutError, ValueError } from "@asyncio/futures";
import { coroutine, createTask, currentTask, shield, sleep, waitFor } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

describe("waitFor", () => {
  it("returns the result in time (test_waitfor.py::AsyncioWaitForTest::test_wait_for_blocking)", async () => {
    await withTaskLoop(async ({ loop }) => {
      expect(await waitFor(sleep(0.1, "foo"), null)).toBe("foo");
      expect(await waitFor(sleep(0.1, "bar"), 1)).toBe("bar");
      expect(loop.time()).toBeCloseTo(0.2, 9);
    });
  });

  it("times out, cancels the task and raises TimeoutError (test_waitfor.py::AsyncioWaitForTest::test_wait_for)", async () => {
    await withTaskLoop(async ({ loop }) => {
      let finished = false;
      const task = createTask(async () => {
        await sleep(0.2);
        finished = true;
      });
      const error = await caught(waitFor(task, 0.1));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).cause).toBeInstanceOf(CancelledError);
      expect(loop.time()).toBeCloseTo(0.1, 9);
      expect(task.cancelled()).toBe(true);
      expect(finished).toBe(false);
    });
  });

  it("timeout <= 0 returns an already finished future's result (test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_future_done)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const fut = loop.createFuture<string>();
      fut.setResult("done");
      expect(await waitFor(fut, 0)).toBe("done");
      expect(await waitFor(fut, -1)).toBe("done");
    });
  });

  it("timeout <= 0 never starts a coroutine (test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started)", async () => {
    await withTaskLoop(async () => {
      let started = false;
      const foo = coroutine(async () => {
        started = true;
      });
      expect(await caught(waitFor(foo(), 0))).toBeInstanceOf(TimeoutError);
      expect(started).toBe(false);
    });
  });

  it("timeout <= 0 cancels a pending task (test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0)", async () => {
    await withTaskLoop(async ({ loop }) => {
      for (const timeout of [0, -1]) {
        const task = createTask(sleep(10, "never"));
        await sleep(0);
        const error = await caught(waitFor(task, timeout));
        expect(error).toBeInstanceOf(TimeoutError);
        expect(task.cancelled()).toBe(true);
      }
      expect(loop.time()).toBe(0);
    });
  });

  it("a coroutine runs inline in the calling task (tasks.py wait_for since 3.12: no wrapping Task, as verified on 3.12/3.13)", async () => {
    await withTaskLoop(async () => {
      const caller = currentTask();
      const inner = coroutine(async () => {
        expect(currentTask()).toBe(caller);
        await sleep(0.01);
        return currentTask()?.getName();
      });
      expect(await waitFor(inner(), 1)).toBe(caller?.getName());
    });
  });

  it("waits for the inner task to finish its cancellation (test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation)", async () => {
    await withTaskLoop(async ({ loop }) => {
      let cleanedUp = false;
      const inner = createTask(async () => {
        try {
          await sleep(10);
        } finally {
          await sleep(0.5);
          cleanedUp = true;
        }
      });
      const error = await caught(waitFor(inner, 0.01));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).cause).toBeInstanceOf(CancelledError);
      expect(cleanedUp).toBe(true);
      expect(inner.done()).toBe(true);
      expect(loop.time()).toBeCloseTo(0.51, 9);
    });
  });

  it("waits for the cancellation with timeout 0 too (test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation_w_timeout_0)", async () => {
    await withTaskLoop(async () => {
      let cleanedUp = false;
      const inner = createTask(async () => {
        try {
          await sleep(10);
        } finally {
          await sleep(0.5);
          cleanedUp = true;
        }
      });
      await sleep(0.01);
      expect(await caught(waitFor(inner, 0))).toBeInstanceOf(TimeoutError);
      expect(cleanedUp).toBe(true);
    });
  });

  it("an error raised during the inner cancellation wins (test_waitfor.py::AsyncioWaitForTest::test_wait_for_reraises_exception_during_cancellation)", async () => {
    await withTaskLoop(async () => {
      class FooError extends Error {}
      const inner = createTask(async () => {
        try {
          await sleep(0.2);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the CPython test raises in finally.
          throw new FooError();
        }
      });
      expect(await caught(waitFor(inner, 0.1))).toBeInstanceOf(FooError);
      const inner0 = createTask(async () => {
        try {
          await sleep(0.2);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the CPython test raises in finally.
          throw new FooError();
        }
      });
      await sleep(0);
      expect(await caught(waitFor(inner0, 0))).toBeInstanceOf(FooError);
    });
  });

  it("an inner task that suppresses the cancellation and returns gives its value (test_waitfor.py::AsyncioWaitForTest::test_wait_for_cancel_suppressed)", async () => {
    await withTaskLoop(async () => {
      const inner = createTask(async () => {
        try {
          await sleep(1);
        } catch (error) {
          // Suppressed on purpose: that is what the CPython test checks.
          if (!isCancelledError(error)) throw error;
        }
        return 42;
      });
      expect(await waitFor(inner, 0.1)).toBe(42);
    });
  });

  it("a result set before the waiter runs is returned (test_waitfor.py::AsyncioWaitForTest::test_wait_for_race_condition)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const fut = loop.createFuture<string>();
      const pending = waitFor(fut, 0.2);
      loop.callSoon(() => fut.setResult("ok"));
      expect(await pending).toBe("ok");
    });
  });

  it("a result that arrives in the iteration in which the deadline fires is not lost (tasks.py wait_for; CPython 3.12 raises TimeoutError here)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const fut = loop.createFuture<number>();
      // Same deadline: the result is set first, then the timeout asks the task to cancel.
      loop.callLater(1, () => fut.setResult(42));
      const task = currentTask();
      expect(await waitFor(fut, 1)).toBe(42);
      expect(loop.time()).toBe(1);
      expect(task?.cancelling()).toBe(0);
    });
  });

  it("cancelling the caller while the inner task just completed still cancels the caller (test_waitfor.py::AsyncioWaitForTest::test_wait_for_issue86296)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const innerFuture = loop.createFuture<string>();
      const caller = createTask(async () => waitFor(innerFuture, 10));
      await sleep(0);
      innerFuture.setResult("value");
      caller.cancel();
      expect(await caught(caller)).toBeInstanceOf(CancelledError);
      expect(caller.cancelled()).toBe(true);
    });
  });

  it("cancelling the waiting task cancels the inner task, with or without timeout (test_waitfor.py::AsyncioWaitForTest::test_cancel_blocking_wait_for, test_cancel_wait_for)", async () => {
    await withTaskLoop(async ({ loop }) => {
      for (const timeout of [null, 60]) {
        const blocked = createTask(() => loop.createFuture<never>());
        const waiting = createTask(waitFor(blocked, timeout));
        loop.callSoon(() => waiting.cancel());
        expect(await caught(waiting)).toBeInstanceOf(CancelledError);
        expect(blocked.cancelled()).toBe(true);
      }
    });
  });

  it("a self-cancel inside waitFor stays a CancelledError (test_waitfor.py::AsyncioWaitForTest::test_wait_for_self_cancellation)", async () => {
    await withTaskLoop(async () => {
      const task = createTask(async () => {
        const inner = coroutine(async () => {
          currentTask()?.cancel();
          await sleep(0.2);
        });
        return waitFor(inner(), 1);
      });
      expect(await caught(task)).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });

  it("a shielded task times out the wait but keeps running (test_waitfor.py::WaitForShieldTests::test_shielded_timeout)", async () => {
    await withTaskLoop(async () => {
      const task = createTask(sleep(0.1, "done"));
      expect(await caught(waitFor(shield(task), 0.01))).toBeInstanceOf(TimeoutError);
      expect(task.done()).toBe(false);
      expect(await task).toBe("done");
    });
  });

  it("a foreign Promise is awaited through a Future, so the timeout fires (no CPython counterpart)", async () => {
    await withTaskLoop(async () => {
      const forever = new Promise<never>(() => undefined);
      expect(await caught(waitFor(forever, 0.5))).toBeInstanceOf(TimeoutError);
      expect(await waitFor(Promise.resolve(7), 0.5)).toBe(7);
    });
  });

  it("bad arguments are rejected when awaited (no CPython counterpart)", async () => {
    await withTaskLoop(async () => {
      expect(await caught(waitFor(42 as never, 1))).toBeInstanceOf(TypeError);
      expect(await caught(waitFor(sleep(0), "1" as never))).toBeInstanceOf(TypeError);
      expect(await caught(waitFor(sleep(0), Number.NaN))).toBeInstanceOf(ValueError);
    });
  });
});
