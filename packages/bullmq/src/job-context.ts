/**
 * What a job function can learn about the job it runs in, and how it reports progress. The job
 * is found through a context variable set in the job's Task, so tasks the function starts (and
 * their tasks) see it too, as they see any context variable in Python.
 */
import { ContextVar, RuntimeError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import type { JobProgress } from "./job-future.js";

/** The job a job function is running in. */
export interface JobInfo {
  /** The BullMQ job id. */
  readonly id: string;
  /** The queue it came from. */
  readonly queueName: string;
  /** How many times a worker has started it, this time included (above 1 after a stall). */
  readonly attemptsStarted: number;
  /** @internal Sends a progress report (BullMQ's `job.updateProgress`). */
  readonly _updateProgress: (progress: JobProgress) => Promise<void>;
}

const currentJobVar = new ContextVar<JobInfo | null>("@asyncio/bullmq:currentJob", {
  default: null,
});

/** Makes `job` the current job of the running task. @internal */
export function enterJob(job: JobInfo): void {
  currentJobVar.set(job);
}

/**
 * The job the calling code runs in (inside a job function on a cluster worker, or a task it
 * started), or null elsewhere.
 *
 * @example
 * ```ts
 * export async function work() {
 *   console.log(`job ${currentJob()?.id}, attempt ${currentJob()?.attemptsStarted}`);
 * }
 * ```
 */
export function currentJob(): JobInfo | null {
  return currentJobVar.get();
}

function isProgress(value: unknown): value is JobProgress {
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "string" || typeof value === "boolean") return true;
  return typeof value === "object" && value !== null;
}

/**
 * Reports the progress of the current job: a number (a percentage, say), a string, a boolean or
 * a JSON-able object. The submitting side sees it through its future's `onProgress` and
 * `progress()`, in the order reported and before the job's outcome. The Promise settles once
 * Redis has it; a bad value or a call outside a job throws at once.
 *
 * @example
 * ```ts
 * export async function hashAll(paths: string[]) {
 *   for (const [i, path] of paths.entries()) {
 *     await hashOne(path);
 *     await reportProgress(Math.round(((i + 1) / paths.length) * 100));
 *   }
 * }
 * ```
 */
export function reportProgress(progress: JobProgress): Promise<void> {
  if (!isProgress(progress)) {
    throw new TypeError(
      `reportProgress() progress must be a finite number, a string, a boolean or an object, got ${describe(progress)}`,
    );
  }
  const job = currentJobVar.get();
  if (job === null) {
    throw new RuntimeError("reportProgress() called outside a job: no job runs in this task");
  }
  return job._updateProgress(progress);
}
