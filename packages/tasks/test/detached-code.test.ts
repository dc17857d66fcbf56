/**
 * Cancellation of code blocked on a foreign Promise, which no cancellation can interrupt. The
 * library's own waits end on time anyway: the await at the innermost boundary (a timeout's body,
 * `asyncWith`, a task group's body, what `waitFor` runs inline, or the task itself) raises
 * `CancelledError`, and the blocked code runs on detached: each later await of one of our
 * awaitables raises `CancelledError` at once, it never takes the task's later cancellations, and
 * an error it throws later is reported. Python can interrupt every await, so each test names the
 * CPython test whose outcome it keeps.
 */

import {
  CancelledError,
  type ExceptionContext,
  Future,
  getRunningLoop,
  isCancelledError,
  isExceptionGroup,
  isTimeoutError,
} from "@asyncio/futures";
import {
  asyncWith,
  cancellable,
  coroutine,
  createTask,
  currentSignal,
  currentTask,
  sleep,
  type Task,
  TaskGroup,
  taskGroup,
  timeout,
  waitFor,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { foreign } from "./support/foreign.js";
import { withTaskLoop } from "./support/task-loop.js";

/** Lets detached code that was just released run through its microtasks and a few iterations. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await sleep(0);
}

describe("a timeout around code blocked on a foreign Promise", () => {
  it("raises TimeoutError at the deadline (test_timeouts.py::TimeoutTests::test_timeout_basic)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const blocked = foreign();
      let cm: unknown = null;
      const error = await caught(
        timeout(1, async (t) => {
          cm = t;
          await blocked.promise;
        }),
      );
      expect(isTimeoutError(error)).toBe(true);
      expect(loop.time()).toBe(1);
      expect((cm as { expired(): boolean }).expired()).toBe(true);
      expect(currentTask()?.cancelling()).toBe(0);
      blocked.resolve();
      await settle();
    });
  });

  it("the detached body's next await of ours raises CancelledError, and its later error is reported (test_timeouts.py::TimeoutTests::test_timeout_exception_context)", async () => {
    const reports = await withTaskLoop(
      async ({ reported }) => {
        const blocked = foreign();
        const events: string[] = [];
        const error = await caught(
          timeout(0.5, async () => {
            await blocked.promise;
            events.push("resumed");
            try {
              await sleep(0);
            } catch (raised) {
              events.push(`sleep raised ${(raised as Error).name}`);
            }
            throw new Error("late failure");
          }),
        );
        expect(isTimeoutError(error)).toBe(true);
        events.push("timed out");
        blocked.resolve();
        await settle();
        expect(events).toEqual(["timed out", "resumed", "sleep raised CancelledError"]);
        return reported;
      },
      { allowReports: true },
    );
    expect(reports).toHaveLength(1);
    const [report] = reports as [ExceptionContext];
    expect(report.message).toMatch(
      /^Exception in code detached from <Task pending name="Task-\d+" coro=<anonymous>> by its cancellation$/,
    );
    expect((report.exception as Error).message).toBe("late failure");
  });

  it("the detached body never takes the task's next cancellation (test_timeouts.py::TimeoutTests::test_outer_task_is_not_cancelled)", async () => {
    await withTaskLoop(async () => {
      const blocked = foreign();
      const parent = createTask(async () => {
        await caught(
          timeout(0.5, async () => {
            await blocked.promise;
            // Detached: this raises at once instead of waiting on the loop for the parent.
            await sleep(100);
          }).then(undefined, (error: unknown) => {
            throw error;
          }),
        );
        blocked.resolve();
        await sleep(10);
        return "not reached";
      });
      await sleep(1);
      expect(parent.done()).toBe(false);
      expect(parent.cancel("stop")).toBe(true);
      const error = await caught(parent);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("stop");
      expect(getRunningLoop().time()).toBe(1);
    });
  });

  it("with nested timeouts only the inner one, blocked on the foreign Promise, expires (test_timeouts.py::TimeoutTests::test_nested_timeouts_loop_busy)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const blocked = foreign();
      const outcome = await timeout(10, async () => {
        const inner = await caught(timeout(1, () => blocked.promise));
        expect(isTimeoutError(inner)).toBe(true);
        expect(loop.time()).toBe(1);
        await sleep(2);
        return "outer went on";
      });
      expect(outcome).toBe("outer went on");
      expect(loop.time()).toBe(3);
      blocked.resolve();
      await settle();
    });
  });
});

describe("waitFor and asyncWith over code blocked on a foreign Promise", () => {
  it("waitFor of a coroutine raises TimeoutError at the deadline (test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const blocked = foreign<number>();
      const work = coroutine(async () => await blocked.promise);
      const error = await caught(waitFor(work(), 2));
      expect(isTimeoutError(error)).toBe(true);
      expect((error as Error).cause).toBeInstanceOf(CancelledError);
      expect(loop.time()).toBe(2);
      blocked.resolve(1);
      await settle();
    });
  });

  it("waitFor of a task blocked on a foreign Promise ends it cancelled, then raises TimeoutError (test_waitfor.py::AsyncioWaitForTest::test_wait_for_waits_for_task_cancellation)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const blocked = foreign();
      const inner: Task<void> = createTask(async () => {
        await blocked.promise;
      });
      const error = await caught(waitFor(inner, 1));
      expect(isTimeoutError(error)).toBe(true);
      expect(inner.cancelled()).toBe(true);
      expect(loop.time()).toBe(1);
      blocked.resolve();
      await settle();
    });
  });

  it("asyncWith's exit sees the cancellation of a body blocked on a foreign Promise (test_pep492.py::LockTests::test_context_manager_async_with)", async () => {
    await withTaskLoop(async () => {
      const blocked = foreign();
      const exits: unknown[] = [];
      const manager = {
        asyncEnter: async () => "entered",
        asyncExit: async (...error: [] | [unknown]) => {
          exits.push(error.length === 0 ? "clean" : (error[0] as Error).name);
          return false;
        },
      };
      const task = createTask(asyncWith(manager, () => blocked.promise));
      await sleep(0.1);
      task.cancel();
      expect(isCancelledError(await caught(task))).toBe(true);
      expect(exits).toEqual(["CancelledError"]);
      blocked.resolve();
      await settle();
    });
  });
});

describe("task groups with code blocked on a foreign Promise", () => {
  it("a failing child cancels a sibling blocked on a foreign Promise, and the group ends (test_taskgroups.py::TestTaskGroup::test_cancel_children_on_child_error)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const blocked = foreign();
      let stuck: Task<void> | null = null;
      const error = await caught(
        taskGroup(async (tg) => {
          stuck = tg.createTask(async () => {
            await blocked.promise;
          });
          tg.createTask(async () => {
            await sleep(1);
            throw new ZeroDivisionError("division by zero");
          });
        }),
      );
      expect(isExceptionGroup(error)).toBe(true);
      expect(String(error)).toBe(
        "ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)",
      );
      expect((stuck as unknown as Task<void>).cancelled()).toBe(true);
      expect(loop.time()).toBe(1);
      blocked.resolve();
      await settle();
    });
  });

  it("cancelling the parent while the group's body is blocked on a foreign Promise cancels the children (test_taskgroups.py::TestTaskGroup::test_taskgroup_07)", async () => {
    await withTaskLoop(async () => {
      const blocked = foreign();
      const seen: string[] = [];
      const tg = new TaskGroup();
      const parent = createTask(
        asyncWith(tg, async () => {
          for (const name of ["a", "b"]) {
            tg.createTask(async () => {
              try {
                await sleep(100);
              } catch (error) {
                if (isCancelledError(error)) seen.push(`${name} cancelled`);
                throw error;
              }
            });
          }
          await blocked.promise;
        }),
      );
      await sleep(1);
      parent.cancel();
      expect(isCancelledError(await caught(parent))).toBe(true);
      expect(seen.sort()).toEqual(["a cancelled", "b cancelled"]);
      blocked.resolve();
      await settle();
    });
  });
});

describe("a task cancelled while blocked on a foreign Promise", () => {
  it("ends cancelled on the loop, not when the Promise settles; cancelling() counts the request (test_tasks.py::BaseTaskTests::test_cancel_current_task)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const blocked = foreign();
      const reached: string[] = [];
      const task = createTask(async () => {
        await blocked.promise;
        reached.push("after foreign");
        await sleep(0);
        reached.push("after sleep");
      });
      await sleep(1);
      expect(task.cancel("stop")).toBe(true);
      expect(task.signal.aborted).toBe(true);
      const error = await caught(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("stop");
      expect(task.cancelling()).toBe(1);
      expect(loop.time()).toBe(1);
      blocked.resolve();
      await settle();
      expect(reached).toEqual(["after foreign"]);
    });
  });

  it("a task that cancels itself and then awaits a foreign Promise ends cancelled too (test_tasks.py::BaseTaskTests::test_cancel_yield)", async () => {
    await withTaskLoop(async () => {
      const blocked = foreign();
      const task = createTask(async () => {
        currentTask()?.cancel();
        await blocked.promise;
        return "never";
      });
      expect(isCancelledError(await caught(task))).toBe(true);
      blocked.resolve();
      await settle();
    });
  });

  it("an API that honours the signal stops, and the task's cleanup may still await (test_tasks.py::BaseTaskTests::test_cancel_yield)", async () => {
    await withTaskLoop(async () => {
      const cleanup: string[] = [];
      const task = createTask(async () => {
        const signal = currentSignal();
        try {
          await new Promise((_resolve, reject) => {
            signal.addEventListener("abort", () =>
              reject(new Error("aborted", { cause: signal.reason })),
            );
          });
        } finally {
          await sleep(0.5); // not detached: the abort let the task's own code run on
          cleanup.push("cleaned up");
        }
      });
      await sleep(1);
      task.cancel("stop");
      const error = await caught(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("stop");
      expect(cleanup).toEqual(["cleaned up"]);
    });
  });

  it("an API that listens to the signal but never gives up is detached after the grace period (test_tasks.py::BaseTaskTests::test_cancel_yield)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const blocked = foreign();
      const task = createTask(async () => {
        currentSignal().addEventListener("abort", () => {});
        await blocked.promise;
      });
      await sleep(1);
      task.cancel();
      expect(isCancelledError(await caught(task))).toBe(true);
      // One second of grace (virtual time jumps over it: nothing else is scheduled).
      expect(loop.time()).toBe(2);
      blocked.resolve();
      await settle();
    });
  });

  it("the body's error after it was detached is reported with the task (test_tasks.py::BaseTaskTests::test_cancel_task_catching)", async () => {
    const reports = await withTaskLoop(
      async ({ reported }) => {
        const blocked = foreign();
        const task = createTask(async () => {
          await blocked.promise;
          throw new Error("too late");
        });
        await sleep(1);
        task.cancel();
        await caught(task);
        blocked.resolve();
        await settle();
        return reported;
      },
      { allowReports: true },
    );
    expect(reports.map((report) => (report.exception as Error).message)).toEqual(["too late"]);
    expect(reports[0]?.message).toMatch(/^Exception in code detached from <Task cancelled/);
  });
});

describe("cancellable() and currentSignal()", () => {
  it("cancellable(promise) is interrupted at its await; a later failure of the Promise is reported (no CPython counterpart)", async () => {
    const reports = await withTaskLoop(
      async ({ reported }) => {
        const blocked = foreign<number>();
        const task = createTask(async () => await cancellable(blocked.promise));
        await sleep(1);
        task.cancel();
        expect(isCancelledError(await caught(task))).toBe(true);
        blocked.reject(new Error("query failed"));
        await settle();
        return reported;
      },
      { allowReports: true },
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]?.message).toBe("Exception in a Promise after its waiting was cancelled");
    expect((reports[0] as ExceptionContext).exception).toEqual(new Error("query failed"));
  });

  it("cancellable() gives the Promise's value, and refuses what isn't a Promise (no CPython counterpart)", async () => {
    await withTaskLoop(async () => {
      expect(await cancellable(Promise.resolve(7))).toBe(7);
      expect(() => cancellable(7 as never)).toThrow(
        new TypeError("cancellable() expects a Promise, got 7"),
      );
    });
  });

  it("currentSignal() is the running task's signal; outside a task it is a RuntimeError (no CPython counterpart)", async () => {
    await withTaskLoop(async () => {
      expect(currentSignal()).toBe(currentTask()?.signal);
      const loop = getRunningLoop();
      const future = new Future<unknown>();
      loop.callSoon(() => {
        try {
          currentSignal();
        } catch (error) {
          future.setResult(error);
        }
      });
      const error = (await future) as Error;
      expect(error.name).toBe("RuntimeError");
      expect(error.message).toBe("currentSignal() must be called inside a task");
    });
  });
});

/** Python's ZeroDivisionError, for the task group test that mirrors CPython's. */
class ZeroDivisionError extends Error {
  override readonly name = "ZeroDivisionError";
}
