/**
 * `sleep(delay, result)` as Python's: a lazy coroutine that resumes after `delay` seconds with
 * `result`. `sleep(0)` yields exactly one loop iteration; a cancelled sleep cancels its timer.
 */
import { type Derived, Future, getRunningLoop, ValueError } from "@asyncio/futures";
import {
  currentWaiter,
  describe,
  ThenHandle,
  type TimerHandleContract,
} from "@asyncio/futures/contract";
import type { Coroutine } from "./coroutine.js";
import { FastCoroutine, type OnFulfilled, type OnRejected } from "./fast-coroutine.js";
import type { AwaitDescription, DescribedAwait } from "./graph/await-description.js";

/** A bare one-iteration yield: no Future, no timer, just a handle that resumes the awaiter. */
class YieldOnce<T> extends FastCoroutine<T> {
  override get name(): string {
    return "sleep";
  }

  private readonly value: T;

  constructor(value: T) {
    super();
    this.value = value;
  }

  protected override waitThen<R1, R2>(
    onFulfilled: OnFulfilled<T, R1>,
    onRejected: OnRejected<R2>,
  ): Derived<R1 | R2> {
    const loop = getRunningLoop();
    const handle = new ThenHandle(
      null,
      loop,
      onFulfilled as (value: unknown) => unknown,
      onRejected,
    );
    handle.value = this.value;
    const waiter = currentWaiter();
    if (waiter === null) {
      loop._enqueue(handle);
    } else {
      handle.waiter = waiter;
      waiter._suspend(handle);
    }
    return handle as Derived<unknown> as Derived<R1 | R2>;
  }
}

/** The Future a timed sleep waits on: cancelling it (as `task.cancel()` does) cancels its timer. */
class SleepFuture<T> extends Future<T> implements DescribedAwait {
  timer: TimerHandleContract | null = null;
  delay = 0;

  _describeAwait(): AwaitDescription {
    return { label: `sleep(${this.delay})`, frame: "sleep" };
  }

  override cancel(message?: string): boolean {
    this.timer?.cancel();
    return super.cancel(message);
  }
}

function wakeSleeper<T>(future: SleepFuture<T>, result: T): void {
  if (!future.done()) future.setResult(result);
}

/** A timed sleep: a timer resolves a Future, with no async function in between. */
class SleepFor<T> extends FastCoroutine<T> {
  override get name(): string {
    return "sleep";
  }

  private readonly delay: number;
  private readonly value: T;

  constructor(delay: number, value: T) {
    super();
    this.delay = delay;
    this.value = value;
  }

  protected override waitThen<R1, R2>(
    onFulfilled: OnFulfilled<T, R1>,
    onRejected: OnRejected<R2>,
  ): Derived<R1 | R2> {
    const loop = getRunningLoop();
    const future = new SleepFuture<T>({ loop });
    future.delay = this.delay;
    future.timer = loop.callLater(this.delay, wakeSleeper, future, this.value);
    return future.then(onFulfilled, onRejected);
  }
}

/**
 * Python's `asyncio.sleep(delay, result)`: a lazy coroutine that resumes after `delay` seconds
 * with `result`. `sleep(0)` lets the loop run one iteration.
 *
 * @example
 * ```ts
 * const value = await sleep(0.5, "done"); // half a second later: "done"
 * ```
 */
export function sleep(delay: number): Coroutine<undefined>;
export function sleep<T>(delay: number, result: T): Coroutine<T>;
export function sleep<T>(delay: number, result?: T): Coroutine<T | undefined> {
  if (typeof delay !== "number") {
    throw new TypeError(`sleep() delay must be a number of seconds, got ${describe(delay)}`);
  }
  if (Number.isNaN(delay)) throw new ValueError("Invalid delay: NaN (not a number)");
  if (delay <= 0) return new YieldOnce(result);
  return new SleepFor(delay, result);
}
