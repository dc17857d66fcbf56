/**
 * One `then()` subscription to a Future: a handle that, when the loop runs it, settles the
 * awaiting side and the Promise that `then()` returned. When a Task is the one awaiting, the
 * Task's `_wakeUp` runs instead, so that it can deliver a pending cancellation.
 */

import type { EventLoopContract } from "./event-loop-contract.js";
import type { FutureWaiter } from "./execution-frame.js";
import type { Future } from "./future.js";
import { Handle } from "./handle.js";

type OnFulfilled = ((value: unknown) => unknown) | null | undefined;
type OnRejected = ((reason: unknown) => unknown) | null | undefined;

function noop(): void {}

export class ThenHandle extends Handle {
  /** The awaited Future; `null` for a bare one-iteration yield such as `sleep(0)`. */
  readonly future: Future<unknown> | null;
  /** The task that awaits, when it is one of ours. */
  waiter: FutureWaiter | null = null;
  /** The value a bare yield resumes with. */
  value: unknown = undefined;
  private readonly onFulfilled: OnFulfilled;
  private readonly onRejected: OnRejected;
  private resolveDerived: (value: unknown) => void = noop;
  private rejectDerived: (reason: unknown) => void = noop;

  constructor(
    future: Future<unknown> | null,
    loop: EventLoopContract,
    onFulfilled: OnFulfilled,
    onRejected: OnRejected,
  ) {
    super(noop, [], loop);
    this.future = future;
    this.onFulfilled = onFulfilled;
    this.onRejected = onRejected;
  }

  /** The Promise that `then()` returns, settled with what the callbacks return. */
  derivedPromise(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.resolveDerived = resolve;
      this.rejectDerived = reject;
    });
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
    const callback = this.onFulfilled;
    if (typeof callback !== "function") {
      this.resolveDerived(value);
      return;
    }
    try {
      this.resolveDerived(callback(value));
    } catch (error) {
      this.rejectDerived(error);
    }
  }

  reject(error: unknown): void {
    const callback = this.onRejected;
    if (typeof callback !== "function") {
      this.rejectDerived(error);
      return;
    }
    try {
      this.resolveDerived(callback(error));
    } catch (thrown) {
      this.rejectDerived(thrown);
    }
  }

  override toString(): string {
    return `<ThenHandle${this._cancelled ? " cancelled" : ""}>`;
  }
}
