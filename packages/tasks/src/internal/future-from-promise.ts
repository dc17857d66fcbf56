import { type EventLoopContract, Future, isCancelledError } from "@asyncio/futures";

/**
 * A Future that takes the outcome of a foreign Promise: awaiting it is cancellable (the Promise
 * itself can't be stopped, its outcome is then dropped). A failure that arrives after the Future
 * was cancelled has nobody left to see it, so it is reported; an abort caused by a cancellation
 * (an error whose `cause` is a `CancelledError`) is the expected end and is not.
 */
export function futureFromPromise<T>(promise: PromiseLike<T>, loop: EventLoopContract): Future<T> {
  const future = new Future<T>({ loop });
  promise.then(
    (value) => {
      if (!future.done()) future.setResult(value);
    },
    (error: unknown) => {
      if (!future.done()) {
        future._setException(error);
        return;
      }
      if (isCancelledError(error) || isCancelledError((error as { cause?: unknown })?.cause)) {
        return;
      }
      loop.callExceptionHandler({
        message: "Exception in a Promise after its waiting was cancelled",
        exception: error,
        future,
      });
    },
  );
  return future;
}
