/**
 * The loop Future that mirrors an executor's future, for `runInExecutor` and `wrapFuture`.
 * Separate from `wrap-future.ts`, which also finds the current loop: the loop itself must not
 * import that (the current-loop module imports the loop).
 */
import type { EventLoopContract, Future } from "@asyncio/futures";
import type { ExecutorFuture } from "../executor.js";

/** A Future of `loop` that completes like `source`; cancelling it cancels `source` too. */
export function wrapExecutorFuture<T>(
  source: ExecutorFuture<T>,
  loop: EventLoopContract & { createFuture<R>(): Future<R> },
): Future<T> {
  const destination = loop.createFuture<T>();
  destination.addDoneCallback(() => {
    if (destination.cancelled()) source.cancel();
  });
  source.addDoneCallback(() => {
    // The source may complete on another turn of Node's loop, so hop onto ours.
    if (loop.isClosed()) return;
    loop.callSoon(copyOutcome, source, destination);
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
