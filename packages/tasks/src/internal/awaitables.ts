/**
 * What the combinators accept and how they turn it into a Future, plus the small waiting helpers
 * they share (`_release_waiter` and `_cancel_and_wait` in CPython).
 */
import { Future, isFuture } from "@asyncio/futures";
import { type Coroutine, isCoroutine } from "../coroutine.js";
import { isThenable } from "./start-body.js";

/** Anything a combinator can wait for: a Future or Task, a coroutine, a zero-argument function, a Promise. */
export type AwaitableLike<T = unknown> =
  | Future<T>
  | Coroutine<T>
  | PromiseLike<T>
  | (() => T | PromiseLike<T>);

/** The value an `AwaitableLike` produces. */
export type ResultOf<A> = A extends () => infer R ? Awaited<R> : Awaited<A>;

/** True for what `ensureFuture` accepts. */
export function isAwaitableLike(value: unknown): value is AwaitableLike {
  return isFuture(value) || isCoroutine(value) || typeof value === "function" || isThenable(value);
}

/** Marks `waiter` done unless it already is: the done callback that wakes a waiting combinator. */
export function releaseWaiter(waiter: Future<unknown>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

/**
 * Cancels `future` and waits until it is really done (its cleanup may await), without awaiting
 * `future` itself, so that this wait stays cancellable even if `future` ignores cancellation.
 */
export async function cancelAndWait(future: Future<unknown>): Promise<void> {
  const waiter = new Future<undefined>({ loop: future._loop });
  const release = (): void => releaseWaiter(waiter);
  future.addDoneCallback(release);
  try {
    future.cancel();
    await waiter;
  } finally {
    future.removeDoneCallback(release);
  }
}

/** True for a plain options object (`{ ... }`), as opposed to anything awaitable. */
export function isPlainOptions(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || isThenable(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
