/**
 * What only `EventLoop` adds to the scheduling that the event loop suite of `@asyncio/testkit`
 * checks (`test/conformance/event-loop.test.ts`): `callSoonThreadsafe`, the handle classes and
 * their repr, and far timers on the system clock (test_base_events.py / test_events.py).
 */

import { EventLoop, TimerHandle } from "@asyncio/core";
import { Handle } from "@asyncio/futures";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type LoopUnderTest, newTestLoop } from "./helpers.js";

let current: LoopUnderTest;

function setUp(start = 0): LoopUnderTest {
  current = newTestLoop(start);
  return current;
}

afterEach(() => {
  if (!current.loop.isRunning()) current.loop.close();
});

it("callSoonThreadsafe shares one FIFO with callSoon (test_events.py::EventLoopTestsMixin::test_call_soon_threadsafe_same_thread)", async () => {
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

it("callSoon returns a Handle, callLater and callAt a TimerHandle whose repr shows when= (test_events.py::TimerTests::test_when)", () => {
  const { loop, clock } = setUp();
  clock.advance(7);
  expect(loop.callSoon(() => undefined)).toBeInstanceOf(Handle);
  const timer = loop.callLater(2.5, () => undefined);
  expect(timer).toBeInstanceOf(TimerHandle);
  expect(loop.callAt(20, () => undefined)).toBeInstanceOf(TimerHandle);
  expect(timer.when()).toBe(9.5);
  expect(String(timer)).toContain("when=9.5");
  timer.cancel();
  expect(String(timer)).toContain("cancelled");
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
