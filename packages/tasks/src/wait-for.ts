/**
 * `waitFor(aw, timeout)`: await something for at most `timeout` seconds, with Python 3.12's
 * semantics — it is `timeout()` around `await aw`. A coroutine runs inline in the calling task; a
 * Future or Task is cancelled on timeout and waited for until its cleanup is over, and if it
 * swallows the cancellation and returns a value, that value is returned.
 */
import {
  getRunningLoop,
  isCancelledError,
  isFuture,
  isTimeoutError,
  TimeoutError,
} from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { Coroutine, isCoroutine } from "./coroutine.js";
import { ensureFuture } from "./ensure-future.js";
import {
  type AwaitableLike,
  cancelAndWait,
  isAwaitableLike,
  type ResultOf,
} from "./internal/awaitables.js";
import { callAtBoundary } from "./internal/boundary.js";
import { checkTimeout } from "./internal/check-timeout.js";
import { futureFromPromise } from "./internal/future-from-promise.js";
import { isThenable } from "./internal/start-body.js";
import { Timeout } from "./timeout.js";

/**
 * Resolves to the result of `aw`, or throws `TimeoutError` (whose `cause` is the
 * `CancelledError`) after `timeout` seconds, having cancelled `aw`. `null` waits forever;
 * `timeout <= 0` never starts a coroutine that isn't already done. Lazy, like Python's coroutine.
 *
 * @example
 * ```ts
 * const reply = await waitFor(queue.get(), 1.5);
 * ```
 */
export function waitFor<A extends AwaitableLike<unknown>>(
  aw: A,
  timeout: number | null,
): Coroutine<ResultOf<A>> {
  return new Coroutine(waitForBody, [aw, timeout]) as Coroutine<ResultOf<A>>;
}

async function waitForBody<T>(aw: AwaitableLike<T>, timeout: unknown): Promise<T> {
  if (!isAwaitableLike(aw)) {
    throw new TypeError(
      `waitFor() expects a Future, a coroutine, a function or a Promise, got ${describe(aw)}`,
    );
  }
  const delay = checkTimeout(timeout, "waitFor()");
  const loop = getRunningLoop();
  if (delay !== null && delay <= 0) {
    const future = ensureFuture(aw);
    if (future.done()) return future.result();
    await cancelAndWait(future);
    try {
      return future.result();
    } catch (error) {
      if (isCancelledError(error)) throw new TimeoutError("", { cause: error });
      throw error;
    }
  }
  // A foreign Promise can't be interrupted; awaiting it through a Future at least lets the
  // timeout stop the waiting.
  const target: AwaitableLike<T> =
    !isFuture(aw) && !isCoroutine(aw) && isThenable(aw)
      ? futureFromPromise(aw as PromiseLike<T>, loop)
      : aw;
  const cm = new Timeout(delay === null ? null : loop.time() + delay);
  // The body of `asyncWith(cm, ...)`, without awaiting the enter and exit, which never wait.
  cm._enter();
  let result: T;
  try {
    // A coroutine or function runs inline, behind a boundary: the deadline ends the wait even if
    // it is blocked on a Promise nobody can interrupt.
    result = await (typeof target === "function"
      ? callAtBoundary(target as () => T | PromiseLike<T>)
      : isCoroutine(target)
        ? callAtBoundary(returnCoroutine, target)
        : target);
  } catch (error) {
    try {
      cm._exit(true, error);
    } catch (exitError) {
      // The awaited Future finished in the iteration in which the deadline fired: its result
      // arrived in time, so it wins over the TimeoutError (CPython 3.12 drops it).
      if (isTimeoutError(exitError) && isFuture(target) && target.done() && !target.cancelled()) {
        return target.result();
      }
      throw exitError;
    }
    throw error;
  }
  cm._exit(false, undefined);
  return result;
}

/** `callAtBoundary` starts a coroutine it is given back behind the boundary. */
function returnCoroutine<T>(coro: T): T {
  return coro;
}
