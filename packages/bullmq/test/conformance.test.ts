/**
 * `BullMQExecutor` runs the executor suite of `@asyncio/testkit`, the same suite
 * `ThreadPoolExecutor` and a plugin's executor run, against a real redis-server with two
 * `asyncio-worker` processes of concurrency 1 (so two calls run at once and a third waits in the
 * queue). The suite's jobs come from the testkit's job module, which the workers import by URL.
 */
import { EventLoop, type ExecutorCallable } from "@asyncio/core";
import { describeExecutor, executorJobsUrl } from "@asyncio/testkit";
import { moduleFunction } from "@asyncio/to-thread";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { BullMQExecutor, type JobFuture } from "../src/index.js";
import { connect, uniqueName } from "./helpers.js";
import { testRedis } from "./redis.js";
import { startWorkerProcesses, type WorkerProcess } from "./workers.js";

const redis = await testRedis("conformance.test.ts");
const url = redis?.url ?? "";
const queueName = uniqueName("conformance");

let workers: WorkerProcess[] = [];
let client: Redis;
let queue: Queue;

/** A `BullMQExecutor` that keeps the futures it returned, to wait for their withdrawal. */
class TrackedExecutor extends BullMQExecutor {
  readonly submitted: JobFuture<unknown>[] = [];

  override submit<A extends unknown[], R>(
    fn: ExecutorCallable<A, R>,
    ...args: A
  ): JobFuture<Awaited<R>> {
    const future = super.submit(fn, ...args);
    this.submitted.push(future as JobFuture<unknown>);
    return future;
  }
}

/**
 * A cancelled call's job is withdrawn from Redis after `cancel()` returns: resolves once every
 * cancelled job that reached the queue has left it, so that no free worker can take one.
 */
async function cancellationsApplied(executor: TrackedExecutor): Promise<void> {
  for (const future of executor.submitted) {
    if (!future.cancelled() || !(await future.whenQueued())) continue;
    while ((await queue.getJob(future.jobId)) !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

describe.skipIf(redis === null)("BullMQExecutor on two asyncio-worker processes", () => {
  beforeAll(async () => {
    workers = await startWorkerProcesses(
      2,
      ["--queue", queueName, "--concurrency", "1", "--redis", url],
      {},
    );
    client = connect(url);
    queue = new Queue(queueName, { connection: client });
  }, 30_000);

  afterAll(async () => {
    const codes = await Promise.all(workers.map((worker) => worker.stop()));
    await queue?.close();
    client?.disconnect();
    await redis?.stop();
    expect(codes).toEqual([0, 0]);
  });

  describeExecutor(() => new TrackedExecutor({ connection: url, queueName }), {
    name: "executor suite",
    fn: (name, { onCancel }) =>
      onCancel === "cooperative"
        ? moduleFunction(executorJobsUrl, name, { onCancel })
        : moduleFunction(executorJobsUrl, name),
    loop: () => new EventLoop(),
    capacity: 2,
    cooperative: true,
    cancellationsApplied,
    timeout: 30_000,
  });
});
