/**
 * `toThread(fn, ...args)`, as Python's `asyncio.to_thread`: runs `fn` in the loop's default
 * executor — a `ThreadPoolExecutor` on `worker_threads` unless `setDefaultExecutor` chose another —
 * and resumes the awaiter with its result, while the loop keeps running other tasks.
 */
import type { EventLoop, ExecutorCallable } from "@asyncio/core";
import { setDefaultExecutorFactory } from "@asyncio/core/contract";
import { copyContext, getRunningLoop } from "@asyncio/futures";
import { Coroutine } from "@asyncio/tasks";
import { bindToThreadCall } from "./internal/to-thread-call.js";
import { ThreadPoolExecutor, toWorkerFunction } from "./thread-pool-executor.js";

// Importing this package gives every loop a default executor; see `setDefaultExecutorFactory`.
setDefaultExecutorFactory(() => new ThreadPoolExecutor({ threadNamePrefix: "asyncio" }));

/**
 * Runs `fn(...args)` in a worker thread and returns a lazy coroutine of its result. `fn` is a
 * self-contained function (its source is compiled in the worker, so it may use only its
 * arguments, globals and `await import(...)`), or a `WorkerFunction` from `moduleFunction` or
 * `threadFunction`. Arguments and result are copied by structured cloning (see `transfer`).
 * Cancelling the awaiting task removes a queued call; a running call follows the function's
 * cancellation policy (by default it runs on, detached, as in Python).
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const sum = await toThread((numbers: number[]) => numbers.reduce((a, b) => a + b, 0), [1, 2, 3]);
 *   console.log(sum); // 6
 * });
 * ```
 */
export function toThread<A extends unknown[], R>(
  fn: ExecutorCallable<A, R>,
  ...args: A
): Coroutine<Awaited<R>> {
  // Check now, so a bad function fails where toThread() is called rather than where it's awaited
  // (the result is cached; the executor, maybe not ours, still gets `fn` itself).
  toWorkerFunction(fn, "toThread");
  return new Coroutine(async function toThread(): Promise<Awaited<R>> {
    const loop = getRunningLoop() as unknown as EventLoop;
    // As CPython: the context is copied when the coroutine runs, in the awaiting task.
    const call = bindToThreadCall(fn, copyContext()) as ExecutorCallable<A, R>;
    return await loop.runInExecutor(null, call, ...args);
  });
}
