/**
 * `BullMQExecutor`: an `Executor` whose calls run on a cluster of workers through a BullMQ queue
 * on Redis, for the work that outgrows one machine (what Dask or Celery are to Python's
 * `run_in_executor`). A call becomes a job naming its function by module and export; any number
 * of `asyncio-worker` processes, on any machines, take jobs from the queue. One `QueueEvents`
 * reader per executor delivers every job's progress and outcome, so a call costs one `Queue.add`
 * and no polling.
 */
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import {
  type Executor,
  type ExecutorCallable,
  type ExecutorShutdownOptions,
  getLogger,
} from "@asyncio/core";
import { RuntimeError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { isWorkerFunction, type WorkerFunction } from "@asyncio/to-thread";
import { decodeValue } from "@asyncio/to-thread/codec";
import { Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { JobFailedError } from "./errors.js";
import { checkPrefix, checkQueueName } from "./internal/check-options.js";
import {
  checkConnection,
  closeRedis,
  openRedis,
  type RedisConnection,
} from "./internal/redis-connection.js";
import {
  cancelChannel,
  DEFAULT_PREFIX,
  decodeOutcome,
  encodeArgs,
  type JobData,
  type JobOutcome,
} from "./internal/wire.js";
import { JobFuture, type JobProgress } from "./job-future.js";

/**
 * The options of `new BullMQExecutor()`: the Redis server and the BullMQ queue its calls go to,
 * which the `asyncio-worker` processes serve.
 */
export interface BullMQExecutorOptions {
  /** Where Redis is: a `redis://` URL, ioredis options, or an ioredis client (duplicated). */
  connection: RedisConnection;
  /** The BullMQ queue the workers serve (`asyncio-worker --queue NAME`). */
  queueName: string;
  /** BullMQ's key prefix (default `"bull"`); the workers must use the same. */
  prefix?: string;
}

/** A call on its way: what the executor needs to deliver its outcome or withdraw it. */
interface PendingCall {
  readonly future: JobFuture<unknown>;
  readonly label: string;
  readonly cooperative: boolean;
  /** Settles with whether the job reached Redis. */
  queued: Promise<boolean>;
}

/** The connections, opened by the first call. */
interface Connections {
  readonly client: Redis;
  readonly eventsClient: Redis;
  readonly queue: Queue;
  readonly events: QueueEvents;
}

const TRANSFER = Symbol.for("@asyncio/to-thread:transfer");
const STALLED_REASON = "job stalled more than allowable limit";

function checkOptions(options: BullMQExecutorOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`BullMQExecutor() options must be an object, got ${describe(options)}`);
  }
  checkConnection(options.connection, "BullMQExecutor()");
  checkQueueName(options.queueName, "BullMQExecutor()");
  if (options.prefix !== undefined) checkPrefix(options.prefix, "BullMQExecutor()");
}

/** The module function `fn` names, or a TypeError saying why it can't run on a cluster. */
function toModuleFunction(fn: unknown): WorkerFunction<never, unknown> {
  if (!isWorkerFunction(fn)) {
    const what = typeof fn === "function" ? "a function can't be sent to another machine; " : "";
    throw new TypeError(
      `BullMQExecutor.submit() fn must be a function exported from a module, made with moduleFunction(url, exportName): ${what}got ${describe(fn)}`,
    );
  }
  if (fn.target.kind !== "module") {
    throw new TypeError(
      `BullMQExecutor.submit() fn must be made with moduleFunction(url, exportName), not threadFunction(): a function's source can't be sent to another machine, got ${fn.label}`,
    );
  }
  if (fn.onCancel === "terminate") {
    throw new TypeError(
      `BullMQExecutor.submit() can't run ${fn.label} with onCancel "terminate": a cluster worker is not killed for one job; use "detach" or "cooperative"`,
    );
  }
  return fn as WorkerFunction<never, unknown>;
}

/** Arguments wrapped in `transfer()` cross by copy anyway: unwrap them. */
function unwrapTransfers(args: readonly unknown[]): unknown[] {
  return args.map((arg) =>
    typeof arg === "object" && arg !== null && (arg as Record<symbol, unknown>)[TRANSFER] === true
      ? (arg as { value: unknown }).value
      : arg,
  );
}

/**
 * Runs functions on the workers of a BullMQ queue.
 *
 * @example
 * ```ts
 * const executor = new BullMQExecutor({ connection: "redis://127.0.0.1:6379", queueName: "hash" });
 * const hash = moduleFunction<(typeof import("./work.js"))["hash"]>(
 *   new URL("./work.js", import.meta.url),
 *   "hash",
 * );
 * const digest = await loop.runInExecutor(executor, hash, "some text");
 * await executor.shutdown();
 * ```
 */
export class BullMQExecutor implements Executor {
  readonly queueName: string;
  readonly prefix: string;
  private readonly connection: RedisConnection;
  /** Job ids are this executor's own, so an outcome is never matched to another's call. */
  private readonly idPrefix = randomUUID();
  private nextId = 1;
  private readonly pending = new Map<string, PendingCall>();
  /** Withdrawals of cancelled jobs still talking to Redis. */
  private readonly chores = new Set<Promise<void>>();
  private started: Promise<Connections> | null = null;
  private shutdownCalled = false;
  private closing: Promise<void> | null = null;
  private drainWaiters: (() => void)[] = [];

  constructor(options: BullMQExecutorOptions) {
    checkOptions(options);
    this.connection = options.connection;
    this.queueName = options.queueName;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
  }

  /**
   * Queues `fn(...args)` as a job and returns its future. `fn` is a `moduleFunction`; the
   * arguments are copied by structured cloning. A call that can't be queued (an argument that
   * can't be copied, Redis out of reach) fails its future, not `submit`.
   */
  submit<A extends unknown[], R>(fn: ExecutorCallable<A, R>, ...args: A): JobFuture<Awaited<R>> {
    if (this.shutdownCalled) throw new RuntimeError("cannot schedule new futures after shutdown");
    const target = toModuleFunction(fn);
    const jobId = `${this.idPrefix}-${this.nextId++}`;
    const future = new JobFuture<Awaited<R>>(jobId);
    let encodedArgs: string;
    try {
      encodedArgs = encodeArgs(unwrapTransfers(args));
    } catch (error) {
      future.setException(
        new TypeError(
          `an argument of ${target.label} can't be sent to a cluster worker: ${(error as Error).message}`,
          { cause: error },
        ),
      );
      return future;
    }
    const { url, exportName } = target.target as { url: string; exportName: string };
    const data: JobData = {
      module: url,
      export: exportName,
      onCancel: target.onCancel === "cooperative" ? "cooperative" : "detach",
      args: encodedArgs,
    };
    const call: PendingCall = {
      future: future as JobFuture<unknown>,
      label: target.label,
      cooperative: target.onCancel === "cooperative",
      queued: Promise.resolve(false),
    };
    this.pending.set(jobId, call);
    call.queued = this.enqueue(jobId, exportName, data, call);
    future._setQueued(call.queued);
    future.addDoneCallback(() => this.onDone(jobId, call));
    return future;
  }

  /**
   * Stops accepting work. Calls already submitted still run, unless `cancelFutures` cancels
   * those no worker has started. With `wait` (the default) the Promise settles once every call
   * has its outcome and the connections are closed; without it, they close by themselves then.
   */
  async shutdown(options: ExecutorShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options;
    this.shutdownCalled = true;
    if (cancelFutures) {
      for (const call of [...this.pending.values()]) {
        if (!call.future.running()) call.future.cancel();
      }
    }
    if (this.closing === null) {
      this.closing = this.closeWhenDrained();
      // Failures are reported here once; a waiting caller also sees them.
      this.closing.catch((error: unknown) => {
        getLogger().error(`BullMQExecutor: closing the connections failed\n${inspect(error)}`);
      });
    }
    if (wait) await this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /** How many calls have no outcome yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  toString(): string {
    return `<BullMQExecutor queue=${JSON.stringify(this.queueName)} pending=${this.pending.size}${this.shutdownCalled ? " shutdown" : ""}>`;
  }

  /** Opens the connections once; a failed attempt is forgotten, so a later call tries again. */
  private start(): Promise<Connections> {
    if (this.started === null) {
      this.started = this.open();
      this.started.catch(() => {
        this.started = null;
      });
    }
    return this.started;
  }

  private async open(): Promise<Connections> {
    const owner = `BullMQExecutor ${this.queueName}`;
    const client = openRedis(this.connection, false, owner);
    const eventsClient = openRedis(this.connection, true, owner);
    try {
      // Read events from the stream's current end, fixed before any job is added: a reader
      // starting at "$" would miss what happens between its start and its first read.
      const eventsKey = `${this.prefix}:${this.queueName}:events`;
      const last = await client.xrevrange(eventsKey, "+", "-", "COUNT", 1);
      const lastEventId = last[0]?.[0] ?? "0-0";
      const queue = new Queue(this.queueName, { connection: client, prefix: this.prefix });
      const events = new QueueEvents(this.queueName, {
        connection: eventsClient,
        prefix: this.prefix,
        lastEventId,
      });
      this.listen(events);
      queue.on("error", (error: unknown) => this.reportError("queue", error));
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      return { client, eventsClient, queue, events };
    } catch (error) {
      await Promise.all([closeRedis(client), closeRedis(eventsClient)]);
      throw error;
    }
  }

  private listen(events: QueueEvents): void {
    events.on("error", (error: unknown) => this.reportError("events", error));
    events.on("active", ({ jobId }) => {
      const call = this.pending.get(jobId);
      if (call === undefined || call.future.done() || call.future.running()) return;
      call.future.setRunningOrNotifyCancel();
      // A running cooperative job can still be stopped (see onDone); a detached one runs on.
      if (call.cooperative) call.future.setCanceller(() => true);
    });
    events.on("progress", ({ jobId, data }) => {
      this.pending.get(jobId)?.future._reportProgress(data as JobProgress);
    });
    events.on("completed", ({ jobId, returnvalue }) => {
      const call = this.pending.get(jobId);
      if (call === undefined || call.future.done()) return;
      this.complete(jobId, call, returnvalue as unknown);
    });
    events.on("failed", ({ jobId, failedReason }) => {
      const call = this.pending.get(jobId);
      if (call === undefined || call.future.done()) return;
      const message =
        failedReason === STALLED_REASON
          ? `job ${jobId} (${call.label}) failed: its worker stopped (killed, crashed, or blocked past its lock) more often than the workers' maxStalledCount allows`
          : `job ${jobId} (${call.label}) failed in the queue: ${failedReason}`;
      call.future.setException(new JobFailedError(message, jobId, failedReason));
    });
    events.on("removed", ({ jobId }) => {
      const call = this.pending.get(jobId);
      if (call === undefined || call.future.done()) return;
      call.future.setException(
        new JobFailedError(
          `job ${jobId} (${call.label}) was removed from the queue before it finished`,
          jobId,
          "removed",
        ),
      );
    });
  }

  private complete(jobId: string, call: PendingCall, returnvalue: unknown): void {
    let outcome: JobOutcome;
    try {
      if (typeof returnvalue !== "string") throw new TypeError("not an encoded outcome");
      outcome = decodeOutcome(returnvalue);
    } catch (error) {
      call.future.setException(
        new JobFailedError(
          `job ${jobId} (${call.label}) completed with a result that is not from an asyncio worker: is another kind of worker serving queue ${JSON.stringify(this.queueName)}?`,
          jobId,
          "unreadable result",
          { cause: error },
        ),
      );
      return;
    }
    if (outcome.ok) {
      call.future.setResult(outcome.value);
    } else if (outcome.cancelled) {
      // Nobody here cancelled it: the worker did, shutting down.
      call.future.setException(
        new JobFailedError(
          `job ${jobId} (${call.label}) was cancelled on its worker (the worker was closed)`,
          jobId,
          "cancelled on the worker",
          { cause: decodeValue(outcome.error) },
        ),
      );
    } else {
      call.future.setException(decodeValue(outcome.error));
    }
  }

  private async enqueue(
    jobId: string,
    name: string,
    data: JobData,
    call: PendingCall,
  ): Promise<boolean> {
    try {
      const { queue } = await this.start();
      if (call.future.cancelled()) return false;
      await queue.add(name, data, {
        jobId,
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      });
      return true;
    } catch (error) {
      if (!call.future.done()) {
        const message = error instanceof Error ? error.message : String(error);
        call.future.setException(
          new JobFailedError(
            `job ${jobId} (${call.label}) could not be queued: ${message}`,
            jobId,
            message,
            { cause: error },
          ),
        );
      }
      return false;
    }
  }

  private onDone(jobId: string, call: PendingCall): void {
    this.pending.delete(jobId);
    if (call.future.cancelled()) {
      const chore = this.withdraw(jobId, call);
      this.chores.add(chore);
      void chore.finally(() => this.chores.delete(chore));
    }
    if (this.pending.size === 0 && this.drainWaiters.length > 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /**
   * Takes a cancelled call's job back: removed if no worker has taken it yet; if one has, a
   * cooperative job is told to stop, and a detached one runs on with nobody awaiting it.
   */
  private async withdraw(jobId: string, call: PendingCall): Promise<void> {
    try {
      if (!(await call.queued)) return;
      const { queue, client } = await this.start();
      const removed = await queue.remove(jobId);
      if (removed === 1 || !call.cooperative) return;
      await client.publish(cancelChannel(this.prefix, this.queueName), jobId);
    } catch (error) {
      this.reportError(`withdrawing cancelled job ${jobId}`, error);
    }
  }

  private async closeWhenDrained(): Promise<void> {
    if (this.pending.size > 0) {
      await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    }
    await Promise.all(this.chores);
    const started = this.started;
    if (started === null) return;
    let connections: Connections;
    try {
      connections = await started;
    } catch {
      return; // Never connected: nothing to close.
    }
    await connections.events.close();
    await connections.queue.close();
    await Promise.all([closeRedis(connections.client), closeRedis(connections.eventsClient)]);
  }

  private reportError(where: string, error: unknown): void {
    getLogger().warning(`BullMQExecutor ${this.queueName} (${where}): ${inspect(error)}`);
  }
}
