/**
 * `wrapFuture`, as Python's `asyncio.wrap_future`: a loop Future that mirrors an executor's future,
 * so that a Task can await it and cancel it.
 */
import { describe, type Future, isFuture } from "@asyncio/futures";
import { getEventLoop } from "./current-loop.js";
import type { EventLoop } from "./event-loop.js";
import { type ExecutorFuture, isExecutorFuture } from "./executor.js";

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
  const loop = options?.loop ?? getEventLoop();
  const destination = loop.createFuture<T>();
  destination.addDoneCallback(() => {
    if (destination.cancelled()) future.cancel();
  });
  future.addDoneCallback(() => {
    // The source may complete on another turn of Node's loop, so hop onto ours.
    if (loop.isClosed()) return;
    loop.callSoonThreadsafe(copyOutcome, future, destination);
  });
  return destination;
}

function copyOutcome<T>(source: ExecutorFuture<T>, destination: Future<T>): void {
  if (destination.cancelled()) return;
  if (source.cancelled()) {
    destination.cancel();
    return;
  }
  // Whether the call failed is asked of result(), never inferred from the error's value: a worker
  // may throw `undefined` or `null`, and the destination must fail with exactly that.
  let value: T;
  try {
    value = source.result();
  } catch (error) {
    destination._setException(error);
    return;
  }
  destination.setResult(value);
}
