/**
 * `ThreadPoolExecutor`, as Python's `concurrent.futures.ThreadPoolExecutor`, on `worker_threads`:
 * a pool of at most `maxWorkers` workers, started when work needs one and reused. A worker with
 * nothing to do doesn't keep the process alive and is retired after `idleTimeout` seconds, so a
 * program ends by itself. Calls run first come, first served; a worker that dies fails only the
 * call it was running and is replaced.
 */
import { availableParallelism } from "node:os";
import { inspect } from "node:util";
import { type ResourceLimits, type TransferListItem, Worker } from "node:worker_threads";
import {
  type Executor,
  type ExecutorCallable,
  type ExecutorShutdownOptions,
  getLogger,
} from "@asyncio/core";
import { executorChannels } from "@asyncio/core/contract";
import { RuntimeError, ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { isCoroutine } from "@asyncio/tasks";
import { ConcurrentFuture } from "./concurrent-future.js";
import { WorkerExitError } from "./errors.js";
import { type ContextEntries, contextEntries } from "./internal/context-entries.js";
import { decodeValue, type EncodedValue } from "./internal/error-codec.js";
import { checkOptionNames } from "./internal/option-checks.js";
import { toThreadCallOf } from "./internal/to-thread-call.js";
import { explainUncloneable, lostClassName } from "./internal/uncloneable.js";
import { WORKER_SOURCE } from "./internal/worker-source.js";
import { findDetached, isTransfer } from "./transfer.js";
import { isWorkerFunction, sourceFunction, type WorkerFunction } from "./worker-function.js";

/**
 * The options of `new ThreadPoolExecutor()`: Python's `max_workers` and `thread_name_prefix`, in
 * camelCase, and the workers' idle timeout and memory limits.
 */
export interface ThreadPoolExecutorOptions {
  /** How many workers may run at once (default `min(32, cpus + 4)`, as Python). */
  maxWorkers?: number;
  /** Seconds a worker may stay idle before it is retired (default 30). */
  idleTimeout?: number;
  /** Memory limits of each worker; a worker that exceeds them fails its call and is replaced. */
  resourceLimits?: ResourceLimits;
  /** Prefix of the workers' thread names, as Python's `thread_name_prefix`. */
  threadNamePrefix?: string;
}

interface WorkItem {
  readonly id: number;
  readonly future: ConcurrentFuture<unknown>;
  readonly fn: WorkerFunction<never, unknown>;
  readonly args: unknown[];
  /** Everything moved rather than copied, with the position of the argument it belongs to. */
  readonly transfers: ArgumentTransfer[];
  /** How errors about the arguments name the call (`toThread` or `submit`). */
  readonly caller: string;
  /** The caller's context values the call runs with (`toThread` only). */
  readonly context: ContextEntries;
  flag: Int32Array | null;
  slot: Slot | null;
}

interface ArgumentTransfer {
  readonly index: number;
  readonly list: readonly TransferListItem[];
}

interface Slot {
  readonly worker: Worker;
  readonly exited: Promise<void>;
  /** Functions this worker has compiled or imported already. */
  readonly known: Set<number>;
  item: WorkItem | null;
  parked: boolean;
  idleSince: number;
  /** The error that killed the worker, reported before its exit. */
  error: unknown;
}

interface CallMessage {
  id: number;
  key: number;
  args: unknown[];
  label?: string;
  flag?: Int32Array;
  /** (identity, value) pairs of context variables; absent when there are none. */
  context?: ContextEntries;
  source?: string;
  url?: string;
  exportName?: string;
}

interface ReplyMessage {
  id: number;
  ok: boolean;
  value: unknown;
}

/** An error that escaped a call after it had returned (a timer it left behind, say). */
interface EscapedMessage {
  escaped: EncodedValue;
  /** The label of the function whose call left it behind, if known. */
  from: string | null;
}

/** Nobody awaits such an error any more: it is logged, as Python's threading.excepthook prints. */
function reportEscaped(message: EscapedMessage): void {
  const where = message.from === null ? "" : ` after a call of ${message.from} had returned`;
  getLogger().error(
    `Exception in a worker thread${where}:\n${inspect(decodeValue(message.escaped))}`,
  );
}

const DEFAULT_IDLE_TIMEOUT = 30;

/** Python's default pool size: enough threads for I/O-bound work, capped at 32. */
function defaultMaxWorkers(): number {
  return Math.min(32, availableParallelism() + 4);
}

const RESOURCE_LIMITS = [
  "maxOldGenerationSizeMb",
  "maxYoungGenerationSizeMb",
  "codeRangeSizeMb",
  "stackSizeMb",
] as const;

function checkOptions(options: unknown): asserts options is ThreadPoolExecutorOptions {
  const caller = "ThreadPoolExecutor()";
  checkOptionNames(options, {
    caller,
    argument: "options",
    entry: "option",
    known: ["maxWorkers", "idleTimeout", "resourceLimits", "threadNamePrefix"],
  });
  const { maxWorkers, idleTimeout, resourceLimits, threadNamePrefix } = options;
  if (maxWorkers !== undefined) {
    if (typeof maxWorkers !== "number" || !Number.isInteger(maxWorkers)) {
      throw new TypeError(`${caller} maxWorkers must be an integer, got ${describe(maxWorkers)}`);
    }
    if (maxWorkers <= 0) {
      throw new ValueError(`${caller} maxWorkers must be greater than 0, got ${maxWorkers}`);
    }
  }
  if (idleTimeout !== undefined) {
    if (typeof idleTimeout !== "number" || Number.isNaN(idleTimeout)) {
      throw new TypeError(
        `${caller} idleTimeout must be a number of seconds, got ${describe(idleTimeout)}`,
      );
    }
    if (idleTimeout < 0)
      throw new ValueError(`${caller} idleTimeout must be >= 0, got ${idleTimeout}`);
  }
  if (resourceLimits !== undefined) {
    checkOptionNames(resourceLimits, {
      caller,
      argument: "resourceLimits",
      entry: "limit",
      known: RESOURCE_LIMITS,
    });
    for (const [name, limit] of Object.entries(resourceLimits)) {
      if (limit === undefined) continue;
      if (typeof limit !== "number" || !Number.isFinite(limit)) {
        throw new TypeError(
          `${caller} resourceLimits.${name} must be a number of megabytes, got ${describe(limit)}`,
        );
      }
      if (limit <= 0) {
        throw new ValueError(`${caller} resourceLimits.${name} must be > 0, got ${limit}`);
      }
    }
  }
  if (threadNamePrefix !== undefined && typeof threadNamePrefix !== "string") {
    throw new TypeError(
      `${caller} threadNamePrefix must be a string, got ${describe(threadNamePrefix)}`,
    );
  }
}

/** How messages name argument `index` of a call: by its position in `toThread()`/`submit()`. */
function argumentName(item: WorkItem, index: number): string {
  return `${item.caller}() argument ${index + 2} (${describe(item.args[index])})`;
}

/**
 * What makes an argument of `item` unsendable before anything is sent: a buffer moved by an
 * earlier call (or by the caller) since `transfer()` checked it, or an instance of a class whose
 * methods cloning would silently drop. Refusing it here keeps the worker out of it.
 */
function refuseArguments(item: WorkItem): TypeError | null {
  for (const { index, list } of item.transfers) {
    if (findDetached(list) === -1) continue;
    return new TypeError(
      `${argumentName(item, index)} could not be sent to a worker thread: its transfer list holds a detached ArrayBuffer, whose contents were already moved to another thread`,
    );
  }
  for (let index = 0; index < item.args.length; index++) {
    const arg = item.args[index];
    if (item.transfers.some((t) => t.index === index && t.list.includes(arg as never))) continue;
    const className = lostClassName(arg);
    if (className === null) continue;
    return new TypeError(
      `${argumentName(item, index)} could not be sent to a worker thread: it is an instance of class ${className}, and structured cloning keeps neither its class nor its methods; send plain data (numbers, strings, arrays, plain objects, typed arrays, Map, Set, Date) instead`,
    );
  }
  return null;
}

/** The TypeError for a call that `postMessage` refused, naming the argument to blame. */
function unsendable(item: WorkItem, error: unknown): TypeError {
  for (let index = 0; index < item.args.length; index++) {
    const movable = item.transfers.filter((t) => t.index === index).flatMap((t) => t.list);
    const why = explainUncloneable(item.args[index], movable, "");
    if (why === "") continue;
    return new TypeError(
      `${argumentName(item, index)} could not be sent to a worker thread: ${why}`,
      { cause: error },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new TypeError(
    `the arguments of ${item.fn.label} could not be sent to a worker thread: ${reason}`,
    { cause: error },
  );
}

/** The `WorkerFunction` for what `submit` got, or a TypeError naming it. @internal */
export function toWorkerFunction(fn: unknown, caller: string): WorkerFunction<never, unknown> {
  if (isWorkerFunction(fn)) return fn as WorkerFunction<never, unknown>;
  if (isCoroutine(fn)) {
    throw new TypeError(`coroutines cannot be used with ${caller}(): pass the function itself`);
  }
  if (typeof fn !== "function") {
    throw new TypeError(
      `${caller}() fn must be a function or a WorkerFunction, got ${describe(fn)}`,
    );
  }
  return sourceFunction(fn as (...args: never[]) => unknown, caller);
}

/**
 * Runs functions in a pool of worker threads.
 *
 * @example
 * ```ts
 * const pool = new ThreadPoolExecutor({ maxWorkers: 4 });
 * const square = await loop.runInExecutor(pool, (n: number) => n * n, 12); // 144
 * await pool.shutdown();
 * ```
 */
export class ThreadPoolExecutor implements Executor {
  /** The most workers that run at once. */
  readonly maxWorkers: number;
  private readonly idleTimeoutMs: number;
  private readonly resourceLimits: ResourceLimits | undefined;
  private readonly threadNamePrefix: string;
  private readonly slots = new Set<Slot>();
  private readonly idle: Slot[] = [];
  private readonly exits = new Set<Promise<void>>();
  private queue: WorkItem[] = [];
  private head = 0;
  private busy = 0;
  private nextId = 1;
  private spawned = 0;
  private shutdownCalled = false;
  private drainWaiters: (() => void)[] = [];
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(options: ThreadPoolExecutorOptions = {}) {
    checkOptions(options);
    // A copy, so that later changes to the caller's objects don't bypass the checks.
    this.maxWorkers = options.maxWorkers ?? defaultMaxWorkers();
    this.idleTimeoutMs = (options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT) * 1000;
    this.resourceLimits =
      options.resourceLimits === undefined ? undefined : { ...options.resourceLimits };
    this.threadNamePrefix = options.threadNamePrefix ?? "ThreadPoolExecutor";
  }

  /**
   * Schedules `fn(...args)` on a worker and returns its future. `fn` is a self-contained function
   * or a `WorkerFunction`; arguments wrapped in `transfer()` are moved rather than copied.
   */
  submit<A extends unknown[], R>(
    fn: ExecutorCallable<A, R>,
    ...args: A
  ): ConcurrentFuture<Awaited<R>> {
    if (this.shutdownCalled) throw new RuntimeError("cannot schedule new futures after shutdown");
    const call = toThreadCallOf(fn);
    const caller = call === null ? "submit" : "toThread";
    const target = toWorkerFunction(call === null ? fn : call.fn, caller);
    const transfers: ArgumentTransfer[] = [];
    const plainArgs: unknown[] = args;
    for (let i = 0; i < plainArgs.length; i++) {
      const arg = plainArgs[i];
      if (isTransfer(arg)) {
        plainArgs[i] = arg.value;
        transfers.push({ index: i, list: arg.transferList });
      }
    }
    const future = new ConcurrentFuture<Awaited<R>>();
    const id = this.nextId++;
    if (executorChannels.submit.hasSubscribers) {
      executorChannels.submit.publish({ executor: this, job: id, name: target.label });
    }
    if (executorChannels.done.hasSubscribers) {
      publishWhenDone(this, id, target.label, future as ConcurrentFuture<unknown>);
    }
    this.queue.push({
      id,
      future: future as ConcurrentFuture<unknown>,
      fn: target,
      args: plainArgs,
      transfers,
      caller,
      context: call === null ? [] : contextEntries(call.context),
      flag: null,
      slot: null,
    });
    this.pump();
    return future;
  }

  /**
   * Stops accepting work. Calls already submitted still run, unless `cancelFutures` cancels those
   * that haven't started. With `wait` (the default) the Promise settles once they have finished and
   * the workers have stopped; without it, workers stop by themselves once the work is done.
   */
  async shutdown(options: ExecutorShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options;
    this.shutdownCalled = true;
    if (cancelFutures) {
      const queued = this.queue.slice(this.head);
      this.queue = [];
      this.head = 0;
      for (const item of queued) item.future.cancel();
    }
    if (this.pendingCount() === 0) {
      for (const slot of [...this.idle]) this.retire(slot);
    }
    this.checkDrained();
    if (!wait) return;
    if (this.busy > 0 || this.pendingCount() > 0) {
      await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    }
    await Promise.all(this.exits);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /** How many workers are running now (busy or idle). */
  get workerCount(): number {
    return this.slots.size;
  }

  toString(): string {
    return `<ThreadPoolExecutor maxWorkers=${this.maxWorkers} workers=${this.slots.size} busy=${this.busy} queued=${this.pendingCount()}>`;
  }

  private pendingCount(): number {
    return this.queue.length - this.head;
  }

  /** Starts queued calls while there are idle workers or room for new ones. */
  private pump(): void {
    while (this.head < this.queue.length) {
      const item = this.queue[this.head] as WorkItem;
      if (item.future.cancelled()) {
        this.dequeue();
        continue;
      }
      let slot = this.idle.pop();
      if (slot === undefined && this.slots.size < this.maxWorkers) {
        try {
          slot = this.spawn();
        } catch (error) {
          // No worker can start (bad resourceLimits, out of threads): fail the call, not submit().
          this.dequeue();
          if (item.future.setRunningOrNotifyCancel()) item.future.setException(error);
          continue;
        }
      }
      if (slot === undefined) return;
      this.dequeue();
      if (!this.start(slot, item)) this.idle.push(slot);
    }
    for (const slot of this.idle) if (!slot.parked) this.park(slot);
    this.checkDrained();
  }

  private dequeue(): void {
    this.queue[this.head++] = undefined as unknown as WorkItem;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      name: `${this.threadNamePrefix}_${this.spawned++}`,
      ...(this.resourceLimits === undefined ? {} : { resourceLimits: this.resourceLimits }),
    });
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    const slot: Slot = {
      worker,
      exited,
      known: new Set(),
      item: null,
      parked: false,
      idleSince: 0,
      error: undefined,
    };
    this.exits.add(exited);
    worker.on("message", (reply: ReplyMessage | EscapedMessage) => {
      if ("escaped" in reply) reportEscaped(reply);
      else this.onReply(slot, reply);
    });
    worker.on("messageerror", (error: Error) => {
      this.onReply(slot, {
        id: slot.item?.id ?? 0,
        ok: false,
        value: { $error: false, value: error },
      });
    });
    worker.on("error", (error: unknown) => {
      slot.error = error;
    });
    worker.on("exit", (code: number) => this.onExit(slot, code));
    this.slots.add(slot);
    return slot;
  }

  /** Sends `item` to `slot`'s worker; false if it couldn't be sent (the call has failed). */
  private start(slot: Slot, item: WorkItem): boolean {
    if (!item.future.setRunningOrNotifyCancel()) return false;
    const fn = item.fn;
    const message: CallMessage = {
      id: item.id,
      key: fn._key,
      args: item.args,
    };
    const isNew = !slot.known.has(fn._key);
    if (isNew) {
      message.label = fn.label;
      const target = fn.target;
      if (target.kind === "source") message.source = target.source;
      else {
        message.url = target.url;
        message.exportName = target.exportName;
      }
    }
    if (item.context.length > 0) message.context = item.context;
    if (fn.onCancel === "cooperative") {
      item.flag = new Int32Array(new SharedArrayBuffer(4));
      message.flag = item.flag;
    }
    const refused = refuseArguments(item);
    if (refused !== null) {
      item.future.setException(refused);
      return false;
    }
    try {
      if (item.transfers.length === 0) slot.worker.postMessage(message);
      else
        slot.worker.postMessage(
          message,
          item.transfers.flatMap((t) => t.list),
        );
    } catch (error) {
      item.future.setException(unsendable(item, error));
      return false;
    }
    if (isNew) slot.known.add(fn._key);
    if (slot.parked) {
      slot.parked = false;
      slot.worker.ref();
    }
    slot.item = item;
    item.slot = slot;
    this.busy++;
    if (executorChannels.start.hasSubscribers) {
      executorChannels.start.publish({ executor: this, job: item.id, name: item.fn.label });
    }
    if (fn.onCancel !== "detach") item.future.setCanceller(() => this.cancelRunning(item));
    return true;
  }

  private cancelRunning(item: WorkItem): boolean {
    const slot = item.slot;
    if (slot === null) return false;
    if (item.fn.onCancel === "terminate") {
      this.finishItem(slot);
      this.retire(slot);
      // A replacement starts on demand; queued work may need it now.
      queueMicrotask(() => this.pump());
      return true;
    }
    // Cooperative: raise the shared flag now, and abort the signal when the worker looks up.
    Atomics.store(item.flag as Int32Array, 0, 1);
    slot.worker.postMessage({ cancel: item.id });
    return true;
  }

  private finishItem(slot: Slot): WorkItem | null {
    const item = slot.item;
    if (item === null) return null;
    slot.item = null;
    item.slot = null;
    this.busy--;
    return item;
  }

  private onReply(slot: Slot, reply: ReplyMessage): void {
    const item = slot.item;
    if (item === null || item.id !== reply.id) return;
    this.finishItem(slot);
    if (!item.future.done()) {
      if (reply.ok) item.future.setResult(reply.value);
      else item.future.setException(decodeValue(reply.value as EncodedValue));
    }
    this.release(slot);
  }

  private release(slot: Slot): void {
    if (!this.slots.has(slot)) return;
    if (this.shutdownCalled && this.pendingCount() === 0) {
      this.retire(slot);
      this.checkDrained();
      return;
    }
    this.idle.push(slot);
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    this.exits.delete(slot.exited);
    const wasLive = this.slots.delete(slot);
    this.removeIdle(slot);
    const item = this.finishItem(slot);
    if (item !== null && !item.future.done()) {
      const error = slot.error;
      const why = error instanceof Error ? `: ${error.message}` : "";
      item.future.setException(
        new WorkerExitError(
          `the worker thread running ${item.fn.label} exited with code ${code} before the call returned${why}`,
          code,
          error === undefined ? undefined : { cause: error },
        ),
      );
    }
    if (wasLive) this.pump();
    this.checkDrained();
  }

  /** Takes `slot` out of the pool and stops its worker. */
  private retire(slot: Slot): void {
    this.slots.delete(slot);
    this.removeIdle(slot);
    void slot.worker.terminate();
  }

  private removeIdle(slot: Slot): void {
    const index = this.idle.indexOf(slot);
    if (index !== -1) this.idle.splice(index, 1);
  }

  /** An idle worker doesn't keep the process alive, and is retired if it stays idle. */
  private park(slot: Slot): void {
    slot.parked = true;
    slot.idleSince = performance.now();
    slot.worker.unref();
    if (this.sweepTimer === null && this.idleTimeoutMs !== Number.POSITIVE_INFINITY) {
      this.sweepTimer = setTimeout(this.sweep, this.idleTimeoutMs);
      this.sweepTimer.unref();
    }
  }

  private readonly sweep = (): void => {
    this.sweepTimer = null;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const slot of [...this.idle]) {
      const due = slot.idleSince + this.idleTimeoutMs;
      if (due <= now + 1) this.retire(slot);
      else next = Math.min(next, due);
    }
    if (next !== Number.POSITIVE_INFINITY) {
      this.sweepTimer = setTimeout(this.sweep, next - now);
      this.sweepTimer.unref();
    }
  };

  private checkDrained(): void {
    if (this.drainWaiters.length === 0 || this.busy > 0 || this.pendingCount() > 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Publishes on `asyncio:executor:done` when the job's future is done. */
function publishWhenDone(
  executor: ThreadPoolExecutor,
  job: number,
  name: string,
  future: ConcurrentFuture<unknown>,
): void {
  future.addDoneCallback((done) => {
    const cancelled = done.cancelled();
    const error = cancelled ? undefined : (done.exception() ?? undefined);
    executorChannels.done.publish({ executor, job, name, cancelled, error });
  });
}
