/**
 * The errors of the thread pool. Errors thrown by the functions themselves cross back rebuilt
 * (name, message, stack, cause and own properties), see `ThreadPoolExecutor`.
 */
import { brandError } from "@asyncio/futures/contract";

/**
 * The worker thread running a call ended before the call returned: the function called
 * `process.exit()`, ran out of memory under `resourceLimits`, or an error escaped it
 * asynchronously. Only that call fails; the pool replaces the worker.
 *
 * @example
 * ```ts
 * try { await toThread(() => process.exit(3)); }
 * catch (e) { if (isWorkerExitError(e)) console.log(e.exitCode); } // 3
 * ```
 */
export class WorkerExitError extends Error {
  override readonly name: "WorkerExitError" = "WorkerExitError";
  /** The worker's exit code. */
  readonly exitCode: number;

  constructor(message: string, exitCode: number, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** True for a `WorkerExitError` (from any copy of this package). */
export const isWorkerExitError: (value: unknown) => value is WorkerExitError = brandError(
  WorkerExitError,
  "WorkerExitError",
);
