/**
 * The errors of the cluster executor. Errors thrown by job functions cross back rebuilt (name,
 * message, stack, cause and own properties), as from a worker thread; these are the failures of
 * the queue itself, where no function outcome exists.
 */
import { brandError } from "@asyncio/futures/contract";

/**
 * A job ended without an outcome from its function: its worker died or hung more often than the
 * workers' `maxStalledCount` allows, it was removed from the queue by someone else, BullMQ failed
 * it, or the connection to Redis was lost before it could be queued.
 *
 * @example
 * ```ts
 * try { await loop.runInExecutor(executor, work); }
 * catch (e) { if (isJobFailedError(e)) console.log(e.jobId, e.failedReason); }
 * ```
 */
export class JobFailedError extends Error {
  override readonly name: "JobFailedError" = "JobFailedError";
  /** The BullMQ job id. */
  readonly jobId: string;
  /** BullMQ's own reason, such as "job stalled more than allowable limit". */
  readonly failedReason: string;

  constructor(message: string, jobId: string, failedReason: string, options?: ErrorOptions) {
    super(message, options);
    this.jobId = jobId;
    this.failedReason = failedReason;
  }
}

/** True for a `JobFailedError` (from any copy of this package). */
export const isJobFailedError: (value: unknown) => value is JobFailedError = brandError(
  JobFailedError,
  "JobFailedError",
);
