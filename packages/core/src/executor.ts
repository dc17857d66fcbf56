/**
 * The executor contract, as Python's `concurrent.futures.Executor`: something that runs a function
 * outside the event loop and hands back a future of its outcome. The loop's `runInExecutor` works
 * with any object that fulfils it; `@asyncio/to-thread` provides one on `worker_threads`.
 */

/** Options of `Executor.shutdown`, as Python's `shutdown(wait, cancel_futures)`. */
export interface ExecutorShutdownOptions {
  /** Wait until the work already submitted has finished and the workers have stopped (default true). */
  wait?: boolean;
  /** Cancel the calls that haven't started yet (default false). */
  cancelFutures?: boolean;
}

/**
 * A reference to a function that an executor knows how to run (for example a function exported
 * from a module, for a worker thread), typed by its arguments `A` and result `R`. The property only
 * carries the type; it need not exist at run time.
 */
export interface ExecutorFunctionRef<A extends unknown[], R> {
  readonly "~signature": (...args: A) => R;
}

/** What `Executor.submit` accepts: a plain function, or an executor-specific reference to one. */
export type ExecutorCallable<A extends unknown[], R> =
  | ((...args: A) => R)
  | ExecutorFunctionRef<A, R>;

/**
 * The future an executor returns, as Python's `concurrent.futures.Future`. Its callbacks may run
 * outside the event loop; `wrapFuture` turns it into a loop Future.
 */
export interface ExecutorFuture<T> {
  /** Tries to stop the call: true if it won't deliver a result any more. */
  cancel(): boolean;
  cancelled(): boolean;
  done(): boolean;
  /** The result; throws the call's error, `CancelledError`, or `InvalidStateError` if not done. */
  result(): T;
  /** The call's error, or null; throws like `result()` when cancelled or not done. */
  exception(): unknown;
  /** Calls `callback(future)` when the future is done (at once if it already is). */
  addDoneCallback(callback: (future: this) => void): void;
}

/**
 * Runs functions outside the event loop.
 *
 * @example
 * ```ts
 * const executor: Executor = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const result = await loop.runInExecutor(executor, (n: number) => n * 2, 21); // 42
 * await executor.shutdown();
 * ```
 */
export interface Executor {
  submit<A extends unknown[], R>(
    fn: ExecutorCallable<A, R>,
    ...args: A
  ): ExecutorFuture<Awaited<R>>;
  /** Stops accepting work; with `wait` (the default) settles once the work has finished. */
  shutdown(options?: ExecutorShutdownOptions): PromiseLike<void> | void;
}

/** True for an object that has the methods of an `Executor`. */
export function isExecutor(value: unknown): value is Executor {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Executor).submit === "function" &&
    typeof (value as Executor).shutdown === "function"
  );
}

/** True for an object that has the methods of an `ExecutorFuture`. */
export function isExecutorFuture(value: unknown): value is ExecutorFuture<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const future = value as ExecutorFuture<unknown>;
  return (
    typeof future.cancel === "function" &&
    typeof future.done === "function" &&
    typeof future.result === "function" &&
    typeof future.addDoneCallback === "function"
  );
}

let defaultExecutorFactory: (() => Executor) | null = null;

/**
 * Sets what a loop calls to make its default executor the first time `runInExecutor(null, ...)`
 * needs one. Core can't depend on an executor implementation, so `@asyncio/to-thread` registers
 * its `ThreadPoolExecutor` here when it is imported; a loop's `setDefaultExecutor` still wins.
 *
 * @example
 * ```ts
 * setDefaultExecutorFactory(() => new ThreadPoolExecutor());
 * ```
 */
export function setDefaultExecutorFactory(factory: (() => Executor) | null): void {
  if (factory !== null && typeof factory !== "function") {
    throw new TypeError("setDefaultExecutorFactory() factory must be a function or null");
  }
  defaultExecutorFactory = factory;
}

/** The registered default executor factory, if any. @internal */
export function getDefaultExecutorFactory(): (() => Executor) | null {
  return defaultExecutorFactory;
}
