/**
 * A BoundedSemaphore is a Semaphore that refuses to be released more often than it was
 * acquired: a release that would raise the value above the initial one is a bug in the caller.
 */
import { ValueError } from "@asyncio/futures";
import { Semaphore } from "./semaphore.js";

/**
 * @example
 * ```ts
 * const sem = new BoundedSemaphore(2);
 * sem.release(); // ValueError: BoundedSemaphore released too many times
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /** @internal */
  readonly _boundValue: number;

  constructor(value: number = 1) {
    super(value);
    this._boundValue = value;
  }

  /** Like `Semaphore.release()`; `ValueError` when the value would exceed the initial one. */
  override release(): void {
    if (this._value >= this._boundValue) {
      throw new ValueError("BoundedSemaphore released too many times");
    }
    super.release();
  }
}
