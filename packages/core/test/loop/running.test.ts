/**
 * What only `EventLoop` adds to running and closing, beyond the event loop suite of
 * `@asyncio/testkit` (`test/conformance/event-loop.test.ts`): `runUntilComplete` of coroutines
 * and Promises, what a closed loop refuses besides scheduling, and the current-loop functions
 * (test_base_events.py / test_events.py).
 */
import { EventLoop, getEventLoop, newEventLoop, setEventLoop, VirtualClock } from "@asyncio/core";
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
});

describe("close", () => {
  it("a closed loop refuses callSoonThreadsafe and createTask too (test_base_events.py::BaseEventLoopTests::test_close)", () => {
    const { loop } = setUp();
    loop.close();
    expect(() => loop.callSoonThreadsafe(() => undefined)).toThrow("Event loop is closed");
    const coro = sleep(0);
    expect(() => loop.createTask(coro)).toThrow("Event loop is closed");
    coro.close();
  });

  it("close() lets go of the pending callbacks and timers: the loop no longer holds them (test_base_events.py::BaseEventLoopTests::test_close)", async () => {
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
