/**
 * `timeout` / `timeoutAt` / `Timeout`, mirroring test_timeouts.py (TimeoutTests), on virtual time.
 */

import {
  CancelledError,
  ExceptionGroup,
  getRunningLoop,
  isCancelledError,
  isTimeoutError,
  RuntimeError,
  TimeoutError,
} from "@asyncio/futures";
import {
  asyncWith,
  coroutine,
  createTask,
  currentTask,
  sleep,
  Timeout,
  timeout,
  timeoutAt,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

describe("timeout", () => {
  it("expires around a long sleep (test_timeouts.py::TimeoutTests::test_timeout_basic)", async () => {
    await withTaskLoop(async ({ loop }) => {
      let cm: Timeout | undefined;
      const error = await caught(
        timeout(0.01, async (t) => {
          cm = t;
          await sleep(10);
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(cm?.expired()).toBe(true);
      expect(loop.time()).toBeCloseTo(0.01, 9);
    });
  });

  it("timeoutAt uses the absolute deadline (test_timeouts.py::TimeoutTests::test_timeout_at_basic)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const deadline = loop.time() + 0.01;
      const cm = timeoutAt(deadline);
      const error = await caught(asyncWith(cm, () => sleep(10)));
      expect(isTimeoutError(error)).toBe(true);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(deadline);
    });
  });

  it("only the outermost of two expired timeouts raises TimeoutError (test_timeouts.py::TimeoutTests::test_nested_timeouts)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const deadline = loop.time() + 0.01;
      let cancelled = false;
      const cm1 = timeoutAt(deadline);
      const cm2 = timeoutAt(deadline);
      const error = await caught(
        asyncWith(cm1, async () => {
          try {
            await asyncWith(cm2, () => sleep(10));
          } catch (inner) {
            cancelled = isCancelledError(inner);
            throw inner;
          }
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(cancelled).toBe(true);
      expect(cm1.expired()).toBe(true);
      expect(cm2.expired()).toBe(true);
      expect(currentTask()?.cancelling()).toBe(0);
    });
  });

  it("the body sees CancelledError at its await (test_timeouts.py::TimeoutTests::test_waiter_cancelled)", async () => {
    await withTaskLoop(async () => {
      let seen: unknown;
      const error = await caught(
        timeout(0.01, async () => {
          try {
            await sleep(10);
          } catch (inner) {
            seen = inner;
            throw inner;
          }
        }),
      );
      expect(seen).toBeInstanceOf(CancelledError);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).cause).toBe(seen);
    });
  });

  it("a deadline not reached changes nothing (test_timeouts.py::TimeoutTests::test_timeout_not_called)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const cm = timeout(10);
      const result = await asyncWith(cm, () => sleep(0.01, "ok"));
      expect(result).toBe("ok");
      expect(cm.expired()).toBe(false);
      expect(cm.when()).toBeGreaterThan(loop.time());
      expect(cm.toString()).toBe("<Timeout [finished]>");
    });
  });

  it("timeout(null) and timeoutAt(null) never expire (test_timeouts.py::TimeoutTests::test_timeout_disabled, test_timeout_at_disabled)", async () => {
    await withTaskLoop(async () => {
      for (const cm of [timeout(null), timeoutAt(null)]) {
        await asyncWith(cm, async () => {
          expect(cm.toString()).toBe("<Timeout [active] when=null>");
          await sleep(100);
        });
        expect(cm.expired()).toBe(false);
        expect(cm.when()).toBeNull();
      }
    });
  });

  it("timeout(0) around a sleep raises at once (test_timeouts.py::TimeoutTests::test_timeout_zero)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const t0 = loop.time();
      const cm = timeout(0);
      expect(await caught(asyncWith(cm, () => sleep(10)))).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(t0);
      expect(loop.time()).toBe(t0);
    });
  });

  it("timeout(0) with sleep(0) expires; one that never yields completes (test_timeouts.py::TimeoutTests::test_timeout_zero_sleep_zero)", async () => {
    await withTaskLoop(async () => {
      const cm = timeout(0);
      expect(await caught(asyncWith(cm, () => sleep(0)))).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      const quiet = timeout(0);
      expect(await asyncWith(quiet, () => 5)).toBe(5);
      expect(quiet.expired()).toBe(false);
    });
  });

  it("a deadline in the past fires at the next iteration (test_timeouts.py::TimeoutTests::test_timeout_in_the_past_sleep_zero)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const cm = timeout(-11);
      expect(await caught(asyncWith(cm, () => sleep(0)))).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(loop.time() - 11);
    });
  });

  it("an error of the body passes through unchanged (test_timeouts.py::TimeoutTests::test_foreign_exception_passed)", async () => {
    await withTaskLoop(async () => {
      const boom = new RangeError("key");
      const cm = timeout(0.01);
      expect(
        await caught(
          asyncWith(cm, () => {
            throw boom;
          }),
        ),
      ).toBe(boom);
      expect(cm.expired()).toBe(false);
    });
  });

  it("an error raised by cleanup after expiry wins, with a TimeoutError inserted in its cause chain (test_timeouts.py::TimeoutTests::test_foreign_exception_on_timeout, test_timeout_exception_context)", async () => {
    await withTaskLoop(async () => {
      const crash = coroutine(async () => {
        try {
          await sleep(1);
        } catch (cancelled) {
          throw new RangeError("cleanup failed", { cause: cancelled });
        }
      });
      const error = await caught(timeout(0.01, () => crash()));
      expect(error).toBeInstanceOf(RangeError);
      const inserted = (error as Error).cause;
      expect(inserted).toBeInstanceOf(TimeoutError);
      expect((inserted as Error).cause).toBeInstanceOf(CancelledError);
    });
  });

  it("ExceptionGroup members get the TimeoutError inserted too (test_timeouts.py, 3.13 _insert_timeout_error)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        timeout(0.01, async () => {
          try {
            await sleep(1);
          } catch (cancelled) {
            throw new ExceptionGroup("many", [new Error("one", { cause: cancelled })]);
          }
        }),
      );
      expect(error).toBeInstanceOf(ExceptionGroup);
      const member = (error as ExceptionGroup<Error>).exceptions[0] as Error;
      expect(member.cause).toBeInstanceOf(TimeoutError);
    });
  });

  it("a foreign cancel inside an unexpired timeout stays a CancelledError (test_timeouts.py::TimeoutTests::test_foreign_cancel_doesnt_timeout_if_not_expired)", async () => {
    await withTaskLoop(async () => {
      const cm = timeout(10);
      const task = createTask(async () =>
        asyncWith(cm, async () => {
          currentTask()?.cancel();
          await sleep(10);
        }),
      );
      expect(await caught(task)).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      expect(cm.expired()).toBe(false);
    });
  });

  it("after a caught timeout the task goes on and ends normally (test_timeouts.py::TimeoutTests::test_outer_task_is_not_cancelled)", async () => {
    await withTaskLoop(async () => {
      const task = createTask(async () => {
        const error = await caught(timeout(0.001, () => sleep(10)));
        expect(error).toBeInstanceOf(TimeoutError);
        await sleep(1);
        return "went on";
      });
      expect(await task).toBe("went on");
      expect(task.cancelled()).toBe(false);
      expect(task.cancelling()).toBe(0);
    });
  });

  it("an outer timeout still interrupts after an inner one expired (test_timeouts.py::TimeoutTests::test_nested_timeouts_loop_busy)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const error = await caught(
        timeout(0.1, async () => {
          const inner = await caught(timeout(0.01, () => sleep(1)));
          expect(inner).toBeInstanceOf(TimeoutError);
          await sleep(10);
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(loop.time()).toBeCloseTo(0.1, 9);
    });
  });

  it("reschedule() moves and clears the deadline; a plain cancel then doesn't expire it (test_timeouts.py::TimeoutTests::test_reschedule)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const entered = loop.createFuture<Timeout>();
      const deadline1 = loop.time() + 10;
      const deadline2 = deadline1 + 20;
      const task = createTask(
        timeoutAt(deadline1, async (cm) => {
          entered.setResult(cm);
          await sleep(50);
        }),
      );
      const cm = await entered;
      expect(cm.when()).toBe(deadline1);
      cm.reschedule(deadline2);
      expect(cm.when()).toBe(deadline2);
      cm.reschedule(null);
      expect(cm.when()).toBeNull();
      task.cancel();
      expect(await caught(task)).toBeInstanceOf(CancelledError);
      expect(cm.expired()).toBe(false);
    });
  });

  it("reschedule() after expiry, before exit, is refused (test_timeouts.py::TimeoutTests::test_timeout_expiring)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        timeout(0.01, async (cm) => {
          try {
            await sleep(1);
          } finally {
            expect(() => cm.reschedule(5)).toThrow(/Cannot change state of expiring Timeout/);
          }
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
    });
  });

  it("shows its state (test_timeouts.py::TimeoutTests::test_repr_active, test_repr_expired, test_repr_finished)", async () => {
    await withTaskLoop(async () => {
      const cm = timeout(10);
      expect(cm.toString()).toBe("<Timeout [created]>");
      await asyncWith(cm, () => {
        expect(cm.toString()).toMatch(/^<Timeout \[active\] when=\d+(\.\d*)?>$/);
      });
      const expired = timeout(0.01);
      await caught(asyncWith(expired, () => sleep(10)));
      expect(expired.toString()).toBe("<Timeout [expired]>");
    });
  });

  it("a timeout inside a finally of an expired one works (test_timeouts.py::TimeoutTests::test_nested_timeout_in_finally)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        timeout(0.01, async () => {
          try {
            await sleep(1);
          } finally {
            expect(await caught(timeout(0.01, () => sleep(10)))).toBeInstanceOf(TimeoutError);
          }
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
    });
  });

  it("a timeout after a swallowed cancellation still raises TimeoutError (test_timeouts.py::TimeoutTests::test_timeout_after_cancellation)", async () => {
    await withTaskLoop(async () => {
      const task = createTask(async () => {
        try {
          currentTask()?.cancel();
          await sleep(1);
        } catch (error) {
          // Swallowed on purpose: the test is about what a timeout does afterwards.
          if (!isCancelledError(error)) throw error;
        }
        return caught(timeout(0, () => sleep(1)));
      });
      expect(await task).toBeInstanceOf(TimeoutError);
    });
  });

  it("a cancel inside a timeout after a swallowed cancellation stays a CancelledError (test_timeouts.py::TimeoutTests::test_cancel_in_timeout_after_cancellation)", async () => {
    await withTaskLoop(async () => {
      const task = createTask(async () => {
        try {
          currentTask()?.cancel();
          await sleep(1);
        } catch (error) {
          // Swallowed on purpose, as in the CPython test.
          if (!isCancelledError(error)) throw error;
        }
        return caught(
          timeout(1, async () => {
            currentTask()?.cancel();
            await sleep(2);
          }),
        );
      });
      expect(await task).toBeInstanceOf(CancelledError);
    });
  });

  it("the TimeoutError's cause is the CancelledError (test_timeouts.py::TimeoutTests::test_timeout_exception_cause)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(timeout(0, () => sleep(1)));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).cause).toBeInstanceOf(CancelledError);
    });
  });

  it("can't be entered twice or rescheduled when finished or not entered (test_timeouts.py::TimeoutTests::test_timeout_already_entered, test_timeout_double_enter, test_timeout_finished, test_timeout_not_entered)", async () => {
    await withTaskLoop(async () => {
      const cm = timeout(0.01);
      expect(() => cm.reschedule(0.02)).toThrow(/has not been entered/);
      await asyncWith(cm, async () => {
        const error = await caught(cm.asyncEnter());
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toMatch(/has already been entered/);
      });
      expect(await caught(cm.asyncEnter())).toBeInstanceOf(RuntimeError);
      expect(() => cm.reschedule(0.02)).toThrow(/Cannot change state of finished Timeout/);
    });
  });

  it("needs a task (test_timeouts.py::TimeoutTests::test_timeout_without_task)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const cm = timeout(0.01);
      const result = loop.createFuture<unknown>();
      loop.callSoon(() => {
        cm.asyncEnter().then(
          () => result.setResult(null),
          (error: unknown) => result.setResult(error),
        );
      });
      const error = await result;
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toMatch(/task/);
      expect(() => cm.reschedule(0.02)).toThrow(/has not been entered/);
    });
  });

  it("the callback form returns the body's result and bad arguments are TypeErrors (no CPython counterpart)", async () => {
    await withTaskLoop(async () => {
      expect(await timeout(1, async (t) => t.when())).toBe(getRunningLoop().time() + 1);
      expect(() => timeout("1" as unknown as number)).toThrow(TypeError);
      expect(() => timeout(1, 5 as unknown as () => void)).toThrow(/body must be a function/);
      expect(() => new Timeout(Number.NaN)).toThrow(TypeError);
    });
  });
});
