/**
 * The loop Future that mirrors an executor's future, for `runInExecutor` and `wrapFuture`.
 * Separate from `wrap-future.ts`, which also finds the current loop: the loop itself must not
 * import that (the current-loop module imports the loop). Every executor call passes here, so
 * this is where a call holds virtual time while it runs.
 */
import type { EventLoopContract, Future } from "@asyncio/futures";
import type { ExecutorFuture } from "../executor.js";

/**
 * A Future of `loop` that completes like `source`; cancelling it cancels `source` too. Until
 * `source` is done, the call is real work in flight (`fn` names it).
 */
export function wrapExecutorFuture<T>(
  source: ExecutorFuture<T>,
  loop: EventLoopContract & { createFuture<R>(): Future<R> },
  fn?: unknown,
): Future<T> {
  const destination = loop.createFuture<T>();
  const running = loop._realWork?.hold(() => describeCall(fn));
  destination.addDoneCallback(() => {
    if (destination.cancelled()) source.cancel();
  });
  source.addDoneCallback(() => {
    running?.release();
    // The source may complete on another turn of Node's loop, so hop onto ours.
    if (loop.isClosed()) return;
    loop.callSoon(copyOutcome, source, destination);
  });
  return destination;
}

/** `executor call work()`, from the function or reference an executor was given. */
function describeCall(fn: unknown): string {
  if (fn === undefined) return "an executor call";
  const name =
    typeof fn === "function" || (typeof fn === "object" && fn !== null)
      ? (fn as { name?: unknown }).name
      : undefined;
  return `executor call ${typeof name === "string" && name !== "" ? name : "anonymous"}()`;
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
