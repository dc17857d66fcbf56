/**
 * `cancellable(promise)`: await a foreign Promise in a way a cancellation can interrupt. A Promise
 * can't be stopped from outside, but the waiting for it can: the task's `await` raises
 * `CancelledError` at once, and the Promise runs on with its outcome dropped (a later failure is
 * reported through the loop's exception handler, never lost). Give the Promise the task's signal
 * too, when its API takes one, so that the work itself stops.
 */
import { type Future, getRunningLoop } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { futureFromPromise } from "./internal/future-from-promise.js";
import { isThenable } from "./internal/start-body.js";

/**
 * A Future that settles like `promise`; cancelling it (as `task.cancel()` does when the task
 * awaits it) stops only the waiting.
 *
 * @example
 * ```ts
 * const task = createTask(async () => {
 *   const rows = await cancellable(db.query("select ...")); // interruptible here
 *   return rows.length;
 * });
 * task.cancel(); // the await raises CancelledError now, not when the query ends
 * ```
 */
export function cancellable<T>(promise: PromiseLike<T>): Future<T> {
  if (!isThenable(promise)) {
    throw new TypeError(`cancellable() expects a Promise, got ${describe(promise)}`);
  }
  return futureFromPromise(promise, getRunningLoop());
}
