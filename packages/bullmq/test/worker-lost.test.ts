/**
 * A worker process killed mid-job (SIGKILL): BullMQ's stalled-job check on the surviving worker
 * (here one in this process, started once the other is dead, so that the victim is known) takes
 * the job back, and the submitter's future completes from the retry, or fails with a clear error
 * once the job has stalled more often than `maxStalledCount` allows. The locks and checks are
 * shortened through the workers' options so that recovery takes about a second.
 */
import { wrapFuture } from "@asyncio/core";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BullMQExecutor,
  isJobFailedError,
  type JobFailedError,
  startWorker,
} from "../src/index.js";
import { connect, job, rejection, uniqueName, withLoop } from "./helpers.js";
import { testRedis } from "./redis.js";
import { startWorkerProcesses, type WorkerProcess } from "./workers.js";

const redis = await testRedis("worker-lost.test.ts");
const url = redis?.url ?? "";
let client: Redis;

/** Short locks and frequent stalled-job checks, the same on every worker of a queue. */
const QUICK = { lockDuration: 1, stalledInterval: 0.25 };

/**
 * Submits a blocking job to a queue served by one worker process, waits until the job runs
 * there, and kills the process. Returns the job's future and its progress reports.
 */
async function killTheWorkerOfAJob(queueName: string, maxStalledCount: number, token: string) {
  const [victim] = (await startWorkerProcesses(
    1,
    [
      ...["--queue", queueName, "--concurrency", "1", "--redis", url],
      ...["--lock-duration", String(QUICK.lockDuration)],
      ...["--stalled-interval", String(QUICK.stalledInterval)],
      ...["--max-stalled-count", String(maxStalledCount)],
    ],
    { ASYNCIO_TEST_REDIS_URL: url },
  )) as [WorkerProcess];
  const executor = new BullMQExecutor({ connection: url, queueName });
  const future = executor.submit(job("blockUntilReleased"), token);
  const progress = future.progress();
  expect((await progress.next()).value).toEqual({ started: victim.pid, attempt: 1 });
  expect(await victim.kill()).toBe("SIGKILL");
  return { executor, future, progress };
}

describe.skipIf(redis === null)("a worker killed mid-job", () => {
  beforeAll(() => {
    // The survivor runs in this process; the fixture jobs find Redis through this variable.
    process.env.ASYNCIO_TEST_REDIS_URL = url;
    client = connect(url);
  });

  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it("the job is retried on the surviving worker and the future completes from the retry", async () => {
    const queueName = uniqueName("stalled-retry");
    const token = uniqueName("retry");
    await withLoop(async () => {
      const { executor, future, progress } = await killTheWorkerOfAJob(queueName, 1, token);
      const survivor = await startWorker({ connection: url, queueName, ...QUICK });
      expect((await progress.next()).value).toEqual({ started: process.pid, attempt: 2 });
      await client.lpush(`release:${token}`, "done on the retry");
      expect(await wrapFuture(future)).toBe("done on the retry");
      await executor.shutdown();
      await survivor.close();
    });
  }, 30_000);

  it("past maxStalledCount the future fails with a JobFailedError that says why", async () => {
    const queueName = uniqueName("stalled-fail");
    await withLoop(async () => {
      const { executor, future } = await killTheWorkerOfAJob(queueName, 0, uniqueName("fail"));
      const survivor = await startWorker({
        connection: url,
        queueName,
        ...QUICK,
        maxStalledCount: 0,
      });
      const error = (await rejection(wrapFuture(future))) as JobFailedError;
      expect(isJobFailedError(error)).toBe(true);
      expect(error.jobId).toBe(future.jobId);
      expect(error.failedReason).toBe("job stalled more than allowable limit");
      expect(error.message).toBe(
        `job ${future.jobId} (export "blockUntilReleased" of ${new URL("./fixtures/jobs.js", import.meta.url).href}) failed: its worker stopped (killed, crashed, or blocked past its lock) more often than the workers' maxStalledCount allows`,
      );
      await executor.shutdown();
      await survivor.close();
    });
  }, 30_000);
});
