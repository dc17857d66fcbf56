/**
 * A Semaphore admits up to `value` tasks at once. Waiters are served strictly in FIFO order: a
 * newcomer queues behind waiting tasks even when a unit is free. A release hands its unit to the
 * first waiter right away; if that waiter is cancelled before it runs, it gives the unit back and
 * the next waiter gets it, so no release is lost and no unit leaks.
 */
import { type Future, ValueError } from "@asyncio/futures";
import { describe, LoopBound } from "@asyncio/futures/contract";
import type { Coroutine } from "@asyncio/tasks";
import { WaiterFuture } from "@asyncio/tasks/contract";
import type { Hold } from "./hold.js";
import { Acquire, acquire, Enter, Exit, HoldOn } from "./internal/acquiring.js";
import { describeState } from "./internal/describe-state.js";
import { type WaiterNode, WaiterQueue } from "./internal/waiter-queue.js";

/** Python's keyword argument of `Semaphore(value=1)`. */
export interface SemaphoreOptions {
  /** The initial number of free units (default 1). */
  value?: number;
}

/** Reads a semaphore's initial value (a number or `{ value }`): an integer >= 0. @internal */
export function readSemaphoreValue(arg: unknown, where: string): number {
  const value =
    typeof arg === "object" && arg !== null && !Array.isArray(arg)
      ? ((arg as SemaphoreOptions).value ?? 1)
      : arg;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${where} value must be an integer, got ${describe(value)}`);
  }
  if (value < 0) throw new ValueError("Semaphore initial value must be >= 0");
  return value;
}

/**
 * Python's `asyncio.Semaphore`: admits up to `value` tasks at once; the others wait in FIFO order
 * for a `release()`.
 *
 * @example
 * ```ts
 * const slots = new Semaphore(3); // at most three downloads at a time
 * async function download(url: string) {
 *   await using _ = await slots.hold();
 *   return fetch(url);
 * }
 * ```
 */
export class Semaphore extends LoopBound {
  /** @internal */
  _waiters: WaiterQueue<Future<boolean>> | null = null;
  /** Free units, after those already handed to woken waiters. @internal */
  _value: number;

  /**
   * `value` free units (a number or `{ value }`, default 1); `ValueError` if negative,
   * `TypeError` if not an integer.
   */
  constructor(value: number | SemaphoreOptions = 1) {
    super();
    this._value = readSemaphoreValue(value, `${new.target.name}()`);
  }

  /** True if `acquire()` would block: no free unit, or tasks already queued for one. */
  locked(): boolean {
    return this._value === 0 || this._waiters?.hasLive() === true;
  }

  /** A lazy coroutine that takes one unit, waiting in FIFO order if needed; returns `true`. */
  acquire(): Coroutine<true> {
    return new Acquire(this, this.constructor.name);
  }

  /** Like `acquire()`, for `await using _ = await semaphore.hold()`: disposal releases. */
  hold(): Coroutine<Hold> {
    return new HoldOn(this, this.constructor.name);
  }

  /** Gives one unit back and wakes the first waiter. */
  release(): void {
    this._value++;
    this._wakeUpNext();
  }

  /** Python's `__aenter__`: acquires; the `as` value is `undefined`. */
  asyncEnter(): Coroutine<undefined> {
    return new Enter(this, this.constructor.name);
  }

  /** Python's `__aexit__`: releases; never suppresses the body's error. */
  asyncExit(_error?: unknown): Coroutine<undefined> {
    return new Exit(this, this.constructor.name);
  }

  /** Takes a unit if that needs no waiting. @internal */
  _tryAcquire(): boolean {
    if (this.locked()) return false;
    this._value--;
    return true;
  }

  /** @internal */
  _acquire(): Promise<true> {
    return acquire(this);
  }

  /** Queues a waiter Future for a task that must wait. @internal */
  _enqueue(): WaiterNode<Future<boolean>> {
    const waiter = new WaiterFuture<boolean>(this._getLoop(), "Semaphore.acquire", this);
    return (this._waiters ?? (this._waiters = new WaiterQueue())).push(waiter);
  }

  /** The waiter was woken (its unit set aside) and its task runs. @internal */
  _take(waiter: WaiterNode<Future<boolean>>): void {
    this._waiters?.remove(waiter);
    this._wakeUpWhileFree();
  }

  /** The waiting task was cancelled, perhaps after being woken. @internal */
  _abandon(waiter: WaiterNode<Future<boolean>>): void {
    this._waiters?.remove(waiter);
    // Woken (a unit was set aside for us) but cancelled before running: give the unit back.
    const future = waiter.future;
    if (future.done() && !future.cancelled()) this._value++;
    this._wakeUpWhileFree();
  }

  /** Waiters that queued for FIFO's sake while units were free get them now. */
  private _wakeUpWhileFree(): void {
    while (this._value > 0) {
      if (!this._wakeUpNext()) break;
    }
  }

  /** Sets a unit aside for the first waiter that isn't done and wakes it. @internal */
  _wakeUpNext(): boolean {
    const waiter = this._waiters?.firstPending();
    if (waiter === undefined) return false;
    this._value--;
    waiter.setResult(true);
    return true;
  }

  override toString(): string {
    const state = this.locked() ? "locked" : `unlocked, value:${this._value}`;
    return `<${this.constructor.name} ${describeState(state, this._waiters?.length ?? 0)}>`;
  }
}
