/**
 * The functions the executor suite submits, in a module that an executor's workers import by URL
 * (`jobs/executor-jobs.js`, plain JavaScript shipped with this package). Executors name functions
 * in their own way (`moduleFunction(url, name)` for `ThreadPoolExecutor` and `BullMQExecutor`);
 * this is the module's address and the signatures of its exports.
 */

/** The URL of the job module, for `moduleFunction(executorJobsUrl, name)` and its like. */
export const executorJobsUrl: URL = new URL("../jobs/executor-jobs.js", import.meta.url);

/** The exports of the job module. A gate is a directory the suite made for one call. */
export interface ExecutorJobs {
  add(a: number, b: number): number;
  /** `add` after a Node timer: an async function. */
  addLater(a: number, b: number): Promise<number>;
  /** Returns its argument: structured values must cross unchanged. */
  echo<T>(value: T): T;
  /** Throws a `SuiteError` (`name`, `code: "E_SUITE"`, a `RangeError` cause). */
  fail(message: string): never;
  /** Marks the gate that it ran and returns `"ran"`. */
  markRan(gate: string): string;
  /** Writes `started`, waits for `release`, writes `finished`, returns `value`. */
  blockUntilReleased<T>(gate: string, value: T): Promise<T>;
  /** As `blockUntilReleased` with the call's `AbortSignal` first; writes `aborted` and throws. */
  blockCooperatively(signal: AbortSignal, gate: string): Promise<string>;
}

/** The name of an export of the job module. */
export type ExecutorJobName = keyof ExecutorJobs;
