/**
 * `wrapFuture`, as Python's `asyncio.wrap_future`: a loop Future that mirrors an executor's future,
 * so that a Task can await it and cancel it.
 */
import { type Future, isFuture } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { getEventLoop } from "./current-loop.js";
import type { EventLoop } from "./event-loop.js";
import { type ExecutorFuture, isExecutorFuture } from "./executor.js";
import { wrapExecutorFuture } from "./internal/wrap-executor-future.js";

/**
 * Returns a Future of `loop` (by default the current loop) that completes like `future`; cancelling
 * it cancels `future` too. A loop Future is returned as it is.
 *
 * @example
 * ```ts
 * const result = await wrapFuture(executor.submit(work, 1));
 * ```
 */
export function wrapFuture<T>(
  future: ExecutorFuture<T> | Future<T>,
  options?: { loop?: EventLoop },
): Future<T> {
  if (isFuture(future)) return future as Future<T>;
  if (!isExecutorFuture(future)) {
    throw new TypeError(`wrapFuture() future must be a Future, got ${describe(future)}`);
  }
  return wrapExecutorFuture(future, options?.loop ?? getEventLoop());
}
