/**
 * An Event is a flag that tasks can wait for: `set()` wakes every waiter at once, `clear()` lowers
 * the flag for later waiters (those already woken still return `true`).
 */
import type { Derived, Future } from "@asyncio/futures";
import { LoopBound } from "@asyncio/futures/contract";
import type { Coroutine } from "@asyncio/tasks";
import {
  FastCoroutine,
  MUST_WAIT,
  type OnFulfilled,
  type OnRejected,
  WaiterFuture,
} from "@asyncio/tasks/contract";
import { describeState } from "./internal/describe-state.js";
import { WaiterQueue } from "./internal/waiter-queue.js";

/**
 * Python's `asyncio.Event`: a flag tasks can wait for. `set()` wakes every waiter at once;
 * `clear()` lowers it for later waiters.
 *
 * @example
 * ```ts
 * const ready = new Event();
 * createTask(async () => { await ready.wait(); console.log("go"); });
 * ready.set();
 * ```
 */
export class Event extends LoopBound {
  /** @internal */
  _waiters: WaiterQueue<Future<true>> = new WaiterQueue();
  /** @internal */
  _value = false;

  /** True while the flag is set. */
  isSet(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes every waiting task, in the order they started waiting. */
  set(): void {
    if (this._value) return;
    this._value = true;
    const waiters = this._waiters;
    for (
      let waiter = waiters.firstPending();
      waiter !== undefined;
      waiter = waiters.firstPending()
    ) {
      waiter.setResult(true);
    }
  }

  /** Lowers the flag: `wait()` blocks again until the next `set()`. */
  clear(): void {
    this._value = false;
  }

  /** A lazy coroutine that returns `true` once the flag is set (at once if it already is). */
  wait(): Coroutine<true> {
    return new WaitEvent(this);
  }

  /** @contract */
  async _wait(): Promise<true> {
    if (this._value) return true;
    const waiter = this._waiters.push(new WaiterFuture<true>(this._getLoop(), "Event.wait", this));
    try {
      await waiter.future;
      return true;
    } finally {
      this._waiters.remove(waiter);
    }
  }

  override toString(): string {
    return `<Event ${describeState(this._value ? "set" : "unset", this._waiters.length)}>`;
  }
}

class WaitEvent extends FastCoroutine<true> {
  constructor(private readonly event: Event) {
    super();
  }

  override get name(): string {
    return "Event.wait";
  }

  protected override attempt(): true | typeof MUST_WAIT {
    return this.event._value ? true : MUST_WAIT;
  }

  protected override wait(): Promise<true> {
    return this.event._wait();
  }

  /** Subscribes the awaiter straight to its waiter Future: no async function per waiting task. */
  protected override waitThen<R1, R2>(
    onFulfilled: OnFulfilled<true, R1>,
    onRejected: OnRejected<R2>,
  ): Derived<R1 | R2> {
    const event = this.event;
    const waiter = event._waiters.push(
      new WaiterFuture<true>(event._getLoop(), "Event.wait", event),
    );
    return waiter.future.then(
      (): true | R1 | PromiseLike<R1> => {
        event._waiters.remove(waiter);
        return typeof onFulfilled === "function" ? onFulfilled(true) : true;
      },
      (error: unknown): R2 | PromiseLike<R2> => {
        event._waiters.remove(waiter);
        if (typeof onRejected === "function") return onRejected(error);
        throw error;
      },
    ) as Derived<R1 | R2>;
  }
}
