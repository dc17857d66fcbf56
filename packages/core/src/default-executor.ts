/**
 * A loop's default executor, the one `runInExecutor(null, ...)` uses: made on first use from the
 * registered factory (or set with `setDefaultExecutor`), shut down by `run()` with a timeout, and
 * told to stop without waiting when the loop closes.
 */
import { RuntimeError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { type Executor, getDefaultExecutorFactory, isExecutor } from "./executor.js";

export class DefaultExecutor {
  private executor: Executor | null = null;
  private shutdownCalled = false;

  /** The executor, made on first use; `RuntimeError` once it was shut down or without a factory. */
  get(): Executor {
    if (this.shutdownCalled) throw new RuntimeError("Executor shutdown has been called");
    if (this.executor !== null) return this.executor;
    const factory = getDefaultExecutorFactory();
    if (factory === null) {
      throw new RuntimeError(
        'no default executor: import "@asyncio/to-thread" or call loop.setDefaultExecutor()',
      );
    }
    this.executor = factory();
    return this.executor;
  }

  set(executor: Executor): void {
    if (!isExecutor(executor)) {
      throw new TypeError(
        `setDefaultExecutor() executor must be an Executor, got ${describe(executor)}`,
      );
    }
    this.executor = executor;
  }

  /**
   * Marks it shut down and returns the executor to shut down and wait for, if one was ever made.
   * It stays the loop's until `take()`, as in CPython, so closing the loop shuts it down again
   * without waiting.
   */
  markShutDown(): Executor | null {
    this.shutdownCalled = true;
    return this.executor;
  }

  /** Marks it shut down and hands the executor over (the loop closes). */
  take(): Executor | null {
    this.shutdownCalled = true;
    const executor = this.executor;
    this.executor = null;
    return executor;
  }
}

/** Shuts `executor` down without waiting; a failure goes to `report`, never left unhandled. */
export function shutDownWithoutWaiting(executor: Executor, report: (error: unknown) => void): void {
  Promise.resolve(executor.shutdown({ wait: false })).catch(report);
}
