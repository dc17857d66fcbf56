/**
 * `startWorker` in this process, on the test's own loop: each job is a Task of that loop, the job
 * functions see their job, and closing the worker either lets the running jobs finish or
 * abandons them to another worker.
 */
import { wrapFuture } from "@asyncio/core";
import { RuntimeError } from "@asyncio/futures";
import { allTasks, createTask } from "@asyncio/tasks";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullMQExecutor, currentJob, reportProgress, startWorker } from "../src/index.js";
import {
  blockCooperatively,
  connect,
  firstProgress,
  job,
  rejection,
  uniqueName,
  withLoop,
} from "./helpers.js";
import { testRedis } from "./redis.js";

const redis = await testRedis("worker.test.ts");
const url = redis?.url ?? "";
let client: Redis;

describe("startWorker without Redis", () => {
  it("refuses to start outside a running loop", async () => {
    const error = await rejection(
      startWorker({ connection: "redis://127.0.0.1:1", queueName: "q" }),
    );
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("no running event loop");
  });

  it("currentJob() is null and reportProgress() throws outside a job", async () => {
    await withLoop(async () => {
      expect(currentJob()).toBe(null);
      expect(() => reportProgress(50)).toThrow(RuntimeError);
      expect(() => reportProgress(50)).toThrow(
        "reportProgress() called outside a job: no job runs in this task",
      );
      expect(() => reportProgress(undefined as unknown as number)).toThrow(TypeError);
    });
  });
});

describe.skipIf(redis === null)("startWorker on this process's loop", () => {
  beforeAll(() => {
    // The fixture jobs connect to Redis through this variable, here as in a worker process.
    process.env.ASYNCIO_TEST_REDIS_URL = url;
    client = connect(url);
  });

  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it("runs each job as a Task of the running loop", async () => {
    const queueName = uniqueName("in-process");
    const executor = new BullMQExecutor({ connection: url, queueName });
    await withLoop(async () => {
      const worker = await startWorker({ connection: url, queueName, concurrency: 2 });
      expect(String(worker)).toBe(
        `<ClusterWorker queue=${JSON.stringify(queueName)} concurrency=2 running=0>`,
      );
      const token = uniqueName("in-process");
      const future = executor.submit(job("blockUntilReleased"), token);
      await firstProgress(future);
      const names = [...allTasks()].map((task) => task.getName());
      expect(names).toContain(`job ${future.jobId}`);
      expect(worker.runningCount).toBe(1);
      await client.lpush(`release:${token}`, "from this loop");
      expect(await wrapFuture(future)).toBe("from this loop");
      const seen = await wrapFuture(executor.submit(job("whereAmI")));
      expect(seen.pid).toBe(process.pid);
      await executor.shutdown();
      await worker.close();
      await worker.closed;
    });
  });

  it("close() lets the running jobs finish and deliver their results", async () => {
    const queueName = uniqueName("graceful");
    const executor = new BullMQExecutor({ connection: url, queueName });
    await withLoop(async () => {
      const worker = await startWorker({ connection: url, queueName });
      const token = uniqueName("graceful");
      const future = executor.submit(job("blockUntilReleased"), token);
      await firstProgress(future);
      const closing = createTask(async () => await worker.close());
      await client.lpush(`release:${token}`, "finished while closing");
      await closing;
      expect(future.result()).toBe("finished while closing");
      await executor.shutdown();
    });
  });

  it("close({ force: true }) cancels the running jobs' tasks; another worker retries them", async () => {
    const queueName = uniqueName("forced");
    const executor = new BullMQExecutor({ connection: url, queueName });
    await withLoop(async () => {
      // Every worker's stalled-job check holds the queue's check for its own interval: both short.
      const quick = { lockDuration: 1, stalledInterval: 0.25 };
      const first = await startWorker({ connection: url, queueName, ...quick });
      const token = uniqueName("forced");
      const future = executor.submit(blockCooperatively, token);
      const progress = future.progress();
      await progress.next();
      await first.close({ force: true });
      const [, seen] = (await client.blpop(`aborted:${token}`, 0)) as [string, string];
      expect(JSON.parse(seen)).toEqual({
        signalAborted: true,
        sameAsTaskSignal: true,
        cancelling: 1,
      });
      expect(future.done()).toBe(false);
      const second = await startWorker({ connection: url, queueName, ...quick });
      expect((await progress.next()).value).toEqual({ started: process.pid });
      await client.lpush(`release:${token}`, "done by the second worker");
      expect(await wrapFuture(future)).toBe("done by the second worker");
      await executor.shutdown();
      await second.close();
    });
  }, 20_000);
});
