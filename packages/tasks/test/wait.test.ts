/**
 * `wait`, mirroring the wait parts of test_tasks.py (BaseTaskTests), on virtual time.
 */

import { CancelledError, type Future, ValueError } from "@asyncio/futures";
import {
  ALL_COMPLETED,
  createTask,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  sleep,
  wait,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

describe("wait", () => {
  it("waits for all by default (test_tasks.py::BaseTaskTests::test_wait)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = createTask(sleep(0.1, "a"));
      const b = createTask(sleep(0.15, "b"));
      const [done, pending] = await wait([b, a]);
      expect(done).toEqual(new Set([a, b]));
      expect(pending.size).toBe(0);
      expect(loop.time()).toBeCloseTo(0.15, 9);
    });
  });

  it("a duplicate future counts once (test_tasks.py::BaseTaskTests::test_wait_duplicate_coroutines)", async () => {
    await withTaskLoop(async () => {
      const a = createTask(sleep(0.01, "yes"));
      const [done, pending] = await wait([a, a]);
      expect(done.size).toBe(1);
      expect(pending.size).toBe(0);
      expect(a.result()).toBe("yes");
    });
  });

  it("refuses an empty set and a bad returnWhen (test_tasks.py::BaseTaskTests::test_wait_errors)", async () => {
    await withTaskLoop(async () => {
      const empty = await caught(wait(new Set<Future<unknown>>()));
      expect(empty).toBeInstanceOf(ValueError);
      expect((empty as Error).message).toBe("Set of Tasks/Futures is empty.");
      const task = createTask(sleep(10));
      const bad = await caught(wait([task], { returnWhen: -1 as unknown as ReturnWhen }));
      expect(bad).toBeInstanceOf(ValueError);
      expect((bad as Error).message).toBe("Invalid return_when value: -1");
      task.cancel();
      await caught(task);
    });
  });

  it("returns at the first completion (test_tasks.py::BaseTaskTests::test_wait_first_completed)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = createTask(sleep(10));
      const b = createTask(sleep(0.1));
      const [done, pending] = await wait([b, a], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([b]));
      expect(pending).toEqual(new Set([a]));
      expect(a.done()).toBe(false);
      expect(loop.time()).toBeCloseTo(0.1, 9);
      a.cancel();
      await caught(a);
    });
  });

  it("futures finishing in the same iteration are all done (test_tasks.py::BaseTaskTests::test_wait_really_done)", async () => {
    await withTaskLoop(async () => {
      const a = createTask(async () => {
        await sleep(0);
        await sleep(0);
      });
      const b = createTask(async () => {
        await sleep(0);
      });
      const [done, pending] = await wait([b, a], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([a, b]));
      expect(pending.size).toBe(0);
    });
  });

  it("FIRST_EXCEPTION returns at once when a future already failed (test_tasks.py::BaseTaskTests::test_wait_first_exception)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = createTask(sleep(10));
      const b = createTask(async () => {
        throw new RangeError("zero");
      });
      const [done, pending] = await wait([b, a], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([b]));
      expect(pending).toEqual(new Set([a]));
      expect(loop.time()).toBe(0);
      expect(b.exception()).toBeInstanceOf(RangeError);
      a.cancel();
      await caught(a);
    });
  });

  it("FIRST_EXCEPTION returns when a later future fails (test_tasks.py::BaseTaskTests::test_wait_first_exception_in_wait)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = createTask(sleep(10));
      const b = createTask(async () => {
        await sleep(0.01);
        throw new RangeError("zero");
      });
      const [done, pending] = await wait([b, a], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([b]));
      expect(pending).toEqual(new Set([a]));
      expect(loop.time()).toBeCloseTo(0.01, 9);
      b.exception();
      a.cancel();
      await caught(a);
    });
  });

  it("FIRST_EXCEPTION without an exception waits for all (test_tasks.py::BaseTaskTests::test_wait_first_exception)", async () => {
    await withTaskLoop(async () => {
      const a = createTask(sleep(0.1, "a"));
      const b = createTask(sleep(0.2, "b"));
      const cancelled = createTask(sleep(0.05));
      await sleep(0);
      cancelled.cancel();
      const [done, pending] = await wait([a, b, cancelled], { returnWhen: FIRST_EXCEPTION });
      expect(done.size).toBe(3);
      expect(pending.size).toBe(0);
    });
  });

  it("FIRST_COMPLETED and ALL_COMPLETED with exceptions (test_tasks.py::BaseTaskTests::test_wait_with_exception)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = createTask(sleep(0.1, "a"));
      const b = createTask(async () => {
        await sleep(0.15);
        throw new RangeError("zero");
      });
      const [done, pending] = await wait([b, a], { returnWhen: ALL_COMPLETED });
      expect(done.size).toBe(2);
      expect(pending.size).toBe(0);
      expect(b.exception()).toBeInstanceOf(RangeError);
      expect(loop.time()).toBeCloseTo(0.15, 9);
    });
  });

  it("a timeout returns what is done so far without raising (test_tasks.py::BaseTaskTests::test_wait_with_timeout)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = createTask(sleep(0.1, "a"));
      const b = createTask(sleep(0.15, "b"));
      const [done, pending] = await wait([b, a], { timeout: 0.11 });
      expect(done).toEqual(new Set([a]));
      expect(pending).toEqual(new Set([b]));
      expect(loop.time()).toBeCloseTo(0.11, 9);
      await b;
    });
  });

  it("the futures aren't cancelled on timeout (test_tasks.py::BaseTaskTests::test_wait_concurrent_complete)", async () => {
    await withTaskLoop(async () => {
      const a = createTask(sleep(0.1, "a"));
      const b = createTask(sleep(0.15, "b"));
      // As in the CPython test, the wait runs in its own task, started after a and b.
      const [done, pending] = await createTask(wait([b, a], { timeout: 0.1 }));
      expect(done).toEqual(new Set([a]));
      expect(pending).toEqual(new Set([b]));
      expect(b.cancelled()).toBe(false);
      expect(await b).toBe("b");
    });
  });

  it("cancelling the waiting task doesn't cancel the futures (test_tasks.py::BaseTaskTests::test_yield_wait_does_not_shield_cancel)", async () => {
    await withTaskLoop(async () => {
      const inner = createTask(sleep(0.1, "inner"));
      const outer = createTask(async () => {
        await wait([inner]);
        return "outer";
      });
      await sleep(0);
      outer.cancel();
      expect(await caught(outer)).toBeInstanceOf(CancelledError);
      expect(inner.cancelled()).toBe(false);
      expect(await inner).toBe("inner");
    });
  });

  it("refuses coroutines and non-futures with TypeError (test_tasks.py::BaseTaskTests::test_wait_coroutines, test_wait_invalid_args)", async () => {
    await withTaskLoop(async () => {
      const coro = sleep(0);
      const error = await caught(wait([coro as never]));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(
        "Passing coroutines is forbidden, use tasks explicitly.",
      );
      const task = createTask(sleep(0));
      expect(await caught(wait(task as never))).toBeInstanceOf(TypeError);
      expect(await caught(wait(coro as never))).toBeInstanceOf(TypeError);
      expect(await caught(wait([42] as never))).toBeInstanceOf(TypeError);
      await task;
    });
  });
});
