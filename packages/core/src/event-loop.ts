/**
 * The event loop: the public face of asyncio's loop — scheduling callbacks and timers, making
 * Futures and Tasks, running and stopping, the exception handler, debug mode, executors and the
 * resources it owns. What runs when is decided by its `Scheduler` (`scheduler.ts`, which writes
 * out one iteration and the life of a task step); the default executor lives in
 * `default-executor.ts`.
 */
import {
  Context,
  copyContext,
  type ExceptionContext,
  Future,
  Handle,
  isExitError,
  isFuture,
  peekRunningLoop,
  RuntimeError,
  ValueError,
} from "@asyncio/futures";
import {
  type BaseHandle,
  contextVarsInUse,
  describe,
  type LoopResource,
  type RealWorkRegistry,
  reportUnretrievedOf,
  type SteppingTask,
  setRunningLoop,
} from "@asyncio/futures/contract";
import {
  Coroutine,
  type CoroutineLike,
  ensureFuture,
  isCoroutine,
  Task,
  type TaskOptions,
} from "@asyncio/tasks";
import type { TaskFactoryLoop } from "@asyncio/tasks/contract";
import { type Clock, type ObservedLoop, systemClock } from "./clock.js";
import { DefaultExecutor, shutDownWithoutWaiting } from "./default-executor.js";
import { debugFromEnvironment, debugStarted, debugStopped } from "./diagnostics/debug-mode.js";
import { reportDestroyedTasks } from "./diagnostics/shutdown-reports.js";
import { type Executor, type ExecutorCallable, isExecutor } from "./executor.js";
import { installExitStatuses } from "./exit-codes.js";
import { formatExceptionContext } from "./internal/format-exception-context.js";
import { RealWorkTracker } from "./internal/real-work-tracker.js";
import { wrapExecutorFuture } from "./internal/wrap-executor-future.js";
import { getLogger } from "./logger.js";
import { Scheduler } from "./scheduler.js";
import { TimerHandle } from "./timer-handle.js";

/** The period of the keep-alive interval: the longest Node accepts (about 24.8 days). */
const KEEP_ALIVE_MS = 2 ** 31 - 1;
function noop(): void {}

declare module "@asyncio/futures" {
  /** With this package in the program, `getRunningLoop()` is typed as the full `EventLoop`. */
  interface RunningLoopTypes {
    loop: EventLoop;
  }
}

/**
 * A handler for `setExceptionHandler`, as Python's `loop.set_exception_handler()` takes: called
 * with the loop and the context of an error nobody else could receive.
 */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;
/**
 * A factory for `setTaskFactory`, as Python's `loop.set_task_factory()` takes: makes the Task
 * that `loop.createTask()` returns for a coroutine.
 */
export type TaskFactory = <T>(
  loop: EventLoop,
  coro: CoroutineLike<T>,
  options: Omit<TaskOptions, "loop">,
) => Task<T>;

/** The options of `new EventLoop()`. */
export interface EventLoopOptions {
  /** Where time comes from; a `VirtualClock` makes sleeps instant in tests. */
  clock?: Clock;
}

function checkCallable(callback: unknown, method: string): void {
  if (typeof callback === "function") return;
  if (isCoroutine(callback)) throw new TypeError(`coroutines cannot be used with ${method}()`);
  throw new TypeError(`a callable object was expected by ${method}(), got ${describe(callback)}`);
}

/** The context a callback captures: a copy of the current one, once context variables are in use. */
function capturedContext(): Context | null {
  return contextVarsInUse() ? copyContext() : null;
}

function checkContext(context: unknown, method: string): Context {
  if (context instanceof Context) return context;
  throw new TypeError(`${method}() context must be a Context, got ${describe(context)}`);
}

function checkSeconds(value: unknown, argument: string, method: string): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(
      `${method}() ${argument} must be a number of seconds, got ${describe(value)}`,
    );
  }
  if (Number.isNaN(value)) throw new ValueError(`${method}() ${argument} must not be NaN`);
}

// Also the scheduler's SchedulerHost (structurally): naming that package-internal interface here
// would put its stripped members back into the published declaration.
export class EventLoop implements TaskFactoryLoop {
  /** Debug mode reports callbacks that run longer than this many seconds. */
  slowCallbackDuration = 0.1;
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private running = false;
  private closed = false;
  /** Python's rule: a new loop starts in debug mode when the environment asks for it. */
  private debug = debugFromEnvironment();
  /** Whether this loop counts among those running in debug mode (`diagnostics/debug-mode.ts`). */
  private debugCounted = false;
  private onStopped: (() => void) | null = null;
  private onFatal: ((error: unknown) => void) | null = null;
  private exceptionHandler: ExceptionHandler | null = null;
  private taskFactory: TaskFactory | null = null;
  private readonly defaultExecutor = new DefaultExecutor();
  /** Servers, connections and pipes that `close()` must close. */
  private readonly resources = new Set<LoopResource>();
  /** While the loop runs, this Node timer keeps the process alive (see `runForever`). */
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  /**
   * The real work in flight, counted only for a clock that observes the loop (a virtual clock).
   * @contract
   */
  readonly _realWork: RealWorkRegistry | null;

  constructor(options?: EventLoopOptions) {
    const clock = options?.clock ?? systemClock;
    this.clock = clock;
    this.scheduler = new Scheduler(this, clock);
    this._realWork = clock.observeLoop === undefined ? null : this.observedBy(clock);
  }

  /** Hands `clock` a view of the loop, and counts real work for it. */
  private observedBy(clock: Clock): RealWorkTracker {
    let changed: () => void = noop;
    const tracker = new RealWorkTracker(() => changed());
    const scheduler = this.scheduler;
    const view: ObservedLoop = {
      iterations: () => scheduler.iterationCount(),
      isHeld: () => tracker.isHeld(),
      heldBy: () => tracker.heldBy(),
      isClosed: () => this.closed,
    };
    changed = (clock.observeLoop as NonNullable<Clock["observeLoop"]>).call(clock, view);
    return tracker;
  }

  // ----- time and scheduling -----

  /** Monotonic loop time in seconds. */
  time(): number {
    return this.clock.now();
  }

  /**
   * Schedules `callback(...args)` for the next iteration; callbacks run in the order scheduled,
   * each in a copy of the context current when it was scheduled.
   *
   * @example
   * ```ts
   * loop.callSoon((name) => console.log(`hello ${name}`), "ada");
   * ```
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    return this.soon("callSoon", capturedContext(), callback, args);
  }

  /** `callSoon` running the callback in `context` itself (Python's `context=` argument). */
  callSoonIn<A extends unknown[]>(
    context: Context,
    callback: (...args: A) => unknown,
    ...args: A
  ): Handle {
    return this.soon("callSoonIn", checkContext(context, "callSoonIn"), callback, args);
  }

  /** Same as `callSoon`: JavaScript has one thread per loop. */
  callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    return this.soon("callSoonThreadsafe", capturedContext(), callback, args);
  }

  private soon(
    method: string,
    context: Context | null,
    callback: unknown,
    args: unknown[],
  ): Handle {
    checkCallable(callback, method);
    this.checkClosed();
    const handle = new Handle(callback as (...args: never[]) => unknown, args, this, context);
    this.scheduler.enqueue(handle);
    return handle;
  }

  /** Schedules `callback(...args)` after `delay` seconds (negative delays sort earlier). */
  callLater<A extends unknown[]>(
    delay: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    checkSeconds(delay, "delay", "callLater");
    return this.scheduleAt(
      "callLater",
      this.clock.now() + delay,
      capturedContext(),
      callback,
      args,
    );
  }

  /** `callLater` running the callback in `context` itself. */
  callLaterIn<A extends unknown[]>(
    context: Context,
    delay: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    checkSeconds(delay, "delay", "callLaterIn");
    const checked = checkContext(context, "callLaterIn");
    return this.scheduleAt("callLaterIn", this.clock.now() + delay, checked, callback, args);
  }

  /** Schedules `callback(...args)` at loop time `when`. */
  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    checkSeconds(when, "when", "callAt");
    return this.scheduleAt("callAt", when, capturedContext(), callback, args);
  }

  /** `callAt` running the callback in `context` itself. */
  callAtIn<A extends unknown[]>(
    context: Context,
    when: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    checkSeconds(when, "when", "callAtIn");
    return this.scheduleAt("callAtIn", when, checkContext(context, "callAtIn"), callback, args);
  }

  private scheduleAt(
    method: string,
    when: number,
    context: Context | null,
    callback: unknown,
    args: unknown[],
  ): TimerHandle {
    checkCallable(callback, method);
    this.checkClosed();
    const timer = new TimerHandle(
      when,
      callback as (...args: never[]) => unknown,
      args,
      this,
      context,
    );
    this.scheduler.schedule(timer);
    return timer;
  }

  /** @contract */
  _enqueue(handle: BaseHandle): void {
    this.scheduler.enqueue(handle);
  }

  /** @contract */
  _addResource(resource: LoopResource): void {
    this.resources.add(resource);
  }

  /** @contract */
  _removeResource(resource: LoopResource): void {
    this.resources.delete(resource);
  }

  /** @internal */
  _timerHandleCancelled(): void {
    this.scheduler.timerCancelled();
  }

  /** How many callbacks are ready to run (`waitUntilIdle` waits for none). @internal */
  _readyCount(): number {
    return this.scheduler.readyCount();
  }

  // ----- futures and tasks -----

  /** A new Future bound to this loop. */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /**
   * Wraps `coro` in a Task (through the task factory, if one is set) and schedules its first step.
   *
   * @example
   * ```ts
   * const task = loop.createTask(sleep(1, "done"), { name: "sleeper" });
   * ```
   */
  createTask<T>(coro: CoroutineLike<T>, options?: Omit<TaskOptions, "loop">): Task<T> {
    this.checkClosed();
    if (this.debug && coro instanceof Promise) {
      getLogger().warning(
        "createTask() received a Promise that already started: the task cannot interrupt it at its own awaits; pass a coroutine or a function instead",
      );
    }
    if (this.taskFactory === null) return new Task(coro, { ...options, loop: this });
    const task = this.taskFactory(this, coro, options ?? {});
    if (options?.name !== undefined) task.setName(options.name);
    return task;
  }

  /** Sets the function that `createTask` uses instead of `new Task` (`null` for the default). */
  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function") {
      throw new TypeError(`task factory must be a callable or null, got ${describe(factory)}`);
    }
    this.taskFactory = factory;
  }

  getTaskFactory(): TaskFactory | null {
    return this.taskFactory;
  }

  // ----- executors -----

  /**
   * Runs `fn(...args)` in `executor` (the default executor when `null`) and returns a Future of
   * its result; cancelling the Future cancels the call. The default executor comes from
   * `setDefaultExecutor`, else from the factory `@asyncio/to-thread` registers when imported.
   *
   * @example
   * ```ts
   * import "@asyncio/to-thread";
   * const sum = await loop.runInExecutor(null, (a: number, b: number) => a + b, 1, 2); // 3
   * ```
   */
  runInExecutor<A extends unknown[], R>(
    executor: Executor | null,
    fn: ExecutorCallable<A, R>,
    ...args: A
  ): Future<Awaited<R>> {
    this.checkClosed();
    if (isCoroutine(fn)) throw new TypeError("coroutines cannot be used with runInExecutor()");
    if (executor === null) {
      executor = this.defaultExecutor.get();
    } else if (!isExecutor(executor)) {
      throw new TypeError(
        `runInExecutor() executor must be an Executor or null, got ${describe(executor)}`,
      );
    }
    return wrapExecutorFuture(executor.submit(fn, ...args), this, fn);
  }

  /** Sets the executor that `runInExecutor(null, ...)` uses. */
  setDefaultExecutor(executor: Executor): void {
    this.defaultExecutor.set(executor);
  }

  /**
   * Shuts the default executor down and waits for its work (at most `timeout` seconds, then it
   * warns and stops waiting); `runInExecutor(null, ...)` fails afterwards. `run()` calls it.
   */
  shutdownDefaultExecutor(timeout: number | null = null): Coroutine<void> {
    if (timeout !== null) checkSeconds(timeout, "timeout", "shutdownDefaultExecutor");
    return new Coroutine(async () => {
      const executor = this.defaultExecutor.markShutDown();
      if (executor === null) return;
      const joined = this.createFuture<void>();
      const settle = (): void => {
        if (!joined.done()) joined.setResult(undefined);
      };
      const fail = (error: unknown): void => {
        if (!joined.done()) joined.setException(error);
      };
      // Joining the workers is real work: virtual time must not run out the timeout meanwhile.
      const joining = this._realWork?.hold("shutting down the default executor");
      Promise.resolve(executor.shutdown({ wait: true })).then(
        () => {
          joining?.release();
          if (!this.closed) this.callSoonThreadsafe(settle);
        },
        (error: unknown) => {
          joining?.release();
          if (!this.closed) this.callSoonThreadsafe(fail, error);
        },
      );
      const timer =
        timeout === null
          ? null
          : this.callLater(timeout, () => {
              if (joined.done()) return;
              getLogger().warning(
                `The executor did not finish joining its threads within ${timeout} seconds.`,
              );
              shutDownWithoutWaiting(executor, this.reportExecutorShutdownError);
              settle();
            });
      try {
        await joined;
      } finally {
        timer?.cancel();
      }
    });
  }

  private readonly reportExecutorShutdownError = (error: unknown): void => {
    this.defaultExceptionHandler({
      message: "Error while shutting down the default executor",
      exception: error,
    });
  };

  // ----- running and stopping -----

  /**
   * Runs the loop until `stop()` is called. The Promise settles when the loop has stopped; it
   * rejects if the loop can't start or a `KeyboardInterrupt`/`SystemExit` escapes a callback.
   * While it runs, the process stays alive even if every task waits on something that holds no
   * Node handle (a deadlock), as a Python program blocked in its loop does: the program can then
   * be inspected, and Ctrl-C still ends it cleanly.
   */
  runForever(): Promise<void> {
    try {
      this.checkClosed();
      this.checkNotRunning();
      setRunningLoop(this);
    } catch (error) {
      return Promise.reject(error);
    }
    this.running = true;
    // Debug mode's tools are loaded the first time it starts: the loop runs once they are there.
    const loadingDebugTools = this.debug ? this.countAsDebugging(true) : null;
    installExitStatuses();
    // One far-off interval costs nothing while idle; it only holds a reference on Node's loop.
    this.keepAlive = setInterval(noop, KEEP_ALIVE_MS);
    return new Promise<void>((resolve, reject) => {
      this.onStopped = resolve;
      this.onFatal = reject;
      if (loadingDebugTools === null) this.scheduler.start();
      else loadingDebugTools.then(() => this.scheduler.start(), reject);
    });
  }

  /**
   * Runs the loop until `awaitable` is done and returns its result (a coroutine is wrapped in a
   * Task first). Rejects with `RuntimeError` if the loop is stopped before that.
   *
   * @example
   * ```ts
   * const loop = newEventLoop();
   * console.log(await loop.runUntilComplete(sleep(0.1, 42))); // 42
   * loop.close();
   * ```
   */
  async runUntilComplete<T>(awaitable: Future<T> | CoroutineLike<T>): Promise<T> {
    this.checkClosed();
    this.checkNotRunning();
    const future = ensureFuture(awaitable, { loop: this });
    let ended = false;
    const stopWhenDone = (): void => {
      // When a KeyboardInterrupt or SystemExit ended runForever(), this callback may still be
      // queued; stopping then would end the next run after one iteration.
      if (!ended) this.stop();
    };
    future.addDoneCallback(stopWhenDone);
    try {
      await this.runForever();
    } catch (error) {
      ended = true;
      if (!isFuture(awaitable) && future.done() && !future.cancelled()) {
        // The error escaped the loop already; don't also report the task's copy as unretrieved.
        future.exception();
      }
      throw error;
    } finally {
      future.removeDoneCallback(stopWhenDone);
    }
    if (!future.done()) throw new RuntimeError("Event loop stopped before Future completed.");
    return future.result();
  }

  /** Stops the loop once the current iteration has finished. */
  stop(): void {
    this.scheduler.requestStop();
  }

  isRunning(): boolean {
    return this.running;
  }

  isClosed(): boolean {
    return this.closed;
  }

  /**
   * Closes the loop: pending callbacks are dropped, and the servers, connections and pipes still
   * open on it are closed, so that nothing it owned keeps the process alive. Refused while the
   * loop runs.
   */
  close(): void {
    if (this.running) throw new RuntimeError("Cannot close a running event loop");
    if (this.closed) return;
    this.closed = true;
    const resources = [...this.resources];
    this.resources.clear();
    for (const resource of resources) {
      try {
        resource._closeWithLoop();
      } catch (error) {
        this.defaultExceptionHandler({
          message: "Error while closing a resource with its event loop",
          exception: error,
        });
      }
    }
    const executor = this.defaultExecutor.take();
    if (executor !== null) shutDownWithoutWaiting(executor, this.reportExecutorShutdownError);
    this.scheduler.clear();
    // The tasks that can never run again, and the errors nobody retrieved, are reported now,
    // before the process may end without a garbage collection.
    reportDestroyedTasks(this);
    reportUnretrievedOf(this);
  }

  private checkClosed(): void {
    if (this.closed) throw new RuntimeError("Event loop is closed");
  }

  private checkNotRunning(): void {
    if (this.running) throw new RuntimeError("This event loop is already running");
    if (peekRunningLoop() !== null) {
      throw new RuntimeError("Cannot run the event loop while another loop is running");
    }
  }

  // ----- the scheduler's side of the contract -----

  /** @contract */
  _beginStep(task: SteppingTask): boolean {
    return this.scheduler.beginStep(task);
  }

  /** @contract */
  _endStep(task: SteppingTask): void {
    this.scheduler.endStep(task);
  }

  /** The task whose step the loop is timing now, if any (for debug mode). @internal */
  _steppingTask(): SteppingTask | null {
    return this.scheduler.currentStep;
  }

  /** @contract */
  _fatalError(error: unknown): void {
    if (!this.running) return;
    const reject = this.onFatal;
    this.finishRunning();
    reject?.(error);
  }

  /** The scheduler finished the iteration in which `stop()` was called. @internal */
  _stopped(): void {
    const resolve = this.onStopped;
    this.finishRunning();
    resolve?.();
  }

  /** Debug mode: a handle or a task's step ran for `seconds`. @internal */
  _reportDuration(what: unknown, seconds: number): void {
    if (seconds >= this.slowCallbackDuration) {
      getLogger().warning(`Executing ${String(what)} took ${seconds.toFixed(3)} seconds`);
    }
  }

  private finishRunning(): void {
    this.running = false;
    this.countAsDebugging(false);
    this.onStopped = null;
    this.onFatal = null;
    this.scheduler.halt();
    if (this.keepAlive !== null) {
      clearInterval(this.keepAlive);
      this.keepAlive = null;
    }
    setRunningLoop(null);
  }

  // ----- errors and debug -----

  /**
   * Sets the handler called as `handler(loop, context)` for errors nobody else can receive;
   * `null` restores the default, which logs them.
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(`A callable object or null is expected, got ${describe(handler)}`);
    }
    this.exceptionHandler = handler;
  }

  getExceptionHandler(): ExceptionHandler | null {
    return this.exceptionHandler;
  }

  /** Logs `context` as Python's default handler does: the message, then each other key. */
  defaultExceptionHandler(context: ExceptionContext): void {
    getLogger().error(formatExceptionContext(context));
  }

  /** Passes `context` to the exception handler; a failing custom handler is itself reported. */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this.exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch (error) {
        if (isExitError(error)) throw error;
        console.error("Exception in default exception handler", error);
      }
      return;
    }
    try {
      handler(this, context);
    } catch (error) {
      if (isExitError(error)) throw error;
      try {
        this.defaultExceptionHandler({
          message: "Unhandled error in exception handler",
          exception: error,
          context,
        });
      } catch (inner) {
        if (isExitError(inner)) throw inner;
        console.error(
          "Exception in default exception handler while handling an unexpected error in custom exception handler",
          inner,
        );
      }
    }
  }

  getDebug(): boolean {
    return this.debug;
  }

  /**
   * Debug mode warns about slow callbacks and steps and about tasks made from already started
   * Promises; while the loop runs in it, where tasks are made and suspend is recorded (the call
   * graph shows it) and more mistakes are reported (see the README, "Debug mode").
   */
  setDebug(enabled: boolean): void {
    this.debug = Boolean(enabled);
    if (this.running) void this.countAsDebugging(this.debug);
  }

  /** Returns the Promise of debug mode's tools while they load, else `null`. */
  private countAsDebugging(debugging: boolean): Promise<unknown> | null {
    if (debugging === this.debugCounted) return null;
    this.debugCounted = debugging;
    if (debugging) return debugStarted();
    debugStopped();
    return null;
  }

  toString(): string {
    return `<EventLoop running=${this.running} closed=${this.closed} debug=${this.debug}>`;
  }
}
