/**
 * An Event is a flag that tasks can wait for: `set()` wakes every waiter at once, `clear()` lowers
 * the flag for later waiters (those already woken still return `true`).
 */
import type { Future } from "@asyncio/futures";
import { LoopBound } from "@asyncio/futures/contract";
import type { Coroutine } from "@asyncio/tasks";
import { FastCoroutine, MUST_WAIT, WaiterFuture } from "@asyncio/tasks/contract";
import { describeState, removeItem } from "./internal/waiters.js";

/**
 * @example
 * ```ts
 * const ready = new Event();
 * createTask(async () => { await ready.wait(); console.log("go"); });
 * ready.set();
 * ```
 */
export class Event extends LoopBound {
  /** @internal */
  _waiters: Future<true>[] = [];
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
    for (const waiter of this._waiters) {
      if (!waiter.done()) waiter.setResult(true);
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

  /** @internal */
  async _wait(): Promise<true> {
    if (this._value) return true;
    const waiter = new WaiterFuture<true>(this._getLoop(), "Event.wait", this);
    this._waiters.push(waiter);
    try {
      await waiter;
      return true;
    } finally {
      removeItem(this._waiters, waiter);
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
}
