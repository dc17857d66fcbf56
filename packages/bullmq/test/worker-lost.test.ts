/**
 * A worker process killed mid-job (SIGKILL): BullMQ's stalled-job check on the surviving worker
 * takes the job back, and the submitter's future completes from the retry, or fails with a clear
 * error once the job has stalled more often than `maxStalledCount` allows. The locks and checks
 * are shortened through the workers' options so that recovery takes about two seconds.
 */
import { wrapFuture } from "@asyncio/core";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullMQExecutor, isJobFailedError, type JobFailedError } from "../src/index.js";
import { connect, job, rejection, uniqueName, withLoop } from "./helpers.js";
import { testRedis } from "./redis.js";
import { startWorkerProcesses, type WorkerProcess } from "./workers.js";

const redis = await testRedis("worker-lost.test.ts");
const url = redis?.url ?? "";
let client: Redis;

/** Two workers on a new queue, with short locks and frequent stalled-job checks. */
async function twoWorkers(queueName: string, maxStalledCount: number): Promise<WorkerProcess[]> {
  return await startWorkerProcesses(
    2,
    [
      ...["--queue", queueName, "--concurrency", "1", "--redis", url],
      ...["--lock-duration", "2", "--stalled-interval", "0.25"],
      ...["--max-stalled-count", String(maxStalledCount)],
    ],
    { ASYNCIO_TEST_REDIS_URL: url },
  );
}

/** Submits a blocking job, kills the worker that started it; returns the future and survivor. */
async function killTheWorkerOfAJob(queueName: string, workers: WorkerProcess[], token: string) {
  const executor = new BullMQExecutor({ connection: url, queueName });
  const future = executor.submit(job("blockUntilReleased"), token);
  const progress = future.progress();
  const first = (await progress.next()).value as { started: number; attempt: number };
  expect(first.attempt).toBe(1);
  const victim = workers.find((worker) => worker.pid === first.started) as WorkerProcess;
  const survivor = workers.find((worker) => worker !== victim) as WorkerProcess;
  expect(await victim.kill()).toBe("SIGKILL");
  return { executor, future, progress, survivor };
}

describe.skipIf(redis === null)("a worker killed mid-job", () => {
  beforeAll(() => {
    client = connect(url);
  });

  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it("the job is retried on the other worker and the future completes from the retry", async () => {
    const queueName = uniqueName("stalled-retry");
    const workers = await twoWorkers(queueName, 1);
    const token = uniqueName("retry");
    try {
      await withLoop(async () => {
        const { executor, future, progress, survivor } = await killTheWorkerOfAJob(
          queueName,
          workers,
          token,
        );
        const second = (await progress.next()).value;
        expect(second).toEqual({ started: survivor.pid, attempt: 2 });
        await client.lpush(`release:${token}`, "done on the retry");
        expect(await wrapFuture(future)).toBe("done on the retry");
        await executor.shutdown();
      });
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  }, 30_000);

  it("past maxStalledCount the future fails with a JobFailedError that says why", async () => {
    const queueName = uniqueName("stalled-fail");
    const workers = await twoWorkers(queueName, 0);
    try {
      await withLoop(async () => {
        const { executor, future } = await killTheWorkerOfAJob(
          queueName,
          workers,
          uniqueName("fail"),
        );
        const error = (await rejection(wrapFuture(future))) as JobFailedError;
        expect(isJobFailedError(error)).toBe(true);
        expect(error.jobId).toBe(future.jobId);
        expect(error.failedReason).toBe("job stalled more than allowable limit");
        expect(error.message).toBe(
          `job ${future.jobId} (export "blockUntilReleased" of ${new URL("./fixtures/jobs.js", import.meta.url).href}) failed: its worker stopped (killed, crashed, or blocked past its lock) more often than the workers' maxStalledCount allows`,
        );
        await executor.shutdown();
      });
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  }, 30_000);
});
