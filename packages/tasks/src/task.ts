/**
 * A Task runs a coroutine on the event loop. It is a Future of the coroutine's result; cancelling
 * it throws `CancelledError` at the `await` where the coroutine is blocked, so `finally` blocks run
 * (and may themselves await) before the task ends cancelled.
 *
 * How a task drives its coroutine (this file and the loop's `scheduler.ts` are the whole story):
 *   1. Created: the first step is a handle in the loop's ready queue (`firstStep`), or runs at
 *      once for an eager task.
 *   2. First step: the body starts inside the task's frame (`executionFrames.run(task, ...)`), so
 *      every continuation of its code, across any `await`, knows its task.
 *   3. The body awaits one of our awaitables: the awaitable's `then()` finds the task in the frame
 *      and calls `_suspend(handle)`. The task records the pending await (`_lastAwait`; several
 *      when `Promise.all` or a function started without `await` share the frame) and tells the
 *      loop its step ended (`_endStep`).
 *   4. The awaited Future completes: its handle runs on the loop and calls `_wakeUp(handle)`; the
 *      task tells the loop a step begins (`_beginStep`) and settles the `await`, and the body goes
 *      on in a microtask, in its own frame, up to the next await (back to 3) or its end.
 *   5. Finished: the body's Promise settles (`_bodyReturned` / `_bodyRaised`).
 *
 * Where a cancellation lands — `cancel()` decides by what the task waits on:
 *   - one await of ours: that Future is cancelled (Python's rule: a Task awaited is cancelled
 *     too), and its handle resumes the `await` with `CancelledError` (step 4);
 *   - several awaits of ours: the newest handle is resumed with `CancelledError`, the Futures left
 *     alone; if the task then neither awaits again nor ends, its code is detached (below);
 *   - nothing of ours, not started yet: the first step doesn't start the body (`_firstStep`);
 *   - nothing of ours, running or blocked on a foreign Promise: `_mustCancel` is set and the next
 *     await of ours raises (`_suspend`). A probe lets the loop watch the task: if its step ends
 *     still blocked on something foreign (`_waitingOnForeign`), `_detachBlockedCode` raises
 *     `CancelledError` at the innermost boundary (`internal/boundary.ts`) or ends the task, and
 *     the blocked code runs on detached (`DetachedWaiter`).
 * In every case `task.signal` is aborted at once, so foreign APIs given it stop on their own.
 *
 * Each of these moments (created, a step starts, suspended, blocked on something foreign,
 * cancellation asked, code detached, finished) is reported to the task observer when something
 * watches — debug mode, `diagnostics_channel` subscribers (`graph/observers.ts`); while nothing
 * does, the reports cost nothing.
 */

import {
  CancelledError,
  Context,
  copyContext,
  type EventLoopContract,
  Future,
  Handle,
  isCancelledError,
  isExitError,
  peekRunningLoop,
  RuntimeError,
} from "@asyncio/futures";
import {
  contextVarsInUse,
  currentWaiter,
  DetachedWaiter,
  describe,
  type ExecutionFrame,
  executionFrames,
  type FutureWaiter,
  makeCancelledError,
  type ThenHandle,
} from "@asyncio/futures/contract";
import { hasAbortListeners } from "#abort-listeners";
import type { CoroutineLike } from "./coroutine.js";
import { isCoroutine } from "./coroutine.js";
import { observeTasksThrough, type TaskObserver } from "./graph/observers.js";
import type { Boundary } from "./internal/boundary.js";
import { checkCoroutineLike, startBody } from "./internal/start-body.js";
import { type RegisteredTask, registerTask, unregisterTask } from "./internal/task-registry.js";

/**
 * The options of `new Task()` and `createTask()`: Python's keyword arguments `name`, `context`,
 * `eager_start` and `loop`.
 */
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

const taskBrand = Symbol.for("@asyncio/task");

/**
 * How long a task cancelled while blocked on a foreign Promise, with an API listening to its
 * signal, is given to end that wait (the API rejects on the abort) before its blocked code is
 * detached anyway (the API ignored the abort).
 */
const SIGNAL_GRACE_SECONDS = 1;

// The bits of `Task.flags`.
/** A cancellation waits for the task's next await. */
const MUST_CANCEL = 1;
/**
 * From an eager start until the body first suspends: in CPython that whole stretch runs inside
 * `createTask`, so a body that returns from it finishes even if `cancel()` came in between.
 */
const IN_EAGER_STEP = 2;
/** The coroutine has started (the first step ran). */
const STARTED = 4;
/** A check that the task is blocked on a foreign Promise is queued (see `cancel`). */
const PROBE_QUEUED = 8;
/**
 * The pending cancellation reached the task's code through its signal: it was requested while
 * the task was blocked outside the loop with something listening on `signal` (a `fetch`, a
 * `setTimeout` of `timers/promises`...), which rejects the foreign await there.
 */
const CANCELLED_THROUGH_SIGNAL = 16;
/**
 * A cancellation went to one of several awaits pending in the task's frame (see `cancel`). If the
 * task then neither awaits again nor finishes before its step ends, that await wasn't what held it
 * (a `Promise.allSettled` absorbs the error, say): its code is detached then.
 */
const WATCHING_FOR_PROGRESS = 32;
/** The flag bits of `Task.flags`; the cancellation count is kept above them. */
const FLAG_MASK = 0xff;
const CANCEL_COUNT_SHIFT = 8;

/** A task's state that only some tasks need (see `Task._rare`). */
interface RareTaskState {
  boundary: Boundary | null;
  detached: DetachedWaiter | null;
}

/**
 * Python's `asyncio.Task`: runs a coroutine on the event loop, as a Future of its result.
 * `cancel()` throws `CancelledError` into the coroutine where it awaits, so its `finally` blocks
 * run before the task ends cancelled.
 */
// Also a RegisteredTask and a BoundaryOwner (structurally): those interfaces are this package's
// own, and naming them here would put their stripped members back into the published declaration.
export class Task<T = unknown> extends Future<T> implements ExecutionFrame, FutureWaiter {
  /** @internal */ _coro: CoroutineLike<T> | null;
  /** Who watches tasks: kept on the prototype (see `graph/observers.ts`). @internal */
  declare _taskObserver: TaskObserver | null;
  /**
   * The task's yes/no state as bits (see the flag constants), and above them the number of
   * cancellation requests not undone (`cancelling()`): one field instead of seven.
   */
  private flags = 0;
  /**
   * The task's pending awaits of our awaitables, newest last. Normally there is one: the await the
   * task is blocked on, which `cancel()` interrupts. @internal
   */
  _lastAwait: ThenHandle | null = null;
  /**
   * What only some tasks need: the innermost open boundary (see `internal/boundary.ts`) and the
   * waiter of the task's own code once a cancellation detached it. @internal
   */
  _rare: RareTaskState | null = null;
  /** Links of the pending-task list. @internal */
  _prevTask: RegisteredTask | null = null;
  /** @internal */
  _nextTask: RegisteredTask | null = null;
  /** The name, or the task's number until the default name `Task-<n>` is first asked for. */
  private name: string | number;
  private context: Context | null;
  private abortController: AbortController | null = null;
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
    this.name = options?.name === undefined ? nextTaskId++ : String(options.name);
    const context = options?.context;
    if (context !== undefined && !(context instanceof Context)) {
      throw new TypeError(`Task() context must be a Context, got ${String(context)}`);
    }
    // Until a context variable is set anywhere, every context is empty: make the copy lazily.
    this.context = context ?? (contextVarsInUse() ? copyContext() : null);
    const eager = options?.eagerStart === true && loop.isRunning();
    if (eager && executionFrames.carrier === "loop-steps" && currentWaiter() !== null) {
      // The eager body's first await would be taken for the creating task's: its `then()` runs
      // in a microtask, among the creator's, and only an async context tells them apart.
      throw new RuntimeError(
        "eagerStart inside a task needs AsyncLocalStorage or AsyncContext, which this runtime lacks; start the task from a plain callback, or without eagerStart",
      );
    }
    registerTask(this);
    this._taskObserver?.created(this);
    if (eager) this.eagerStep();
    else loop._enqueue(new Handle(firstStep, [this], loop));
  }

  /** Cancellation requests not undone (`cancelling()`), kept above the flag bits. @internal */
  get _numCancelsRequested(): number {
    return this.flags >>> CANCEL_COUNT_SHIFT;
  }

  set _numCancelsRequested(count: number) {
    this.flags = (this.flags & FLAG_MASK) | (count << CANCEL_COUNT_SHIFT);
  }

  /** The innermost open boundary. @internal */
  get _topBoundary(): Boundary | null {
    return this._rare === null ? null : this._rare.boundary;
  }

  set _topBoundary(boundary: Boundary | null) {
    if (this._rare === null) {
      if (boundary === null) return;
      this._rare = { boundary: null, detached: null };
    }
    this._rare.boundary = boundary;
  }

  /** Set once a cancellation gave up on the task's own code. @internal */
  get _detached(): DetachedWaiter | null {
    return this._rare === null ? null : this._rare.detached;
  }

  /** How many awaits of ours pend in the task's frame: 0, 1, or 2 for "several". */
  private pendingAwaits(): number {
    const last = this._lastAwait;
    return last === null ? 0 : last._prevAwait === null ? 1 : 2;
  }

  /** Whether the coroutine has started (for the call graph). @internal */
  get _started(): boolean {
    return this.has(STARTED);
  }

  /** A cancellation to deliver at the task's next await (Python's `_must_cancel`). @internal */
  get _mustCancel(): boolean {
    return (this.flags & MUST_CANCEL) !== 0;
  }

  set _mustCancel(value: boolean) {
    this.flags = value ? this.flags | MUST_CANCEL : this.flags & ~MUST_CANCEL;
  }

  private has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }

  private set(flag: number, value: boolean): void {
    this.flags = value ? this.flags | flag : this.flags & ~flag;
  }

  /** The frame this task's code runs in is the task itself. @contract */
  get _task(): Task<T> {
    return this;
  }

  /** Who waits when the task's code awaits: the task, until a cancellation detached its code. @contract */
  get _waiter(): FutureWaiter {
    const rare = this._rare;
    return rare === null || rare.detached === null ? this : rare.detached;
  }

  /** The Future the task is blocked on, if any (Python's `_fut_waiter`). @contract */
  get _futWaiter(): Future<unknown> | null {
    return this._lastAwait === null ? null : this._lastAwait.future;
  }

  /** The task's context, as its frame exposes it. @contract */
  get _context(): Context {
    return this.context ?? (this.context = new Context());
  }

  /** The context the task runs in. */
  getContext(): Context {
    return this._context;
  }

  getName(): string {
    const name = this.name;
    return typeof name === "string" ? name : (this.name = `Task-${name}`);
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
      if (this._numCancelsRequested > 0 && !this.done()) this.abortSignal(this._cancelMessage);
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
    if (this.done()) return false;
    this._taskObserver?.cancelRequested(this, message);
    this._numCancelsRequested++;
    // Kept on both paths: a `signal` first read later is aborted with this message too.
    this._cancelMessage = message;
    if (this.abortController !== null) this.abortSignal(message);
    const target = this._lastAwait;
    if (target === null) {
      // Not awaiting anything of ours: the task is running, not started yet, or blocked on a
      // foreign Promise. Delivered at its next await; if it is still blocked on something foreign
      // once its pending microtasks have run, `_waitingOnForeign` gives up on that code.
      this._mustCancel = true;
      if (this.has(STARTED) && currentWaiter() !== this) {
        // Blocked on a foreign Promise: if an API was given the signal, the abort is the
        // cancellation point (its await rejects), not the task's next await of ours.
        this.set(
          CANCELLED_THROUGH_SIGNAL,
          this.abortController !== null && hasAbortListeners(this.abortController.signal),
        );
        if (!this.has(PROBE_QUEUED)) {
          this.set(PROBE_QUEUED, true);
          if (this.has(CANCELLED_THROUGH_SIGNAL)) {
            // An API holds the signal: give it time to give up before detaching the code.
            this._loop.callLater(SIGNAL_GRACE_SECONDS, probeForeignWait, this);
          } else {
            this._loop._enqueue(new Handle(probeForeignWait, [this], this._loop));
          }
        }
      }
      return true;
    }
    if (this.pendingAwaits() === 1) {
      // Python's rule: cancel the Future the task waits on (a Task it awaits is cancelled too).
      // The waiter may be a task that swallows the cancellation, so don't insist.
      if (target.future?.cancel(message)) return true;
      this._mustCancel = true;
      return true;
    }
    // Several awaits of ours pend in the task's frame (`Promise.all` over our Futures, or a
    // function started without `await`): the newest is interrupted, and the Futures, which
    // belong to someone else, are left alone.
    this._mustCancel = true;
    this.set(WATCHING_FOR_PROGRESS, true);
    if (target.future !== null) {
      target.future._removeHandle(target);
      this._loop._enqueue(target);
    }
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
        this.set(CANCELLED_THROUGH_SIGNAL, false);
        if (this.abortController?.signal.aborted) this.abortController = null;
      }
    }
    return this._numCancelsRequested;
  }

  /** @contract */
  _suspend(handle: ThenHandle): void {
    const loop = this._loop;
    this.set(IN_EAGER_STEP, false);
    if (this.done()) {
      // Code that outlived its task (started without `await` in it): wait without bookkeeping.
      handle.waiter = null;
      if (handle.future === null) loop._enqueue(handle);
      else handle.future._addHandle(handle);
      return;
    }
    const future = handle.future;
    if (future === this) {
      handle.waiter = null;
      handle.reject(new RuntimeError(`Task cannot await on itself: ${this.toString()}`));
    } else if (future !== null && future._loop !== loop) {
      handle.waiter = null;
      handle.reject(
        new RuntimeError(
          `Task ${this.toString()} got Future ${future.toString()} attached to a different loop`,
        ),
      );
    } else {
      this.addAwait(handle);
      this.set(WATCHING_FOR_PROGRESS, false);
      if (this._mustCancel && this.has(CANCELLED_THROUGH_SIGNAL)) {
        // The abort of `signal` already interrupted the foreign await: this one runs as usual.
        this._mustCancel = false;
        this.set(CANCELLED_THROUGH_SIGNAL, false);
      }
      if (future === null) {
        loop._enqueue(handle);
      } else {
        future._addHandle(handle);
        if (this._mustCancel && future.cancel(this._cancelMessage)) this._mustCancel = false;
      }
      this._taskObserver?.suspended(this, handle);
    }
    loop._endStep(this);
  }

  /** @contract */
  _resumesOn(handle: ThenHandle): boolean {
    return !this.done() && handle === this._lastAwait;
  }

  /** @contract */
  _wakeUp(handle: ThenHandle): void {
    if (!this.isPending(handle)) {
      handle.settleFromFuture();
      return;
    }
    const resumes = handle === this._lastAwait;
    this.removeAwait(handle);
    if (this.done()) {
      handle.settleFromFuture();
      return;
    }
    if (!resumes) {
      // Another of the task's pending awaits settles (the loser of a `Promise.race`, say): the
      // code behind it may go on. Where the frame is only the loop's step, that is a step too.
      if (!followsAwaits) {
        this._loop._beginStep(this);
        executionFrames.enterStep(this);
      }
      handle.settleFromFuture();
      return;
    }
    this._loop._beginStep(this);
    executionFrames.enterStep(this);
    this._taskObserver?.stepStarted(this);
    if (this._mustCancel) {
      this._mustCancel = false;
      const future = handle.future;
      const outcome = future?.done() ? future._outcome() : null;
      const error =
        outcome !== null && !outcome.ok && isCancelledError(outcome.error)
          ? outcome.error
          : makeCancelledError(this._cancelMessage);
      handle.reject(error);
      return;
    }
    handle.settleFromFuture();
  }

  private isPending(handle: ThenHandle): boolean {
    return handle === this._lastAwait || handle._prevAwait !== null || handle._nextAwait !== null;
  }

  private addAwait(handle: ThenHandle): void {
    const last = this._lastAwait;
    if (last !== null) {
      handle._prevAwait = last;
      last._nextAwait = handle;
    }
    this._lastAwait = handle;
  }

  private removeAwait(handle: ThenHandle): void {
    const prev = handle._prevAwait;
    const next = handle._nextAwait;
    if (prev !== null) {
      prev._nextAwait = next;
      handle._prevAwait = null;
    }
    if (next !== null) {
      next._prevAwait = prev;
      handle._nextAwait = null;
    } else {
      this._lastAwait = prev;
    }
  }

  /**
   * A cancellation arrived while the task awaited nothing of ours. Let the loop watch the task
   * until its pending microtasks have run: either it awaits one of ours (and the cancellation is
   * delivered there) or the loop calls `_waitingOnForeign`. @internal
   */
  _probeForeignWait(): void {
    this.set(PROBE_QUEUED, false);
    if (this.blockedWithCancellation()) this._loop._beginStep(this);
  }

  /** A cancellation is pending (or unconfirmed) and nothing of ours is waking the task. */
  private blockedWithCancellation(): boolean {
    return (
      !this.done() &&
      ((this._mustCancel && this._lastAwait === null) || this.has(WATCHING_FOR_PROGRESS))
    );
  }

  /**
   * The loop saw this task's step end without it awaiting one of our awaitables: it waits on a
   * foreign Promise. With a cancellation pending, give up on that code (on the loop, in order).
   * @internal
   */
  _waitingOnForeign(): void {
    this._taskObserver?.blockedOnForeign(this);
    if (this.blockedWithCancellation()) {
      this._loop._enqueue(new Handle(detachBlockedCode, [this], this._loop));
    }
  }

  /**
   * Delivers the pending cancellation to the innermost boundary, whose await raises it while the
   * code behind it runs on detached; with no boundary, the task itself ends cancelled and its
   * body runs on detached. @internal
   */
  _detachBlockedCode(): void {
    if (!this.blockedWithCancellation()) return;
    this._taskObserver?.detached(this, this.has(CANCELLED_THROUGH_SIGNAL));
    this._mustCancel = false;
    this.set(CANCELLED_THROUGH_SIGNAL, false);
    this.set(WATCHING_FOR_PROGRESS, false);
    const boundary = this._topBoundary;
    // Awaits still pending now belong to the code being detached (or to a combinator inside it):
    // they settle as plain callbacks from here on, and can't take a later cancellation.
    this.forgetPendingAwaits();
    if (boundary !== null) {
      this._loop._beginStep(this);
      executionFrames.enterStep(this);
      boundary._detach(makeCancelledError(this._cancelMessage), this._cancelMessage);
      return;
    }
    this._rare ??= { boundary: null, detached: null };
    this._rare.detached = new DetachedWaiter(this._cancelMessage);
    this._cancelledError = makeCancelledError(this._cancelMessage);
    super.cancel(this._cancelMessage);
    this.finish();
  }

  /** @internal */
  _pushBoundary(boundary: Boundary): void {
    boundary.below = this._topBoundary;
    boundary.above = null;
    if (this._topBoundary !== null) this._topBoundary.above = boundary;
    this._topBoundary = boundary;
  }

  /** @internal */
  _removeBoundary(boundary: Boundary): void {
    const below = boundary.below;
    const above = boundary.above;
    if (below !== null) below.above = above;
    if (above !== null) above.below = below;
    else if (this._topBoundary === boundary) this._topBoundary = below;
    boundary.below = null;
    boundary.above = null;
  }

  /** An error thrown by code a cancellation detached from this task: nobody else will see it. @internal */
  _reportDetachedError(error: unknown): void {
    if (isExitError(error)) {
      this._loop._fatalError(error);
      return;
    }
    this._loop.callExceptionHandler({
      message: `Exception in code detached from ${this.toString()} by its cancellation`,
      exception: error,
      task: this,
    });
  }

  /** Whether `error` is a foreign API's abort caused by this task's own signal. @internal */
  _isDetachedAbort(error: unknown): boolean {
    const reason = this.abortController?.signal.aborted
      ? this.abortController.signal.reason
      : undefined;
    return reason !== undefined && (error as { cause?: unknown } | null)?.cause === reason;
  }

  /** The first step: start the coroutine inside the task's frame. @internal */
  _firstStep(): void {
    if (this.done()) return;
    const coro = this._coro;
    if (this._mustCancel) {
      // Cancelled before it ever ran: the coroutine never starts, as in Python.
      this._mustCancel = false;
      if (isCoroutine(coro)) coro.close();
      this._bodyRaised(makeCancelledError(this._cancelMessage));
      return;
    }
    this.set(STARTED, true);
    const taken = this._loop._beginStep(this) === true;
    executionFrames.enterStep(this);
    this._taskObserver?.stepStarted(this);
    if (taken) {
      // The loop switches to a clean frame before it runs user code again: enter the task's
      // frame and leave it entered, which saves the switch back.
      executionFrames.enterWith(this);
      runBody(this, coro as CoroutineLike<T>);
    } else {
      executionFrames.run(this, runBody, this, coro as CoroutineLike<T>);
    }
  }

  /**
   * Runs the first step inside the constructor. The creator's own step goes on afterwards, so this
   * step doesn't pause the loop; native `await` still settles the body in a microtask, so an eager
   * task that never blocks is done just after `createTask` returns rather than inside it.
   */
  private eagerStep(): void {
    // Created from a plain callback, the task's step holds the loop until it suspends.
    this._loop._beginStep(this);
    executionFrames.enterStep(this);
    this.set(IN_EAGER_STEP, true);
    this.set(STARTED, true);
    this._taskObserver?.stepStarted(this);
    executionFrames.run(this, runBody, this, this._coro as CoroutineLike<T>);
  }

  /** @internal */
  _bodyReturned(value: T): void {
    if (!this.done()) {
      if (this._mustCancel && !this.has(IN_EAGER_STEP)) {
        // Cancelled while running and never awaited again: the result is discarded.
        this._mustCancel = false;
        super.cancel(this._cancelMessage);
      } else {
        super.setResult(value);
      }
      this.finish();
    }
  }

  /** @internal */
  _bodyRaised(error: unknown): void {
    if (this.done()) {
      // The body of a task that a cancellation detached from it failed later: report it.
      if (this._detached !== null && !isCancelledError(error) && !this._isDetachedAbort(error)) {
        this._reportDetachedError(error);
      }
      return;
    }
    if (!isCancelledError(error) && this._isDetachedAbort(error)) {
      // A foreign API aborted through `signal` (an AbortError caused by our CancelledError).
      error = this.abortController?.signal.reason;
    }
    if (isCancelledError(error)) {
      this._cancelledError = error;
      super.cancel();
    } else {
      this._setException(error);
      if (isExitError(error)) this._loop._fatalError(error);
    }
    this.finish();
  }

  private forgetPendingAwaits(): void {
    let handle = this._lastAwait;
    while (handle !== null) {
      const prev: ThenHandle | null = handle._prevAwait;
      handle._prevAwait = null;
      handle._nextAwait = null;
      handle = prev;
    }
    this._lastAwait = null;
  }

  private finish(): void {
    this.forgetPendingAwaits();
    if (this._rare !== null) this._rare.boundary = null;
    unregisterTask(this);
    this._taskObserver?.finished(this);
    this._loop._endStep(this);
  }

  private abortSignal(message?: string): void {
    const controller = this.abortController;
    if (controller !== null && !controller.signal.aborted)
      controller.abort(new CancelledError(message));
  }

  /** As Python's repr: state, name, what it runs, and its result or exception once finished. */
  override toString(): string {
    const state =
      !this.done() && this._numCancelsRequested > 0
        ? "cancelling"
        : this._stateName().toLowerCase();
    const outcome = this._describeOutcome(describeError);
    return `<Task ${state} name=${JSON.stringify(this.getName())} coro=<${coroName(this._coro)}>${outcome}>`;
  }
}

Object.defineProperty(Task.prototype, taskBrand, { value: true });
observeTasksThrough(Task.prototype);

function ignoreRejection(): void {}

/** What a task runs, as Python's `coro=<main()>` shows it. */
function coroName(coro: unknown): string {
  const name = isCoroutine(coro) ? coro.name : typeof coro === "function" ? coro.name : "Promise";
  return name === "" || name === "<anonymous>" ? "anonymous" : `${name}()`;
}

/** `Error("message")`, as Python shows an exception in a repr. */
function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}(${JSON.stringify(error.message)})`;
  return describe(error);
}

function probeForeignWait(task: Task<unknown>): void {
  task._probeForeignWait();
}

function detachBlockedCode(task: Task<unknown>): void {
  task._detachBlockedCode();
}

function firstStep(task: Task<unknown>): void {
  task._firstStep();
}

/**
 * Whether the frame follows every await. Without it (`"loop-steps"`), a body that ends after a
 * foreign await settles outside its task's frame, so each task watches its body with closures.
 */
const followsAwaits = executionFrames.carrier !== "loop-steps";

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
  if (body instanceof Promise && body.constructor === Promise && followsAwaits) {
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

/** True for a Task of this library, from any copy of it (a `Symbol.for` brand, as `isFuture`). */
export function isTask(value: unknown): value is Task<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[taskBrand] === true
  );
}
