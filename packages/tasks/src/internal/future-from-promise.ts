import { type EventLoopContract, Future } from "@asyncio/futures";

/**
 * A Future that takes the outcome of a foreign Promise: awaiting it is cancellable (the Promise
 * itself can't be stopped, its outcome is then dropped).
 */
export function futureFromPromise<T>(promise: PromiseLike<T>, loop: EventLoopContract): Future<T> {
  const future = new Future<T>({ loop });
  promise.then(
    (value) => {
      if (!future.done()) future.setResult(value);
    },
    (error: unknown) => {
      if (!future.done()) future.setException(error);
    },
  );
  return future;
}
