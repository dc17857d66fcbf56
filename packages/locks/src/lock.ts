/**
 * A Lock lets one task at a time into a critical section. Waiters queue in FIFO order and a
 * release wakes exactly one of them; a waiter cancelled while it waits leaves the queue, and if
 * it had already been woken it hands the wakeup on, so no release is ever lost. The lock is not
 * owned: any task may release it.
 */
import { type Future, RuntimeError } from "@asyncio/futures";
import { executionFrames, LoopBound } from "@asyncio/futures/contract";
import type { Coroutine } from "@asyncio/tasks";
import { followSiteRecording, WaiterFuture } from "@asyncio/tasks/contract";
import type { Hold } from "./hold.js";
import { Acquire, acquire, Enter, Exit, HoldOn } from "./internal/acquiring.js";
import { describeState } from "./internal/describe-state.js";
import { type WaiterNode, WaiterQueue } from "./internal/waiter-queue.js";

/**
 * Python's `asyncio.Lock`: lets one task at a time into a critical section; waiters get it in
 * the order they asked. It is not owned: any task may release it.
 *
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
  _waiters: WaiterQueue<Future<boolean>> | null = null;
  /** @internal */
  _locked = false;
  /** The task that took the lock, recorded in debug mode for the call graph. @internal */
  _holder: unknown = null;
  /** Whether holders are recorded (debug mode): a flag of the prototype. @internal */
  declare _recordsHolder: boolean;

  /** True while the lock is held. */
  locked(): boolean {
    return this._locked;
  }

  /**
   * A lazy coroutine that waits until the lock is free, takes it and returns `true`. It jumps
   * the queue only when nobody is waiting (or every waiter was cancelled).
   */
  acquire(): Coroutine<true> {
    return new Acquire(this, "Lock");
  }

  /**
   * Like `acquire()`, but gives a `Hold` whose disposal releases the lock:
   * `await using _ = await lock.hold();` is Python's `async with lock:`.
   */
  hold(): Coroutine<Hold> {
    return new HoldOn(this, "Lock");
  }

  /**
   * Releases the lock and wakes the first waiter; `RuntimeError("Lock is not acquired.")` when
   * it isn't held.
   */
  release(): void {
    if (!this._locked) throw new RuntimeError("Lock is not acquired.");
    this._locked = false;
    this._holder = null;
    this._wakeUpFirst();
  }

  /** Python's `__aenter__`: acquires; the `as` value is `undefined`. */
  asyncEnter(): Coroutine<undefined> {
    return new Enter(this, "Lock");
  }

  /** Python's `__aexit__`: releases; never suppresses the body's error. */
  asyncExit(_error?: unknown): Coroutine<undefined> {
    return new Exit(this, "Lock");
  }

  /** Takes the lock if that needs no waiting: it is free and nobody live waits for it. @internal */
  _tryAcquire(): boolean {
    const waiters = this._waiters;
    if (!this._locked && (waiters === null || !waiters.hasLive())) {
      this._locked = true;
      if (this._recordsHolder) this._holder = runningTask();
      return true;
    }
    return false;
  }

  /** @internal */
  _acquire(): Promise<true> {
    return acquire(this);
  }

  /** Queues a waiter Future for a task that must wait. @internal */
  _enqueue(): WaiterNode<Future<boolean>> {
    const waiter = new WaiterFuture<boolean>(this._getLoop(), "Lock.acquire", this);
    return (this._waiters ?? (this._waiters = new WaiterQueue())).push(waiter);
  }

  /** The waiter was woken and its task runs: the lock is its. @internal */
  _take(waiter: WaiterNode<Future<boolean>>): void {
    this._waiters?.remove(waiter);
    this._locked = true;
    if (this._recordsHolder) this._holder = runningTask();
  }

  /** Its waiters wait on the task holding it, when known (for the call graph). @internal */
  _blockers(): readonly unknown[] {
    return this._holder === null ? [] : [this._holder];
  }

  /** The waiting task was cancelled (perhaps after being woken). @internal */
  _abandon(waiter: WaiterNode<Future<boolean>>): void {
    this._waiters?.remove(waiter);
    // Woken but cancelled before taking the lock: pass the wakeup on, or it would be lost.
    if (!this._locked) this._wakeUpFirst();
  }

  /** Makes sure the first waiter will run (a done waiter is already on its way). @internal */
  _wakeUpFirst(): void {
    const first = this._waiters?.first();
    if (first !== undefined && !first.done()) first.setResult(true);
  }

  override toString(): string {
    return `<Lock ${describeState(this._locked ? "locked" : "unlocked", this._waiters?.length ?? 0)}>`;
  }
}

followSiteRecording(Lock.prototype, "_recordsHolder");

/** The task whose code runs now, if any. */
function runningTask(): unknown {
  const frame = executionFrames.getStore();
  return frame === undefined ? null : frame._task;
}
