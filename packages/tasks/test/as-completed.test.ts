/**
 * `asCompleted`, in both of Python 3.13's forms, mirroring the as_completed parts of
 * test_tasks.py (BaseTaskTests), on virtual time.
 */

import { TimeoutError } from "@asyncio/futures";
import {
  asCompleted,
  coroutine,
  createTask,
  type FinishedFuture,
  isTask,
  sleep,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

describe("asCompleted", () => {
  it("plain iteration gives results in finishing order (test_tasks.py::BaseTaskTests::test_as_completed)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const values: string[] = [];
      for (const next of asCompleted([sleep(0.1, "a"), sleep(0.05, "b"), sleep(0.15, "c")])) {
        values.push(await next);
      }
      expect(values).toEqual(["b", "a", "c"]);
      expect(loop.time()).toBeCloseTo(0.15, 9);
    });
  });

  it("async iteration gives the finished futures (test_tasks.py::BaseTaskTests::test_as_completed_same_tasks_in_as_out)", async () => {
    await withTaskLoop(async () => {
      const a = createTask(sleep(0.2, "a"));
      const b = createTask(sleep(0.1, "b"));
      const seen: FinishedFuture<string>[] = [];
      for await (const fut of asCompleted([a, b]) as AsyncIterable<FinishedFuture<string>>) {
        seen.push(fut);
      }
      expect(seen).toEqual([b, a]);
      // Coroutines come back as new Tasks, never as the coroutine objects.
      const coro = sleep(0.1, "c");
      for await (const fut of asCompleted([coro]) as AsyncIterable<FinishedFuture<string>>) {
        expect(isTask(fut)).toBe(true);
        expect(fut).not.toBe(coro);
        expect(fut.result()).toBe("c");
      }
    });
  });

  it("both forms raise TimeoutError after the first result (test_tasks.py::BaseTaskTests::test_as_completed_with_timeout)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const plain: unknown[] = [];
      const a = createTask(sleep(0.1, "a"));
      const b = createTask(sleep(0.15, "b"));
      for (const next of asCompleted([a, b], { timeout: 0.12 })) {
        try {
          plain.push(await next);
        } catch (error) {
          plain.push(error);
        }
      }
      expect(plain[0]).toBe("a");
      expect(plain[1]).toBeInstanceOf(TimeoutError);
      expect(loop.time()).toBeCloseTo(0.12, 9);
      await b;

      const c = createTask(sleep(0.1, "c"));
      const d = createTask(sleep(0.15, "d"));
      const viaAsync: unknown[] = [];
      const error = await caught(async () => {
        for await (const fut of asCompleted([c, d], { timeout: 0.12 }) as AsyncIterable<
          FinishedFuture<string>
        >) {
          viaAsync.push(fut.result());
        }
      });
      expect(viaAsync).toEqual(["c"]);
      expect(error).toBeInstanceOf(TimeoutError);
      await d;
    });
  });

  it("the first awaited gets the first finished (test_tasks.py::BaseTaskTests::test_as_completed_reverse_wait)", async () => {
    await withTaskLoop(async () => {
      const a = createTask(sleep(0.05, "a"));
      const b = createTask(sleep(0.1, "b"));
      const iterator = asCompleted([a, b])[Symbol.iterator]();
      const first = iterator.next().value;
      const second = iterator.next().value;
      expect(iterator.next().done).toBe(true);
      expect(await second).toBe("a");
      expect(await first).toBe("b");
    });
  });

  it("concurrent waits each get one result (test_tasks.py::BaseTaskTests::test_as_completed_concurrent)", async () => {
    await withTaskLoop(async () => {
      const waits = [...asCompleted([sleep(0.05, "a"), sleep(0.05, "b")])];
      expect(waits).toHaveLength(2);
      const results = await Promise.all(waits.map((w) => createTask(w)));
      expect(new Set(results)).toEqual(new Set(["a", "b"]));
    });
  });

  it("a coroutine passed twice runs once (test_tasks.py::BaseTaskTests::test_as_completed_duplicate_coroutines)", async () => {
    await withTaskLoop(async () => {
      const coro = coroutine(async (s: string) => s);
      const c = coro("ham");
      const results = new Set<string>();
      let count = 0;
      for (const next of asCompleted([c, c, coro("spam")])) {
        results.add(await next);
        count++;
      }
      expect(results).toEqual(new Set(["ham", "spam"]));
      expect(count).toBe(2);
    });
  });

  it("can be left with break and resumed (test_tasks.py::BaseTaskTests::test_as_completed_resume_iterator)", async () => {
    await withTaskLoop(async () => {
      const all = asCompleted([sleep(0.1, 1), sleep(0.2, 2), sleep(0.3, 3)]);
      const got: number[] = [];
      for await (const fut of all as AsyncIterable<FinishedFuture<number>>) {
        got.push(fut.result());
        break;
      }
      for (const next of all) got.push(await next);
      expect(got).toEqual([1, 2, 3]);
    });
  });

  it("an empty input yields nothing; a single Future or coroutine is refused (test_tasks.py::BaseTaskTests::test_as_completed_invalid_args)", async () => {
    await withTaskLoop(async ({ loop }) => {
      expect([...asCompleted([])]).toEqual([]);
      const fut = loop.createFuture<number>();
      expect(() => asCompleted(fut as never)).toThrow(TypeError);
      const coro = sleep(0);
      expect(() => asCompleted(coro as never)).toThrow(TypeError);
      expect(() => asCompleted([42] as never)).toThrow(/got 42/);
    });
  });
});
