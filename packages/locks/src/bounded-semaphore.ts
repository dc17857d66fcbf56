/**
 * A BoundedSemaphore is a Semaphore that refuses to be released more often than it was
 * acquired: a release that would raise the value above the initial one is a bug in the caller.
 */
import { ValueError } from "@asyncio/futures";
import { readSemaphoreValue, Semaphore, type SemaphoreOptions } from "./semaphore.js";

/**
 * Python's `asyncio.BoundedSemaphore`: a `Semaphore` whose `release()` throws `ValueError` when
 * it would raise the value above the initial one.
 *
 * @example
 * ```ts
 * const sem = new BoundedSemaphore(2);
 * sem.release(); // ValueError: BoundedSemaphore released too many times
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /** @internal */
  readonly _boundValue: number;

  /** `value` as for `Semaphore`: the initial value is also the bound. */
  constructor(value: number | SemaphoreOptions = 1) {
    super(value);
    this._boundValue = readSemaphoreValue(value, "BoundedSemaphore()");
  }

  /** Like `Semaphore.release()`; `ValueError` when the value would exceed the initial one. */
  override release(): void {
    if (this._value >= this._boundValue) {
      throw new ValueError("BoundedSemaphore released too many times");
    }
    super.release();
  }
}
