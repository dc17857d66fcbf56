/**
 * A boundary is a place where the library awaits user code on behalf of a task: the body of
 * `timeout()`, `asyncWith()`, `taskGroup()`, the coroutine `waitFor()` runs inline. User code may
 * block there on a foreign Promise that no cancellation can interrupt. When the task is cancelled
 * in that state, the boundary stops waiting: the library's await at the boundary raises
 * `CancelledError` (so a timeout raises `TimeoutError` on time, a task group aborts its children),
 * and the user code inside is detached — it runs on, but every later await of one of our
 * awaitables fails at once, and an error it throws later is reported.
 *
 * The user code runs in a frame of its own (this object), so that its continuations can be told
 * apart from the task's other code after it is detached.
 */
import {
  type Context,
  DetachedWaiter,
  type ExecutionFrame,
  executionFrames,
  type FutureWaiter,
  isCancelledError,
  isFuture,
} from "@asyncio/futures";
import { isCoroutine } from "../coroutine.js";
import { isThenable } from "./start-body.js";

/** What a boundary needs of its task. */
export interface BoundaryOwner extends FutureWaiter {
  readonly _context: Context;
  _pushBoundary(boundary: Boundary): void;
  _removeBoundary(boundary: Boundary): void;
  _reportDetachedError(error: unknown): void;
  _isDetachedAbort(error: unknown): boolean;
}

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;
const DETACHED = 3;

export class Boundary implements ExecutionFrame {
  /** Neighbours in the owner's stack of open boundaries. */
  below: Boundary | null = null;
  above: Boundary | null = null;
  private readonly owner: BoundaryOwner;
  private readonly outer: ExecutionFrame;
  private detached: DetachedWaiter | null = null;
  private state: typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof DETACHED = PENDING;
  private value: unknown = undefined;
  private onFulfilled: ((value: unknown) => unknown) | null = null;
  private onRejected: ((reason: unknown) => unknown) | null = null;

  constructor(owner: BoundaryOwner, outer: ExecutionFrame) {
    this.owner = owner;
    this.outer = outer;
  }

  get _waiter(): FutureWaiter | null {
    return this.detached ?? this.outer._waiter;
  }

  get _task(): unknown {
    return this.outer._task;
  }

  get _context(): Context | null {
    return this.outer._context;
  }

  /** Gives up on the user code: the boundary's await raises `error`, the code runs on detached. */
  _detach(error: unknown, message: string | undefined): void {
    if (this.state !== PENDING) return;
    this.state = DETACHED;
    this.detached = new DetachedWaiter(message);
    this.owner._removeBoundary(this);
    const reject = this.onRejected;
    this.onFulfilled = null;
    this.onRejected = null;
    if (reject !== null) reject(error);
    else this.value = error;
  }

  /** The user code's outcome. */
  settle(ok: boolean, value: unknown): void {
    if (this.state === DETACHED) {
      // Detached code that fails later: nobody awaits it any more, so the error is reported.
      if (!ok && !isCancelledError(value) && !this.owner._isDetachedAbort(value)) {
        this.owner._reportDetachedError(value);
      }
      return;
    }
    if (this.state !== PENDING) return;
    this.state = ok ? FULFILLED : REJECTED;
    this.value = value;
    this.owner._removeBoundary(this);
    const callback = ok ? this.onFulfilled : this.onRejected;
    this.onFulfilled = null;
    this.onRejected = null;
    if (callback !== null) callback(value);
  }

  /** The library's `await` of the boundary subscribes here (it is a thenable, not a Future). */
  then(
    onFulfilled?: ((value: unknown) => unknown) | null,
    onRejected?: ((reason: unknown) => unknown) | null,
  ): void {
    const fulfil = typeof onFulfilled === "function" ? onFulfilled : passThrough;
    const reject = typeof onRejected === "function" ? onRejected : rethrow;
    switch (this.state) {
      case PENDING:
        this.onFulfilled = fulfil;
        this.onRejected = reject;
        return;
      case FULFILLED:
        fulfil(this.value);
        return;
      default:
        // Rejected, or detached before anyone subscribed: `value` holds the error.
        reject(this.value);
    }
  }
}

function passThrough(value: unknown): unknown {
  return value;
}

function rethrow(reason: unknown): never {
  throw reason;
}

/** What the frame of the code calling `callAtBoundary` says about its task. */
function owningTask(frame: ExecutionFrame | undefined): BoundaryOwner | null {
  if (frame === undefined) return null;
  const waiter = frame._waiter;
  if (waiter === null || waiter !== frame._task) return null; // outside tasks, or detached
  return waiter as unknown as BoundaryOwner;
}

/**
 * Calls `fn(...args)` as user code behind a boundary of the current task and returns what to
 * await for its outcome. Outside a task (or in detached code) it just calls `fn`. A coroutine
 * that `fn` returns is started behind the boundary too; one of our Futures is returned as it is,
 * since awaiting it is interruptible already.
 */
export function callAtBoundary<A extends unknown[], R>(
  fn: (...args: A) => R,
  ...args: A
): R | PromiseLike<Awaited<R>> {
  const frame = executionFrames.getStore();
  const owner = owningTask(frame);
  if (owner === null) return fn(...args);
  const boundary = new Boundary(owner, frame as ExecutionFrame);
  let result: unknown = executionFrames.run(boundary, fn, ...args);
  if (isCoroutine(result)) result = executionFrames.run(boundary, startCoroutine, result);
  if (!isThenable(result) || isFuture(result)) return result as R;
  owner._pushBoundary(boundary);
  (result as PromiseLike<unknown>).then(
    (value) => boundary.settle(true, value),
    (error: unknown) => boundary.settle(false, error),
  );
  return boundary as unknown as PromiseLike<Awaited<R>>;
}

function startCoroutine(coro: { _start(): Promise<unknown> }): Promise<unknown> {
  return coro._start();
}
