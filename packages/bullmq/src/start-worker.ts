/**
 * The worker side of the cluster: `startWorker` serves a BullMQ queue from the running event
 * loop, each job in a Task of its own, so that job functions may be async and use the whole
 * library (sleeps, timeouts, task groups, streams), and can be cancelled as any task can. The
 * `asyncio-worker` command is this function behind a command line.
 */
import { inspect } from "node:util";
import type { EventLoop } from "@asyncio/core";
import { getLogger } from "@asyncio/core";
import { CancelledError, getRunningLoop } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { createTask, currentTask, type Task } from "@asyncio/tasks";
import { encodeError, encodeValue } from "@asyncio/to-thread/codec";
import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import {
  checkInteger,
  checkPrefix,
  checkQueueName,
  checkSeconds,
} from "./internal/check-options.js";
import { loadJobFunction } from "./internal/load-job-function.js";
import {
  checkConnection,
  closeRedis,
  openRedis,
  type RedisConnection,
} from "./internal/redis-connection.js";
import {
  cancelChannel,
  DEFAULT_PREFIX,
  decodeArgs,
  encodeOutcome,
  type JobData,
  type JobOutcome,
} from "./internal/wire.js";
import { enterJob, type JobInfo } from "./job-context.js";
import type { JobProgress } from "./job-future.js";

/**
 * The options of `startWorker` (and of the `asyncio-worker` command): the Redis server and queue
 * to serve, how many jobs run at once, and how jobs of a worker that died are taken back.
 */
export interface StartWorkerOptions {
  /** Where Redis is: a `redis://` URL, ioredis options, or an ioredis client (duplicated). */
  connection: RedisConnection;
  /** The BullMQ queue to serve (the executor's `queueName`). */
  queueName: string;
  /** How many jobs run at once on this worker (default 1). */
  concurrency?: number;
  /** BullMQ's key prefix (default `"bull"`); the executor must use the same. */
  prefix?: string;
  /** The worker's name, shown by queue tools (default none). */
  name?: string;
  /**
   * Seconds a job stays locked to this worker without a renewal (default 30). The lock is renewed
   * at half of it while the job runs; a worker that dies (or whose loop is blocked) longer loses
   * its jobs to the stalled-job check of the other workers.
   */
  lockDuration?: number;
  /** Seconds between this worker's checks for jobs whose worker died (default 30). */
  stalledInterval?: number;
  /**
   * How many times a job may be taken back from a dead worker and retried (default 1); once more,
   * and it fails with `JobFailedError` on the submitting side.
   */
  maxStalledCount?: number;
}

/** A job running on this worker. */
interface RunningJob {
  readonly cooperative: boolean;
  readonly task: Task<unknown>;
}

/** How many cancellation requests for jobs this worker hasn't started yet are remembered. */
const REMEMBERED_CANCELS = 10_000;

function checkOptions(options: StartWorkerOptions): void {
  const caller = "startWorker()";
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${caller} options must be an object, got ${describe(options)}`);
  }
  checkConnection(options.connection, caller);
  checkQueueName(options.queueName, caller);
  if (options.concurrency !== undefined)
    checkInteger(options.concurrency, "concurrency", caller, 1);
  if (options.prefix !== undefined) checkPrefix(options.prefix, caller);
  if (options.name !== undefined && typeof options.name !== "string") {
    throw new TypeError(`${caller} name must be a string, got ${describe(options.name)}`);
  }
  if (options.lockDuration !== undefined)
    checkSeconds(options.lockDuration, "lockDuration", caller);
  if (options.stalledInterval !== undefined)
    checkSeconds(options.stalledInterval, "stalledInterval", caller);
  if (options.maxStalledCount !== undefined)
    checkInteger(options.maxStalledCount, "maxStalledCount", caller, 0);
}

/**
 * A worker serving a queue from an event loop; made by `startWorker`.
 */
export class ClusterWorker {
  readonly queueName: string;
  readonly concurrency: number;
  private readonly loop: EventLoop;
  private readonly running = new Map<string, RunningJob>();
  /** Cancellations that arrived before their job started here (or for other workers' jobs). */
  private readonly cancelRequests = new Set<string>();
  private bullWorker: Worker | null = null;
  private subscriber: Redis | null = null;
  private client: Redis | null = null;
  private closing: Promise<void> | null = null;
  private abandoned = false;
  private markClosed: () => void = () => {};
  /** Settles once the worker is closed (see `close`). */
  readonly closed: Promise<void> = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  /** @internal Use `startWorker`. */
  constructor(queueName: string, concurrency: number, loop: EventLoop) {
    this.queueName = queueName;
    this.concurrency = concurrency;
    this.loop = loop;
  }

  /** How many jobs run on this worker now. */
  get runningCount(): number {
    return this.running.size;
  }

  /**
   * Stops taking jobs. By default the jobs running here finish first and their outcomes are
   * delivered; with `force` they are abandoned at once (their tasks cancelled, their outcomes
   * dropped), and the queue gives them to another worker once their locks expire, as if this
   * worker had died.
   */
  close(options: { force?: boolean } = {}): Promise<void> {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `ClusterWorker.close() options must be an object, got ${describe(options)}`,
      );
    }
    this.closing ??= this.shutDown(options.force === true);
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  toString(): string {
    return `<ClusterWorker queue=${JSON.stringify(this.queueName)} concurrency=${this.concurrency} running=${this.running.size}${this.closing === null ? "" : " closed"}>`;
  }

  /** @internal Connects and starts taking jobs. */
  async _start(options: StartWorkerOptions): Promise<void> {
    const prefix = options.prefix ?? DEFAULT_PREFIX;
    const owner = `ClusterWorker ${this.queueName}`;
    const client = openRedis(options.connection, true, owner);
    const subscriber = openRedis(options.connection, true, owner);
    this.client = client;
    this.subscriber = subscriber;
    subscriber.on("message", (_channel: string, jobId: string) => {
      if (!this.loop.isClosed()) this.loop.callSoonThreadsafe(() => this.onCancelRequest(jobId));
    });
    await subscriber.subscribe(cancelChannel(prefix, this.queueName));
    const worker = new Worker<JobData, string>(this.queueName, (job) => this.process(job), {
      connection: client,
      prefix,
      concurrency: this.concurrency,
      autorun: false,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.lockDuration === undefined
        ? {}
        : { lockDuration: Math.round(options.lockDuration * 1000) }),
      ...(options.stalledInterval === undefined
        ? {}
        : { stalledInterval: Math.round(options.stalledInterval * 1000) }),
      ...(options.maxStalledCount === undefined
        ? {}
        : { maxStalledCount: options.maxStalledCount }),
    });
    this.bullWorker = worker;
    worker.on("error", (error: unknown) => {
      if (!this.abandoned)
        getLogger().warning(`ClusterWorker ${this.queueName}: ${inspect(error)}`);
    });
    await worker.waitUntilReady();
    worker.run().catch((error: unknown) => {
      getLogger().error(`ClusterWorker ${this.queueName} stopped: ${inspect(error)}`);
    });
  }

  /** BullMQ's processor: runs the job as a Task on the loop, resolves with its outcome. */
  private process(job: Job<JobData, string>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      try {
        this.loop.callSoonThreadsafe(() => this.startJob(job, resolve));
      } catch (error) {
        reject(error);
      }
    });
  }

  private startJob(job: Job<JobData, string>, resolve: (outcome: string) => void): void {
    const jobId = job.id as string;
    const data = job.data;
    const label = `export ${JSON.stringify(data.export)} of ${data.module}`;
    const cooperative = data.onCancel === "cooperative";
    const info: JobInfo = {
      id: jobId,
      queueName: this.queueName,
      attemptsStarted: job.attemptsStarted,
      _updateProgress: (progress: JobProgress) => job.updateProgress(progress),
    };
    const task = createTask(
      async () => {
        enterJob(info);
        const fn = await loadJobFunction(data.module, data.export);
        const args = decodeArgs(data.args);
        if (cooperative) args.unshift((currentTask() as Task<unknown>).signal);
        return await fn(...args);
      },
      { name: `job ${jobId}` },
    );
    this.running.set(jobId, { cooperative, task });
    if (this.cancelRequests.delete(jobId) && cooperative) task.cancel();
    task.addDoneCallback(() => {
      this.running.delete(jobId);
      if (!this.abandoned) resolve(outcomeOf(task, label));
    });
  }

  private onCancelRequest(jobId: string): void {
    const job = this.running.get(jobId);
    if (job !== undefined) {
      if (job.cooperative) job.task.cancel();
      return;
    }
    // The job may be on its way to this worker: remember the request for when it starts.
    this.cancelRequests.add(jobId);
    if (this.cancelRequests.size > REMEMBERED_CANCELS) {
      const oldest = this.cancelRequests.values().next().value as string;
      this.cancelRequests.delete(oldest);
    }
  }

  private async shutDown(force: boolean): Promise<void> {
    const worker = this.bullWorker;
    if (force) {
      this.abandoned = true;
      for (const job of this.running.values()) job.task.cancel();
    }
    if (worker !== null) await worker.close(force);
    try {
      await Promise.all(
        [this.subscriber, this.client].map((client) =>
          client === null ? undefined : closeRedis(client),
        ),
      );
    } finally {
      this.markClosed();
    }
  }
}

/** The wire form of a finished job Task's outcome. */
function outcomeOf(task: Task<unknown>, label: string): string {
  if (task.cancelled()) {
    return encodeOutcome({
      ok: false,
      cancelled: true,
      error: encodeError(new CancelledError(`the task running ${label} was cancelled`), 0),
    });
  }
  const error = task.exception();
  if (error !== null && error !== undefined) {
    return encodeOutcome({ ok: false, cancelled: false, error: encodeValue(error, 0) });
  }
  const outcome: JobOutcome = { ok: true, value: task.result() };
  try {
    return encodeOutcome(outcome);
  } catch (cloneError) {
    const failure = new TypeError(
      `the result of ${label} can't be sent back from the cluster worker: ${(cloneError as Error).message}`,
      { cause: cloneError },
    );
    return encodeOutcome({ ok: false, cancelled: false, error: encodeError(failure, 0) });
  }
}

/**
 * Serves `queueName` from the running event loop: takes up to `concurrency` jobs at a time and
 * runs each in a Task. Resolves once the worker is connected and taking jobs. Stop it with
 * `close()`; the loop must keep running until then.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const worker = await startWorker({
 *     connection: "redis://127.0.0.1:6379",
 *     queueName: "hash",
 *     concurrency: 4,
 *   });
 *   addSignalHandler(getRunningLoop(), "SIGTERM", () => void worker.close());
 *   await worker.closed;
 * });
 * ```
 */
export async function startWorker(options: StartWorkerOptions): Promise<ClusterWorker> {
  checkOptions(options);
  const loop = getRunningLoop() as unknown as EventLoop;
  const worker = new ClusterWorker(options.queueName, options.concurrency ?? 1, loop);
  try {
    await worker._start(options);
  } catch (error) {
    await worker.close({ force: true });
    throw error;
  }
  return worker;
}
