/**
 * An `Executor` for tests that runs each function at once, on the loop's own thread, when it is
 * submitted: code that calls `runInExecutor` or `toThread`-style helpers can be tested without
 * worker threads, and deterministically (the result is there by the next loop iteration).
 */
import { InvalidStateError, RuntimeError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import type { Executor, ExecutorCallable, ExecutorFuture } from "../executor.js";

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The future of one inline call: done when `submit` returns, unless `fn` returned a Promise. */
class InlineFuture<T> implements ExecutorFuture<T> {
  private outcome: Outcome<T> | null = null;
  private readonly callbacks: ((future: this) => void)[] = [];

  settle(outcome: Outcome<T>): void {
    this.outcome = outcome;
    for (const callback of this.callbacks.splice(0)) callback(this);
  }

  cancel(): boolean {
    // The call already ran (or runs on as a Promise nobody can stop): too late, as Python's
    // `Future.cancel()` on a running call.
    return false;
  }

  cancelled(): boolean {
    return false;
  }

  done(): boolean {
    return this.outcome !== null;
  }

  result(): T {
    const outcome = this.outcome;
    if (outcome === null) throw new InvalidStateError("Result is not ready.");
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  exception(): unknown {
    const outcome = this.outcome;
    if (outcome === null) throw new InvalidStateError("Exception is not set.");
    return outcome.ok ? null : outcome.error;
  }

  addDoneCallback(callback: (future: this) => void): void {
    if (this.outcome !== null) callback(this);
    else this.callbacks.push(callback);
  }
}

/**
 * Runs each submitted function at once, inline; a function that returns a Promise completes its
 * future when the Promise settles. `calls` counts the submissions. Only plain functions can run
 * inline: a reference meant for a worker (`moduleFunction(...)`) is a `TypeError`.
 *
 * @example
 * ```ts
 * loop.setDefaultExecutor(new InlineExecutor());
 * await loop.runInExecutor(null, (n: number) => n * 2, 21); // 42, no thread involved
 * ```
 */
export class InlineExecutor implements Executor {
  /** How many functions were submitted. */
  calls = 0;
  private shutDown = false;

  submit<A extends unknown[], R>(
    fn: ExecutorCallable<A, R>,
    ...args: A
  ): ExecutorFuture<Awaited<R>> {
    if (typeof fn !== "function") {
      throw new TypeError(`InlineExecutor.submit() fn must be a function, got ${describe(fn)}`);
    }
    if (this.shutDown) throw new RuntimeError("cannot schedule new futures after shutdown");
    this.calls++;
    const future = new InlineFuture<Awaited<R>>();
    let result: R;
    try {
      result = fn(...args);
    } catch (error) {
      // Even a CancelledError is the call's outcome: `result()` re-throws it to whoever awaits.
      future.settle({ ok: false, error });
      return future;
    }
    if (isThenable(result)) {
      Promise.resolve(result).then(
        (value) => future.settle({ ok: true, value: value as Awaited<R> }),
        (error: unknown) => future.settle({ ok: false, error }),
      );
    } else {
      future.settle({ ok: true, value: result as Awaited<R> });
    }
    return future;
  }

  shutdown(): void {
    this.shutDown = true;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}
