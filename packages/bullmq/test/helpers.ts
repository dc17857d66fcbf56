/** Shared helpers of the @asyncio/bullmq tests. */
import { randomUUID } from "node:crypto";
import type { EventLoop } from "@asyncio/core";
import { withTestLoop } from "@asyncio/core/testing";
import { type CancelSignal, moduleFunction, type WorkerFunction } from "@asyncio/to-thread";
import { Redis } from "ioredis";
import { stopWhenTestEnds } from "../../futures/test/support/left-running.js";
import type { JobFuture, JobProgress } from "../src/index.js";
import type * as Jobs from "./fixtures/jobs.js";

export const jobsUrl: URL = new URL("./fixtures/jobs.js", import.meta.url);

type JobName = keyof typeof Jobs;
type Fn<K extends JobName> = (typeof Jobs)[K] extends (...args: never[]) => unknown
  ? (typeof Jobs)[K]
  : (...args: unknown[]) => unknown;

/** A fixture job, detached on cancellation. */
export function job<K extends JobName>(
  name: K,
): WorkerFunction<Parameters<Fn<K>>, Awaited<ReturnType<Fn<K>>>> {
  return moduleFunction<Fn<K>>(jobsUrl, name);
}

/** The cooperative fixture job. */
type BlockCooperatively = (signal: CancelSignal, token: string) => Promise<string>;
export const blockCooperatively: WorkerFunction<[token: string], string> =
  moduleFunction<BlockCooperatively>(jobsUrl, "blockCooperatively", { onCancel: "cooperative" });

/** A queue name no other test uses. */
export function uniqueName(what: string): string {
  return `asyncio-test-${what}-${randomUUID()}`;
}

/**
 * Runs `body` as the main task of a fresh real-time loop that must end with nothing pending. A
 * loop a timed-out test left running is stopped after it, so that the next test can run one.
 */
export function withLoop<T>(body: () => Promise<T>): Promise<T> {
  let loop: EventLoop | null = null;
  const result = withTestLoop(
    (testLoop) => {
      loop = testLoop.loop;
      return body();
    },
    { realTime: true },
  );
  stopWhenTestEnds(() => loop, result);
  return result;
}

/** A plain client for the test's own commands (releasing jobs, inspecting the queue). */
export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** The first progress report of `future` (its job reports it when it starts). */
export async function firstProgress<T>(future: JobFuture<T>): Promise<JobProgress> {
  for await (const progress of future.progress()) return progress;
  throw new Error(`${future} ended without reporting progress`);
}

/** The error `promise` rejects with (fails if it fulfils). */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
