/** `Task.cancel()`, `cancelling()` and `uncancel()`, mirroring test_tasks.py (BaseTaskTests::test_cancel*). */
import {
  CancelledError,
  Future,
  getRunningLoop,
  isCancelledError,
  SystemExit,
  TimeoutError,
  ValueError,
} from "@asyncio/futures";
import { coroutine, currentTask, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { freshTaskLoops, rejection, runBriefly, thrown } from "./support/task-loop.js";

const newLoop = freshTaskLoops();

/** Awaits `task` without retrieving its outcome, as `await asyncio.wait([task])` does. */
function waitDone(task: Task<unknown>): Future<null> {
  const done = new Future<null>();
  task.addDoneCallback(() => done.setResult(null));
  return done;
}

describe("Task cancellation", () => {
  it("cancel() while sleeping: awaiting raises CancelledError; cancel() again is false (test_tasks.py::BaseTaskTests::test_cancel)", async () => {
    const loop = newLoop();
    const t = loop.createTask(
      coroutine(async () => {
        await sleep(10);
        return 12;
      })(),
    );
    loop.callSoon(() => t.cancel());
    expect(await rejection(loop.runUntilComplete(t))).toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
    expect(loop.time()).toBe(0);
  });

  it("cancel() between two sleep(0)s ends the task cancelled (test_tasks.py::BaseTaskTests::test_cancel_yield)", async () => {
    const loop = newLoop();
    const reached: string[] = [];
    const t = loop.createTask(
      coroutine(async () => {
        await sleep(0);
        reached.push("after first");
        await sleep(0);
        reached.push("after second");
        return 12;
      })(),
    );
    await runBriefly(loop);
    t.cancel();
    expect(await rejection(loop.runUntilComplete(t))).toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
    expect(reached).toEqual(["after first"]);
  });

  it("cancelling the future a task awaits ends the task cancelled (test_tasks.py::BaseTaskTests::test_cancel_inner_future)", async () => {
    const loop = newLoop();
    const f = new Future({ loop });
    const t = loop.createTask(
      coroutine(async () => {
        await f;
        return 12;
      })(),
    );
    await runBriefly(loop);
    f.cancel();
    expect(await rejection(loop.runUntilComplete(t))).toBeInstanceOf(CancelledError);
    expect(f.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });

  it("cancelling both the inner future and the task (test_tasks.py::BaseTaskTests::test_cancel_both_task_and_inner_future)", async () => {
    const loop = newLoop();
    const f = new Future({ loop });
    const t = loop.createTask(
      coroutine(async () => {
        await f;
        return 12;
      })(),
    );
    await runBriefly(loop);
    f.cancel();
    expect(t.cancel()).toBe(true);
    expect(await rejection(loop.runUntilComplete(t))).toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });

  it("cancel() cancels the awaited future at once; a task that catches it and returns is not cancelled (test_tasks.py::BaseTaskTests::test_cancel_task_catching)", async () => {
    const loop = newLoop();
    const fut1 = new Future({ loop });
    const fut2 = new Future({ loop });
    const t = loop.createTask(
      coroutine(async () => {
        await fut1;
        try {
          await fut2;
        } catch (error) {
          if (!isCancelledError(error)) throw error;
          // Deliberately swallowed: this test is about a task that turns cancellation into a value.
          return 42;
        }
        return 0;
      })(),
    );
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut1);
    fut1.setResult(null);
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut2);
    t.cancel();
    expect(fut2.cancelled()).toBe(true);
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(t.cancelled()).toBe(false);
    // Python keeps the request count: only uncancel() lowers it.
    expect(t.cancelling()).toBe(1);
  });

  it("a task that swallows the cancel and awaits another future returns its value (test_tasks.py::BaseTaskTests::test_cancel_task_ignoring)", async () => {
    const loop = newLoop();
    const fut1 = new Future({ loop });
    const fut2 = new Future({ loop });
    const fut3 = new Future<number>({ loop });
    const t = loop.createTask(
      coroutine(async () => {
        await fut1;
        try {
          await fut2;
        } catch (error) {
          // Deliberately swallowed: the test is about a task ignoring its cancellation.
          if (!isCancelledError(error)) throw error;
        }
        return await fut3;
      })(),
    );
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut1);
    fut1.setResult(null);
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut2);
    t.cancel();
    expect(fut2.cancelled()).toBe(true);
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut3);
    fut3.setResult(42);
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(fut3.cancelled()).toBe(false);
    expect(t.cancelled()).toBe(false);
  });

  it("after the cancellation is processed the waiter is cleared and the awaited future cancelled (test_tasks.py::BaseTaskTests::test_task_cancel_waiter_future)", async () => {
    const loop = newLoop();
    const fut = new Future({ loop });
    const task = loop.createTask(
      coroutine(async () => {
        await fut;
      })(),
    );
    await runBriefly(loop);
    expect(task._futWaiter).toBe(fut);
    task.cancel();
    await runBriefly(loop);
    expect(await rejection(loop.runUntilComplete(task))).toBeInstanceOf(CancelledError);
    expect(task._futWaiter).toBeNull();
    expect(fut.cancelled()).toBe(true);
  });

  it("a task cancelling itself: the flag is set, its next sleep is cancelled at once (test_tasks.py::BaseTaskTests::test_cancel_current_task)", async () => {
    const loop = newLoop();
    let mustCancelInside: boolean | undefined;
    const t: Task<number> = loop.createTask(
      coroutine(async () => {
        t.cancel();
        mustCancelInside = t._mustCancel;
        await sleep(100);
        return 12;
      })(),
    );
    expect(await rejection(loop.runUntilComplete(t))).toBeInstanceOf(CancelledError);
    expect(mustCancelInside).toBe(true);
    expect(t.done()).toBe(true);
    expect(t._mustCancel).toBe(false);
    expect(t.cancel()).toBe(false);
    expect(loop.time()).toBe(0);
  });

  it("a task that cancels itself and returns without awaiting ends cancelled (test_tasks.py::BaseTaskTests::test_cancel_at_end)", async () => {
    const loop = newLoop();
    let mustCancelInside: boolean | undefined;
    const t: Task<number> = loop.createTask(
      coroutine(async () => {
        t.cancel();
        mustCancelInside = t._mustCancel;
        return 12;
      })(),
    );
    expect(t.cancelled()).toBe(false);
    expect(await rejection(loop.runUntilComplete(t))).toBeInstanceOf(CancelledError);
    expect(mustCancelInside).toBe(true);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t._mustCancel).toBe(false);
    expect(t.cancel()).toBe(false);
  });

  it("self-cancel then awaiting a nested task cancels the nested task and its future (test_tasks.py::BaseTaskTests::test_cancel_awaited_task)", async () => {
    const loop = newLoop();
    const fut = new Future({ loop });
    let nestedTask: Task<unknown> | null = null;
    const task: Task<void> = loop.createTask(
      coroutine(async () => {
        const nested = loop.createTask(
          coroutine(async () => {
            await fut;
          })(),
        );
        nestedTask = nested;
        await sleep(0);
        task.cancel();
        await nested;
      })(),
    );
    expect(await rejection(loop.runUntilComplete(task))).toBeInstanceOf(CancelledError);
    expect(task.cancelled()).toBe(true);
    expect((nestedTask as Task<unknown> | null)?.cancelled()).toBe(true);
    expect(fut.cancelled()).toBe(true);
  });

  it("cancel(msg) before the first step: awaiting raises CancelledError(msg) (test_tasks.py::BaseTaskTests::test_task_cancel_message_getter)", async () => {
    const loop = newLoop();
    let ran = false;
    const t = loop.createTask(
      coroutine(async () => {
        ran = true;
      })(),
    );
    expect(t._cancelMessage).toBeUndefined();
    t.cancel("my message");
    expect(t._cancelMessage).toBe("my message");
    const error = await rejection(loop.runUntilComplete(t));
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe("my message");
    // Cancelled before it ever ran: the coroutine never starts, as in Python.
    expect(ran).toBe(false);
  });

  // Python also round-trips non-string messages (`cancel(5)` gives `args == (5,)`); here the
  // message is typed as a string, the Error message.
  for (const [label, args, expected] of [
    ["no message", [], ""],
    ["undefined", [undefined], ""],
    ["a message", ["my message"], "my message"],
  ] as const) {
    it(`result() of a task cancelled with ${label} raises CancelledError(${JSON.stringify(expected)}) (test_tasks.py::BaseTaskTests::test_cancel_with_message_then_future_result)`, async () => {
      const loop = newLoop();
      const outer = loop.createTask(
        coroutine(async () => {
          const task = loop.createTask(sleep(10));
          await sleep(0);
          task.cancel(...args);
          await waitDone(task);
          task.result();
        })(),
      );
      const error = await rejection(loop.runUntilComplete(outer));
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe(expected);
    });

    it(`exception() of a task cancelled with ${label} raises CancelledError(${JSON.stringify(expected)}) (test_tasks.py::BaseTaskTests::test_cancel_with_message_then_future_exception)`, async () => {
      const loop = newLoop();
      const outer = loop.createTask(
        coroutine(async () => {
          const task = loop.createTask(sleep(10));
          await sleep(0);
          task.cancel(...args);
          await waitDone(task);
          task.exception();
        })(),
      );
      const error = await rejection(loop.runUntilComplete(outer));
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe(expected);
    });
  }

  it("cancel(msg) of a task that never started carries the message (test_tasks.py::BaseTaskTests::test_cancel_with_message_before_starting_task)", async () => {
    const loop = newLoop();
    const outer = loop.createTask(
      coroutine(async () => {
        const task = loop.createTask(sleep(10));
        task.cancel("my message");
        await waitDone(task);
        task.exception();
      })(),
    );
    const error = await rejection(loop.runUntilComplete(outer));
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe("my message");
  });

  it("the first result() re-raises the very CancelledError the coroutine saw, later calls fresh bare ones (test_tasks.py::BaseTaskTests::test_cancel_traceback_for_future_result)", async () => {
    const loop = newLoop();
    let seenInside: unknown = null;
    const task = loop.createTask(
      coroutine(async () => {
        try {
          await sleep(10);
        } catch (error) {
          seenInside = error;
          throw error;
        }
      })(),
    );
    await runBriefly(loop);
    task.cancel("bye");
    await runBriefly(loop);
    expect(task.cancelled()).toBe(true);
    expect(seenInside).toBeInstanceOf(CancelledError);
    expect((seenInside as Error).message).toBe("bye");
    const first = thrown(() => task.result());
    expect(first).toBe(seenInside);
    const second = thrown(() => task.result());
    expect(second).toBeInstanceOf(CancelledError);
    expect(second).not.toBe(seenInside);
    expect((second as Error).message).toBe("");
    expect(thrown(() => task.exception())).toBeInstanceOf(CancelledError);
  });

  it("the awaiter of a cancelled task gets the CancelledError the task's coroutine saw (test_tasks.py::BaseTaskTests::test_cancel_traceback_for_future_result)", async () => {
    const loop = newLoop();
    let seenInside: unknown = null;
    const outer = loop.createTask(
      coroutine(async () => {
        const task = loop.createTask(
          coroutine(async () => {
            try {
              await sleep(10);
            } catch (error) {
              seenInside = error;
              throw error;
            }
          })(),
        );
        await sleep(0);
        task.cancel("m");
        await task;
      })(),
    );
    const error = await rejection(loop.runUntilComplete(outer));
    expect(error).toBe(seenInside);
    expect((error as Error).message).toBe("m");
  });

  it("an error raised from a caught CancelledError chains to it through cause (test_tasks.py::BaseTaskTests::test_cancellation_exception_context)", async () => {
    const loop = newLoop();
    const fut = new Future({ loop });
    const task = loop.createTask(
      coroutine(async () => {
        try {
          await fut;
        } catch (error) {
          throw new ValueError("cancelled", { cause: error });
        }
      })(),
    );
    await runBriefly(loop);
    task.cancel("msg");
    const error = await rejection(loop.runUntilComplete(task));
    expect(error).toBeInstanceOf(ValueError);
    expect((error as Error).message).toBe("cancelled");
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(CancelledError);
    expect((cause as Error).message).toBe("msg");
    expect(task.cancelled()).toBe(false);
  });
});

describe("cancelling a task that awaits another task", () => {
  it("cancelling the awaited sleeper ends the awaiter's await with CancelledError (test_tasks.py::BaseTaskTests::test_task_cancel_sleeping_task)", async () => {
    const loop = newLoop();
    const doit = coroutine(async () => {
      const sleeper = loop.createTask(sleep(5000));
      loop.callLater(0.1, () => sleeper.cancel());
      try {
        await sleeper;
      } catch (error) {
        if (!isCancelledError(error)) throw error;
        // Deliberately turned into a value: the test checks what the awaiter saw.
        return "cancelled";
      }
      return "slept in";
    });
    expect(await loop.runUntilComplete(doit())).toBe("cancelled");
    expect(loop.time()).toBeCloseTo(0.1, 9);
  });

  it("cancelling the awaiter cancels the task it awaits (test_tasks.py::BaseTaskTests::test_cancel_awaited_task)", async () => {
    const loop = newLoop();
    const inner = loop.createTask(sleep(10));
    const outer = loop.createTask(
      coroutine(async () => {
        await inner;
      })(),
    );
    await runBriefly(loop);
    expect(outer._futWaiter).toBe(inner);
    expect(outer.cancel("both")).toBe(true);
    expect(inner.cancelling()).toBe(1);
    const error = await rejection(loop.runUntilComplete(outer));
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe("both");
    expect(inner.cancelled()).toBe(true);
    expect(outer.cancelled()).toBe(true);
  });

  it("an awaited task that swallows the cancel hands its value to the awaiter, which is not cancelled (test_tasks.py::BaseTaskTests::test_cancel_task_catching)", async () => {
    const loop = newLoop();
    const inner = loop.createTask(
      coroutine(async () => {
        try {
          await sleep(10);
        } catch (error) {
          // Deliberately swallowed: a waiter may ignore cancellation, so Task.cancel doesn't insist.
          if (!isCancelledError(error)) throw error;
        }
        return 42;
      })(),
    );
    const outer = loop.createTask(
      coroutine(async () => {
        const value = await inner;
        await sleep(0);
        return value;
      })(),
    );
    await runBriefly(loop);
    expect(outer.cancel()).toBe(true);
    expect(outer._mustCancel).toBe(false);
    expect(await loop.runUntilComplete(outer)).toBe(42);
    expect(outer.cancelled()).toBe(false);
    expect(outer.cancelling()).toBe(1);
  });

  it("a cancel arriving after the awaited future finished replaces its result with CancelledError (test_tasks.py::BaseTaskTests::test_uncancel_resets_must_cancel)", async () => {
    const loop = newLoop();
    const fut = new Future<number>({ loop });
    let received: unknown = "nothing";
    const task = loop.createTask(
      coroutine(async () => {
        try {
          received = await fut;
        } catch (error) {
          received = error;
          throw error;
        }
      })(),
    );
    await runBriefly(loop);
    fut.setResult(1);
    // The wake-up is queued; the future can no longer be cancelled, so the task must cancel itself.
    expect(task.cancel("late")).toBe(true);
    expect(task._mustCancel).toBe(true);
    expect(await rejection(loop.runUntilComplete(task))).toBeInstanceOf(CancelledError);
    expect(received).toBeInstanceOf(CancelledError);
    expect((received as Error).message).toBe("late");
    expect(task.cancelled()).toBe(true);
  });

  it("finally blocks run and may await before the task ends cancelled (test_tasks.py::BaseTaskTests::test_cancel_yield)", async () => {
    const loop = newLoop();
    const order: string[] = [];
    const task = loop.createTask(
      coroutine(async () => {
        try {
          await sleep(10);
          order.push("not reached");
        } finally {
          order.push("cleanup start");
          await sleep(1);
          order.push("cleanup end");
        }
      })(),
    );
    await runBriefly(loop);
    task.cancel();
    expect(await rejection(loop.runUntilComplete(task))).toBeInstanceOf(CancelledError);
    expect(order).toEqual(["cleanup start", "cleanup end"]);
    expect(task.cancelled()).toBe(true);
    expect(loop.time()).toBe(1);
  });

  it("uncancel() of a task never cancelled stays at 0 (test_tasks.py::BaseTaskTests::test_uncancel_basic)", async () => {
    const loop = newLoop();
    const task = loop.createTask(sleep(0));
    expect(task.uncancel()).toBe(0);
    expect(task.cancelling()).toBe(0);
    await loop.runUntilComplete(task);
    expect(task.cancelled()).toBe(false);
  });
});

describe("repeated cancel messages", () => {
  it("before the first step the last message wins (test_tasks.py::BaseTaskTests::test_cancel_with_message_before_starting_task)", async () => {
    const loop = newLoop();
    let ran = false;
    const task = loop.createTask(() => {
      ran = true;
    });
    task.cancel("first");
    task.cancel("second");
    const error = await rejection(loop.runUntilComplete(task));
    expect((error as Error).message).toBe("second");
    // A zero-argument function cancelled before it started is never called.
    expect(ran).toBe(false);
    expect(task.cancelling()).toBe(2);
  });

  it("while waiting, the message that cancelled the waiter is the one delivered (test_tasks.py::BaseTaskTests::test_cancel_with_message_then_future_result)", async () => {
    const loop = newLoop();
    const task = loop.createTask(sleep(10));
    await runBriefly(loop);
    task.cancel("first");
    task.cancel("second");
    const error = await rejection(loop.runUntilComplete(task));
    expect((error as Error).message).toBe("first");
    expect(task.cancelling()).toBe(2);
  });

  it("after uncancel() back to zero the task gets a fresh, unaborted signal (test_tasks.py::BaseTaskTests::test_uncancel_basic)", async () => {
    const loop = newLoop();
    const signals: AbortSignal[] = [];
    const task: Task<void> = loop.createTask(
      coroutine(async () => {
        signals.push(task.signal);
        try {
          await sleep(10);
        } catch (error) {
          if (!isCancelledError(error)) throw error;
          task.uncancel();
        }
        signals.push(task.signal);
      })(),
    );
    await runBriefly(loop);
    task.cancel();
    await loop.runUntilComplete(task);
    expect(signals).toHaveLength(2);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]).not.toBe(signals[0]);
    expect(signals[1]?.aborted).toBe(false);
  });
});

describe("cancelling() and uncancel()", () => {
  it("cancelling() counts requests; repeated cancel() stays true (test_tasks.py::BaseTaskTests::test_cancelling)", async () => {
    const loop = newLoop();
    const t = loop.createTask(
      coroutine(async () => {
        await sleep(10);
      })(),
    );
    expect(t.cancelling()).toBe(0);
    expect(String(t)).not.toMatch(/cancelling/);
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(1);
    expect(String(t)).toMatch(/cancelling/);
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(2);
    expect(await rejection(loop.runUntilComplete(t))).toBeInstanceOf(CancelledError);
  });

  it("two cancels before the task runs again deliver one CancelledError; cancelling() is 2 (test_tasks.py::BaseTaskTests::test_cancelling)", async () => {
    const loop = newLoop();
    let caught = 0;
    const t = loop.createTask(
      coroutine(async () => {
        try {
          await sleep(10);
        } catch (error) {
          if (!isCancelledError(error)) throw error;
          caught++;
        }
        // If a second CancelledError were pending, this await would throw it.
        await sleep(0);
        return "survived";
      })(),
    );
    await runBriefly(loop);
    t.cancel();
    t.cancel();
    expect(t.cancelling()).toBe(2);
    expect(await loop.runUntilComplete(t)).toBe("survived");
    expect(caught).toBe(1);
    expect(t.cancelling()).toBe(2);
    expect(t.cancelled()).toBe(false);
  });

  it("uncancel() lets the task go on; a second cancel ends it; uncancel() after the end changes nothing (test_tasks.py::BaseTaskTests::test_uncancel_basic)", async () => {
    const loop = newLoop();
    const t = loop.createTask(
      coroutine(async () => {
        try {
          await sleep(10);
        } catch (error) {
          if (!isCancelledError(error)) throw error;
          currentTask()?.uncancel();
          await sleep(10);
        }
      })(),
    );
    await loop.runUntilComplete(sleep(0.01));
    expect(t.cancel()).toBe(true);
    expect(String(t)).toMatch(/cancelling/);
    expect(t.cancelling()).toBe(1);
    expect(t.cancelled()).toBe(false);
    await loop.runUntilComplete(sleep(0.01));
    expect(String(t)).not.toMatch(/cancelling/);
    expect(t.cancelling()).toBe(0);
    expect(t.cancelled()).toBe(false);
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(1);
    expect(await rejection(loop.runUntilComplete(t))).toBeInstanceOf(CancelledError);
    expect(t.cancelled()).toBe(true);
    expect(t.uncancel()).toBe(0);
    expect(t.cancelled()).toBe(true);
    expect(t.done()).toBe(true);
  });

  it("a hand-rolled timeout built on cancel/uncancel times out only its block (test_tasks.py::BaseTaskTests::test_uncancel_structured_blocks)", async () => {
    const loop = newLoop();
    const makeRequestWithTimeout = coroutine(async (sleepFor: number, timeout: number) => {
      const task = currentTask() as Task<unknown>;
      let timedOut = false;
      let structuredBlockFinished = false;
      let outerCodeReached = false;
      const handle = getRunningLoop().callLater(timeout, () => {
        timedOut = true;
        task.cancel();
      });
      try {
        try {
          await sleep(sleepFor);
          structuredBlockFinished = true;
        } finally {
          handle.cancel();
          if (timedOut && task.uncancel() === 0) {
            // The structured block's own cancellation becomes a timeout, as asyncio.timeout does.
            // biome-ignore lint/correctness/noUnsafeFinally: mirrors `raise TimeoutError` in CPython's test.
            throw new TimeoutError();
          }
        }
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
      }
      outerCodeReached = true;
      return [timedOut, structuredBlockFinished, outerCodeReached] as const;
    });
    const t1 = loop.createTask(makeRequestWithTimeout(10, 1));
    expect(await loop.runUntilComplete(t1)).toEqual([true, false, true]);
    expect(t1.cancelling()).toBe(0);
    const t2 = loop.createTask(makeRequestWithTimeout(0, 10));
    expect(await loop.runUntilComplete(t2)).toEqual([false, true, true]);
    expect(t2.cancelling()).toBe(0);
  });

  it("uncancel() to zero drops a cancellation not delivered yet (test_tasks.py::BaseTaskTests::test_uncancel_resets_must_cancel)", async () => {
    const loop = newLoop();
    const fut = new Future({ loop });
    const task = loop.createTask(
      coroutine(async () => {
        await fut;
        return 42;
      })(),
    );
    await loop.runUntilComplete(sleep(0));
    fut.setResult(null);
    task.cancel();
    expect(task.cancelling()).toBe(1);
    expect(task._mustCancel).toBe(true);
    task.uncancel();
    expect(task.cancelling()).toBe(0);
    expect(task._mustCancel).toBe(false);
    expect(await loop.runUntilComplete(task)).toBe(42);
  });

  it("a SystemExit raised while handling cancellation escapes the loop run (test_tasks.py::BaseTaskTests::test_baseexception_during_cancel)", async () => {
    const loop = newLoop();
    const exit = new SystemExit(3);
    const sleeper = loop.createTask(sleep(10));
    const notify = coroutine(async () => {
      try {
        await sleeper;
      } catch (error) {
        if (!isCancelledError(error)) throw error;
        throw exit;
      }
    });
    const task = loop.createTask(notify());
    await runBriefly(loop);
    sleeper.cancel();
    expect(await rejection(loop.runUntilComplete(task))).toBe(exit);
    expect(task.done()).toBe(true);
    expect(task.cancelled()).toBe(false);
    expect(task.exception()).toBe(exit);
    expect(sleeper.cancelled()).toBe(true);
  });
});
