/**
 * The conformance suite of an event loop: what `Future`s and `Task`s rely on a loop for, as
 * `@asyncio/core/src/scheduler.ts` and `@asyncio/tasks/src/task.ts` write it out — FIFO
 * `callSoon`, timers in deadline order joining the ready queue, one iteration running exactly the
 * handles ready when it began, a task's step running to its next suspension before the next
 * handle, a task blocked on a foreign Promise given up on (`_waitingOnForeign`), `stop()`, the
 * running-loop registry, errors that reach the exception handler or escape as CPython's do, and a
 * `close()` that drops what is pending, closes the loop's resources and reports lost errors.
 */
import {
  ContextVar,
  type ExceptionContext,
  Future,
  getRunningLoop,
  type Handle,
  isCancelledError,
  KeyboardInterrupt,
  peekRunningLoop,
  RuntimeError,
  SystemExit,
} from "@asyncio/futures";
import {
  describe as describeValue,
  type LoopResource,
  type TimerHandleContract,
} from "@asyncio/futures/contract";
import { coroutine, sleep, type Task } from "@asyncio/tasks";
import { createTaskOn } from "@asyncio/tasks/contract";
import { describe, expect } from "vitest";
import { freshLoops, type RunnableLoop, runOnce, runTask, watchReports } from "./internal/loops.js";
import { nodeTurns, rejection } from "./internal/outcomes.js";
import { suiteTests } from "./internal/suite-tests.js";

export type { RunnableLoop } from "./internal/loops.js";

/**
 * What `describeEventLoop` needs: a name for the suite, how to make the loop under test, and the
 * tests it is known to fail.
 */
export interface EventLoopSuiteOptions<L extends RunnableLoop> {
  /** The name of the `describe` block (default `"event loop"`). */
  name?: string;
  /**
   * How the loop's time moves. `"real"` (the default): with a monotonic clock, and an idle loop
   * sleeps until its earliest timer; the suite asserts that timers never run early. `"virtual"`:
   * time stands still while the loop works and jumps to the earliest timer when it would wait, as
   * CPython's `test_utils.TestLoop`; the suite asserts `loop.time()` exactly.
   */
  time?: "real" | "virtual";
  /**
   * The live list of what reaches the loop's exception handler from now on. By default the
   * suite installs a handler with `setExceptionHandler`; a loop without one says here how it
   * records its reports.
   */
  exceptionReports?: (loop: L) => readonly ExceptionContext[];
  /**
   * Tests this implementation is known to fail, as CPython's `@unittest.expectedFailure`: a
   * fragment of the test's title (its CPython reference, say) mapped to why. They still run, and
   * the run turns red once they pass, so that the entry goes with the bug.
   */
  expectedFailures?: Readonly<Record<string, string>>;
}

function zeroError(): never {
  throw new RangeError("division by zero");
}

/**
 * Registers the event loop suite: each test makes a fresh loop with `factory` and closes it
 * afterwards. Call it at the top level of a Vitest test file.
 *
 * @example
 * ```ts
 * import { describeEventLoop } from "@asyncio/testkit";
 * import { MyLoop } from "../src/index.js";
 *
 * describeEventLoop(() => new MyLoop(), { name: "MyLoop" });
 * ```
 */
export function describeEventLoop<L extends RunnableLoop>(
  factory: () => L,
  options: EventLoopSuiteOptions<L> = {},
): void {
  if (typeof factory !== "function") {
    throw new TypeError(
      `describeEventLoop() factory must be a function, got ${describeValue(factory)}`,
    );
  }
  const name = options.name ?? "event loop";
  const virtual = options.time === "virtual";
  if (options.time !== undefined && options.time !== "real" && !virtual) {
    throw new TypeError(
      `describeEventLoop() options.time must be "real" or "virtual", got ${describeValue(options.time)}`,
    );
  }
  /** One unit of delay: a second on virtual time, a few milliseconds on real time. */
  const T = virtual ? 1 : 0.005;

  /** `loop.time()` read at `actual` is the deadline `expected`: exactly, or not before it. */
  const expectAt = (actual: number | undefined, expected: number): void => {
    expect(actual).toBeTypeOf("number");
    if (virtual) expect(actual).toBeCloseTo(expected, 9);
    else expect(actual).toBeGreaterThanOrEqual(expected);
  };

  describe(name, () => {
    const test = suiteTests(`describeEventLoop(${name})`, options.expectedFailures);
    const newLoop = freshLoops(factory);
    const reportsOf = (loop: L): readonly ExceptionContext[] =>
      watchReports(loop, options.exceptionReports, `describeEventLoop(${name})`);

    describe("callSoon", () => {
      test("runs callbacks with their arguments in FIFO order (test_base_events.py::BaseEventLoopTests::test_call_soon)", async () => {
        const loop = newLoop();
        const calls: unknown[][] = [];
        const record = (...args: unknown[]): void => {
          calls.push(args);
        };
        const handle = loop.callSoon(record, 1, "a");
        loop.callSoon(record);
        loop.callSoon(record, 3);
        loop.callSoon(() => loop.stop());
        expect(handle.cancelled()).toBe(false);
        expect(calls).toEqual([]);
        await loop.runForever();
        expect(calls).toEqual([[1, "a"], [], [3]]);
      });

      test("runs a callback scheduled during an iteration in the next one (test_base_events.py::BaseEventLoopTests::test__run_once_schedule_handle)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        loop.callSoon(() => {
          order.push("a");
          loop.callSoon(() => order.push("b"));
        });
        loop.callSoon(() => order.push("c"));
        await runOnce(loop);
        expect(order).toEqual(["a", "c"]);
        await runOnce(loop);
        expect(order).toEqual(["a", "c", "b"]);
      });

      test("each chained callSoon needs one more iteration (test_base_events.py::BaseEventLoopTests::test_run_once)", async () => {
        const loop = newLoop();
        let hops = 0;
        const hop = (): void => {
          hops++;
          if (hops < 5) loop.callSoon(hop);
        };
        loop.callSoon(hop);
        for (let i = 1; i <= 5; i++) {
          await runOnce(loop);
          expect(hops).toBe(i);
        }
        await runOnce(loop);
        expect(hops).toBe(5);
      });

      test("interleaves a Future's done callbacks with callSoon in scheduling order (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_result)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        const future = new Future<number>({ loop });
        future.addDoneCallback(() => order.push("cb1"));
        loop.callSoon(() => order.push("x"));
        future.setResult(42);
        future.addDoneCallback(() => order.push("cb2"));
        loop.callSoon(() => order.push("y"));
        expect(order).toEqual([]);
        await runOnce(loop);
        expect(order).toEqual(["x", "cb1", "cb2", "y"]);
      });

      test("skips a cancelled handle and runs the others (test_base_events.py::BaseEventLoopTests::test__add_callback_cancelled_handle)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        const first = loop.callSoon(() => order.push("first"));
        loop.callSoon(() => order.push("second"));
        first.cancel();
        expect(first.cancelled()).toBe(true);
        await runOnce(loop);
        expect(order).toEqual(["second"]);
      });

      test("a handle cancelled by an earlier callback of the same iteration doesn't run (test_events.py::HandleTests::test_handle)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        let second: Handle | undefined;
        loop.callSoon(() => {
          order.push("first");
          second?.cancel();
        });
        second = loop.callSoon(() => order.push("second"));
        loop.callSoon(() => order.push("third"));
        await runOnce(loop);
        expect(order).toEqual(["first", "third"]);
        second.cancel();
        expect(second.cancelled()).toBe(true);
      });

      test("a callback runs in a copy of the context current when it was scheduled (base_events.py::BaseEventLoop.call_soon with context=None)", async () => {
        const loop = newLoop();
        const request = new ContextVar<string>("testkit.request", { default: "none" });
        const seen: string[] = [];
        await runTask(loop, async () => {
          request.set("scheduled");
          loop.callSoon(() => {
            seen.push(request.get());
            request.set("changed by the callback");
          });
          request.set("changed after scheduling");
          await sleep(0);
          seen.push(request.get());
        });
        expect(seen).toEqual(["scheduled", "changed after scheduling"]);
      });

      test("inside a callback the loop is the running loop, and none is once it stopped (test_events.py::GetEventLoopTestsMixin::test_get_running_loop)", async () => {
        const loop = newLoop();
        expect(peekRunningLoop()).toBeNull();
        expect(loop.isRunning()).toBe(false);
        let inside: unknown;
        let running: boolean | undefined;
        loop.callSoon(() => {
          inside = getRunningLoop();
          running = loop.isRunning();
          loop.stop();
        });
        await loop.runForever();
        expect(inside).toBe(loop);
        expect(running).toBe(true);
        expect(loop.isRunning()).toBe(false);
        expect(peekRunningLoop()).toBeNull();
      });

      test("work scheduled from outside the loop (a Node callback) wakes the idle loop (test_events.py::EventLoopTestsMixin::test_call_soon_threadsafe)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        loop.callSoon(() => {
          order.push("first iteration");
          setTimeout(() => {
            order.push("node timer");
            loop.callSoon(() => {
              order.push("woken");
              loop.stop();
            });
          }, 1);
        });
        await loop.runForever();
        expect(order).toEqual(["first iteration", "node timer", "woken"]);
      });

      test("time() never goes backwards (base_events.py::BaseEventLoop.time: time.monotonic)", async () => {
        const loop = newLoop();
        const readings: number[] = [loop.time()];
        for (let i = 0; i < 5; i++) {
          loop.callLater(T * 0.1, () => readings.push(loop.time()));
          await runTask(loop, sleep(T * 0.1));
          readings.push(loop.time());
        }
        expect(readings.every((value) => typeof value === "number" && Number.isFinite(value))).toBe(
          true,
        );
        for (let i = 1; i < readings.length; i++) {
          expect(readings[i]).toBeGreaterThanOrEqual(readings[i - 1] as number);
        }
      });
    });

    describe("callLater and callAt", () => {
      test("run timers in deadline order (test_base_events.py::BaseEventLoopTests::test_call_later)", async () => {
        const loop = newLoop();
        const t0 = loop.time();
        const order: Array<[string, number]> = [];
        loop.callLater(0.3 * T, () => order.push(["c", loop.time()]));
        loop.callLater(0.1 * T, () => order.push(["a", loop.time()]));
        loop.callLater(0.2 * T, () => order.push(["b", loop.time()]));
        loop.callLater(0.3 * T, () => loop.stop());
        await loop.runForever();
        expect(order.map(([label]) => label)).toEqual(["a", "b", "c"]);
        expectAt(order[0]?.[1], t0 + 0.1 * T);
        expectAt(order[1]?.[1], t0 + 0.2 * T);
        expectAt(order[2]?.[1], t0 + 0.3 * T);
      });

      test("keep scheduling order between timers with the same deadline (test_events.py::EventLoopTestsMixin::test_call_later; CPython's heap leaves ties unordered, the contract orders them)", async () => {
        const loop = newLoop();
        const when = loop.time() + T;
        const order: number[] = [];
        for (let i = 0; i < 10; i++) loop.callAt(when, (n: number) => order.push(n), i);
        loop.callAt(when, () => loop.stop());
        await loop.runForever();
        expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });

      test("negative delays sort earlier: -1 then -2 runs b, a (test_base_events.py::BaseEventLoopTests::test_call_later_negative_delays)", async () => {
        const loop = newLoop();
        const calls: string[] = [];
        loop.callLater(-1, (x: string) => calls.push(x), "a");
        loop.callLater(-2, (x: string) => calls.push(x), "b");
        await runOnce(loop);
        expect(calls).toEqual(["b", "a"]);
      });

      test("due timers join the iteration after the callbacks already ready (test_base_events.py::BaseEventLoopTests::test__run_once)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        loop.callLater(0, () => order.push("timer"));
        loop.callSoon(() => order.push("soon"));
        await runOnce(loop);
        expect(order).toEqual(["soon", "timer"]);
      });

      test("callAt schedules at an absolute loop time and when() reports it (test_base_events.py::BaseEventLoopTests::test_time_and_call_at)", async () => {
        const loop = newLoop();
        const when = loop.time() + 0.1 * T;
        let ranAt: number | undefined;
        const timer: TimerHandleContract = loop.callAt(when, () => {
          ranAt = loop.time();
          loop.stop();
        });
        expect(timer.when()).toBe(when);
        expect(timer.cancelled()).toBe(false);
        await loop.runForever();
        expectAt(ranAt, when);
      });

      test("when() of callLater is time() + delay (test_events.py::TimerTests::test_when)", () => {
        const loop = newLoop();
        const before = loop.time();
        const timer = loop.callLater(2.5, () => undefined);
        const after = loop.time();
        expect(timer.when()).toBeGreaterThanOrEqual(before + 2.5);
        expect(timer.when()).toBeLessThanOrEqual(after + 2.5);
        timer.cancel();
        expect(timer.cancelled()).toBe(true);
      });

      test("a cancelled timer doesn't run, the others do (test_events.py::TimerTests::test_timer)", async () => {
        const loop = newLoop();
        const t0 = loop.time();
        const order: string[] = [];
        const early = loop.callLater(0.1 * T, () => order.push("early"));
        loop.callLater(0.2 * T, () => order.push("late"));
        loop.callLater(0.3 * T, () => loop.stop());
        early.cancel();
        await loop.runForever();
        expect(order).toEqual(["late"]);
        expectAt(loop.time(), t0 + 0.3 * T);
      });

      test("a timer cancelled after it became due, before it ran, doesn't run (test_base_events.py::BaseEventLoopTests::test__run_once)", async () => {
        const loop = newLoop();
        const when = loop.time() + T;
        const order: string[] = [];
        let second: TimerHandleContract | undefined;
        loop.callAt(when, () => {
          order.push("first");
          second?.cancel();
        });
        second = loop.callAt(when, () => order.push("second"));
        loop.callAt(when, () => loop.stop());
        await loop.runForever();
        expect(order).toEqual(["first"]);
      });

      test("runForever settles after stop() from a timer (test_events.py::EventLoopTestsMixin::test_run_forever)", async () => {
        const loop = newLoop();
        const t0 = loop.time();
        loop.callLater(5 * T, () => loop.stop());
        await expect(loop.runForever()).resolves.toBeUndefined();
        expectAt(loop.time(), t0 + 5 * T);
        expect(loop.isRunning()).toBe(false);
      });

      test("cancelled timers at the head are dropped, the rest still fire (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
        const loop = newLoop();
        const fired: number[] = [];
        loop.callLater(3 * T, () => fired.push(3));
        for (let i = 0; i < 2; i++) loop.callLater(3.6 * T, () => fired.push(-1)).cancel();
        for (let i = 0; i < 2; i++) loop.callLater(0.1 * T, () => fired.push(-1)).cancel();
        loop.callLater(4 * T, () => loop.stop());
        await loop.runForever();
        expect(fired).toEqual([3]);
      });

      test("with more than 100 timers and over half cancelled, the survivors fire in deadline order (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
        const loop = newLoop();
        const t0 = loop.time();
        const fired: number[] = [];
        const expected: number[] = [];
        const timers: TimerHandleContract[] = [];
        // 150 deadlines in a scrambled order; cancel the 100 whose index isn't a multiple of 3.
        for (let i = 0; i < 150; i++) {
          const step = ((i * 37) % 150) + 1;
          timers.push(loop.callAt(t0 + (step * T) / 100, (s: number) => fired.push(s), step));
        }
        timers.forEach((timer, i) => {
          if (i % 3 === 0) expected.push(((i * 37) % 150) + 1);
          else timer.cancel();
        });
        expected.sort((a, b) => a - b);
        loop.callAt(t0 + 2 * T, () => loop.stop());
        await loop.runForever();
        expect(fired).toEqual(expected);
        expect(fired).toHaveLength(50);
      });

      test("timers cancelled and added while the loop runs keep their deadline order (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
        const loop = newLoop();
        const fired: string[] = [];
        const doomed: TimerHandleContract[] = [];
        const u = T / 10;
        for (let i = 0; i < 120; i++) {
          doomed.push(loop.callLater((50 + i) * u, () => fired.push("doomed")));
        }
        loop.callLater(u, () => {
          fired.push("canceller");
          for (const timer of doomed) timer.cancel();
          loop.callLater(10 * u, () => fired.push("t+10"));
          loop.callLater(5 * u, () => fired.push("t+5"));
          loop.callLater(100 * u, () => fired.push("t+100"));
          doomed[0]?.cancel();
        });
        const kept = loop.callLater(60 * u, () => fired.push("kept"));
        loop.callLater(500 * u, () => loop.stop());
        await loop.runForever();
        expect(kept.cancelled()).toBe(false);
        expect(fired).toEqual(["canceller", "t+5", "t+10", "kept", "t+100"]);
      });

      test("tasks sleeping the same delay wake in the order they slept (test_tasks.py::BaseTaskTests::test_sleep)", async () => {
        const loop = newLoop();
        const t0 = loop.time();
        const order: number[] = [];
        const sleeper = (n: number) => async (): Promise<void> => {
          await sleep(T);
          order.push(n);
        };
        const tasks = [1, 2, 3, 4, 5].map((n) => createTaskOn(loop, sleeper(n)));
        await loop.runUntilComplete(tasks[4] as Task<void>);
        expect(order).toEqual([1, 2, 3, 4, 5]);
        expectAt(loop.time(), t0 + T);
      });

      test("sleep(0, result) lets the callbacks already scheduled run, then returns the result (test_tasks.py::SleepTests::test_sleep_zero)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        const result = await runTask(loop, async () => {
          loop.callSoon(() => order.push("scheduled before"));
          const value = await sleep(0, 10);
          order.push("after sleep(0)");
          return value;
        });
        expect(result).toBe(10);
        expect(order).toEqual(["scheduled before", "after sleep(0)"]);
      });

      test.runIf(virtual)(
        "virtual time jumps to the earliest timer when the loop would wait: sleep(3600) takes no real time (test_utils.py::TestLoop)",
        async () => {
          const loop = newLoop();
          const t0 = loop.time();
          const started = performance.now();
          expect(await runTask(loop, sleep(3600, "late"))).toBe("late");
          expect(loop.time()).toBe(t0 + 3600);
          // An hour of loop time in less than a minute of real time: nothing waited for it.
          expect(performance.now() - started).toBeLessThan(60_000);
        },
      );

      test.runIf(!virtual)(
        "real time: an idle loop sleeps until its timer, which fires once its delay has passed (test_events.py::EventLoopTestsMixin::test_call_later)",
        async () => {
          const loop = newLoop();
          const delay = 0.02;
          const started = performance.now();
          let elapsed = 0;
          loop.callLater(delay, () => {
            elapsed = (performance.now() - started) / 1000;
            loop.stop();
          });
          await loop.runForever();
          // time() may read another monotonic clock than performance.now(); they agree to 1 ms.
          expect(elapsed).toBeGreaterThanOrEqual(delay - 0.001);
        },
      );
    });

    describe("task steps", () => {
      test("a task resumed by a handle runs to its next suspension before the next handle, across microtasks (tasks.py::Task.__step runs inside one handle)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        const ready = new Future<string>({ loop });
        const task = createTaskOn(loop, async () => {
          order.push(`resumed with ${await ready}`);
          await Promise.resolve();
          order.push("after a foreign microtask");
          await sleep(0);
          order.push("after sleep(0)");
        });
        await runOnce(loop); // the task's first step: it awaits `ready`.
        ready.setResult("value");
        loop.callSoon(() => order.push("callback queued behind the wakeup"));
        await runOnce(loop);
        expect(order).toEqual([
          "resumed with value",
          "after a foreign microtask",
          "callback queued behind the wakeup",
        ]);
        await loop.runUntilComplete(task);
        expect(order.at(-1)).toBe("after sleep(0)");
      });

      test("two tasks interleave at each sleep(0) (test_tasks.py::BaseTaskTests::test_current_task_with_interleaving_tasks)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        const worker = (label: string) => async (): Promise<void> => {
          for (let i = 1; i <= 3; i++) {
            order.push(`${label}${i}`);
            await sleep(0);
          }
        };
        const a = createTaskOn(loop, worker("a"));
        const b = createTaskOn(loop, worker("b"));
        await loop.runUntilComplete(b);
        await loop.runUntilComplete(a);
        expect(order).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);
      });

      test("a task blocked on a foreign Promise doesn't hold the loop: later handles and iterations run (no CPython counterpart: tasks README, Promises and foreign code)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        let unblock: (value: string) => void = () => undefined;
        const task = createTaskOn(loop, async () => {
          order.push("task blocks");
          order.push(`task got ${await new Promise<string>((resolve) => (unblock = resolve))}`);
        });
        loop.callSoon(() => order.push("same iteration"));
        loop.callSoon(() =>
          loop.callSoon(() => {
            order.push("next iteration");
            unblock("the foreign value");
          }),
        );
        await loop.runUntilComplete(task);
        expect(order).toEqual([
          "task blocks",
          "same iteration",
          "next iteration",
          "task got the foreign value",
        ]);
      });

      test("cancelling a task blocked on a foreign Promise ends it cancelled without waiting for the Promise (no CPython counterpart: the loop calls _waitingOnForeign)", async () => {
        const loop = newLoop();
        const finallyRan: string[] = [];
        const task = createTaskOn(loop, async () => {
          try {
            await new Promise<never>(() => undefined);
          } finally {
            finallyRan.push("never: the blocked code is detached, not resumed");
          }
        });
        await runOnce(loop);
        expect(task.done()).toBe(false);
        expect(task.cancel("given up")).toBe(true);
        const error = await rejection(loop.runUntilComplete(task));
        expect(isCancelledError(error)).toBe(true);
        expect((error as Error).message).toBe("given up");
        expect(task.cancelled()).toBe(true);
        expect(finallyRan).toEqual([]);
      });

      test("a task cancelled while it sleeps runs its finally, which may await, and ends cancelled (test_tasks.py::BaseTaskTests::test_cancel_yield)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        const task = createTaskOn(loop, async () => {
          try {
            await sleep(10 * T);
            order.push("never");
          } finally {
            order.push("finally");
            await sleep(0);
            order.push("finally after an await");
          }
        });
        loop.callSoon(() => task.cancel());
        const error = await rejection(loop.runUntilComplete(task));
        expect(isCancelledError(error)).toBe(true);
        expect(order).toEqual(["finally", "finally after an await"]);
        expect(task.cancelled()).toBe(true);
      });
    });

    describe("runUntilComplete", () => {
      test("returns the result of a Future and of a sleeping task (test_events.py::EventLoopTestsMixin::test_run_until_complete)", async () => {
        const loop = newLoop();
        const future = new Future<number>({ loop });
        loop.callSoon(() => future.setResult(1));
        expect(await loop.runUntilComplete(future)).toBe(1);
        const t0 = loop.time();
        expect(await runTask(loop, sleep(0.1 * T, "late"))).toBe("late");
        expectAt(loop.time(), t0 + 0.1 * T);
        expect(loop.isRunning()).toBe(false);
      });

      test("rejects with the Future's exception (test_events.py::EventLoopTestsMixin::test_run_until_complete)", async () => {
        const loop = newLoop();
        const error = new Error("boom");
        const future = new Future({ loop });
        loop.callSoon(() => future.setException(error));
        expect(await rejection(loop.runUntilComplete(future))).toBe(error);
        const fromTask = await rejection(
          runTask(loop, async () => {
            await sleep(T);
            throw new RangeError("from a task");
          }),
        );
        expect(fromTask).toBeInstanceOf(RangeError);
        expect((fromTask as Error).message).toBe("from a task");
        expect(loop.isRunning()).toBe(false);
      });

      test("rejects with RuntimeError when the loop is stopped first (test_events.py::EventLoopTestsMixin::test_run_until_complete_stopped)", async () => {
        const loop = newLoop();
        const task = createTaskOn(loop, async () => {
          loop.stop();
          await sleep(0.1 * T);
        });
        const error = await rejection(loop.runUntilComplete(task));
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toBe("Event loop stopped before Future completed.");
        expect(task.done()).toBe(false);
        await loop.runUntilComplete(task);
        expect(task.done()).toBe(true);
      });

      test("stop() before runUntilComplete runs one iteration, then rejects (test_base_events.py::BaseEventLoopTests::test_run_forever_pre_stopped)", async () => {
        const loop = newLoop();
        let steps = 0;
        const task = createTaskOn(loop, async () => {
          steps++;
          await sleep(T);
          steps++;
        });
        loop.stop();
        const error = await rejection(loop.runUntilComplete(task));
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toBe("Event loop stopped before Future completed.");
        expect(steps).toBe(1);
        await loop.runUntilComplete(task);
        expect(steps).toBe(2);
      });

      test("can't run a loop that is already running (test_events.py::EventLoopTestsMixin::test_run_until_complete_nesting)", async () => {
        const loop = newLoop();
        const inner = coroutine(async () => {
          await sleep(0);
        });
        const error = await rejection(
          runTask(loop, async () => {
            expect(loop.isRunning()).toBe(true);
            const task = createTaskOn(loop, inner());
            try {
              await loop.runUntilComplete(task);
            } finally {
              await task;
            }
          }),
        );
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toBe("This event loop is already running");
      });

      test("runForever on a running loop rejects and the loop goes on (test_events.py::EventLoopTestsMixin::test_run_until_complete_nesting)", async () => {
        const loop = newLoop();
        let nested: unknown;
        loop.callSoon(() => {
          loop.runForever().catch((error: unknown) => {
            nested = error;
          });
        });
        loop.callLater(T, () => loop.stop());
        await loop.runForever();
        expect(nested).toBeInstanceOf(RuntimeError);
        expect((nested as Error).message).toBe("This event loop is already running");
      });

      test("can't run a loop while another loop runs (test_base_events.py::RunningLoopTests::test_running_loop_within_a_loop)", async () => {
        const outer = newLoop();
        const inner = newLoop();
        const error = await rejection(
          runTask(outer, async () => {
            await inner.runForever();
          }),
        );
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toBe(
          "Cannot run the event loop while another loop is running",
        );
        expect(inner.isRunning()).toBe(false);
        expect(outer.isRunning()).toBe(false);
        expect(peekRunningLoop()).toBeNull();
      });
    });

    describe("stop", () => {
      test("stop() lets the current iteration finish (test_events.py::EventLoopTestsMixin::test_run_forever)", async () => {
        const loop = newLoop();
        const order: string[] = [];
        loop.callSoon(() => {
          order.push("a");
          loop.stop();
        });
        loop.callSoon(() => {
          order.push("b");
          loop.callSoon(() => order.push("next iteration"));
        });
        await loop.runForever();
        expect(order).toEqual(["a", "b"]);
        await runOnce(loop);
        expect(order).toEqual(["a", "b", "next iteration"]);
      });

      test("stop() before runForever() runs exactly one iteration (test_base_events.py::BaseEventLoopTests::test_run_once)", async () => {
        const loop = newLoop();
        let calls = 0;
        loop.callSoon(() => calls++);
        loop.stop();
        await loop.runForever();
        expect(calls).toBe(1);
        expect(loop.isRunning()).toBe(false);
      });

      test("stop() before runForever() with nothing ready returns without waiting for timers (test_base_events.py::BaseEventLoopTests::test_run_forever_pre_stopped)", async () => {
        const loop = newLoop();
        let fired = false;
        const timer = loop.callLater(10 * T, () => {
          fired = true;
        });
        const t0 = loop.time();
        loop.stop();
        await loop.runForever();
        expect(fired).toBe(false);
        expect(loop.time()).toBeLessThan(t0 + 10 * T);
        timer.cancel();
      });

      test("a stopped loop can run again (test_base_events.py::BaseEventLoopTests::test_single_selecto_event_callback_after_stopping)", async () => {
        const loop = newLoop();
        let calls = 0;
        loop.callSoon(() => {
          calls++;
          loop.stop();
        });
        await loop.runForever();
        loop.callSoon(() => {
          calls++;
          loop.stop();
        });
        await loop.runForever();
        expect(calls).toBe(2);
      });
    });

    describe("errors", () => {
      test("an error in a callback goes to the exception handler with its handle; the loop goes on (test_base_events.py::BaseEventLoopTests::test_default_exc_handler_callback)", async () => {
        const loop = newLoop();
        const reports = reportsOf(loop);
        const order: string[] = [];
        const handle = loop.callSoon(zeroError);
        loop.callSoon(() => order.push("after"));
        await runOnce(loop);
        expect(order).toEqual(["after"]);
        expect(reports).toHaveLength(1);
        expect(String(reports[0]?.message)).toMatch(/^Exception in callback .*zeroError/);
        expect(reports[0]?.handle).toBe(handle);
        expect(reports[0]?.exception).toBeInstanceOf(RangeError);
        expect((reports[0]?.exception as Error | undefined)?.message).toBe("division by zero");
      });

      test("a timer callback's error is reported with its timer handle (test_base_events.py::BaseEventLoopTests::test_default_exc_handler_callback)", async () => {
        const loop = newLoop();
        const reports = reportsOf(loop);
        const timer = loop.callLater(T, zeroError);
        loop.callLater(2 * T, () => loop.stop());
        await loop.runForever();
        expect(reports).toHaveLength(1);
        expect(reports[0]?.handle).toBe(timer);
        expect(String(reports[0]?.message)).toMatch(/^Exception in callback .*zeroError/);
      });

      test("an async callback's rejection is reported like a thrown error (events.py::Handle._run)", async () => {
        const loop = newLoop();
        const reports = reportsOf(loop);
        const handle = loop.callSoon(async function failing(): Promise<void> {
          await sleep(0);
          throw new RangeError("later");
        });
        loop.callLater(T, () => loop.stop());
        await loop.runForever();
        expect(reports).toHaveLength(1);
        expect(reports[0]?.handle).toBe(handle);
        expect(String(reports[0]?.message)).toMatch(/^Exception in callback .*failing/);
        expect((reports[0]?.exception as Error | undefined)?.message).toBe("later");
      });

      test("an error in a done callback is reported like any callback's (test_futures2.py::FutureTests::test_handle_exc_handler_correct_context)", async () => {
        const loop = newLoop();
        const reports = reportsOf(loop);
        const task = createTaskOn(loop, sleep(0, 5));
        task.addDoneCallback(function explode() {
          throw new Error("in a done callback");
        });
        expect(await loop.runUntilComplete(task)).toBe(5);
        await runOnce(loop);
        expect(reports).toHaveLength(1);
        expect(String(reports[0]?.message)).toMatch(/^Exception in callback .*explode/);
      });

      test("a KeyboardInterrupt thrown in a callback rejects runForever; it isn't reported and later runs work (test_base_events.py::BaseEventLoopTests::test_run_forever_keyboard_interrupt)", async () => {
        const loop = newLoop();
        const reports = reportsOf(loop);
        const interrupt = new KeyboardInterrupt();
        loop.callSoon(() => {
          throw interrupt;
        });
        expect(await rejection(loop.runForever())).toBe(interrupt);
        expect(loop.isRunning()).toBe(false);
        expect(peekRunningLoop()).toBeNull();
        expect(reports).toEqual([]);
        expect(await runTask(loop, sleep(T, "after"))).toBe("after");
      });

      test("a KeyboardInterrupt from an async callback ends runForever, as from a plain one (test_base_events.py::BaseEventLoopTests::test_run_until_complete_baseexception)", async () => {
        const loop = newLoop();
        const interrupt = new KeyboardInterrupt();
        loop.callSoon(async () => {
          await sleep(0);
          throw interrupt;
        });
        loop.callLater(10 * T, () => loop.stop());
        expect(await rejection(loop.runForever())).toBe(interrupt);
        expect(loop.isRunning()).toBe(false);
      });

      test("after a KeyboardInterrupt escapes runUntilComplete, the next runForever isn't stopped early (test_base_events.py::BaseEventLoopTests::test_run_until_complete_baseexception)", async () => {
        const loop = newLoop();
        const reports = reportsOf(loop);
        const error = await rejection(
          runTask(loop, async () => {
            throw new KeyboardInterrupt();
          }),
        );
        expect(error).toBeInstanceOf(KeyboardInterrupt);
        let called = false;
        loop.callSoon(() =>
          loop.callSoon(() => {
            loop.stop();
            called = true;
          }),
        );
        await loop.runForever();
        expect(called).toBe(true);
        expect(reports).toEqual([]);
      });

      test("a Future whose exception is a KeyboardInterrupt still ends runUntilComplete with it (test_base_events.py::BaseEventLoopTests::test_run_until_complete_baseexception)", async () => {
        const loop = newLoop();
        const future = new Future({ loop });
        const interrupt = new KeyboardInterrupt();
        const t0 = loop.time();
        loop.callLater(T, () => future.setException(interrupt));
        expect(await rejection(loop.runUntilComplete(future))).toBe(interrupt);
        expectAt(loop.time(), t0 + T);
      });

      test("a run ended by SystemExit leaves no stop callback on its orphaned task (test_base_events.py::BaseEventLoopTests::test_run_until_complete_loop_orphan_future_close_loop)", async () => {
        const loop = newLoop();
        class ShowStopper extends SystemExit {}
        const foo = coroutine(async (delay: number) => {
          await sleep(delay);
          return delay;
        });
        loop.callSoon(() => {
          throw new ShowStopper();
        });
        expect(await rejection(runTask(loop, foo(0.1 * T)))).toBeInstanceOf(ShowStopper);
        // The orphaned foo(0.1) finishes first and must not stop this run.
        expect(await runTask(loop, foo(0.2 * T))).toBe(0.2 * T);
      });

      test("a SystemExit thrown in a timer callback rejects runForever (test_base_events.py::BaseEventLoopTests::test_run_forever_keyboard_interrupt)", async () => {
        const loop = newLoop();
        const t0 = loop.time();
        loop.callLater(2 * T, () => {
          throw new SystemExit(3);
        });
        const error = await rejection(loop.runForever());
        expect(error).toBeInstanceOf(SystemExit);
        expectAt(loop.time(), t0 + 2 * T);
        expect(loop.isRunning()).toBe(false);
      });
    });

    describe("close", () => {
      test("a closed loop refuses work with 'Event loop is closed'; close() may be called again (test_base_events.py::BaseEventLoopTests::test_close)", async () => {
        const loop = newLoop();
        expect(loop.isClosed()).toBe(false);
        const future = new Future({ loop });
        loop.close();
        expect(loop.isClosed()).toBe(true);
        loop.close();
        const noop = (): void => undefined;
        for (const schedule of [
          () => loop.callSoon(noop),
          () => loop.callLater(1, noop),
          () => loop.callAt(1, noop),
        ]) {
          expect(schedule).toThrow(RuntimeError);
          expect(schedule).toThrow("Event loop is closed");
        }
        const runError = await rejection(loop.runForever());
        expect(runError).toBeInstanceOf(RuntimeError);
        expect((runError as Error).message).toBe("Event loop is closed");
        const untilError = await rejection(loop.runUntilComplete(future));
        expect((untilError as Error).message).toBe("Event loop is closed");
      });

      test("close() drops the pending callbacks and timers: they never run (test_base_events.py::BaseEventLoopTests::test_close)", async () => {
        const loop = newLoop();
        const ran: string[] = [];
        loop.callSoon(() => {
          ran.push("first");
          loop.stop();
          loop.callSoon(() => ran.push("soon"));
          loop.callLater(0.1 * T, () => ran.push("later"));
        });
        await loop.runForever();
        expect(ran).toEqual(["first"]);
        loop.close();
        // Past the timer's deadline on real time; a virtual clock doesn't move without the loop.
        await new Promise((resolve) => setTimeout(resolve, 10));
        await nodeTurns(2);
        expect(ran).toEqual(["first"]);
      });

      test("close() while running raises RuntimeError and the loop goes on (test_events.py::EventLoopTestsMixin::test_close_running_event_loop)", async () => {
        const loop = newLoop();
        const error = await rejection(
          runTask(loop, async () => {
            loop.close();
          }),
        );
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toBe("Cannot close a running event loop");
        expect(loop.isClosed()).toBe(false);
        expect(await runTask(loop, sleep(0, "still usable"))).toBe("still usable");
      });

      test("close() closes the resources still registered, once, and not those removed (no CPython counterpart: LoopResource of the loop contract)", async () => {
        const loop = newLoop();
        const closed: string[] = [];
        const resource = (label: string): LoopResource => ({
          _closeWithLoop: () => closed.push(label),
        });
        const server = resource("server");
        const pipe = resource("pipe");
        const gone = resource("closed by itself");
        loop._addResource(server);
        loop._addResource(gone);
        loop._addResource(pipe);
        loop._removeResource(gone);
        await runOnce(loop);
        expect(closed).toEqual([]);
        loop.close();
        expect(closed.sort()).toEqual(["pipe", "server"]);
        loop.close();
        expect(closed).toHaveLength(2);
      });

      test("close() reports an exception that no one retrieved (test_futures.py::BaseFutureTests::test_tb_logger_exception_unretrieved)", async () => {
        const loop = newLoop();
        const reports = reportsOf(loop);
        const future = new Future({ loop });
        const lost = new RangeError("nobody looked at me");
        loop.callSoon(() => future.setException(lost));
        await runOnce(loop);
        expect(reports).toEqual([]);
        loop.close();
        expect(reports).toHaveLength(1);
        expect(reports[0]?.message).toBe("Future exception was never retrieved");
        expect(reports[0]?.exception).toBe(lost);
      });
    });
    test.checkExpectedFailures();
  });
}
