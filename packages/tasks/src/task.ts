/**
 * A Task runs a coroutine on the event loop. It is a Future of the coroutine's result; cancelling
 * it throws `CancelledError` at the `await` where the coroutine is blocked, so `finally` blocks run
 * (and may themselves await) before the task ends cancelled.
 *
 * The life of a task: created (first step scheduled with `callSoon`), stepping (its code runs until
 * it awaits one of our awaitables), waiting (subscribed to a Future; `_futWaiter` is set), woken
 * (the Future's done callback runs on the loop and resumes the `await`), finished.
 */
import {
  CancelledError,
  Context,
  contextVarsInUse,
  copyContext,
  type EventLoopContract,
  type ExecutionFrame,
  executionFrames,
  Future,
  type FutureWaiter,
  Handle,
  isCancelledError,
  isExitError,
  makeCancelledError,
  peekRunningLoop,
  RuntimeError,
  type ThenHandle,
} from "@asyncio/futures";
import type { CoroutineLike } from "./coroutine.js";
import { isCoroutine } from "./coroutine.js";
import { checkCoroutineLike, startBody } from "./internal/start-body.js";
import { type RegisteredTask, registerTask, unregisterTask } from "./internal/task-registry.js";

export interface TaskOptions {
  /** The task's name; `Task-<n>` by default. */
  name?: string;
  /** The context the task runs in (shared, not copied); a copy of the current one by default. */
  context?: Context;
  /**
   * Run the first step synchronously inside the constructor when the loop is running (Python
   * 3.12's eager tasks): the coroutine runs until its first real suspension.
   */
  eagerStart?: boolean;
  /** The loop to run on; defaults to the running loop. */
  loop?: EventLoopContract;
}

let nextTaskId = 1;

export class Task<T = unknown>
  extends Future<T>
  implements ExecutionFrame, FutureWaiter, RegisteredTask
{
  /** @internal */ _coro: CoroutineLike<T> | null;
  /** @internal */ _mustCancel = false;
  /** @internal */ _numCancelsRequested = 0;
  /** The Future this task is blocked on, if any. @internal */ _futWaiter: Future<unknown> | null =
    null;
  /** The subscription that will resume the task. @internal */
  _waitHandle: ThenHandle | null = null;
  /** Links of the pending-task list. @internal */
  _prevTask: RegisteredTask | null = null;
  /** @internal */
  _nextTask: RegisteredTask | null = null;
  private name: string | null;
  private readonly id: number;
  private context: Context | null;
  private abortController: AbortController | null = null;
  /**
   * From an eager start until the body first suspends: in CPython that whole stretch runs inside
   * `createTask`, so a body that returns from it finishes even if `cancel()` came in between.
   */
  private inEagerStep = false;

  /**
   * @example
   * ```ts
   * const task = new Task(coroutine(async () => 1)(), { name: "one" });
   * ```
   */
  constructor(coro: CoroutineLike<T>, options?: TaskOptions) {
    checkCoroutineLike(coro, "Task()");
    const loop = options?.loop ?? peekRunningLoop();
    if (loop === null || loop === undefined) {
      throw new RuntimeError(
        "no running event loop: create Tasks inside a running loop or pass { loop }",
      );
    }
    super({ loop });
    if (loop.isClosed()) throw new RuntimeError("Event loop is closed");
    if (!isCoroutine(coro) && typeof coro !== "function") {
      // A started Promise may reject before the first step subscribes to it (or never be
      // subscribed, if the task is cancelled first): mark it handled now, the task reports it.
      Promise.resolve(coro).catch(ignoreRejection);
    }
    this._coro = coro;
    this.id = nextTaskId++;
    this.name = options?.name === undefined ? null : String(options.name);
    const context = options?.context;
    if (context !== undefined && !(context instanceof Context)) {
      throw new TypeError(`Task() context must be a Context, got ${String(context)}`);
    }
    // Until a context variable is set anywhere, every context is empty: make the copy lazily.
    this.context = context ?? (contextVarsInUse() ? copyContext() : null);
    registerTask(this);
    if (options?.eagerStart === true && loop.isRunning()) this.eagerStep();
    else loop._enqueue(new Handle(firstStep, [this], loop));
  }

  /** The frame this task's code runs in: the task itself. @internal */
  get _task(): FutureWaiter {
    return this;
  }

  /** The task's context, as its frame exposes it. @internal */
  get _context(): Context {
    return this.context ?? (this.context = new Context());
  }

  /** The context the task runs in. */
  getContext(): Context {
    return this._context;
  }

  getName(): string {
    return this.name ?? (this.name = `Task-${this.id}`);
  }

  setName(name: unknown): void {
    this.name = String(name);
  }

  /** What the task runs: the coroutine object (or function or Promise) it was created with. */
  getCoro(): CoroutineLike<T> | null {
    return this._coro;
  }

  /**
   * An `AbortSignal` aborted as soon as the task is asked to cancel, with the `CancelledError` as
   * its reason: pass it to `fetch` and friends so that foreign work stops too.
   */
  get signal(): AbortSignal {
    if (this.abortController === null) {
      this.abortController = new AbortController();
      if (this._numCancelsRequested > 0 && this._state === 0) this.abortSignal(this._cancelMessage);
    }
    return this.abortController.signal;
  }

  /** Tasks are finished by their coroutine: Python raises `RuntimeError` here. */
  override setResult(_value: T): never {
    throw new RuntimeError("Task does not support set_result operation");
  }

  /** Tasks are finished by their coroutine: Python raises `RuntimeError` here. */
  override setException(_exception: unknown): never {
    throw new RuntimeError("Task does not support set_exception operation");
  }

  /**
   * Asks the task to cancel: the `await` it is blocked on throws `CancelledError(message)`. Returns
   * false only if the task is already done; repeated requests before it runs again deliver one
   * `CancelledError` while `cancelling()` counts each.
   */
  override cancel(message?: string): boolean {
    this._retrieved();
    if (this._state !== 0) return false;
    this._numCancelsRequested++;
    // Kept on both paths: a `signal` first read later is aborted with this message too.
    this._cancelMessage = message;
    if (this.abortController !== null) this.abortSignal(message);
    const waiter = this._futWaiter;
    if (waiter?.cancel(message)) {
      // The waiter may be a task that swallows the cancellation, so don't insist.
      return true;
    }
    this._mustCancel = true;
    return true;
  }

  /** How many cancellation requests are pending (not undone by `uncancel()`). */
  cancelling(): number {
    return this._numCancelsRequested;
  }

  /** Undoes one cancellation request; at zero a pending, undelivered one is dropped too. */
  uncancel(): number {
    if (this._numCancelsRequested > 0) {
      this._numCancelsRequested--;
      if (this._numCancelsRequested === 0) {
        this._mustCancel = false;
        if (this.abortController?.signal.aborted) this.abortController = null;
      }
    }
    return this._numCancelsRequested;
  }

  /** @internal */
  _suspend(handle: ThenHandle): void {
    const loop = this._loop;
    this.inEagerStep = false;
    if (this._state !== 0) {
      // Detached code that outlived its task: wait without task bookkeeping.
      handle.waiter = null;
      if (handle.future === null) loop._enqueue(handle);
      else handle.future._addHandle(handle);
      return;
    }
    const future = handle.future;
    if (future === null) {
      this._futWaiter = null;
      this._waitHandle = handle;
      loop._enqueue(handle);
    } else if (future === this) {
      handle.waiter = null;
      handle.reject(new RuntimeError(`Task cannot await on itself: ${this.toString()}`));
    } else if (future._loop !== loop) {
      handle.waiter = null;
      handle.reject(
        new RuntimeError(
          `Task ${this.toString()} got Future ${future.toString()} attached to a different loop`,
        ),
      );
    } else {
      this._futWaiter = future;
      this._waitHandle = handle;
      future._addHandle(handle);
      if (this._mustCancel && future.cancel(this._cancelMessage)) this._mustCancel = false;
    }
    loop._endStep(this);
  }

  /** @internal */
  _resumesOn(handle: ThenHandle): boolean {
    return this._state === 0 && handle === this._waitHandle;
  }

  /** @internal */
  _wakeUp(handle: ThenHandle): void {
    if (this._state !== 0 || handle !== this._waitHandle) {
      handle.settleFromFuture();
      return;
    }
    this._waitHandle = null;
    this._futWaiter = null;
    this._loop._beginStep(this);
    if (this._mustCancel) {
      this._mustCancel = false;
      const outcome = handle.future === null ? null : handle.future._outcome();
      const error =
        outcome !== null && !outcome.ok && isCancelledError(outcome.error)
          ? outcome.error
          : makeCancelledError(this._cancelMessage);
      handle.reject(error);
      return;
    }
    handle.settleFromFuture();
  }

  /** The first step: start the coroutine inside the task's frame. @internal */
  _firstStep(): void {
    if (this._state !== 0) return;
    const coro = this._coro;
    if (this._mustCancel) {
      // Cancelled before it ever ran: the coroutine never starts, as in Python.
      this._mustCancel = false;
      if (isCoroutine(coro)) coro.close();
      this._bodyRaised(makeCancelledError(this._cancelMessage));
      return;
    }
    this._loop._beginStep(this);
    executionFrames.run(this, runBody, this, coro as CoroutineLike<T>);
  }

  /**
   * Runs the first step inside the constructor. The creator's own step goes on afterwards, so this
   * step doesn't pause the loop; native `await` still settles the body in a microtask, so an eager
   * task that never blocks is done just after `createTask` returns rather than inside it.
   */
  private eagerStep(): void {
    // Created from a plain callback, the task's step holds the loop until it suspends.
    this._loop._beginStep(this);
    this.inEagerStep = true;
    executionFrames.run(this, runBody, this, this._coro as CoroutineLike<T>);
  }

  /** @internal */
  _bodyReturned(value: T): void {
    if (this._state === 0) {
      if (this._mustCancel && !this.inEagerStep) {
        // Cancelled while running and never awaited again: the result is discarded.
        this._mustCancel = false;
        Future.prototype.cancel.call(this, this._cancelMessage);
      } else {
        this._state = 1;
        this._value = value;
        this._scheduleCallbacks();
      }
    }
    this.finish();
  }

  /** @internal */
  _bodyRaised(error: unknown): void {
    if (this._state === 0) {
      const reason = this.abortController?.signal.aborted
        ? this.abortController.signal.reason
        : undefined;
      if (
        reason !== undefined &&
        !isCancelledError(error) &&
        (error as { cause?: unknown })?.cause === reason
      ) {
        // A foreign API aborted through `signal` (an AbortError caused by our CancelledError).
        error = reason;
      }
      if (isCancelledError(error)) {
        this._cancelledError = error;
        Future.prototype.cancel.call(this);
      } else {
        Future.prototype.setException.call(this, error);
        if (isExitError(error)) this._loop._fatalError(error);
      }
    }
    this.finish();
  }

  private finish(): void {
    this._futWaiter = null;
    this._waitHandle = null;
    unregisterTask(this);
    this._loop._endStep(this);
  }

  private abortSignal(message?: string): void {
    const controller = this.abortController;
    if (controller !== null && !controller.signal.aborted)
      controller.abort(new CancelledError(message));
  }

  override toString(): string {
    const state =
      this._state === 0 && this._numCancelsRequested > 0
        ? "cancelling"
        : this._stateName().toLowerCase();
    return `<Task ${state} name=${JSON.stringify(this.getName())}>`;
  }
}

function ignoreRejection(): void {}

function firstStep(task: Task<unknown>): void {
  task._firstStep();
}

/**
 * Starts the body inside the task's frame and watches its outcome. For a native Promise the two
 * handlers are shared by every task: Promise reactions run in the frame they were subscribed in,
 * which is the task's, so they find it there instead of each task paying for its own closures.
 */
function runBody<T>(task: Task<T>, coro: CoroutineLike<T>): void {
  let body: PromiseLike<T>;
  try {
    body = startBody(coro, task._loop);
  } catch (error) {
    task._bodyRaised(error);
    return;
  }
  if (body instanceof Promise && body.constructor === Promise) {
    body.then(bodyReturned, bodyRaised);
  } else {
    // Our own Futures call their callbacks from the loop, outside the task's frame.
    body.then(
      (value) => task._bodyReturned(value),
      (error: unknown) => task._bodyRaised(error),
    );
  }
}

function frameTask(): Task<unknown> {
  return executionFrames.getStore() as Task<unknown>;
}

function bodyReturned(value: unknown): void {
  frameTask()._bodyReturned(value);
}

function bodyRaised(error: unknown): void {
  frameTask()._bodyRaised(error);
}

/** True for a Task of this library. */
export function isTask(value: unknown): value is Task<unknown> {
  return value instanceof Task;
}
