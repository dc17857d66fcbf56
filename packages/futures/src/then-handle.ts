/**
 * One `then()` subscription to a Future: a handle that, when the loop runs it, settles the
 * awaiting side. When a Task is the one awaiting, the Task's `_wakeUp` runs instead, so that it can
 * deliver a pending cancellation.
 *
 * The handle is also what `then()` returns. `await` ignores that value, so the real Promise behind
 * it is only made if someone chains on it: the common path allocates no Promise, and a rejection
 * nobody chained on can't become an unhandled rejection.
 *
 * An `await` passes V8's resolving functions, which the loop calls directly. Callbacks a program
 * gives to `then()` itself run as a Promise's reactions would: later, in a microtask, with the
 * context (and task) that was current when `then()` was called.
 */

import type { EventLoopContract } from "./event-loop-contract.js";
import type { FutureWaiter } from "./execution-frame.js";
import type { Future } from "./future.js";
import { BaseHandle } from "./handle.js";

/** What a `ThenHandle` calls with the value: `then()`'s first argument. */
export type OnFulfilled = ((value: unknown) => unknown) | null | undefined;
/** What a `ThenHandle` calls with the error: `then()`'s second argument. */
export type OnRejected = ((reason: unknown) => unknown) | null | undefined;

/** What `Future.then()` returns: chain on it like a Promise. */
export interface Derived<T> extends PromiseLike<T> {
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R>;
  finally(onFinally?: (() => void) | null): Promise<T>;
}

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

function noop(): void {}

/**
 * Whether `then()` may have been called by an `await`, which always passes two functions (V8's
 * resolving functions of a fresh Promise). Telling those apart from a program's own pair of
 * callbacks costs more than a resume, so only the common `then(onFulfilled)` form (and
 * `then(undefined, onRejected)`) is recognised as a program's and run as Promise reactions; a
 * program's `then(a, b)` runs like an await's, on the loop when the Future completes.
 */
export function isAwaitResolvers(onFulfilled: unknown, onRejected: unknown): boolean {
  return typeof onFulfilled === "function" && typeof onRejected === "function";
}

/**
 * The Promise side of a subscription, made only when needed: the Promise of what the callbacks
 * return once someone chains on `then()`'s result, and the Promise whose reactions run a program's
 * own callbacks.
 */
interface PromiseSide {
  derived: Promise<unknown> | null;
  resolveDerived: (value: unknown) => void;
  rejectDerived: (reason: unknown) => void;
  resolveReactions: ((value: unknown) => void) | null;
  rejectReactions: ((reason: unknown) => void) | null;
}

export class ThenHandle extends BaseHandle implements Derived<unknown> {
  /** The awaited Future; `null` for a bare one-iteration yield such as `sleep(0)`. */
  readonly future: Future<unknown> | null;
  /** The task that awaits, when it is one of ours. */
  waiter: FutureWaiter | null = null;
  /**
   * Links of the awaiting task's list of pending awaits (a task may have several: `Promise.all`
   * over our Futures, or an async function started without `await` in its frame). @internal
   */
  _prevAwait: ThenHandle | null = null;
  /** @internal */
  _nextAwait: ThenHandle | null = null;
  private onFulfilled: OnFulfilled;
  private onRejected: OnRejected;
  private derivedState: typeof PENDING | typeof FULFILLED | typeof REJECTED = PENDING;
  /** What the callbacks returned once settled; before that, the value a bare yield resumes with. */
  private derivedValue: unknown = undefined;
  private side: PromiseSide | null = null;

  constructor(
    future: Future<unknown> | null,
    loop: EventLoopContract,
    onFulfilled: OnFulfilled,
    onRejected: OnRejected,
  ) {
    super(loop);
    this.future = future;
    this.onFulfilled = onFulfilled;
    this.onRejected = onRejected;
    if (
      typeof onFulfilled === "function"
        ? typeof onRejected !== "function"
        : typeof onRejected === "function"
    ) {
      this.runAsReactions(onFulfilled, onRejected);
    }
  }

  /** A program's own callbacks: subscribed now, in the caller's frame, so that they run in it. */
  private runAsReactions(onFulfilled: OnFulfilled, onRejected: OnRejected): void {
    const side = this.promiseSide();
    this.onFulfilled = null;
    this.onRejected = null;
    new Promise<unknown>((resolve, reject) => {
      side.resolveReactions = resolve;
      side.rejectReactions = reject;
    }).then(
      (value) => this.runFulfilled(value, onFulfilled),
      (error: unknown) => this.runRejected(error, onRejected),
    );
  }

  private promiseSide(): PromiseSide {
    return (this.side ??= {
      derived: null,
      resolveDerived: noop,
      rejectDerived: noop,
      resolveReactions: null,
      rejectReactions: null,
    });
  }

  /**
   * Resuming a task needs no clean frame: its continuation carries its own. A stale subscription
   * (the task moved on) settles like any callback, in a clean frame. @internal
   */
  override _needsCleanFrame(): boolean {
    return this.waiter === null || !this.waiter._resumesOn(this);
  }

  /** @internal */
  override _run(): void {
    if (this._cancelled) return;
    if (this.waiter !== null) this.waiter._wakeUp(this);
    else this.settleFromFuture();
  }

  /** Settles the await with the future's outcome (or the bare yield's value). */
  settleFromFuture(): void {
    const future = this.future;
    if (future === null) {
      this.fulfil(this.derivedValue);
      return;
    }
    const outcome = future._outcome();
    if (outcome.ok) this.fulfil(outcome.value);
    else this.reject(outcome.error);
  }

  fulfil(value: unknown): void {
    const resolve = this.side?.resolveReactions;
    if (resolve) resolve(value);
    else this.runFulfilled(value, this.onFulfilled);
  }

  reject(error: unknown): void {
    const reject = this.side?.rejectReactions;
    if (reject) reject(error);
    else this.runRejected(error, this.onRejected);
  }

  private runFulfilled(value: unknown, callback: OnFulfilled): void {
    if (typeof callback !== "function") {
      this.settleDerived(FULFILLED, value);
      return;
    }
    try {
      this.settleDerived(FULFILLED, callback(value));
    } catch (error) {
      this.callbackThrew(error);
    }
  }

  private runRejected(error: unknown, callback: OnRejected): void {
    if (typeof callback !== "function") {
      this.settleDerived(REJECTED, error);
      return;
    }
    try {
      this.settleDerived(FULFILLED, callback(error));
    } catch (thrown) {
      this.callbackThrew(thrown);
    }
  }

  /**
   * A callback given to `then()` threw. With nothing chained on the result, a Promise would report
   * an unhandled rejection; the error goes to the loop's exception handler instead of vanishing.
   */
  private callbackThrew(error: unknown): void {
    if (this.side?.derived == null) {
      this._loop.callExceptionHandler({
        message: "Exception in a callback given to Future.then()",
        exception: error,
        future: this.future,
      });
    }
    this.settleDerived(REJECTED, error);
  }

  private settleDerived(state: typeof FULFILLED | typeof REJECTED, value: unknown): void {
    const side = this.side;
    if (side !== null && side.derived !== null) {
      if (state === FULFILLED) side.resolveDerived(value);
      else side.rejectDerived(value);
      return;
    }
    this.derivedState = state;
    this.derivedValue = value;
  }

  /** The Promise of what the callbacks return, made on first use. */
  private promise(): Promise<unknown> {
    const side = this.promiseSide();
    if (side.derived === null) {
      if (this.derivedState === FULFILLED) side.derived = Promise.resolve(this.derivedValue);
      else if (this.derivedState === REJECTED) side.derived = Promise.reject(this.derivedValue);
      else {
        side.derived = new Promise((resolve, reject) => {
          side.resolveDerived = resolve;
          side.rejectDerived = reject;
        });
      }
      this.derivedValue = undefined;
    }
    return side.derived;
  }

  then<R1 = unknown, R2 = never>(
    onFulfilled?: ((value: unknown) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.promise().then(onFulfilled, onRejected);
  }

  catch<R = never>(
    onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): Promise<unknown> {
    return this.promise().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<unknown> {
    return this.promise().finally(onFinally);
  }

  /** Sets the value a bare yield (no Future) resumes with. */
  set value(value: unknown) {
    this.derivedValue = value;
  }

  override toString(): string {
    return `<ThenHandle${this._cancelled ? " cancelled" : ""}>`;
  }
}
