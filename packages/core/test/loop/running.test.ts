/**
 * Running and stopping: runUntilComplete, nesting, closed loops, KeyboardInterrupt, and the
 * current-loop functions (test_base_events.py / test_events.py).
 */
import { EventLoop, getEventLoop, newEventLoop, setEventLoop, VirtualClock } from "@asyncio/core";
import {
  getRunningLoop,
  KeyboardInterrupt,
  peekRunningLoop,
  RuntimeError,
  SystemExit,
} from "@asyncio/futures";
import { coroutine, sleep } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";
import { collect } from "../../../futures/test/support/garbage.js";
import { type LoopUnderTest, newTestLoop } from "./helpers.js";

const loops: EventLoop[] = [];

function setUp(): LoopUnderTest {
  const made = newTestLoop();
  loops.push(made.loop);
  return made;
}

afterEach(() => {
  for (const loop of loops.splice(0)) if (!loop.isRunning()) loop.close();
});

describe("runUntilComplete", () => {
  it("returns the result and advances time (test_events.py::EventLoopTestsMixin::test_run_until_complete)", async () => {
    const { loop } = setUp();
    const t0 = loop.time();
    await expect(loop.runUntilComplete(sleep(0.1, "late"))).resolves.toBe("late");
    expect(loop.time() - t0).toBeCloseTo(0.1, 9);
    expect(loop.isRunning()).toBe(false);
  });

  it("takes a Future, a coroutine, a zero-argument function or a Promise (test_base_events.py::BaseEventLoopTests::test_run_until_complete_type_error)", async () => {
    const { loop } = setUp();
    const future = loop.createFuture<number>();
    loop.callSoon(() => future.setResult(1));
    expect(await loop.runUntilComplete(future)).toBe(1);
    expect(await loop.runUntilComplete(coroutine(async () => 2)())).toBe(2);
    expect(await loop.runUntilComplete(async () => 3)).toBe(3);
    expect(await loop.runUntilComplete(Promise.resolve(4))).toBe(4);
    await expect(loop.runUntilComplete("boom_splash" as never)).rejects.toThrow(TypeError);
    await expect(loop.runUntilComplete("boom_splash" as never)).rejects.toThrow(/"boom_splash"/);
  });

  it("rejects with the future's exception (test_events.py::EventLoopTestsMixin::test_run_until_complete)", async () => {
    const { loop } = setUp();
    const error = new Error("boom");
    const future = loop.createFuture();
    loop.callSoon(() => future.setException(error));
    await expect(loop.runUntilComplete(future)).rejects.toBe(error);
    const task = loop.runUntilComplete(async () => {
      await sleep(1);
      throw new RangeError("from a task");
    });
    await expect(task).rejects.toThrow(RangeError);
    expect(loop.isRunning()).toBe(false);
  });

  it("rejects with RuntimeError when the loop is stopped first (test_events.py::EventLoopTestsMixin::test_run_until_complete_stopped)", async () => {
    const { loop } = setUp();
    const cb = coroutine(async () => {
      loop.stop();
      await sleep(0.1);
    });
    const task = loop.createTask(cb());
    const error = await loop.runUntilComplete(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Event loop stopped before Future completed.");
    // The task is still pending; let it finish.
    expect(task.done()).toBe(false);
    await loop.runUntilComplete(task);
    expect(task.done()).toBe(true);
  });

  it("stop() before runUntilComplete runs one iteration, then rejects (test_base_events.py::BaseEventLoopTests::test_run_forever_pre_stopped)", async () => {
    const { loop } = setUp();
    let steps = 0;
    const task = loop.createTask(async () => {
      steps++;
      await sleep(1);
      steps++;
    });
    loop.stop();
    await expect(loop.runUntilComplete(task)).rejects.toThrow(
      "Event loop stopped before Future completed.",
    );
    expect(steps).toBe(1);
    expect(loop.time()).toBe(0);
    await loop.runUntilComplete(task);
    expect(steps).toBe(2);
  });

  it("can't run a loop that is already running (test_events.py::EventLoopTestsMixin::test_run_until_complete_nesting)", async () => {
    const { loop } = setUp();
    const coro1 = coroutine(async () => {
      await sleep(0);
    });
    const coro2 = coroutine(async () => {
      expect(loop.isRunning()).toBe(true);
      await loop.runUntilComplete(coro1());
    });
    const error = await loop.runUntilComplete(coro2()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("This event loop is already running");
  });

  it("runForever on a running loop rejects, the loop goes on (test_events.py::EventLoopTestsMixin::test_run_until_complete_nesting)", async () => {
    const { loop } = setUp();
    let nested: unknown;
    loop.callSoon(() => {
      loop.runForever().catch((e: unknown) => {
        nested = e;
      });
    });
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(nested).toBeInstanceOf(RuntimeError);
    expect((nested as Error).message).toBe("This event loop is already running");
  });

  it("can't run a loop while another loop runs (test_base_events.py::RunningLoopTests::test_running_loop_within_a_loop)", async () => {
    const { loop: outer } = setUp();
    const { loop: inner } = setUp();
    const runner = coroutine(async (loop: EventLoop) => {
      await loop.runForever();
    });
    const error = await outer.runUntilComplete(runner(inner)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe(
      "Cannot run the event loop while another loop is running",
    );
    expect(inner.isRunning()).toBe(false);
    expect(peekRunningLoop()).toBeNull();
  });

  it("sets and clears the running loop (test_events.py::GetEventLoopTestsMixin::test_get_running_loop)", async () => {
    const { loop } = setUp();
    expect(() => getRunningLoop()).toThrow(RuntimeError);
    expect(() => getRunningLoop()).toThrow("no running event loop");
    let inside: unknown;
    loop.callSoon(() => {
      inside = getRunningLoop();
      loop.stop();
    });
    await loop.runForever();
    expect(inside).toBe(loop);
    expect(peekRunningLoop()).toBeNull();
  });
});

describe("close", () => {
  it("a closed loop refuses work with 'Event loop is closed' (test_base_events.py::BaseEventLoopTests::test_close)", async () => {
    const { loop } = setUp();
    expect(loop.isClosed()).toBe(false);
    const future = loop.createFuture();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    // close() may be called more than once.
    loop.close();
    loop.close();
    const noop = (): void => undefined;
    expect(() => loop.callSoon(noop)).toThrow(RuntimeError);
    expect(() => loop.callSoon(noop)).toThrow("Event loop is closed");
    expect(() => loop.callSoonThreadsafe(noop)).toThrow("Event loop is closed");
    expect(() => loop.callLater(1, noop)).toThrow("Event loop is closed");
    expect(() => loop.callAt(1, noop)).toThrow("Event loop is closed");
    expect(() => loop.createTask(sleep(0))).toThrow("Event loop is closed");
    await expect(loop.runForever()).rejects.toThrow(RuntimeError);
    await expect(loop.runForever()).rejects.toThrow("Event loop is closed");
    await expect(loop.runUntilComplete(future)).rejects.toThrow("Event loop is closed");
  });

  it("close() drops pending callbacks and timers (test_base_events.py::BaseEventLoopTests::test_close)", async () => {
    const { loop, clock } = setUp();
    const ran: string[] = [];
    let pending: WeakRef<object>[] = [];
    // Scheduled from a function, so that only the loop holds the handles.
    const schedule = (): void => {
      loop.callSoon(() => {
        ran.push("first");
        // The loop stops after this iteration, with the next callback and the timer pending.
        loop.stop();
        pending = [
          new WeakRef(loop.callSoon(() => ran.push("soon"))),
          new WeakRef(loop.callLater(1, () => ran.push("later"))),
        ];
      });
    };
    schedule();
    await loop.runForever();
    expect(ran).toEqual(["first"]);
    expect(pending.map((ref) => ref.deref() === undefined)).toEqual([false, false]);
    loop.close();
    // Running again is refused, and the timer's deadline passing changes nothing.
    await expect(loop.runForever()).rejects.toThrow("Event loop is closed");
    clock.advance(2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(ran).toEqual(["first"]);
    // Dropped, not just skipped: the loop no longer holds them.
    await collect(() => pending.every((ref) => ref.deref() === undefined));
    expect(pending.map((ref) => ref.deref() === undefined)).toEqual([true, true]);
  });

  it("close() while running raises RuntimeError and the loop goes on (test_events.py::EventLoopTestsMixin::test_close_running_event_loop)", async () => {
    const { loop } = setUp();
    const closeLoop = coroutine(async () => {
      loop.close();
    });
    const error = await loop.runUntilComplete(closeLoop()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Cannot close a running event loop");
    expect(loop.isClosed()).toBe(false);
    expect(await loop.runUntilComplete(sleep(0, "still usable"))).toBe("still usable");
  });
});

describe("KeyboardInterrupt and SystemExit", () => {
  it("a KeyboardInterrupt thrown in a callback rejects runForever; later runs work (test_base_events.py::BaseEventLoopTests::test_run_forever_keyboard_interrupt)", async () => {
    const { loop } = setUp();
    const reported: unknown[] = [];
    loop.setExceptionHandler((_loop, context) => reported.push(context));
    const interrupt = new KeyboardInterrupt();
    loop.callSoon(() => {
      throw interrupt;
    });
    await expect(loop.runForever()).rejects.toBe(interrupt);
    expect(loop.isRunning()).toBe(false);
    expect(peekRunningLoop()).toBeNull();
    expect(reported).toEqual([]);
    expect(await loop.runUntilComplete(sleep(1, "after"))).toBe("after");
  });

  it("after a KeyboardInterrupt escapes runUntilComplete, runForever is not stopped early (test_base_events.py::BaseEventLoopTests::test_run_until_complete_baseexception)", async () => {
    const { loop } = setUp();
    const reported: unknown[] = [];
    loop.setExceptionHandler((_loop, context) => reported.push(context));
    const raiseKeyboardInterrupt = coroutine(async () => {
      throw new KeyboardInterrupt();
    });
    await expect(loop.runUntilComplete(raiseKeyboardInterrupt())).rejects.toThrow(
      KeyboardInterrupt,
    );
    let called = false;
    const func = (): void => {
      loop.stop();
      called = true;
    };
    loop.callSoon(() => loop.callSoon(func));
    await loop.runForever();
    expect(called).toBe(true);
    expect(reported).toEqual([]);
  });

  it("a Future whose exception is a KeyboardInterrupt still ends runUntilComplete (test_base_events.py::BaseEventLoopTests::test_run_until_complete_baseexception)", async () => {
    const { loop } = setUp();
    const future = loop.createFuture();
    const interrupt = new KeyboardInterrupt();
    // Set by a callback, so nothing is thrown through the loop: only the result carries it.
    loop.callLater(1, () => future.setException(interrupt));
    await expect(loop.runUntilComplete(future)).rejects.toBe(interrupt);
    expect(loop.time()).toBe(1);
  });

  it("a run ended by SystemExit leaves no stop callback on its orphaned future (test_base_events.py::BaseEventLoopTests::test_run_until_complete_loop_orphan_future_close_loop)", async () => {
    const { loop } = setUp();
    class ShowStopper extends SystemExit {}
    const foo = coroutine(async (delay: number) => {
      await sleep(delay);
      return delay;
    });
    loop.callSoon(() => {
      throw new ShowStopper();
    });
    await expect(loop.runUntilComplete(foo(0.1))).rejects.toThrow(ShowStopper);
    // The orphaned foo(0.1) finishes first and must not stop this run.
    expect(await loop.runUntilComplete(foo(0.2))).toBe(0.2);
    expect(loop.time()).toBe(0.2);
  });

  it("a SystemExit thrown in a timer callback rejects runForever (test_base_events.py::BaseEventLoopTests::test_run_forever_keyboard_interrupt)", async () => {
    const { loop } = setUp();
    loop.callLater(2, () => {
      throw new SystemExit(3);
    });
    const error = await loop.runForever().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SystemExit);
    expect(loop.time()).toBe(2);
    expect(loop.isRunning()).toBe(false);
  });
});

describe("getEventLoop, setEventLoop, newEventLoop", () => {
  afterEach(() => setEventLoop(null));

  it("newEventLoop makes a fresh loop that isn't running (test_events.py::PolicyTests::test_new_event_loop)", () => {
    const loop = newEventLoop();
    loops.push(loop);
    expect(loop).toBeInstanceOf(EventLoop);
    expect(loop.isRunning()).toBe(false);
    expect(loop.isClosed()).toBe(false);
    const other = newEventLoop({ clock: new VirtualClock(5) });
    loops.push(other);
    expect(other).not.toBe(loop);
    expect(other.time()).toBe(5);
  });

  it("setEventLoop sets what getEventLoop returns (test_events.py::PolicyTests::test_set_event_loop)", () => {
    const loop = newEventLoop();
    loops.push(loop);
    setEventLoop(loop);
    expect(getEventLoop()).toBe(loop);
    expect(getEventLoop()).toBe(loop);
    expect(() => setEventLoop(42 as never)).toThrow(TypeError);
    expect(() => setEventLoop(42 as never)).toThrow(/42/);
    expect(getEventLoop()).toBe(loop);
  });

  it("getEventLoop makes and keeps a loop when none is set (test_events.py::PolicyTests::test_get_event_loop)", () => {
    setEventLoop(null);
    const first = getEventLoop();
    loops.push(first);
    expect(first).toBeInstanceOf(EventLoop);
    expect(getEventLoop()).toBe(first);
    // A closed current loop is replaced.
    first.close();
    const second = getEventLoop();
    loops.push(second);
    expect(second).not.toBe(first);
  });

  it("getEventLoop returns the running loop (test_events.py::GetEventLoopTestsMixin::test_get_event_loop_returns_running_loop)", async () => {
    const set = newEventLoop();
    loops.push(set);
    setEventLoop(set);
    const { loop } = setUp();
    let seen: unknown;
    loop.callSoon(() => {
      seen = getEventLoop();
      loop.stop();
    });
    await loop.runForever();
    expect(seen).toBe(loop);
    expect(getEventLoop()).toBe(set);
  });
});
