/**
 * `realWork(promise)`: marks work the loop can't see as real, so that virtual time waits for it.
 * The library registers its own real work (executor calls, connections, child processes...); this
 * is the same thing for a `fetch`, a file read or a client library's call.
 */
import { getRunningLoop } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";

const DEFAULT_DESCRIPTION = "a Promise marked with realWork()";

/**
 * Registers `promise` as real work in flight on the running loop until it settles, and returns a
 * Promise that settles as it does. On a loop with a `VirtualClock`, time doesn't jump while the
 * work runs (`clock.heldBy()` lists `description`); on real time this only checks its arguments.
 * Raises `RuntimeError` without a running loop.
 *
 * @example
 * ```ts
 * const response = await realWork(fetch(url), `GET ${url}`);
 * ```
 */
export function realWork<T>(promise: PromiseLike<T>, description?: string): Promise<Awaited<T>> {
  if (
    (typeof promise !== "object" && typeof promise !== "function") ||
    promise === null ||
    typeof (promise as PromiseLike<T>).then !== "function"
  ) {
    throw new TypeError(`realWork() promise must be a Promise, got ${describe(promise)}`);
  }
  if (description !== undefined && typeof description !== "string") {
    throw new TypeError(`realWork() description must be a string, got ${describe(description)}`);
  }
  const work = getRunningLoop()._realWork;
  if (work === null || work === undefined) {
    return promise instanceof Promise
      ? (promise as Promise<Awaited<T>>)
      : (Promise.resolve(promise) as Promise<Awaited<T>>);
  }
  const hold = work.hold(description ?? DEFAULT_DESCRIPTION);
  // `finally` passes the outcome on: a rejection nobody handles is still reported as unhandled.
  return Promise.resolve(promise).finally(() => hold.release()) as Promise<Awaited<T>>;
}
