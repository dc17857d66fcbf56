/**
 * BullMQExecutor against a real redis-server, with two worker processes running the
 * `asyncio-worker` command: what is the cluster's own beyond the executor suite of
 * `@asyncio/testkit` (`conformance.test.ts`) — jobs in Tasks of the workers' loops, both workers
 * busy at once, errors crossing the wire with their stacks, progress, Redis's view of cancelled
 * jobs, and 1,000 jobs. Where CPython has a counterpart (run_in_executor, the concurrent.futures
 * executor tests), the test names it.
 */

import type { EventLoop } from "@asyncio/core";
import { wrapFuture } from "@asyncio/core";
import { getRunningLoop, isCancelledError } from "@asyncio/futures";
import { createTask, gather, sleep } from "@asyncio/tasks";
import { moduleFunction } from "@asyncio/to-thread";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullMQExecutor, type JobProgress } from "../src/index.js";
import {
  blockCooperatively,
  connect,
  firstProgress,
  job,
  jobsUrl,
  rejection,
  uniqueName,
  withLoop,
} from "./helpers.js";
import { testRedis } from "./redis.js";
import { startWorkerProcesses, type WorkerProcess } from "./workers.js";

const redis = await testRedis("cluster.test.ts");
const url = redis?.url ?? "";
const queueName = uniqueName("cluster");
/** A queue no worker serves, where jobs stay queued. */
const idleQueueName = uniqueName("idle");

let workers: WorkerProcess[] = [];
let client: Redis;
let idleQueue: Queue;

function runningLoop(): EventLoop {
  return getRunningLoop() as unknown as EventLoop;
}

/** Runs `body` on a fresh loop with a fresh executor, shut down afterwards. */
async function withExecutor<T>(
  body: (executor: BullMQExecutor) => Promise<T>,
  name = queueName,
): Promise<T> {
  const executor = new BullMQExecutor({ connection: url, queueName: name });
  try {
    return await withLoop(() => body(executor));
  } finally {
    await executor.shutdown({ cancelFutures: true });
  }
}

async function release(token: string, value = "released"): Promise<void> {
  await client.lpush(`release:${token}`, value);
}

describe.skipIf(redis === null)("BullMQExecutor on two asyncio-worker processes", () => {
  beforeAll(async () => {
    workers = await startWorkerProcesses(
      2,
      ["--queue", queueName, "--concurrency", "2", "--redis", url],
      { ASYNCIO_TEST_REDIS_URL: url },
    );
    client = connect(url);
    idleQueue = new Queue(idleQueueName, { connection: client });
  }, 30_000);

  afterAll(async () => {
    const codes = await Promise.all(workers.map((worker) => worker.stop()));
    await idleQueue?.close();
    client?.disconnect();
    await redis?.stop();
    expect(codes).toEqual([0, 0]);
  });

  describe("calls", () => {
    it("a job runs inside a Task of the worker's loop, which knows its job", async () => {
      await withExecutor(async (executor) => {
        const future = executor.submit(job("whereAmI"));
        const seen = await wrapFuture(future);
        expect(seen.task).toBe(`job ${future.jobId}`);
        expect(seen.job).toBe(future.jobId);
        expect(workers.map((worker) => worker.pid)).toContain(seen.pid);
        expect(await runningLoop().runInExecutor(executor, job("addLater"), 20, 22)).toBe(42);
      });
    });

    it("jobs run on both worker processes at once: 4 blocking jobs on 2 workers × concurrency 2", async () => {
      await withExecutor(async (executor) => {
        const tokens = ["a", "b", "c", "d"].map((name) => uniqueName(name));
        const futures = tokens.map((token) => executor.submit(job("blockUntilReleased"), token));
        const started = (await Promise.all(futures.map(firstProgress))) as { started: number }[];
        const perWorker = new Map<number, number>();
        for (const { started: pid } of started) perWorker.set(pid, (perWorker.get(pid) ?? 0) + 1);
        expect([...perWorker.keys()].sort()).toEqual(workers.map((w) => w.pid).sort());
        expect([...perWorker.values()]).toEqual([2, 2]);
        for (const token of tokens) await release(token, `done ${token}`);
        expect(await gather(...futures.map((future) => wrapFuture(future)))).toEqual(
          tokens.map((token) => `done ${token}`),
        );
      });
    });

    it("1,000 jobs through runInExecutor return the right results in order (test_threads.py::ToThreadTests::test_to_thread_concurrent)", async () => {
      await withExecutor(async (executor) => {
        const loop = runningLoop();
        const results = await gather(
          ...Array.from({ length: 1000 }, (_, i) => loop.runInExecutor(executor, job("add"), i, i)),
        );
        expect(results).toEqual(Array.from({ length: 1000 }, (_, i) => 2 * i));
        expect(executor.pendingCount).toBe(0);
      });
    }, 30_000);
  });

  describe("errors cross the wire", () => {
    it("a custom error keeps its name, message, worker stack, cause and own fields", async () => {
      await withExecutor(async (executor) => {
        const error = (await rejection(
          runningLoop().runInExecutor(executor, job("failWithQuota")),
        )) as Error & { limit: number; used: number };
        expect(error).toBeInstanceOf(Error);
        expect(error.name).toBe("QuotaError");
        expect(error.message).toBe("quota exceeded");
        expect(error.stack).toContain("failWithQuota");
        expect(error.stack).toContain("jobs.js");
        expect(error.limit).toBe(10);
        expect(error.used).toBe(12);
        expect(error.cause).toBeInstanceOf(RangeError);
        expect((error.cause as Error).message).toBe("12 > 10");
      });
    });

    it("an AggregateError keeps its errors", async () => {
      await withExecutor(async (executor) => {
        const error = (await rejection(
          runningLoop().runInExecutor(executor, job("failWithAggregate")),
        )) as AggregateError;
        expect(error).toBeInstanceOf(AggregateError);
        expect(error.message).toBe("both failed");
        expect(error.errors.map((e: Error) => [e.name, e.message])).toEqual([
          ["TypeError", "first"],
          ["Error", "second"],
        ]);
      });
    });

    it("a missing export, an export that isn't a function and a missing module fail with errors naming them", async () => {
      await withExecutor(async (executor) => {
        const loop = runningLoop();
        const missing = (await rejection(
          loop.runInExecutor(executor, moduleFunction(jobsUrl, "nope")),
        )) as Error;
        expect(missing).toBeInstanceOf(TypeError);
        expect(missing.message).toMatch(/jobs\.js has no export named "nope" \(its exports: .*add/);
        const notFunction = (await rejection(
          loop.runInExecutor(executor, moduleFunction(jobsUrl, "notAFunction")),
        )) as Error;
        expect(notFunction).toBeInstanceOf(TypeError);
        expect(notFunction.message).toMatch(
          /export "notAFunction" of .*jobs\.js is 42, not a function/,
        );
        const noModule = new URL("./fixtures/no-such-module.js", import.meta.url);
        const unimportable = (await rejection(
          loop.runInExecutor(executor, moduleFunction(noModule, "work")),
        )) as Error & { code?: string };
        expect(unimportable.message).toContain(
          `cannot import ${noModule.href} on the cluster worker`,
        );
        expect(unimportable.code).toBe("ERR_MODULE_NOT_FOUND");
      });
    });

    it("a result that can't be copied fails the call with a TypeError saying so", async () => {
      await withExecutor(async (executor) => {
        const error = (await rejection(
          runningLoop().runInExecutor(executor, job("returnFunction")),
        )) as Error;
        expect(error).toBeInstanceOf(TypeError);
        expect(error.message).toMatch(
          /^the result of export "returnFunction" of .*jobs\.js can't be sent back from the cluster worker: .*could not be cloned/,
        );
      });
    });

    it("an argument that can't be copied fails the call at once, without queueing a job", async () => {
      await withExecutor(async (executor) => {
        const future = executor.submit(job("echo"), Symbol("local") as unknown as string);
        expect(future.done()).toBe(true);
        expect(await future.whenQueued()).toBe(false);
        const error = future.exception() as Error;
        expect(error).toBeInstanceOf(TypeError);
        expect(error.message).toMatch(
          /^an argument of export "echo" of .*jobs\.js can't be sent to a cluster worker: /,
        );
      });
    });
  });

  describe("progress", () => {
    it("the job's progress reports reach onProgress and progress() in order, before the result", async () => {
      await withExecutor(async (executor) => {
        const future = executor.submit(job("withProgress"), 4);
        const called: JobProgress[] = [];
        future.onProgress((progress) => called.push(progress));
        const iterated: JobProgress[] = [];
        const reader = createTask(async () => {
          for await (const progress of future.progress()) iterated.push(progress);
        });
        expect(await wrapFuture(future)).toBe("done");
        await reader;
        expect(called).toEqual([25, 50, 75, 100]);
        expect(iterated).toEqual([25, 50, 75, 100]);
        expect(future.lastProgress).toBe(100);
      });
    });

    it("reportProgress refuses a value BullMQ can't keep", async () => {
      await withExecutor(async (executor) => {
        expect(await runningLoop().runInExecutor(executor, job("progressOutsideCheck"))).toBe(
          "TypeError: reportProgress() progress must be a finite number, a string, a boolean or an object, got NaN",
        );
      });
    });
  });

  describe("cancellation", () => {
    it("a call cancelled before its job is sent never reaches Redis", async () => {
      const executor = new BullMQExecutor({ connection: url, queueName: idleQueueName });
      await withLoop(async () => {
        const future = executor.submit(job("add"), 1, 2);
        expect(future.cancel()).toBe(true);
        expect(future.cancelled()).toBe(true);
        expect(await future.whenQueued()).toBe(false);
        expect(await idleQueue.getJob(future.jobId)).toBeUndefined();
      });
      await executor.shutdown();
    });

    it("a queued job is removed when the awaiting task is cancelled, and never runs (test_concurrent_futures::FutureTests::test_cancel)", async () => {
      const executor = new BullMQExecutor({ connection: url, queueName: idleQueueName });
      let jobId = "";
      await withLoop(async () => {
        const future = executor.submit(job("add"), 1, 2);
        jobId = future.jobId;
        const awaiting = createTask(async () => await wrapFuture(future));
        expect(await future.whenQueued()).toBe(true);
        expect(await (await idleQueue.getJob(jobId))?.getState()).toBe("waiting");
        awaiting.cancel();
        expect(isCancelledError(await rejection(awaiting))).toBe(true);
        expect(future.cancelled()).toBe(true);
      });
      // Shutting down waits for the withdrawal to reach Redis.
      await executor.shutdown();
      expect(await idleQueue.getJob(jobId)).toBeUndefined();
      expect(await idleQueue.getJobCounts("waiting", "active", "completed", "failed")).toEqual({
        waiting: 0,
        active: 0,
        completed: 0,
        failed: 0,
      });
    });

    it('a running "cooperative" job sees its signal aborted and its Task cancelled on the worker', async () => {
      await withExecutor(async (executor) => {
        const token = uniqueName("cooperative");
        const future = executor.submit(blockCooperatively, token);
        const awaiting = createTask(async () => await wrapFuture(future));
        await firstProgress(future);
        expect(future.running()).toBe(true);
        awaiting.cancel();
        expect(isCancelledError(await rejection(awaiting))).toBe(true);
        expect(future.cancelled()).toBe(true);
        const [, seen] = (await client.blpop(`aborted:${token}`, 0)) as [string, string];
        expect(JSON.parse(seen)).toEqual({
          signalAborted: true,
          sameAsTaskSignal: true,
          cancelling: 1,
        });
      });
    });

    it("a task awaiting a job can be timed out while the job is queued", async () => {
      await withExecutor(async (executor) => {
        const future = executor.submit(job("add"), 1, 1);
        const awaiting = createTask(async () => await wrapFuture(future));
        await future.whenQueued();
        await sleep(0);
        awaiting.cancel("timed out");
        const error = (await rejection(awaiting)) as Error;
        expect(isCancelledError(error)).toBe(true);
        expect(error.message).toBe("timed out");
      }, idleQueueName);
    });
  });
});
