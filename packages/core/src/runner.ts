/**
 * `run()` and `Runner`, as Python's `asyncio.run` and `asyncio.Runner`: make a loop, run the main
 * coroutine in it, then cancel whatever tasks are left, wait for them, and close the loop.
 */

import {
  type Context,
  copyContext,
  Future,
  isCancelledError,
  KeyboardInterrupt,
  peekRunningLoop,
  RuntimeError,
} from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { allTasks, type CoroutineLike, type Task } from "@asyncio/tasks";
import { hostProcess, isMainThread } from "#process-host";
import { setEventLoop } from "./current-loop.js";
import { HUNG_SHUTDOWN_SECONDS, reportHungShutdown } from "./diagnostics/shutdown-reports.js";
import { EventLoop } from "./event-loop.js";
import { hasSignalHandler } from "./signals.js";

/**
 * The options of `run()` and `new Runner()`: Python's keyword arguments `debug` and
 * `loop_factory`.
 */
export interface RunnerOptions {
  /** Sets the loop's debug mode (left as it is when omitted). */
  debug?: boolean;
  /** Makes the loop; by default a new `EventLoop`, also set as the current loop. */
  loopFactory?: () => EventLoop;
}

/** How long closing waits for the default executor's threads, as Python's (seconds). */
const THREAD_JOIN_TIMEOUT = 300;
const INITIAL = 0;
const INITIALIZED = 1;
const CLOSED = 2;

/**
 * Runs several top-level coroutines on one loop, then closes it.
 *
 * @example
 * ```ts
 * const runner = new Runner();
 * try {
 *   await runner.run(sleep(0.1, "first"));
 *   await runner.run(sleep(0.1, "second"));
 * } finally {
 *   await runner.close();
 * }
 * ```
 */
export class Runner {
  private state: typeof INITIAL | typeof INITIALIZED | typeof CLOSED = INITIAL;
  private loop: EventLoop | null = null;
  /** Every run's main task runs in this one context, so runs see each other's variables. */
  private context: Context | null = null;
  private setLoop = false;
  private readonly options: RunnerOptions;

  constructor(options: RunnerOptions = {}) {
    if (options.loopFactory !== undefined && typeof options.loopFactory !== "function") {
      throw new TypeError(
        `Runner loopFactory must be a function, got ${describe(options.loopFactory)}`,
      );
    }
    this.options = options;
  }

  /** Runs `coro` to completion in a task on the runner's loop and returns its result. */
  async run<T>(coro: CoroutineLike<T>): Promise<T> {
    if (peekRunningLoop() !== null) {
      throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    }
    const loop = this.lazyInit();
    const task = loop.createTask(coro, { context: this.context as Context });
    const interrupts = installSigintHandler(loop, task);
    try {
      return await loop.runUntilComplete(task);
    } catch (error) {
      // Cancelled by the first Ctrl-C (and by nothing else): report it as the interrupt it was.
      if (isCancelledError(error) && interrupts.count > 0 && task.uncancel() === 0) {
        throw new KeyboardInterrupt();
      }
      throw error;
    } finally {
      interrupts.remove();
    }
  }

  /** The runner's loop (made on first use). */
  getLoop(): EventLoop {
    return this.lazyInit();
  }

  /**
   * Cancels the remaining tasks, waits for them, shuts the default executor down, and closes the
   * loop. Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.state !== INITIALIZED) return;
    const loop = this.loop as EventLoop;
    // Ctrl-C while the shutdown hangs stops it with KeyboardInterrupt, as it would in Python.
    const interrupts = installSigintHandler(loop, null);
    try {
      await cancelAllTasks(loop);
      await loop.runUntilComplete(loop.shutdownDefaultExecutor(THREAD_JOIN_TIMEOUT));
    } finally {
      interrupts.remove();
      if (this.setLoop) setEventLoop(null);
      loop.close();
      this.loop = null;
      this.state = CLOSED;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private lazyInit(): EventLoop {
    if (this.state === CLOSED) throw new RuntimeError("Runner is closed");
    if (this.state === INITIALIZED) return this.loop as EventLoop;
    const factory = this.options.loopFactory;
    const loop = factory === undefined ? new EventLoop() : factory();
    if (!(loop instanceof EventLoop)) {
      throw new TypeError(`Runner loopFactory must return an EventLoop, got ${describe(loop)}`);
    }
    if (factory === undefined) {
      setEventLoop(loop);
      this.setLoop = true;
    }
    if (this.options.debug !== undefined) loop.setDebug(this.options.debug);
    this.loop = loop;
    this.context = copyContext();
    this.state = INITIALIZED;
    return loop;
  }
}

/**
 * As Python's Runner: the first Ctrl-C (SIGINT) cancels the main task, so that its `finally`
 * blocks run; a second one (or the first, when there is no main task to cancel, as during the
 * shutdown) stops the loop at once with `KeyboardInterrupt`. Only on the main thread, only when
 * nobody else listened for SIGINT when it started, and never while the program has its own
 * SIGINT handler on the loop (`addSignalHandler`), which then replaces this one.
 */
function installSigintHandler(
  loop: EventLoop,
  task: Task<unknown> | null,
): { readonly count: number; remove(): void } {
  const state = { count: 0, remove: (): void => {} };
  const process = hostProcess;
  if (process === null || !isMainThread || process.listenerCount("SIGINT") > 0) return state;
  const onSigint = (): void => {
    if (hasSignalHandler(loop, "SIGINT")) return;
    state.count++;
    if (state.count === 1 && task !== null && !task.done()) {
      task.cancel();
      return;
    }
    loop._fatalError(new KeyboardInterrupt());
  };
  process.on("SIGINT", onSigint);
  state.remove = () => {
    process.off("SIGINT", onSigint);
  };
  return state;
}

/** Cancels every pending task of `loop`, waits for all of them, and reports their errors. */
async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const tasks = [...allTasks(loop)];
  if (tasks.length === 0) return;
  for (const task of tasks) task.cancel();
  // Debug mode: a shutdown that hangs says which tasks it waits for, and where they wait.
  const watchdog = loop.getDebug()
    ? loop.callLater(HUNG_SHUTDOWN_SECONDS, reportHungShutdown, tasks)
    : null;
  try {
    await loop.runUntilComplete(whenAllDone(loop, tasks));
  } finally {
    watchdog?.cancel();
  }
  for (const task of tasks) {
    if (task.cancelled()) continue;
    const exception = task.exception();
    if (exception !== null) {
      loop.callExceptionHandler({
        message: "unhandled exception during asyncio.run() shutdown",
        exception,
        task,
      });
    }
  }
}

function whenAllDone(loop: EventLoop, tasks: readonly Task<unknown>[]): Future<void> {
  const all = new Future<void>({ loop });
  let remaining = tasks.length;
  const onDone = (): void => {
    if (--remaining === 0 && !all.done()) all.setResult(undefined);
  };
  for (const task of tasks) task.addDoneCallback(onDone);
  return all;
}

/**
 * Runs `main` in a new event loop and returns its result; afterwards the tasks still pending are
 * cancelled and awaited and the loop is closed. Rejects when called inside a running loop.
 *
 * @example
 * ```ts
 * const main = coroutine(async () => {
 *   await sleep(0.1);
 *   return "done";
 * });
 * console.log(await run(main())); // "done"
 * ```
 */
export async function run<T>(main: CoroutineLike<T>, options?: RunnerOptions): Promise<T> {
  if (peekRunningLoop() !== null) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }
  const runner = new Runner(options);
  try {
    return await runner.run(main);
  } finally {
    await runner.close();
  }
}
