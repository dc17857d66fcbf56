/**
 * A Future is the result of an operation that hasn't finished yet: it is pending, then finishes
 * with a result or an exception, or is cancelled — once. Callbacks added with `addDoneCallback`
 * always run later on the loop, never inside `setResult`. `await future` works from any `async`
 * function; inside a Task it is the point where `task.cancel()` interrupts the task.
 */
import { type Context, contextVarsInUse, copyContext } from "./context.js";
import { describe } from "./describe.js";
import {
  type CancelledError,
  InvalidStateError,
  makeCancelledError,
  RuntimeError,
} from "./errors.js";
import type { EventLoopContract } from "./event-loop-contract.js";
import { currentWaiter } from "./execution-frame.js";
import { type BaseHandle, Handle } from "./handle.js";
import { reportNeverRetrieved, watchUnretrieved } from "./internal/never-retrieved.js";
import { peekRunningLoop } from "./running-loop.js";
import { type Derived, ThenHandle } from "./then-handle.js";

const PENDING = 0;
const RESULT = 1;
const EXCEPTION = 2;
const CANCELLED = 3;
type State = typeof PENDING | typeof RESULT | typeof EXCEPTION | typeof CANCELLED;

const futureBrand = Symbol.for("@asyncio/future");

/** How a finished Future ended, for code that must not throw to find out. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The options of `new Future()`: Python's keyword argument `loop` of `asyncio.Future`. */
export interface FutureOptions {
  /** The loop the Future belongs to; defaults to the running loop. */
  loop?: EventLoopContract;
}

/**
 * A callback of `addDoneCallback`: called on the loop with the finished Future, its return value
 * ignored.
 */
export type DoneCallback<F> = (future: F) => unknown;

/**
 * Python's `asyncio.Future`: the result of an operation that hasn't finished yet. It ends once,
 * with a result, an exception or a cancellation; its done callbacks then run on the loop, and
 * `await` gives the result or throws.
 *
 * @example
 * ```ts
 * const fut = getRunningLoop().createFuture<number>();
 * getRunningLoop().callLater(0.1, () => fut.setResult(42));
 * console.log(await fut); // 42
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  /** @internal */ _state: State = PENDING;
  /** @internal */ _value: unknown = undefined;
  /** @internal */ _loop: EventLoopContract;
  /** @internal */ _cancelMessage: string | undefined = undefined;
  /** A CancelledError to hand out once before making fresh ones (Tasks keep the one that escaped). @internal */
  _cancelledError: CancelledError | null = null;
  /** @internal */ _logTraceback = false;
  /**
   * The done callbacks, in order: none, one handle inline (most futures have exactly one waiter),
   * or an array once there are more.
   */
  private callbacks: BaseHandle | BaseHandle[] | null = null;

  constructor(options?: FutureOptions) {
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError(`Future() options must be an object, got ${describe(options)}`);
    }
    const given = options?.loop;
    if (given !== undefined && !isEventLoop(given)) {
      throw new TypeError(`Future() loop must be an event loop, got ${describe(given)}`);
    }
    const loop = given ?? peekRunningLoop();
    if (loop === null) {
      throw new RuntimeError(
        "no running event loop: create Futures inside a running loop or pass { loop }",
      );
    }
    this._loop = loop;
  }

  /** The loop this Future is bound to. */
  getLoop(): EventLoopContract {
    return this._loop;
  }

  /** True once the Future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True if the Future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result; re-throws the Future's exception; throws `CancelledError` if it was cancelled and
   * `InvalidStateError("Result is not ready.")` while it is pending.
   */
  result(): T {
    switch (this._state) {
      case RESULT:
        return this._value as T;
      case EXCEPTION:
        this._retrieved();
        throw this._value;
      case CANCELLED:
        throw this._makeCancelledError();
      default:
        throw new InvalidStateError("Result is not ready.");
    }
  }

  /** The exception, or `null` if the Future has a result; throws like `result()` otherwise. */
  exception(): unknown {
    switch (this._state) {
      case RESULT:
        return null;
      case EXCEPTION:
        this._retrieved();
        return this._value;
      case CANCELLED:
        throw this._makeCancelledError();
      default:
        throw new InvalidStateError("Exception is not set.");
    }
  }

  /**
   * Schedules `callback(future)` for when the Future is done (on the next iteration if it already
   * is). Callbacks run through the loop in the order they were added, in `options.context` or in
   * a copy of the context current now.
   */
  addDoneCallback(callback: DoneCallback<this>, options?: { context?: Context }): void {
    if (typeof callback !== "function") {
      throw new TypeError(`addDoneCallback() expects a function, got ${describe(callback)}`);
    }
    const context = options?.context ?? (contextVarsInUse() ? copyContext() : null);
    const handle = new Handle(
      callback as (future: unknown) => unknown,
      [this],
      this._loop,
      context,
    );
    if (this._state !== PENDING) this._loop._enqueue(handle);
    else this._addHandle(handle);
  }

  /** Removes every registration of `callback`; returns how many were removed. */
  removeDoneCallback(callback: DoneCallback<this>): number {
    const registered = this.callbacks;
    if (registered === null) return 0;
    if (!Array.isArray(registered)) {
      if ((registered as Handle)._callback !== callback) return 0;
      this.callbacks = null;
      return 1;
    }
    const kept = registered.filter((handle) => (handle as Handle)._callback !== callback);
    this.callbacks = kept.length === 0 ? null : kept;
    return registered.length - kept.length;
  }

  /** Cancels the Future: returns false if it is already done, else schedules its callbacks. */
  cancel(message?: string): boolean {
    this._retrieved();
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = message;
    this._scheduleCallbacks();
    return true;
  }

  /** Marks the Future done with `value`; `InvalidStateError` if it is already done. */
  setResult(value: T): void {
    if (this._state !== PENDING) throw this._invalidState();
    this._state = RESULT;
    this._value = value;
    this._scheduleCallbacks();
  }

  /**
   * Marks the Future done with `exception` (an error class is instantiated, as in Python);
   * `InvalidStateError` if it is already done, `TypeError` if `exception` is not an object (an
   * `Error`, or any object thrown as one) or a class.
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) throw this._invalidState();
    if (typeof exception === "function") {
      exception = new (exception as new () => unknown)();
    }
    if (typeof exception !== "object" || exception === null) {
      throw new TypeError(`invalid exception object: ${describe(exception)}`);
    }
    this._setException(exception);
  }

  /**
   * `setException` without the checks, for the library's own use: a Task ends with whatever its
   * body threw, which in JavaScript may be any value. @internal
   */
  _setException(exception: unknown): void {
    if (this._state !== PENDING) throw this._invalidState();
    this._state = EXCEPTION;
    this._value = exception;
    this._logTraceback = true;
    watchUnretrieved(this, exception);
    this._scheduleCallbacks();
  }

  /**
   * Lets `await future` work. Called from inside a Task, it tells the Task which Future it now
   * waits on, so that `cancel()` can interrupt this very await.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Derived<R1 | R2> {
    const handle = new ThenHandle(
      this as Future<unknown>,
      this._loop,
      onFulfilled as ((value: unknown) => unknown) | null | undefined,
      onRejected,
    );
    const derived = handle as Derived<unknown> as Derived<R1 | R2>;
    if (this._state !== PENDING) {
      // As in Python, awaiting a finished Future doesn't yield to the loop.
      handle.settleFromFuture();
      return derived;
    }
    const waiter = currentWaiter();
    if (waiter === null) {
      this._addHandle(handle);
    } else {
      handle.waiter = waiter;
      waiter._suspend(handle);
    }
    return derived;
  }

  /** Registers a prebuilt handle to schedule when the Future completes. @internal */
  _addHandle(handle: BaseHandle): void {
    const registered = this.callbacks;
    if (this._state !== PENDING) this._loop._enqueue(handle);
    else if (registered === null) this.callbacks = handle;
    else if (Array.isArray(registered)) registered.push(handle);
    else this.callbacks = [registered, handle];
  }

  /** Unregisters a handle added with `_addHandle`. @internal */
  _removeHandle(handle: BaseHandle): void {
    const registered = this.callbacks;
    if (registered === handle) {
      this.callbacks = null;
    } else if (Array.isArray(registered)) {
      const index = registered.indexOf(handle);
      if (index >= 0) registered.splice(index, 1);
    }
  }

  /** The outcome of a finished Future without throwing; marks an exception retrieved. @internal */
  _outcome(): Outcome<T> {
    switch (this._state) {
      case RESULT:
        return { ok: true, value: this._value as T };
      case EXCEPTION:
        this._retrieved();
        return { ok: false, error: this._value };
      case CANCELLED:
        return { ok: false, error: this._makeCancelledError() };
      default:
        throw new InvalidStateError("Result is not ready.");
    }
  }

  /**
   * The error that `result()` throws for a cancelled Future: the saved one the first time, if
   * there is one, then a fresh `CancelledError` carrying the cancel message.
   * @internal
   */
  _makeCancelledError(): CancelledError {
    const saved = this._cancelledError;
    if (saved !== null) {
      this._cancelledError = null;
      return saved;
    }
    return makeCancelledError(this._cancelMessage);
  }

  /** @internal */
  _retrieved(): void {
    if (this._logTraceback) {
      this._logTraceback = false;
      reportNeverRetrieved.unregister(this);
    }
  }

  /** Schedules every done callback in registration order. @internal */
  _scheduleCallbacks(): void {
    const loop = this._loop;
    const registered = this.callbacks;
    this.callbacks = null;
    if (registered === null) return;
    if (!Array.isArray(registered)) loop._enqueue(registered);
    else for (const handle of registered) loop._enqueue(handle);
  }

  /** The state name Python shows: PENDING, FINISHED or CANCELLED. */
  protected _stateName(): "PENDING" | "FINISHED" | "CANCELLED" {
    return this._state === PENDING
      ? "PENDING"
      : this._state === CANCELLED
        ? "CANCELLED"
        : "FINISHED";
  }

  /** @internal */
  _invalidState(): InvalidStateError {
    return new InvalidStateError(`${this._stateName()}: ${this.toString()}`);
  }

  /**
   * ` result=...` or ` exception=...` for a finished Future, `""` otherwise: the tail of Python's
   * repr. `describeError` says how the exception is shown.
   */
  protected _describeOutcome(describeError: (error: unknown) => string = String): string {
    if (this._state === RESULT) return ` result=${describe(this._value)}`;
    if (this._state === EXCEPTION) return ` exception=${describeError(this._value)}`;
    return "";
  }

  toString(): string {
    return `<${this.constructor.name} ${this._stateName().toLowerCase()}${this._describeOutcome()}>`;
  }
}
Object.defineProperty(Future.prototype, futureBrand, { value: true });

/** True for a Future or Task of this library (from any copy of it). */
export function isFuture(value: unknown): value is Future<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[futureBrand] === true
  );
}

/** Whether `value` looks like an event loop (the contract's scheduling entry points). */
function isEventLoop(value: unknown): value is EventLoopContract {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<EventLoopContract>)._enqueue === "function" &&
    typeof (value as Partial<EventLoopContract>).callSoon === "function"
  );
}
