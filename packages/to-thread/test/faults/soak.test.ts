/**
 * The soak of the fault suite: 10,000 calls through one pool, mixing results, thrown errors, calls
 * cancelled in the queue, arguments that can't be sent and moved buffers. Afterwards, once the pool
 * is shut down, the process holds the same Node handles as before (no worker, port or timer left
 * behind) and, after a full garbage collection, its heap is back near where it started: nothing
 * of the calls is kept.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createTask } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { type ThreadPoolExecutor, transfer } from "../../src/index.js";
import { toThreadOn, withPool } from "../helpers.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** The heap in use after a full collection. */
function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** How many Node resources of each kind keep the process busy. */
/**
 * How many Node resources of each kind keep the process busy; timers are left out, as the test
 * runner's own come and go (this package's timers are covered by the loop and pool closing).
 */
function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind !== "Timeout" && kind !== "Immediate") counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * Node closes a handle a few turns of its loop after the event that ended it: the counts once
 * the handles still closing are closed (a bounded number of turns, never a time).
 */
async function settledHandleCounts(
  expected: Record<string, number>,
): Promise<Record<string, number>> {
  let counts = handleCounts();
  for (let turn = 0; turn < 100 && JSON.stringify(counts) !== JSON.stringify(expected); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    counts = handleCounts();
  }
  return counts;
}

const ROUNDS = 100;
const PER_ROUND = 100;

/** One round of 100 calls of every kind; resolves when every one has settled. */
async function round(pool: ThreadPoolExecutor, n: number): Promise<number> {
  const settled: PromiseLike<unknown>[] = [];
  for (let i = 0; i < PER_ROUND; i++) {
    const kind = i % 10;
    if (kind < 6) {
      settled.push(pool.submit((a: number, b: number) => a + b, n, i));
    } else if (kind === 6) {
      settled.push(
        Promise.resolve(
          pool.submit((k: number) => {
            throw new RangeError(`fault ${k}`);
          }, i),
        ).catch((error: Error) => error.message),
      );
    } else if (kind === 7) {
      const task = createTask(toThreadOn(pool, (k: number) => k, i));
      settled.push(task.then(undefined, () => "cancelled"));
      task.cancel();
    } else if (kind === 8) {
      settled.push(
        Promise.resolve(pool.submit((f: unknown) => f, { callback: () => i })).catch(
          (error: Error) => error.name,
        ),
      );
    } else {
      settled.push(pool.submit((b: Uint8Array) => b.length, transfer(new Uint8Array(4096))));
    }
  }
  const results = await Promise.all(settled);
  return results.length;
}

describe("soak", { timeout: 30_000 }, () => {
  it("10,000 mixed calls leave no handle behind and the heap where it was", async () => {
    // Warm up first, so that what is loaded once (modules, compiled code) is in the baseline.
    await withPool({ maxWorkers: 2 }, async (pool) => {
      await round(pool, 0);
    });
    await new Promise((resolve) => setImmediate(resolve));
    const handlesBefore = handleCounts();
    const heapBefore = settledHeap();

    let calls = 0;
    await withPool({ maxWorkers: 2 }, async (pool) => {
      for (let n = 0; n < ROUNDS; n++) calls += await round(pool, n);
    });

    expect(calls).toBe(ROUNDS * PER_ROUND);
    expect(await settledHandleCounts(handlesBefore)).toEqual(handlesBefore);
    const grown = settledHeap() - heapBefore;
    // What stays is code and caches, a few hundred KiB whatever the number of calls; a leak of
    // 200 bytes per call would be 2 MiB.
    expect(grown).toBeLessThan(2 * 1024 * 1024);
  });
});
