/**
 * Python's thread-offload names: `to_thread`, `ThreadPoolExecutor(max_workers=...)`,
 * `loop.run_in_executor` / `set_default_executor` / `shutdown_default_executor`, `wrap_future`,
 * and the `concurrent.futures.Future` method names on `ConcurrentFuture`.
 */
import { EventLoop, type ExecutorShutdownOptions, wrapFuture } from "@asyncio/core";
import { describe } from "@asyncio/futures/contract";
import {
  ConcurrentFuture,
  ThreadPoolExecutor as CoreThreadPoolExecutor,
  type ThreadPoolExecutorOptions,
  toThread,
} from "@asyncio/to-thread";
import { installMethodAliases } from "./python-aliases.js";

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

installMethodAliases(EventLoop.prototype, {
  run_in_executor: "runInExecutor",
  set_default_executor: "setDefaultExecutor",
  shutdown_default_executor: "shutdownDefaultExecutor",
});

installMethodAliases(ConcurrentFuture.prototype, {
  add_done_callback: "addDoneCallback",
  set_result: "setResult",
  set_exception: "setException",
  set_running_or_notify_cancel: "setRunningOrNotifyCancel",
});

type Forward<F> = F;

declare module "@asyncio/core" {
  interface EventLoop {
    /** Python name of `runInExecutor`. */
    run_in_executor: Forward<EventLoop["runInExecutor"]>;
    /** Python name of `setDefaultExecutor`. */
    set_default_executor: Forward<EventLoop["setDefaultExecutor"]>;
    /** Python name of `shutdownDefaultExecutor`. */
    shutdown_default_executor: Forward<EventLoop["shutdownDefaultExecutor"]>;
  }
}

declare module "@asyncio/to-thread" {
  interface ConcurrentFuture<T> {
    /** Python name of `addDoneCallback`. */
    add_done_callback: Forward<ConcurrentFuture<T>["addDoneCallback"]>;
    /** Python name of `setResult`. */
    set_result: Forward<ConcurrentFuture<T>["setResult"]>;
    /** Python name of `setException`. */
    set_exception: Forward<ConcurrentFuture<T>["setException"]>;
    /** Python name of `setRunningOrNotifyCancel`. */
    set_running_or_notify_cancel: Forward<ConcurrentFuture<T>["setRunningOrNotifyCancel"]>;
  }
}

export { ConcurrentFuture, toThread as to_thread, wrapFuture as wrap_future };
