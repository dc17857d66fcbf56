/**
 * A Lock lets one task at a time into a critical section. Waiters queue in FIFO order and a
 * release wakes exactly one of them; a waiter cancelled while it waits leaves the queue, and if
 * it had already been woken it hands the wakeup on, so no release is ever lost. The lock is not
 * owned: any task may release it.
 */
import { Future, RuntimeError } from "@asyncio/futures";
import { Coroutine } from "@asyncio/tasks";
import { Hold } from "./hold.js";
import { LoopBound } from "./internal/loop-bound.js";
import { describeState, removeItem } from "./internal/waiters.js";

/**
 * @example
 * ```ts
 * const lock = new Lock();
 * await using _ = await lock.hold(); // released when the block ends
 * // ... or by hand:
 * await lock.acquire();
 * try { await work(); } finally { lock.release(); }
 * ```
 */
export class Lock extends LoopBound {
  /** Futures of the tasks blocked in `acquire()`, oldest first. @internal */
  _waiters: Future<boolean>[] | null = null;
  /** @internal */
  _locked = false;

  /** True while the lock is held. */
  locked(): boolean {
    return this._locked;
  }

  /**
   * A lazy coroutine that waits until the lock is free, takes it and returns `true`. It jumps
   * the queue only when nobody is waiting (or every waiter was cancelled).
   */
  acquire(): Coroutine<true> {
    return new Coroutine(acquireLock, [this]);
  }

  /**
   * Like `acquire()`, but gives a `Hold` whose disposal releases the lock:
   * `await using _ = await lock.hold();` is Python's `async with lock:`.
   */
  hold(): Coroutine<Hold> {
    return new Coroutine(holdLock, [this]);
  }

  /**
   * Releases the lock and wakes the first waiter; `RuntimeError("Lock is not acquired.")` when
   * it isn't held.
   */
  release(): void {
    if (!this._locked) throw new RuntimeError("Lock is not acquired.");
    this._locked = false;
    this._wakeUpFirst();
  }

  /** Python's `__aenter__`: acquires; the `as` value is `undefined`. */
  asyncEnter(): Coroutine<undefined> {
    return new Coroutine(enterLock, [this]);
  }

  /** Python's `__aexit__`: releases; never suppresses the body's error. */
  asyncExit(_error?: unknown): Coroutine<undefined> {
    return new Coroutine(exitLock, [this]);
  }

  /** @internal */
  async _acquire(): Promise<true> {
    const waiters = this._waiters;
    if (!this._locked && (waiters === null || waiters.every(isCancelled))) {
      this._locked = true;
      return true;
    }
    const queue = waiters ?? (this._waiters = []);
    const waiter = new Future<boolean>({ loop: this._getLoop() });
    queue.push(waiter);
    try {
      await waiter;
    } catch (error) {
      removeItem(queue, waiter);
      // Woken but cancelled before taking the lock: pass the wakeup on, or it would be lost.
      if (!this._locked) this._wakeUpFirst();
      throw error;
    }
    removeItem(queue, waiter);
    this._locked = true;
    return true;
  }

  /** Makes sure the first waiter will run (a done waiter is already on its way). @internal */
  _wakeUpFirst(): void {
    const first = this._waiters?.[0];
    if (first !== undefined && !first.done()) first.setResult(true);
  }

  override toString(): string {
    return `<Lock ${describeState(this._locked ? "locked" : "unlocked", this._waiters?.length ?? 0)}>`;
  }
}

function isCancelled(future: Future<unknown>): boolean {
  return future.cancelled();
}

function acquireLock(lock: Lock): Promise<true> {
  return lock._acquire();
}

async function holdLock(lock: Lock): Promise<Hold> {
  await lock._acquire();
  return new Hold(() => lock.release());
}

async function enterLock(lock: Lock): Promise<undefined> {
  await lock._acquire();
  return undefined;
}

async function exitLock(lock: Lock): Promise<undefined> {
  lock.release();
  return undefined;
}
