/**
 * The future of a call submitted to a `BullMQExecutor`: a `ConcurrentFuture`, as a thread pool
 * returns, that also knows its BullMQ job and passes on the progress the job reports, so that a
 * long job can drive a progress bar on the submitting side.
 */
import { inspect } from "node:util";
import { getLogger } from "@asyncio/core";
import { describe } from "@asyncio/futures/contract";
import { ConcurrentFuture } from "@asyncio/to-thread";

/** What a job may report as progress: BullMQ keeps it as JSON. */
export type JobProgress = number | string | boolean | object;

/**
 * A future completed by a worker of the cluster.
 *
 * @example
 * ```ts
 * const future = executor.submit(hashFile, "/data/big.iso");
 * future.onProgress((percent) => console.log(`${percent}%`));
 * const digest = await wrapFuture(future); // a loop Future, as runInExecutor returns
 * ```
 */
export class JobFuture<T> extends ConcurrentFuture<T> {
  /** The BullMQ job id, as shown by queue tools. */
  readonly jobId: string;
  private latest: { readonly value: JobProgress } | null = null;
  private readonly listeners = new Set<(progress: JobProgress) => void>();
  private queued: Promise<boolean> = Promise.resolve(false);

  /** @internal Made by `BullMQExecutor.submit`. */
  constructor(jobId: string) {
    super();
    this.jobId = jobId;
    this.addDoneCallback(() => this.listeners.clear());
  }

  /**
   * Settles once the job is in Redis (true), or won't ever be (false: the call was cancelled
   * before, or failed to be queued). A submitter that must know its work is safely queued (before
   * answering a request, say) awaits this.
   */
  whenQueued(): Promise<boolean> {
    return this.queued;
  }

  /** @internal The executor's attempt to queue the job. */
  _setQueued(queued: Promise<boolean>): void {
    this.queued = queued;
  }

  /** The progress the job reported last, or undefined if it hasn't reported any. */
  get lastProgress(): JobProgress | undefined {
    return this.latest?.value;
  }

  /**
   * Calls `callback(progress)` for each progress report from now until the future is done.
   * Returns a function that stops the calls.
   */
  onProgress(callback: (progress: JobProgress) => void): () => void {
    if (typeof callback !== "function") {
      throw new TypeError(`onProgress() callback must be a function, got ${describe(callback)}`);
    }
    if (this.done()) return () => {};
    const listener = (progress: JobProgress): void => callback(progress);
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * The job's progress reports as an async iterator: the last one already received (if any),
   * then each new one; it ends when the future is done, whatever its outcome (await the future
   * for that). Reports that arrive faster than they are consumed are all kept, in order.
   *
   * @example
   * ```ts
   * for await (const percent of future.progress()) bar.update(percent);
   * ```
   */
  progress(): AsyncIterableIterator<JobProgress> {
    const buffered: JobProgress[] = this.latest === null ? [] : [this.latest.value];
    let wake: ((result: IteratorResult<JobProgress>) => void) | null = null;
    let finished = false;
    const finish = (): void => {
      finished = true;
      unsubscribe();
      if (wake !== null) {
        const resolve = wake;
        wake = null;
        resolve({ done: true, value: undefined });
      }
    };
    const unsubscribe = this.onProgress((value) => {
      if (wake !== null) {
        const resolve = wake;
        wake = null;
        resolve({ done: false, value });
      } else {
        buffered.push(value);
      }
    });
    this.addDoneCallback(finish);
    const iterator: AsyncIterableIterator<JobProgress> = {
      next(): Promise<IteratorResult<JobProgress>> {
        if (buffered.length > 0) {
          return Promise.resolve({ done: false, value: buffered.shift() as JobProgress });
        }
        if (finished) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => {
          wake = resolve;
        });
      },
      return(): Promise<IteratorResult<JobProgress>> {
        buffered.length = 0;
        finish();
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** @internal The executor received a progress report for this job. */
  _reportProgress(value: JobProgress): void {
    if (this.done()) return;
    this.latest = { value };
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // One failing listener must not keep the others from hearing the report.
        getLogger().error(`exception calling progress callback for ${this}\n${inspect(error)}`);
      }
    }
  }

  override toString(): string {
    return super.toString().replace("<ConcurrentFuture", `<JobFuture id=${this.jobId}`);
  }
}
