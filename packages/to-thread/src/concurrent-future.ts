/**
 * The future of a call submitted to an executor, as Python's `concurrent.futures.Future`. Unlike a
 * loop Future it belongs to no loop: the pool completes it from Node's own event loop, and
 * `wrapFuture` (or `runInExecutor`) brings the outcome into a loop. It is also awaitable directly.
 */

import { inspect } from "node:util";
import { type ExecutorFuture, getLogger } from "@asyncio/core";
import { CancelledError, InvalidStateError } from "@asyncio/futures";

const PENDING = 0;
const RUNNING = 1;
const CANCELLED = 2;
const FINISHED = 3;
type State = typeof PENDING | typeof RUNNING | typeof CANCELLED | typeof FINISHED;
const STATE_NAMES = ["PENDING", "RUNNING", "CANCELLED", "FINISHED"] as const;

/**
 * A future completed by an executor.
 *
 * @example
 * ```ts
 * const future = executor.submit((n: number) => n + 1, 41);
 * future.addDoneCallback((f) => console.log(f.result())); // 42
 * ```
 */
export class ConcurrentFuture<T> implements ExecutorFuture<T>, PromiseLike<T> {
  private state: State = PENDING;
  private ok = true;
  private value: unknown;
  private callbacks: ((future: this) => void)[] = [];
  private canceller: (() => boolean) | null = null;

  /**
   * Cancels the call. A call that hasn't started is always cancelled; a running one only when its
   * executor can stop it (the `terminate` and `cooperative` policies of `ThreadPoolExecutor`).
   */
  cancel(): boolean {
    if (this.state === CANCELLED) return true;
    if (this.state === FINISHED) return false;
    if (this.state === RUNNING && (this.canceller === null || !this.canceller())) return false;
    this.state = CANCELLED;
    this.runCallbacks();
    return true;
  }

  cancelled(): boolean {
    return this.state === CANCELLED;
  }

  running(): boolean {
    return this.state === RUNNING;
  }

  done(): boolean {
    return this.state === CANCELLED || this.state === FINISHED;
  }

  result(): T {
    this.checkDone();
    if (!this.ok) throw this.value;
    return this.value as T;
  }

  exception(): unknown {
    this.checkDone();
    return this.ok ? null : this.value;
  }

  addDoneCallback(callback: (future: this) => void): void {
    if (this.done()) callback(this);
    else this.callbacks.push(callback);
  }

  /**
   * Marks the call started, unless it was cancelled first (then returns false and the executor
   * must not run it), as Python's `set_running_or_notify_cancel`.
   */
  setRunningOrNotifyCancel(): boolean {
    if (this.state === CANCELLED) return false;
    if (this.state !== PENDING) throw new InvalidStateError(`Future in unexpected state: ${this}`);
    this.state = RUNNING;
    return true;
  }

  /** Sets what `cancel()` calls while the call runs; it returns whether the call was stopped. */
  setCanceller(canceller: (() => boolean) | null): void {
    this.canceller = canceller;
  }

  setResult(value: T): void {
    this.complete(true, value);
  }

  setException(error: unknown): void {
    this.complete(false, error);
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return new Promise<T>((resolve, reject) => {
      this.addDoneCallback(() => {
        if (this.state === CANCELLED) reject(new CancelledError());
        else if (this.ok) resolve(this.value as T);
        else reject(this.value);
      });
    }).then(onFulfilled, onRejected);
  }

  toString(): string {
    return `<ConcurrentFuture state=${STATE_NAMES[this.state]}>`;
  }

  private complete(ok: boolean, value: unknown): void {
    if (this.done()) throw new InvalidStateError(`${this} is already done`);
    this.state = FINISHED;
    this.ok = ok;
    this.value = value;
    this.runCallbacks();
  }

  private runCallbacks(): void {
    const callbacks = this.callbacks;
    this.callbacks = [];
    this.canceller = null;
    for (const callback of callbacks) {
      try {
        callback(this);
      } catch (error) {
        // One failing callback must not keep the others from running; report it as Python logs it.
        getLogger().error(`exception calling callback for ${this}\n${inspect(error)}`);
      }
    }
  }

  private checkDone(): void {
    if (this.state === CANCELLED) throw new CancelledError();
    if (this.state !== FINISHED) throw new InvalidStateError(`${this} is not done yet`);
  }
}
