/** Shared helpers of the to-thread tests. */
import type { EventLoop, ExecutorCallable } from "@asyncio/core";
import { withTestLoop } from "@asyncio/core/testing";
import { getRunningLoop, isCancelledError } from "@asyncio/futures";
import { Coroutine } from "@asyncio/tasks";
import { ThreadPoolExecutor, type ThreadPoolExecutorOptions } from "../src/index.js";

/** A 4-slot shared Int32Array: the worker and the test signal each other through it. */
export function sharedFlags(slots = 4): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * slots));
}

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: boolean; value: Promise<string> | string };

/** Resolves once `flags[index]` is no longer 0 (the worker stored into it). */
export async function whenSet(flags: Int32Array, index: number): Promise<void> {
  const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
  while (Atomics.load(flags, index) === 0) {
    // The timeout only re-checks a flag stored without a notify; it never decides the outcome.
    const waited = waitAsync(flags, index, 0, 100);
    if (waited.async) await waited.value;
  }
}

/** Stores 1 at `flags[index]` and wakes a worker blocked on it. */
export function raise(flags: Int32Array, index: number): void {
  Atomics.store(flags, index, 1);
  Atomics.notify(flags, index);
}

/** Runs `body` on a fresh real-time loop with a fresh pool, then shuts the pool down. */
export async function withPool<T>(
  options: ThreadPoolExecutorOptions,
  body: (pool: ThreadPoolExecutor) => Promise<T>,
): Promise<T> {
  const pool = new ThreadPoolExecutor(options);
  try {
    return await withTestLoop(() => body(pool), { realTime: true });
  } finally {
    await pool.shutdown({ wait: true, cancelFutures: true });
  }
}

/** The error `promise` rejects with (fails if it fulfils). */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** The outcome of awaiting a cancelled call: true if it was a CancelledError. */
export function wasCancelled(error: unknown): boolean {
  return isCancelledError(error);
}

/** `toThread` on a given pool: the running loop's `runInExecutor` with an explicit executor. */
export function toThreadOn<A extends unknown[], R>(
  pool: ThreadPoolExecutor,
  fn: ExecutorCallable<A, R>,
  ...args: A
): Coroutine<Awaited<R>> {
  return new Coroutine(async (): Promise<Awaited<R>> => {
    const loop = getRunningLoop() as unknown as EventLoop;
    return await loop.runInExecutor(pool, fn, ...args);
  });
}
