/**
 * `sleep`, mirroring test_tasks.py (SleepTests and BaseTaskTests::test_sleep*): the result, one
 * loop iteration for `sleep(0)`, the timer cancelled with the sleeping task, bad delays.
 */
import { CancelledError, ValueError } from "@asyncio/futures";
import type { TimerHandleContract } from "@asyncio/futures/contract";
import { coroutine, createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { rejection, thrown, withTaskLoop } from "./support/task-loop.js";

describe("sleep", () => {
  it("resumes after the delay with the result (test_tasks.py::BaseTaskTests::test_sleep)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const sleeper = coroutine(async (dt: number, arg: string) => {
        await sleep(dt / 2);
        return await sleep(dt / 2, arg);
      });
      const t = createTask(sleeper(0.1, "yeah"));
      expect(await t).toBe("yeah");
      expect(t.result()).toBe("yeah");
      expect(loop.time()).toBeCloseTo(0.1, 9);
    });
  });

  it("sleep(0, result) lets exactly the callbacks queued before it run, and returns result (test_tasks.py::SleepTests::test_sleep_zero)", async () => {
    let result = 0;
    const incResult = (num: number): void => {
      result += num;
    };
    await withTaskLoop(async ({ loop }) => {
      loop.callSoon(incResult, 1);
      expect(result).toBe(0);
      const num = await sleep(0, 10);
      expect(result).toBe(1);
      incResult(num);
    });
    expect(result).toBe(11);
  });

  it("sleep(0) yields exactly one loop iteration, every time (test_tasks.py::SleepTests::test_sleep_zero)", async () => {
    await withTaskLoop(async ({ loop }) => {
      let iterations = 0;
      let running = true;
      const tick = (): void => {
        if (!running) return;
        iterations++;
        loop.callSoon(tick);
      };
      loop.callSoon(tick);
      await sleep(0);
      expect(iterations).toBe(1);
      await sleep(0);
      expect(iterations).toBe(2);
      for (let i = 0; i < 10; i++) await sleep(0);
      expect(iterations).toBe(12);
      // A negative delay is a zero delay.
      await sleep(-1);
      expect(iterations).toBe(13);
      running = false;
      expect(loop.time()).toBe(0);
    });
  });

  it("cancelling a sleeping task cancels its timer (test_tasks.py::BaseTaskTests::test_sleep_cancel)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const handles: TimerHandleContract[] = [];
      const originalCallLater = loop.callLater.bind(loop);
      loop.callLater = ((delay: number, callback: () => unknown, ...args: unknown[]) => {
        const handle = originalCallLater(delay, callback as (...a: unknown[]) => unknown, ...args);
        handles.push(handle);
        return handle;
      }) as typeof loop.callLater;
      const t = createTask(sleep(10, "yeah"));
      await sleep(0);
      loop.callLater = originalCallLater;
      expect(handles).toHaveLength(1);
      expect(handles[0]?.cancelled()).toBe(false);
      t.cancel();
      expect(handles[0]?.cancelled()).toBe(true);
      expect(await rejection(t)).toBeInstanceOf(CancelledError);
      expect(t.cancelled()).toBe(true);
      expect(loop.time()).toBe(0);
    });
  });

  it("sleep(NaN) raises ValueError (test_tasks.py::BaseTaskTests::test_sleep_when_delay_is_nan)", async () => {
    // Python raises when the coroutine runs; here the check is eager, so the error appears at the
    // call, which is inside the coroutine that awaits it in both cases.
    await withTaskLoop(async () => {
      const sleeper = coroutine(async () => {
        await sleep(Number.NaN);
      });
      const error = await rejection(createTask(sleeper()));
      expect(error).toBeInstanceOf(ValueError);
      expect((error as Error).message).toMatch(/NaN/);
    });
  });

  it("sleep() of a non-number raises TypeError naming the value (test_tasks.py::BaseTaskTests::test_sleep)", () => {
    const error = thrown(() => sleep("1" as never));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/delay must be a number of seconds, got "1"/);
  });

  it("a sleep coroutine is lazy: its timer starts when it is awaited (test_tasks.py::BaseTaskTests::test_sleep)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const coro = sleep(1, "late");
      await sleep(5);
      expect(await coro).toBe("late");
      expect(loop.time()).toBe(6);
    });
  });
});
