/**
 * The conformance suite of a `Clock`, the one seam through which `EventLoop` reads time and arms
 * its wake-up timer: `now()` in seconds that never goes backwards, `setTimer` that calls back
 * once (not at all after `clearTimer`), and a loop built on the clock whose
 * `time()` is the clock's and whose timers and sleeps never end early. A virtual clock (time that
 * moves only when the loop would wait) is held to exact times; a real one to real time passing.
 */
import { describe as describeValue } from "@asyncio/futures/contract";
import { sleep } from "@asyncio/tasks";
import { afterEach, describe, expect } from "vitest";
import { closeAll, type RunnableLoop, runTask } from "./internal/loops.js";
import { nodeTurns } from "./internal/outcomes.js";
import { suiteTests } from "./internal/suite-tests.js";

/** A clock as `@asyncio/core`'s `Clock` describes it. */
export interface ClockUnderTest {
  /** Monotonic time in seconds. */
  now(): number;
  /** Calls `callback` once, `delay` seconds from now; the token goes to `clearTimer`. */
  setTimer(callback: () => void, delay: number): unknown;
  clearTimer(timer: unknown): void;
}

/** What `describeClock` needs: a name for the suite and how to make the clock under test. */
export interface ClockSuiteOptions<C extends ClockUnderTest> {
  /** The name of the `describe` block (default `"clock"`). */
  name?: string;
  /** Makes a loop that reads its time from `clock` (`new EventLoop({ clock })`). */
  loop: (clock: C) => RunnableLoop;
  /**
   * The clock is virtual: `now()` stands still until a timer fires (then it is that timer's
   * deadline), as `VirtualClock`. Default false: a real clock that moves with time.
   */
  virtual?: boolean;
  /**
   * Tests this implementation is known to fail, as CPython's `@unittest.expectedFailure`: a
   * fragment of the test's title (its CPython reference, say) mapped to why. They still run, and
   * the run turns red once they pass, so that the entry goes with the bug.
   */
  expectedFailures?: Readonly<Record<string, string>>;
}

/** Resolves after `ms` milliseconds of Node's own timers. */
function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with what `clock.now()` reads when a timer of `delay` seconds fires. */
function fired(clock: ClockUnderTest, delay: number): Promise<number> {
  return new Promise((resolve) => clock.setTimer(() => resolve(clock.now()), delay));
}

/**
 * Registers the clock suite: each test makes a fresh clock with `factory`.
 *
 * @example
 * ```ts
 * import { EventLoop } from "@asyncio/core";
 * import { describeClock } from "@asyncio/testkit";
 *
 * describeClock(() => new HybridClock(), { loop: (clock) => new EventLoop({ clock }) });
 * ```
 */
export function describeClock<C extends ClockUnderTest>(
  factory: () => C,
  options: ClockSuiteOptions<C>,
): void {
  if (typeof factory !== "function") {
    throw new TypeError(
      `describeClock() factory must be a function, got ${describeValue(factory)}`,
    );
  }
  if (typeof options?.loop !== "function") {
    throw new TypeError(
      `describeClock() options.loop must be a function that makes a loop on the clock, got ${describeValue(options?.loop)}`,
    );
  }
  const virtual = options.virtual === true;
  const name = options.name ?? "clock";

  describe(name, () => {
    const test = suiteTests(`describeClock(${name})`, options.expectedFailures);
    const loops: RunnableLoop[] = [];
    afterEach(() => closeAll(loops.splice(0)));
    const loopOn = (clock: C): RunnableLoop => {
      const loop = options.loop(clock);
      loops.push(loop);
      return loop;
    };

    test("now() reads finite seconds that never go backwards (base_events.py::BaseEventLoop.time: time.monotonic)", async () => {
      const clock = factory();
      const readings = [clock.now()];
      for (let i = 0; i < 5; i++) {
        await wait(1);
        readings.push(clock.now(), clock.now());
        await fired(clock, 0.001);
        readings.push(clock.now());
      }
      for (const reading of readings) expect(Number.isFinite(reading)).toBe(true);
      for (let i = 1; i < readings.length; i++) {
        expect(readings[i]).toBeGreaterThanOrEqual(readings[i - 1] as number);
      }
    });

    test("setTimer calls its callback once (no CPython counterpart: the loop's single wake-up timer)", async () => {
      const clock = factory();
      let calls = 0;
      const token = clock.setTimer(() => calls++, 0.002);
      await fired(clock, 0.01);
      await wait(15);
      await nodeTurns(2);
      expect(calls).toBe(1);
      // Clearing a timer that already fired does nothing.
      clock.clearTimer(token);
      expect(calls).toBe(1);
    });

    test("clearTimer before the deadline: the callback never runs (no CPython counterpart: the loop disarms its timer)", async () => {
      const clock = factory();
      const calls: string[] = [];
      const cleared = clock.setTimer(() => calls.push("cleared"), 0.002);
      clock.setTimer(() => calls.push("kept"), 0.004);
      clock.clearTimer(cleared);
      await fired(clock, 0.02);
      await nodeTurns(2);
      expect(calls).toEqual(["kept"]);
    });

    test("a zero or negative delay fires as soon as it can (test_base_events.py::BaseEventLoopTests::test_call_later_negative_delays)", async () => {
      const clock = factory();
      const order: string[] = [];
      await new Promise<void>((resolve) => {
        clock.setTimer(() => order.push("zero"), 0);
        clock.setTimer(() => {
          order.push("negative");
          resolve();
        }, -1);
      });
      await fired(clock, 0);
      expect(order.sort()).toEqual(["negative", "zero"]);
    });

    if (virtual) {
      test("virtual: now() stands still until a timer fires, and then reads that timer's deadline (test_utils.py::TestLoop)", async () => {
        const clock = factory();
        const start = clock.now();
        await wait(5);
        await nodeTurns(2);
        expect(clock.now()).toBe(start);
        expect(await fired(clock, 3600)).toBe(start + 3600);
        expect(clock.now()).toBe(start + 3600);
      });
    } else {
      test("real: now() moves with real time, as performance.now() does (to 2 ms) (base_events.py::BaseEventLoop.time)", async () => {
        const clock = factory();
        const clockStart = clock.now();
        const realStart = performance.now();
        await wait(25);
        const clockElapsed = clock.now() - clockStart;
        const realElapsed = (performance.now() - realStart) / 1000;
        expect(Math.abs(clockElapsed - realElapsed)).toBeLessThanOrEqual(0.002);
      });
    }

    describe("a loop on the clock", () => {
      test("loop.time() is the clock's now() (base_events.py::BaseEventLoop.time)", async () => {
        const clock = factory();
        const loop = loopOn(clock);
        const before = clock.now();
        const time = loop.time();
        const after = clock.now();
        expect(time).toBeGreaterThanOrEqual(before);
        expect(time).toBeLessThanOrEqual(after);
        await runTask(loop, sleep(0.01));
        const inside = loop.time();
        expect(inside).toBeLessThanOrEqual(clock.now());
      });

      test("timers run in deadline order and never before their deadline (test_base_events.py::BaseEventLoopTests::test_call_later)", async () => {
        const clock = factory();
        const loop = loopOn(clock);
        const t0 = loop.time();
        const ran: Array<[number, number]> = [];
        for (const delay of [0.03, 0.01, 0.02]) {
          loop.callLater(delay, () => ran.push([delay, clock.now()]));
        }
        loop.callLater(0.03, () => loop.stop());
        await loop.runForever();
        expect(ran.map(([delay]) => delay)).toEqual([0.01, 0.02, 0.03]);
        for (const [delay, at] of ran) {
          if (virtual) expect(at).toBeCloseTo(t0 + delay, 9);
          else expect(at).toBeGreaterThanOrEqual(t0 + delay);
        }
      });

      test("sleep(delay) ends no earlier than delay seconds of the clock later (test_tasks.py::SleepTests::test_sleep)", async () => {
        const clock = factory();
        const loop = loopOn(clock);
        const t0 = clock.now();
        const result = await runTask(loop, async () => {
          await sleep(0.02);
          await sleep(0.01);
          return clock.now();
        });
        if (virtual) expect(result).toBeCloseTo(t0 + 0.03, 9);
        else expect(result).toBeGreaterThanOrEqual(t0 + 0.03);
      });

      if (virtual) {
        test("virtual: the loop jumps to its next timer, so sleep(3600) takes no real time (test_utils.py::TestLoop)", async () => {
          const clock = factory();
          const loop = loopOn(clock);
          const t0 = clock.now();
          const started = performance.now();
          expect(await runTask(loop, sleep(3600, "an hour later"))).toBe("an hour later");
          expect(loop.time()).toBe(t0 + 3600);
          expect(performance.now() - started).toBeLessThan(60_000);
        });
      }
    });
    test.checkExpectedFailures();
  });
}
