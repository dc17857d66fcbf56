/**
 * Python's thread-offload names: `to_thread`, `ThreadPoolExecutor(max_workers=...)`,
 * and `wrap_future`. The loop's `run_in_executor` and the `concurrent.futures.Future` method
 * names on `ConcurrentFuture` are in the alias tables of `python-aliases.ts`.
 */
import { type ExecutorShutdownOptions, wrapFuture } from "@asyncio/core";
import { describe } from "@asyncio/futures/contract";
import {
  ConcurrentFuture,
  ThreadPoolExecutor as CoreThreadPoolExecutor,
  type ThreadPoolExecutorOptions,
  toThread,
} from "@asyncio/to-thread";

/** Python's keyword arguments of `ThreadPoolExecutor()`. */
export interface PythonThreadPoolExecutorOptions {
  max_workers?: number | null;
  thread_name_prefix?: string;
}

/** Python's keyword arguments of `Executor.shutdown()`. */
export interface PythonShutdownOptions {
  wait?: boolean;
  cancel_futures?: boolean;
}

const THREAD_POOL_KEYWORDS = ["max_workers", "thread_name_prefix"];

/** `concurrent.futures.ThreadPoolExecutor(max_workers=..., thread_name_prefix=...)`. */
export class ThreadPoolExecutor extends CoreThreadPoolExecutor {
  constructor(options: PythonThreadPoolExecutorOptions = {}) {
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      throw new TypeError(
        `ThreadPoolExecutor() options must be an object, got ${describe(options)}`,
      );
    }
    for (const key of Object.keys(options)) {
      if (THREAD_POOL_KEYWORDS.includes(key)) continue;
      throw new TypeError(
        `ThreadPoolExecutor() got an unexpected keyword argument ${JSON.stringify(key)} (known: ${THREAD_POOL_KEYWORDS.join(", ")})`,
      );
    }
    const adapted: ThreadPoolExecutorOptions = {};
    if (options.max_workers !== undefined && options.max_workers !== null)
      adapted.maxWorkers = options.max_workers;
    if (options.thread_name_prefix !== undefined)
      adapted.threadNamePrefix = options.thread_name_prefix;
    super(adapted);
  }

  /** `shutdown(wait=True, cancel_futures=False)`; the idiomatic `{ cancelFutures }` works too. */
  override shutdown(options: PythonShutdownOptions & ExecutorShutdownOptions = {}): Promise<void> {
    const adapted: ExecutorShutdownOptions = {};
    if (options.wait !== undefined) adapted.wait = options.wait;
    const cancel = options.cancel_futures ?? options.cancelFutures;
    if (cancel !== undefined) adapted.cancelFutures = cancel;
    return super.shutdown(adapted);
  }
}

export { ConcurrentFuture, toThread as to_thread, wrapFuture as wrap_future };
