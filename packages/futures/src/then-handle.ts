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
import { Handle } from "./handle.js";

type OnFulfilled = ((value: unknown) => unknown) | null | undefined;
type OnRejected = ((reason: unknown) => unknown) | null | undefined;

/** What `Future.then()` returns: chain on it like a Promise. */
export interface Derived<T> extends PromiseLike<T> {
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R>;
  finally(onFinally?: (() => void) | null): Promise<T>;
}

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

function noop(): void {}
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * Whether `then()` was called by an `await`: V8 passes the two resolving functions of a fresh
 * Promise, anonymous and taking one argument. A program's own callbacks are told apart by that
 * shape; a pair of anonymous one-argument arrows is taken for an await, and runs as one (on the
 * loop, without switching frames).
 */
export function isAwaitResolvers(onFulfilled: unknown, onRejected: unknown): boolean {
  return (
    typeof onFulfilled === "function" &&
    typeof onRejected === "function" &&
    onFulfilled.length === 1 &&
    onRejected.length === 1 &&
    onFulfilled.name === "" &&
    onRejected.name === ""
  );
}

/** The settling side of the Promise whose reactions run a program's `then()` callbacks. */
interface Reactions {
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

export class ThenHandle extends Handle implements Derived<unknown> {
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
  /** Whether the handle is in its task's list of pending awaits. @internal */
  _pending = false;
  /** The value a bare yield resumes with. */
  value: unknown = undefined;
  private readonly onFulfilled: OnFulfilled;
  private readonly onRejected: OnRejected;
  /** Set for a program's own callbacks, which run as Promise reactions. */
  private readonly reactions: Reactions | null = null;
  private derivedState: typeof PENDING | typeof FULFILLED | typeof REJECTED = PENDING;
  private derivedValue: unknown = undefined;
  private derived: Promise<unknown> | null = null;
  private resolveDerived: (value: unknown) => void = noop;
  private rejectDerived: (reason: unknown) => void = noop;

  constructor(
    future: Future<unknown> | null,
    loop: EventLoopContract,
    onFulfilled: OnFulfilled,
    onRejected: OnRejected,
  ) {
    super(noop, NO_ARGS, loop);
    this.future = future;
    if (
      (onFulfilled === null || onFulfilled === undefined) &&
      (onRejected === null || onRejected === undefined)
    ) {
      this.onFulfilled = null;
      this.onRejected = null;
    } else if (isAwaitResolvers(onFulfilled, onRejected)) {
      this.onFulfilled = onFulfilled;
      this.onRejected = onRejected;
    } else {
      // Subscribed now, in the caller's frame, so that the callbacks run in it.
      this.onFulfilled = null;
      this.onRejected = null;
      let reactions: Reactions | null = null;
      new Promise<unknown>((resolve, reject) => {
        reactions = { resolve, reject };
      }).then(
        (value) => this.runFulfilled(value, onFulfilled),
        (error: unknown) => this.runRejected(error, onRejected),
      );
      this.reactions = reactions;
    }
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
      this.fulfil(this.value);
      return;
    }
    const outcome = future._outcome();
    if (outcome.ok) this.fulfil(outcome.value);
    else this.reject(outcome.error);
  }

  fulfil(value: unknown): void {
    if (this.reactions !== null) this.reactions.resolve(value);
    else this.runFulfilled(value, this.onFulfilled);
  }

  reject(error: unknown): void {
    if (this.reactions !== null) this.reactions.reject(error);
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
    if (this.derived === null) {
      this._loop.callExceptionHandler({
        message: "Exception in a callback given to Future.then()",
        exception: error,
        future: this.future,
      });
    }
    this.settleDerived(REJECTED, error);
  }

  private settleDerived(state: typeof FULFILLED | typeof REJECTED, value: unknown): void {
    if (this.derived !== null) {
      if (state === FULFILLED) this.resolveDerived(value);
      else this.rejectDerived(value);
      return;
    }
    this.derivedState = state;
    this.derivedValue = value;
  }

  /** The Promise of what the callbacks return, made on first use. */
  private promise(): Promise<unknown> {
    if (this.derived === null) {
      if (this.derivedState === FULFILLED) this.derived = Promise.resolve(this.derivedValue);
      else if (this.derivedState === REJECTED) this.derived = Promise.reject(this.derivedValue);
      else {
        this.derived = new Promise((resolve, reject) => {
          this.resolveDerived = resolve;
          this.rejectDerived = reject;
        });
      }
      this.derivedValue = undefined;
    }
    return this.derived;
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

  override toString(): string {
    return `<ThenHandle${this._cancelled ? " cancelled" : ""}>`;
  }
}
