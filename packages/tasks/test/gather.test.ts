/**
 * `gather`, mirroring the gather parts of test_tasks.py (GatherTestsBase, FutureGatherTests,
 * CoroutineGatherTests, BaseTaskTests), on virtual time.
 */

import { CancelledError, type Future, isCancelledError, RuntimeError } from "@asyncio/futures";
import {
  asCompleted,
  coroutine,
  createTask,
  type GatheringFuture,
  gather,
  gatherFrom,
  sleep,
  wait,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

/** Runs `count` loop iterations. */
async function iterations(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await sleep(0);
}

describe("gather", () => {
  it("with no awaitables is a finished Future of [] (test_tasks.py::FutureGatherTests::test_constructor_empty_sequence_use_running_loop)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const outer = gather();
      expect(outer.done()).toBe(true);
      expect(outer.getLoop()).toBe(loop);
      expect(outer.result()).toEqual([]);
      expect(await outer).toEqual([]);
    });
  });

  it("results come in argument order, not finishing order (test_tasks.py::GatherTestsBase::test_success)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const results = await gather(sleep(0.3, "a"), sleep(0.1, "b"), async () => "c");
      expect(results).toEqual(["a", "b", "c"]);
      expect(loop.time()).toBeCloseTo(0.3, 9);
    });
  });

  it("the first exception completes it at once; later outcomes are ignored (test_tasks.py::GatherTestsBase::test_one_exception)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const [a, b, c, d, e] = Array.from({ length: 5 }, () => loop.createFuture<number>());
      const outer = gather(a!, b!, c!, d!, e!);
      let callbacks = 0;
      outer.addDoneCallback(() => callbacks++);
      a!.setResult(1);
      const boom = new RangeError("zero division");
      b!.setException(boom);
      await iterations(1);
      expect(outer.done()).toBe(true);
      expect(outer.exception()).toBe(boom);
      c!.setResult(3);
      d!.cancel();
      e!.setException(new Error("later"));
      await iterations(2);
      expect(callbacks).toBe(1);
    });
  });

  it("returnExceptions puts errors in place and waits for every child (test_tasks.py::GatherTestsBase::test_return_exceptions)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const [a, b, c, d] = Array.from({ length: 4 }, () => loop.createFuture<number>());
      const outer = gather(a!, b!, c!, d!, { returnExceptions: true });
      const exc = new RangeError("zero");
      const exc2 = new TypeError("two");
      b!.setResult(1);
      c!.setException(exc);
      a!.setResult(3);
      await iterations(1);
      expect(outer.done()).toBe(false);
      d!.setException(exc2);
      await iterations(1);
      expect(outer.result()).toEqual([3, 1, exc, exc2]);
    });
  });

  it("a child's failure doesn't cancel its siblings (tasks.py gather() docstring; the sibling side of test_tasks.py::GatherTestsBase::test_one_exception)", async () => {
    await withTaskLoop(async () => {
      const slow = createTask(sleep(1, "slow"));
      const failing = createTask(async () => {
        await sleep(0.1);
        throw new RangeError("fail");
      });
      const error = await caught(gather(slow, failing));
      expect(error).toBeInstanceOf(RangeError);
      expect(slow.done()).toBe(false);
      expect(await slow).toBe("slow");
    });
  });

  it("a cancelled child fails the gather with CancelledError, but the gather isn't cancelled (test_tasks.py::FutureGatherTests::test_one_cancellation)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const [a, b, c] = Array.from({ length: 3 }, () => loop.createFuture<number>());
      const outer = gather(a!, b!, c!);
      a!.setResult(1);
      b!.cancel();
      await iterations(1);
      expect(outer.done()).toBe(true);
      expect(outer.cancelled()).toBe(false);
      expect(outer.exception()).toBeInstanceOf(CancelledError);
      c!.setResult(3);
      await iterations(1);
    });
  });

  it("with returnExceptions, cancelled children appear as CancelledErrors (test_tasks.py::FutureGatherTests::test_result_exception_one_cancellation)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const [a, b, c, d, e] = Array.from({ length: 5 }, () => loop.createFuture<number>());
      const outer = gather(a!, b!, c!, d!, e!, { returnExceptions: true });
      a!.setResult(1);
      const zero = new RangeError("zero");
      b!.setException(zero);
      c!.cancel("why");
      d!.setResult(4);
      e!.cancel();
      await iterations(1);
      const results = outer.result();
      expect(results[0]).toBe(1);
      expect(results[1]).toBe(zero);
      expect(results[2]).toBeInstanceOf(CancelledError);
      expect((results[2] as Error).message).toBe("why");
      expect(results[3]).toBe(4);
      expect((results[4] as Error).message).toBe("");
    });
  });

  it("identical arguments run once and repeat their result (test_tasks.py::CoroutineGatherTests::test_duplicate_coroutines)", async () => {
    await withTaskLoop(async () => {
      let runs = 0;
      const coro = coroutine(async (s: string) => {
        runs++;
        return s;
      });
      const c = coro("abc");
      const results = await gather(c, c, coro("def"), c);
      expect(results).toEqual(["abc", "abc", "def", "abc"]);
      expect(runs).toBe(2);
      const f = async () => "f";
      expect(await gather(f, f)).toEqual(["f", "f"]);
    });
  });

  it("cancelling the awaiting task cancels the children (test_tasks.py::CoroutineGatherTests::test_cancellation_broadcast)", async () => {
    await withTaskLoop(async ({ loop }) => {
      let proof = 0;
      const waiter = loop.createFuture<undefined>();
      const inner = coroutine(async () => {
        await waiter;
        proof += 1;
      });
      const child1 = createTask(inner());
      const child2 = createTask(inner());
      let gatherer: GatheringFuture<unknown> | undefined;
      const f = createTask(async () => {
        gatherer = gather(child1, child2);
        await gatherer;
        proof += 100;
      });
      await iterations(1);
      expect(f.cancel()).toBe(true);
      expect(await caught(f)).toBeInstanceOf(CancelledError);
      expect(gatherer?.cancel()).toBe(false);
      expect(waiter.cancelled()).toBe(true);
      expect(child1.cancelled()).toBe(true);
      expect(child2.cancelled()).toBe(true);
      await iterations(1);
      expect(proof).toBe(0);
    });
  });

  it("cancel() returns false when every child is already done (test_tasks.py::BaseTaskTests::test_cancel_gather_1)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const fut = loop.createFuture<number>();
      const outer = gather(fut);
      fut.setResult(42);
      // The child is done but its callback hasn't run yet, so the gather is still pending.
      expect(outer.done()).toBe(false);
      expect(outer.cancel()).toBe(false);
      expect(await outer).toEqual([42]);
    });
  });

  it("a task cancelled while awaiting gather(returnExceptions) ends with the message (test_tasks.py::BaseTaskTests::test_cancel_gather_2)", async () => {
    await withTaskLoop(async () => {
      const task = createTask(async () => {
        for (;;) await gather(sleep(10), { returnExceptions: true });
      });
      await iterations(2);
      task.cancel("my message");
      const error = await caught(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("my message");
    });
  });

  it("cancelling the gather itself cancels the children and fails it even with returnExceptions (tasks.py _GatheringFuture.cancel, bpo-32684; outer-cancel side of test_tasks.py::BaseTaskTests::test_cancel_gather_2)", async () => {
    await withTaskLoop(async () => {
      const a = createTask(sleep(1, "a"));
      const b = createTask(sleep(2, "b"));
      const outer = gather(a, b, { returnExceptions: true });
      await iterations(1);
      expect(outer.cancel("stop")).toBe(true);
      const error = await caught(outer);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("stop");
      expect(outer.cancelled()).toBe(false);
      expect(a.cancelled()).toBe(true);
      expect(b.cancelled()).toBe(true);
    });
  });

  it("children already done are processed at once (tasks.py gather, gh-97696: done children handled before returning)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = loop.createFuture<number>();
      const b = loop.createFuture<string>();
      a.setResult(1);
      b.setResult("two");
      const outer = gather(a, b);
      expect(outer.done()).toBe(true);
      expect(outer.result()).toEqual([1, "two"]);
      const failed = loop.createFuture<number>();
      const boom = new Error("boom");
      failed.setException(boom);
      const failing = gather(a, failed);
      expect(failing.exception()).toBe(boom);
    });
  });

  it("a non-awaitable argument is a TypeError naming it (test_tasks.py::BaseTaskTests::test_ensure_future_error_msg, through gather)", async () => {
    await withTaskLoop(async () => {
      expect(() => gather(42 as never)).toThrow(TypeError);
      expect(() => gather(42 as never)).toThrow(/argument 1 .* got 42/);
      expect(() => gather(sleep(0), "x" as never)).toThrow(/argument 2 .* got "x"/);
      expect(() => gather(sleep(0), { returnExceptions: "yes" } as never)).toThrow(TypeError);
      expect(() => gather(sleep(0), { return_exceptions: true } as never)).toThrow(
        /unknown option "return_exceptions"/,
      );
    });
  });

  it("children of different kinds: coroutines, functions, Promises, Futures (test_tasks.py::CoroutineGatherTests::test_constructor_loop_selection, with every kind of awaitable)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const fut = loop.createFuture<number>();
      loop.callLater(0.5, () => fut.setResult(4));
      const results = await gather(sleep(0.1, 1), async () => 2, Promise.resolve(3), fut);
      expect(results).toEqual([1, 2, 3, 4]);
    });
  });

  it("a child's CancelledError fails the awaiting task cancelled (test_tasks.py::FutureGatherTests::test_one_cancellation, seen from the awaiting task)", async () => {
    await withTaskLoop(async () => {
      const child = createTask(sleep(1));
      const parent = createTask(async () => gather(child, sleep(2)));
      await iterations(2);
      child.cancel("child");
      const error = await caught(parent);
      expect(isCancelledError(error)).toBe(true);
      expect(parent.cancelled()).toBe(true);
      // The sibling keeps running: gather doesn't cancel it.
      await sleep(3);
    });
  });

  it("the results keep their static tuple type (no CPython counterpart; type-level checks in gather.test-d.ts)", async () => {
    await withTaskLoop(async () => {
      const [n, s] = await gather(sleep(0, 1), sleep(0, "s"));
      const typed: [number, string] = [n, s];
      expect(typed).toEqual([1, "s"]);
      const f: Future<[number]> = gather(sleep(0, 5));
      expect(await f).toEqual([5]);
    });
  });

  it("returnExceptions with only successes gives the plain results (test_tasks.py::GatherTestsBase::test_result_exception_success)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const [a, b, c] = Array.from({ length: 3 }, () => loop.createFuture<number>());
      const outer = gather(a!, b!, c!, { returnExceptions: true });
      let callbacks = 0;
      outer.addDoneCallback(() => callbacks++);
      b!.setResult(1);
      a!.setResult(2);
      await iterations(2);
      expect(outer.done()).toBe(false);
      c!.setResult(3);
      await iterations(2);
      expect(callbacks).toBe(1);
      expect(outer.result()).toEqual([2, 1, 3]);
    });
  });

  it("a later child's error is marked retrieved, the first one propagates (test_tasks.py::CoroutineGatherTests::test_exception_marking)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const a = loop.createFuture<undefined>();
      const b = loop.createFuture<undefined>();
      const inner = coroutine(async (f: Future<undefined>) => {
        await f;
        throw new RuntimeError("should not be ignored");
      });
      const f = createTask(async () => gather(inner(a), inner(b)));
      await iterations(1);
      a.setResult(undefined);
      await iterations(1);
      b.setResult(undefined);
      expect(await caught(f)).toBeInstanceOf(RuntimeError);
      await iterations(3);
    });
  });
});

// Work at scale: a generous limit, so that a loaded machine never fails them on time alone.
describe("gather of very many awaitables", { timeout: 120_000 }, () => {
  it("gatherFrom takes a million awaitables from an iterable, in order (test_tasks.py::BaseTaskTests::test_gather_shield; no argument spread)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const count = 1_000_000;
      const futures: Future<number>[] = new Array(count);
      for (let i = 0; i < count; i++) futures[i] = loop.createFuture<number>();
      const gathered = gatherFrom(futures);
      loop.callSoon(() => {
        for (let i = count - 1; i >= 0; i--) (futures[i] as Future<number>).setResult(i);
      });
      const results = await gathered;
      expect(results).toHaveLength(count);
      expect(results[0]).toBe(0);
      expect(results[count - 1]).toBe(count - 1);
      expect(results.every((value, index) => value === index)).toBe(true);
    });
  });

  it("gatherFrom takes any iterable and the gather options; bad input is a TypeError naming it (asyncio.gather argument checks)", async () => {
    await withTaskLoop(async () => {
      function* three() {
        yield sleep(0, "a");
        yield sleep(0, "b");
        yield () => Promise.reject(new Error("c"));
      }
      const results = await gatherFrom(three(), { returnExceptions: true });
      expect(results.slice(0, 2)).toEqual(["a", "b"]);
      expect(results[2]).toEqual(new Error("c"));
      expect(() => gatherFrom(5 as never)).toThrow(
        new TypeError("gatherFrom() aws must be an iterable of awaitables, got 5"),
      );
      expect(() => gatherFrom([1] as never)).toThrow(
        new TypeError(
          "gatherFrom() argument 1 must be a Future, a coroutine, a function or a Promise, got 1",
        ),
      );
      expect(() => gatherFrom([], { returnExceptions: "yes" } as never)).toThrow(
        new TypeError('gatherFrom() option returnExceptions must be a boolean, got "yes"'),
      );
    });
  });

  it("gather(...tasks) of 120,000 tasks, past where a second spread used to overflow the stack (test_tasks.py::BaseTaskTests::test_gather_shield)", async () => {
    await withTaskLoop(async () => {
      const tasks = Array.from({ length: 120_000 }, (_, i) => createTask(sleep(0, i)));
      const results = await gather(...tasks);
      expect(results).toHaveLength(120_000);
      expect(results[119_999]).toBe(119_999);
    });
  });
});

describe("wait and asCompleted over very many futures", { timeout: 120_000 }, () => {
  it("wait() and asCompleted() take 200,000 futures (test_tasks.py::BaseTaskTests::test_wait; test_as_completed.py::BaseAsCompletedTests::test_as_completed)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const count = 200_000;
      const futures = Array.from({ length: count }, () => loop.createFuture<number>());
      loop.callSoon(() => {
        for (const [i, future] of futures.entries()) future.setResult(i);
      });
      const [done, pending] = await wait(futures);
      expect(done.size).toBe(count);
      expect(pending.size).toBe(0);
      let sum = 0;
      // TypeScript awaits a `for await` variable's type; at runtime it is the finished Future.
      for await (const finished of asCompleted(futures)) {
        sum += (finished as unknown as Future<number>).result();
      }
      expect(sum).toBe((count * (count - 1)) / 2);
    });
  });
});
