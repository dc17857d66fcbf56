/**
 * `shield(aw)`: wait for something without letting a cancellation of the waiter reach it. The
 * task awaiting the shield is still cancelled; the work inside goes on.
 */
import { type EventLoopContract, Future } from "@asyncio/futures";
import { ensureFuture } from "./ensure-future.js";
import type { AwaitDescription, DescribedAwait } from "./graph/await-description.js";
import type { AwaitableLike, ResultOf } from "./internal/awaitables.js";

/**
 * Returns a Future that follows `aw` (made a Task if it isn't a Future) but whose cancellation
 * doesn't cancel `aw`. If `aw` is cancelled by other means, the shield is cancelled too. An
 * awaitable that is already done is returned as it is.
 *
 * @example
 * ```ts
 * const saved = createTask(save(record));
 * try {
 *   await shield(saved); // cancelling this task leaves `saved` running
 * } catch (error) {
 *   if (isCancelledError(error)) console.log("still saving in the background");
 *   throw error;
 * }
 * ```
 */
export function shield<A extends AwaitableLike<unknown>>(aw: A): Future<ResultOf<A>> {
  const inner = ensureFuture(aw as AwaitableLike<unknown>) as Future<ResultOf<A>>;
  if (inner.done()) return inner;
  const outer = new ShieldFuture<ResultOf<A>>(inner._loop, inner);

  const onInnerDone = (): void => {
    if (outer.cancelled()) {
      // The shield was cancelled: nobody will read the inner outcome, so it counts as retrieved.
      if (!inner.cancelled()) inner.exception();
      return;
    }
    if (inner.cancelled()) {
      outer.cancel();
      return;
    }
    const error = inner.exception();
    if (error !== null) outer.setException(error);
    else outer.setResult(inner.result());
  };
  const onOuterDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(onOuterDone);
  return outer;
}

/** The Future `shield()` returns: a task awaiting it waits on the shielded Future. */
class ShieldFuture<T> extends Future<T> implements DescribedAwait {
  private readonly inner: Future<T>;

  constructor(loop: EventLoopContract, inner: Future<T>) {
    super({ loop });
    this.inner = inner;
  }

  _describeAwait(): AwaitDescription {
    return { label: "shield()", waitsOn: [this.inner] };
  }
}
