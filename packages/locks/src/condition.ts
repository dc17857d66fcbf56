/**
 * A Condition lets tasks sleep until another task, holding the same lock, tells them that
 * something changed. `wait()` releases the lock while it sleeps and always holds it again when it
 * returns or throws — even when cancelled — so a caller's `finally` may release it. A waiter that
 * was notified but fails to return (cancelled, say) passes the notification on, so that none is
 * lost; waiters may therefore wake spuriously and should re-check their predicate (`waitFor`).
 */
import { type Future, isCancelledError, RuntimeError } from "@asyncio/futures";
import { describe, LoopBound } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { WaiterFuture } from "@asyncio/tasks/contract";
import type { Hold } from "./hold.js";
import { describeState } from "./internal/describe-state.js";
import { WaiterQueue } from "./internal/waiter-queue.js";
import { Lock } from "./lock.js";

const NO_ERROR = Symbol("no error");

/**
 * Python's `asyncio.Condition`: lets tasks holding its lock wait until another task notifies
 * them. `wait()` gives the lock up while it sleeps and holds it again when it returns or throws.
 *
 * @example
 * ```ts
 * const cond = new Condition();
 * const items: number[] = [];
 * // consumer
 * await using _ = await cond.hold();
 * await cond.waitFor(() => items.length > 0);
 * // producer (another task)
 * await cond.acquire(); items.push(1); cond.notify(); cond.release();
 * ```
 */
export class Condition extends LoopBound {
  /** The lock the condition works with. @internal */
  readonly _lock: Lock;
  /** @internal */
  _waiters: WaiterQueue<Future<boolean>> = new WaiterQueue();

  /** Uses `lock` (shared with other code; also as `{ lock }`) or a new `Lock`. */
  constructor(lock?: Lock | { lock?: Lock }) {
    super();
    if (typeof lock === "object" && lock !== null && !(lock instanceof Lock)) {
      if (Object.getPrototypeOf(lock) === Object.prototype) lock = lock.lock;
    }
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new TypeError(`Condition() lock must be a Lock, got ${describe(lock)}`);
    }
    this._lock = lock ?? new Lock();
  }

  /** True while the underlying lock is held. */
  locked(): boolean {
    return this._lock.locked();
  }

  /** Acquires the underlying lock (a lazy coroutine returning `true`). */
  acquire(): Coroutine<true> {
    return this._lock.acquire();
  }

  /** Acquires the underlying lock for `await using`. */
  hold(): Coroutine<Hold> {
    return this._lock.hold();
  }

  /** Releases the underlying lock. */
  release(): void {
    this._lock.release();
  }

  /**
   * A lazy coroutine: releases the lock, sleeps until notified, re-acquires the lock and returns
   * `true`. `RuntimeError` if the lock isn't held.
   */
  wait(): Coroutine<true> {
    return new Coroutine(waitCondition, [this]);
  }

  /**
   * A lazy coroutine that waits until `predicate()` is truthy and returns that value; the
   * predicate is checked first, so an already true condition needs no lock.
   */
  waitFor<T>(predicate: () => T): Coroutine<T> {
    if (typeof predicate !== "function") {
      throw new TypeError(`waitFor() predicate must be a function, got ${describe(predicate)}`);
    }
    return new Coroutine(waitForCondition as (c: Condition, p: () => T) => Promise<T>, [
      this,
      predicate,
    ]);
  }

  /**
   * Wakes up to `n` waiting tasks (FIFO); each returns from `wait()` once it gets the lock back.
   * The lock must be held (`RuntimeError` otherwise).
   */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    this._notify(n);
  }

  /** Wakes every waiting task; the lock must be held. */
  notifyAll(): void {
    this.notify(this._waiters.length);
  }

  /** Python's `__aenter__`: acquires the lock; the `as` value is `undefined`. */
  asyncEnter(): Coroutine<undefined> {
    return this._lock.asyncEnter();
  }

  /** Python's `__aexit__`: releases the lock; never suppresses the body's error. */
  asyncExit(error?: unknown): Coroutine<undefined> {
    return this._lock.asyncExit(error);
  }

  /** @contract */
  async _wait(): Promise<true> {
    if (!this.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
    const future = new WaiterFuture<boolean>(this._getLoop(), "Condition.wait", this);
    this.release();
    let failure: unknown = NO_ERROR;
    const waiter = this._waiters.push(future);
    try {
      await future;
    } catch (error) {
      // Kept and re-thrown below, once the lock is held again.
      failure = error;
    }
    this._waiters.remove(waiter);
    // The caller expects to hold the lock even when cancelled: retry until it is ours.
    for (;;) {
      try {
        await this._lock._acquire();
        break;
      } catch (error) {
        failure = error;
        if (!isCancelledError(error)) break;
      }
    }
    if (failure !== NO_ERROR) {
      // We may have consumed a notification meant to wake someone: hand it on.
      this._notify(1);
      throw failure;
    }
    return true;
  }

  /** @internal */
  async _waitFor<T>(predicate: () => T): Promise<T> {
    let result = predicate();
    while (!result) {
      await this._wait();
      result = predicate();
    }
    return result;
  }

  /** @internal */
  _notify(n: number): void {
    const waiters = this._waiters;
    for (let woken = 0; woken < n; woken++) {
      const waiter = waiters.firstPending();
      if (waiter === undefined) break;
      waiter.setResult(false);
    }
  }

  override toString(): string {
    return `<Condition ${describeState(this.locked() ? "locked" : "unlocked", this._waiters.length)}>`;
  }
}

function waitCondition(condition: Condition): Promise<true> {
  return condition._wait();
}

function waitForCondition<T>(condition: Condition, predicate: () => T): Promise<T> {
  return condition._waitFor(predicate);
}
