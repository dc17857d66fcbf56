/**
 * Scheduling: callSoon FIFO, one batch per iteration, timers by deadline, cancelled handles and
 * the cancelled-timer purge (test_base_events.py / test_events.py).
 */

import { EventLoop, TimerHandle } from "@asyncio/core";
import { Handle } from "@asyncio/futures";
import { sleep } from "@asyncio/tasks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type LoopUnderTest, newTestLoop, runOnce } from "./helpers.js";

let current: LoopUnderTest;

function setUp(start = 0): LoopUnderTest {
  current = newTestLoop(start);
  return current;
}

afterEach(() => {
  if (!current.loop.isRunning()) current.loop.close();
});

describe("callSoon", () => {
  it("runs callbacks with their arguments in FIFO order (test_base_events.py::BaseEventLoopTests::test_call_soon)", async () => {
    const { loop } = setUp();
    const calls: unknown[][] = [];
    const record = (...args: unknown[]): void => {
      calls.push(args);
    };
    const handle = loop.callSoon(record, 1, "a");
    loop.callSoon(record);
    loop.callSoon(record, 3);
    loop.callSoon(() => loop.stop());
    expect(handle).toBeInstanceOf(Handle);
    expect(handle.cancelled()).toBe(false);
    await loop.runForever();
    expect(calls).toEqual([[1, "a"], [], [3]]);
  });

  it("shares one FIFO with callSoonThreadsafe (test_events.py::EventLoopTestsMixin::test_call_soon_threadsafe_same_thread)", async () => {
    const { loop } = setUp();
    const order: number[] = [];
    loop.callSoon((n: number) => order.push(n), 1);
    loop.callSoonThreadsafe((n: number) => order.push(n), 2);
    loop.callSoon((n: number) => order.push(n), 3);
    loop.callSoonThreadsafe((n: number) => order.push(n), 4);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("runs a callback scheduled during an iteration in the next one (test_base_events.py::BaseEventLoopTests::test__run_once_schedule_handle)", async () => {
    const { loop } = setUp();
    const order: string[] = [];
    loop.callSoon(() => {
      order.push("a");
      loop.callSoon(() => order.push("b"));
    });
    loop.callSoon(() => order.push("c"));
    // stop() before runForever(): exactly one iteration, the batch that was ready when it began.
    await runOnce(loop);
    expect(order).toEqual(["a", "c"]);
    await runOnce(loop);
    expect(order).toEqual(["a", "c", "b"]);
  });

  it("counts iterations: each chained callSoon needs one more stop()-bounded run (test_base_events.py::BaseEventLoopTests::test_run_once)", async () => {
    const { loop } = setUp();
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

  it("interleaves done callbacks and callSoon in scheduling order (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_result)", async () => {
    const { loop } = setUp();
    const order: string[] = [];
    const future = loop.createFuture<number>();
    future.addDoneCallback(() => order.push("cb1"));
    loop.callSoon(() => order.push("x"));
    future.setResult(42);
    // The future is done: this callback is scheduled at once, behind cb1.
    future.addDoneCallback(() => order.push("cb2"));
    loop.callSoon(() => order.push("y"));
    expect(order).toEqual([]);
    await runOnce(loop);
    expect(order).toEqual(["x", "cb1", "cb2", "y"]);
  });

  it("skips a cancelled handle and runs the others (test_base_events.py::BaseEventLoopTests::test__add_callback_cancelled_handle)", async () => {
    const { loop } = setUp();
    const order: string[] = [];
    const first = loop.callSoon(() => order.push("first"));
    loop.callSoon(() => order.push("second"));
    first.cancel();
    expect(first.cancelled()).toBe(true);
    await runOnce(loop);
    expect(order).toEqual(["second"]);
  });

  it("a handle cancelled by an earlier callback of the same iteration doesn't run (test_events.py::HandleTests::test_handle)", async () => {
    const { loop } = setUp();
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
    // Cancelling twice, or after the run, changes nothing.
    second.cancel();
    expect(second.cancelled()).toBe(true);
  });
});

describe("callLater and callAt", () => {
  it("run timers in deadline order on virtual time (test_base_events.py::BaseEventLoopTests::test_call_later)", async () => {
    const { loop } = setUp();
    const order: Array<[string, number]> = [];
    loop.callLater(0.3, () => order.push(["c", loop.time()]));
    loop.callLater(0.1, () => order.push(["a", loop.time()]));
    loop.callLater(0.2, () => order.push(["b", loop.time()]));
    loop.callLater(0.3, () => loop.stop());
    await loop.runForever();
    expect(order).toEqual([
      ["a", 0.1],
      ["b", 0.2],
      ["c", 0.3],
    ]);
  });

  it("keep FIFO order between timers with the same deadline (test_events.py::EventLoopTestsMixin::test_call_later)", async () => {
    const { loop } = setUp();
    const order: number[] = [];
    for (let i = 0; i < 10; i++) loop.callLater(1, (n: number) => order.push(n), i);
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("tasks sleeping the same delay wake in the order they slept (test_tasks.py::BaseTaskTests::test_sleep)", async () => {
    const { loop } = setUp();
    const order: number[] = [];
    const sleeper = (n: number) => async (): Promise<void> => {
      await sleep(1);
      order.push(n);
    };
    const tasks = [1, 2, 3, 4, 5].map((n) => loop.createTask(sleeper(n)));
    await loop.runUntilComplete(tasks[4]!);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(loop.time()).toBe(1);
  });

  it("negative delays sort earlier: -1 then -2 runs b, a (test_base_events.py::BaseEventLoopTests::test_call_later_negative_delays)", async () => {
    const { loop } = setUp();
    const calls: string[] = [];
    loop.callLater(-1, (x: string) => calls.push(x), "a");
    loop.callLater(-2, (x: string) => calls.push(x), "b");
    await runOnce(loop);
    expect(calls).toEqual(["b", "a"]);
  });

  it("due timers join the iteration after the callbacks already ready (test_base_events.py::BaseEventLoopTests::test__run_once)", async () => {
    const { loop } = setUp();
    const order: string[] = [];
    loop.callLater(0, () => order.push("timer"));
    loop.callSoon(() => order.push("soon"));
    await runOnce(loop);
    expect(order).toEqual(["soon", "timer"]);
  });

  it("callAt schedules at an absolute loop time and when() reports it (test_base_events.py::BaseEventLoopTests::test_time_and_call_at)", async () => {
    const { loop } = setUp(100);
    const when = loop.time() + 0.1;
    let ranAt: number | undefined;
    const timer = loop.callAt(when, () => {
      ranAt = loop.time();
      loop.stop();
    });
    expect(timer).toBeInstanceOf(TimerHandle);
    expect(timer.when()).toBe(when);
    await loop.runForever();
    expect(ranAt).toBe(when);
  });

  it("TimerHandle.when() of callLater is time() + delay (test_events.py::TimerTests::test_when)", () => {
    const { loop, clock } = setUp();
    clock.advance(7);
    const timer = loop.callLater(2.5, () => undefined);
    expect(timer.when()).toBe(9.5);
    expect(String(timer)).toContain("when=9.5");
    timer.cancel();
    expect(timer.cancelled()).toBe(true);
    expect(String(timer)).toContain("cancelled");
  });

  it("a cancelled timer doesn't run, the others do (test_events.py::TimerTests::test_timer)", async () => {
    const { loop } = setUp();
    const order: string[] = [];
    const early = loop.callLater(0.1, () => order.push("early"));
    loop.callLater(0.2, () => order.push("late"));
    loop.callLater(0.3, () => loop.stop());
    early.cancel();
    await loop.runForever();
    expect(order).toEqual(["late"]);
    expect(loop.time()).toBe(0.3);
  });

  it("a timer cancelled after it became due, before it ran, doesn't run (test_base_events.py::BaseEventLoopTests::test__run_once)", async () => {
    const { loop } = setUp();
    const order: string[] = [];
    let second: TimerHandle | undefined;
    loop.callLater(1, () => {
      order.push("first");
      second?.cancel();
    });
    second = loop.callLater(1, () => order.push("second"));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(order).toEqual(["first"]);
  });

  it("runForever resolves after stop() from a timer (test_events.py::EventLoopTestsMixin::test_run_forever)", async () => {
    const { loop } = setUp();
    loop.callLater(5, () => loop.stop());
    await expect(loop.runForever()).resolves.toBeUndefined();
    expect(loop.time()).toBe(5);
    expect(loop.isRunning()).toBe(false);
  });
});

describe("cancelled-timer purge", () => {
  it("cancelled timers at the head are dropped, the rest still fire in order (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
    const { loop } = setUp();
    const fired: number[] = [];
    loop.callLater(3000, () => fired.push(3000));
    for (let i = 0; i < 2; i++) loop.callLater(3600, () => fired.push(-1)).cancel();
    for (let i = 0; i < 2; i++) loop.callLater(100, () => fired.push(-1)).cancel();
    loop.callLater(4000, () => loop.stop());
    await loop.runForever();
    expect(fired).toEqual([3000]);
  });

  it("more than 100 timers with over half cancelled: the heap is rebuilt and the survivors fire in deadline order (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
    const { loop } = setUp();
    const fired: number[] = [];
    const expected: number[] = [];
    const timers: TimerHandle[] = [];
    // 150 deadlines in a scrambled order; cancel the 100 whose index isn't a multiple of 3.
    for (let i = 0; i < 150; i++) {
      const when = ((i * 37) % 150) + 1;
      timers.push(loop.callAt(when, (w: number) => fired.push(w), when));
    }
    timers.forEach((timer, i) => {
      if (i % 3 === 0) expected.push(timer.when());
      else timer.cancel();
    });
    expected.sort((a, b) => a - b);
    loop.callAt(1000, () => loop.stop());
    await loop.runForever();
    expect(fired).toEqual(expected);
    expect(fired).toHaveLength(50);
  });

  it("the purge also works when timers are cancelled and added while the loop runs (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
    const { loop } = setUp();
    const fired: string[] = [];
    const doomed: TimerHandle[] = [];
    for (let i = 0; i < 120; i++) doomed.push(loop.callLater(50 + i, () => fired.push("doomed")));
    loop.callLater(1, () => {
      fired.push("canceller");
      for (const timer of doomed) timer.cancel();
      // New timers after the rebuild, interleaved with the cancelled deadlines.
      loop.callLater(10, () => fired.push("t+10"));
      loop.callLater(5, () => fired.push("t+5"));
      loop.callLater(100, () => fired.push("t+100"));
      // Cancelling again is not counted twice.
      doomed[0]?.cancel();
    });
    const kept = loop.callLater(60, () => fired.push("kept"));
    loop.callLater(500, () => loop.stop());
    await loop.runForever();
    expect(kept.cancelled()).toBe(false);
    expect(fired).toEqual(["canceller", "t+5", "t+10", "kept", "t+100"]);
  });

  it("cancelling a timer that already ran doesn't disturb later timers (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
    const { loop } = setUp();
    const fired: number[] = [];
    const ran: TimerHandle[] = [];
    for (let i = 0; i < 110; i++) ran.push(loop.callLater(i * 0.001, () => fired.push(i)));
    loop.callLater(1, () => {
      for (const timer of ran) timer.cancel();
    });
    for (let i = 0; i < 110; i++) loop.callLater(2 + i, (n: number) => fired.push(n), 1000 + i);
    loop.callLater(200, () => loop.stop());
    await loop.runForever();
    expect(fired).toHaveLength(220);
    expect(fired.slice(110)).toEqual(Array.from({ length: 110 }, (_, i) => 1000 + i));
  });
});

describe("stop", () => {
  it("stop() lets the current iteration finish (test_events.py::EventLoopTestsMixin::test_run_forever)", async () => {
    const { loop } = setUp();
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

  it("stop() before runForever() runs exactly one iteration (test_base_events.py::BaseEventLoopTests::test_run_once)", async () => {
    const { loop } = setUp();
    let calls = 0;
    loop.callSoon(() => calls++);
    loop.stop();
    await loop.runForever();
    expect(calls).toBe(1);
    expect(loop.isRunning()).toBe(false);
  });

  it("stop() before runForever() with nothing ready still returns after one empty iteration (test_base_events.py::BaseEventLoopTests::test_run_forever_pre_stopped)", async () => {
    const { loop } = setUp();
    const timer = loop.callLater(10, () => undefined);
    loop.stop();
    await loop.runForever();
    // The loop didn't wait for the timer.
    expect(loop.time()).toBe(0);
    timer.cancel();
  });

  it("a stopped loop can run again (test_base_events.py::BaseEventLoopTests::test_single_selecto_event_callback_after_stopping)", async () => {
    const { loop } = setUp();
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

it("a plain EventLoop (system clock) runs a zero-delay timer (test_events.py::EventLoopTestsMixin::test_call_later)", async () => {
  const loop = new EventLoop();
  const order: string[] = [];
  loop.callLater(0, () => {
    order.push("timer");
    loop.stop();
  });
  await loop.runForever();
  loop.close();
  expect(order).toEqual(["timer"]);
});

describe("far timers on the system clock", () => {
  it("a timer 40 days ahead arms Node's timer within its range: no overflow warning, no spinning (test_base_events.py::BaseEventLoopTests::test_call_later)", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on("warning", onWarning);
    const armed: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((
      callback: () => void,
      ms?: number,
    ) => {
      armed.push(ms ?? 0);
      return realSetTimeout(callback, ms);
    }) as typeof setTimeout);
    const loop = new EventLoop();
    try {
      const far = loop.callLater(40 * 86400, () => undefined);
      loop.callSoon(() => {
        realSetTimeout(() => loop.stop(), 30);
      });
      await loop.runForever();
      far.cancel();
    } finally {
      spy.mockRestore();
      loop.close();
      // Node reports the overflow on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("TimeoutOverflowWarning");
    expect(armed.length).toBeGreaterThan(0);
    expect(armed.length).toBeLessThan(5);
    for (const ms of armed) expect(ms).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
