/**
 * ThreadPoolExecutor beyond the executor suite of `@asyncio/testkit` (`conformance.test.ts`,
 * which covers results, errors, queued and running cancellation and shutdown): the loop keeps
 * running while workers compute, many calls on a small pool, the terminate policy, the abort
 * event of a cooperative call, crashes and idle workers. CPython's counterparts live in
 * test_concurrent_futures (thread pool) and test_asyncio/test_threads.py.
 */
import { createTask, gather, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { isWorkerExitError, threadFunction, type WorkerExitError } from "../src/index.js";
import {
  raise,
  rejection,
  sharedFlags,
  toThreadOn,
  wasCancelled,
  whenSet,
  withPool,
} from "./helpers.js";

describe("the loop keeps running", () => {
  it("a ticker beats 50 times on the loop while a worker burns CPU (the worker spins until the ticker releases it)", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const BEATS = 50;
      const flags = sharedFlags();
      const events: string[] = [];
      // Spins (flags[0] = 1 once started) until flags[1] is raised; returns how often it spun.
      const burn = (shared: Int32Array): number => {
        Atomics.store(shared, 0, 1);
        let spins = 0;
        while (Atomics.load(shared, 1) === 0) spins++;
        return spins;
      };
      const worker = createTask(async () => {
        const spins = await toThreadOn(pool, burn, flags);
        events.push("worker done");
        return spins;
      });
      await whenSet(flags, 0);
      events.push("worker busy");
      const ticker = createTask(async () => {
        for (let beat = 1; beat <= BEATS; beat++) {
          await sleep(0.001);
          events.push(worker.done() ? "beat after the worker" : "beat while busy");
        }
        raise(flags, 1);
      });
      await ticker;
      const spins = await worker;
      expect(spins).toBeGreaterThan(0);
      expect(events).toEqual([
        "worker busy",
        ...Array.from({ length: BEATS }, () => "beat while busy"),
        "worker done",
      ]);
    });
  });

  it("1,000 concurrent calls on a pool of 4 return the right results in order (test_threads.py::ToThreadTests::test_to_thread_concurrent)", async () => {
    await withPool({ maxWorkers: 4 }, async (pool) => {
      const square = (n: number): number => n * n;
      const futures = Array.from({ length: 1000 }, (_, i) => toThreadOn(pool, square, i));
      const results = await gather(...futures);
      expect(results).toEqual(Array.from({ length: 1000 }, (_, i) => i * i));
      expect(pool.workerCount).toBeLessThanOrEqual(4);
    });
  });
});

describe("cancellation policies", () => {
  it("terminate: the worker is killed mid-call and replaced", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const flags = sharedFlags();
      const spinForever = threadFunction(
        (f: Int32Array) => {
          Atomics.store(f, 0, 1);
          Atomics.notify(f, 0);
          for (;;) {
            // never returns
          }
        },
        { onCancel: "terminate" },
      );
      const task = createTask(toThreadOn(pool, spinForever, flags));
      await whenSet(flags, 0);
      const future = pool.submit(() => "queued behind");
      task.cancel();
      expect(wasCancelled(await rejection(task))).toBe(true);
      expect(await future).toBe("queued behind");
      expect(pool.workerCount).toBe(1);
    });
  });

  it("cooperative: throwIfAborted and the abort event work in the worker", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const flags = sharedFlags();
      const waitForAbort = threadFunction(
        async (signal: AbortSignal, f: Int32Array) => {
          Atomics.store(f, 0, 1);
          Atomics.notify(f, 0);
          await new Promise((resolve) => signal.addEventListener("abort", resolve));
          Atomics.store(f, 2, signal.aborted ? 1 : 2);
          Atomics.notify(f, 2);
          signal.throwIfAborted();
        },
        { onCancel: "cooperative" },
      );
      const task = createTask(toThreadOn(pool, waitForAbort, flags));
      await whenSet(flags, 0);
      task.cancel();
      expect(wasCancelled(await rejection(task))).toBe(true);
      await whenSet(flags, 2);
      expect(Atomics.load(flags, 2)).toBe(1);
    });
  });
});

describe("failures", () => {
  it("a worker that calls process.exit fails only its call and is replaced", async () => {
    await withPool({ maxWorkers: 2 }, async (pool) => {
      const crash = pool.submit(() => process.exit(3));
      const fine = pool.submit((n: number) => n * 2, 21);
      const error = (await rejection(crash)) as WorkerExitError;
      expect(isWorkerExitError(error)).toBe(true);
      expect(error.exitCode).toBe(3);
      expect(error.message).toBe(
        "the worker thread running function (anonymous) exited with code 3 before the call returned",
      );
      expect(await fine).toBe(42);
      const again = await gather(
        ...[1, 2, 3].map((n) => toThreadOn(pool, (k: number) => k + 1, n)),
      );
      expect(again).toEqual([2, 3, 4]);
    });
  });

  it("a worker out of memory under resourceLimits fails its call with the cause", async () => {
    await withPool(
      { maxWorkers: 1, resourceLimits: { maxOldGenerationSizeMb: 8 } },
      async (pool) => {
        const error = (await rejection(
          pool.submit(() => {
            const hoard: number[][] = [];
            for (;;) hoard.push(new Array(100_000).fill(1));
          }),
        )) as WorkerExitError;
        expect(isWorkerExitError(error)).toBe(true);
        expect((error.cause as { code: string }).code).toBe("ERR_WORKER_OUT_OF_MEMORY");
        expect(await pool.submit(() => "recovered")).toBe("recovered");
      },
    );
  });

  it("an error escaping the function asynchronously kills only that call", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const error = (await rejection(
        pool.submit(
          () =>
            new Promise(() => {
              setTimeout(() => {
                throw new Error("late");
              }, 0);
            }),
        ),
      )) as WorkerExitError;
      expect(isWorkerExitError(error)).toBe(true);
      expect((error.cause as Error).message).toBe("late");
      expect(await pool.submit(() => 1)).toBe(1);
    });
  });
});

describe("idle workers", () => {
  it("are reused, and retired after idleTimeout", async () => {
    await withPool({ maxWorkers: 2, idleTimeout: 0.05 }, async (pool) => {
      const first = await pool.submit(async () => (await import("node:worker_threads")).threadId);
      const second = await pool.submit(async () => (await import("node:worker_threads")).threadId);
      expect(second).toBe(first);
      expect(pool.workerCount).toBe(1);
      // Real time: the retirement timer is a Node timer, not a loop timer.
      for (let waited = 0; pool.workerCount > 0 && waited < 5; waited += 0.05) await sleep(0.05);
      expect(pool.workerCount).toBe(0);
      expect(await pool.submit(() => "a new worker")).toBe("a new worker");
    });
  });
});
