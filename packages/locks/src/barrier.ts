/**
 * A Barrier holds tasks until `parties` of them have arrived, then lets them all through at
 * once, each with its own arrival index (0 to parties - 1). It is reusable: after the tasks
 * have drained out, it fills again. `reset()` sends the tasks waiting inside away with
 * `BrokenBarrierError` and starts over; `abort()` breaks it for good.
 */
import { ValueError } from "@asyncio/futures";
import { describe, LoopBound } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { Condition } from "./condition.js";
import { BrokenBarrierError } from "./errors.js";

type BarrierState = "filling" | "draining" | "resetting" | "broken";

/**
 * Python's `asyncio.Barrier`: holds tasks in `wait()` until `parties` of them have arrived, then
 * lets them all through together. It fills again for the next round; `reset()` and `abort()` send
 * the waiting tasks away with `BrokenBarrierError`.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(3);
 * // in each of three tasks:
 * const index = await barrier.wait(); // all three continue together
 * ```
 */
export class Barrier extends LoopBound {
  /** Notifies every waiting task when the state changes. @internal */
  readonly _cond: Condition = new Condition();
  /** @internal */
  _state: BarrierState = "filling";
  /** Tasks inside `wait()`. @internal */
  _count = 0;
  private readonly _parties: number;

  /** `parties` (a number or `{ parties }`) tasks trip the barrier; `ValueError` if below 1. */
  constructor(parties: number | { parties: number }) {
    super();
    if (typeof parties === "object" && parties !== null) parties = parties.parties;
    if (typeof parties !== "number" || !Number.isInteger(parties)) {
      throw new TypeError(`Barrier() parties must be an integer, got ${describe(parties)}`);
    }
    if (parties < 1) throw new ValueError("parties must be >= 1");
    this._parties = parties;
  }

  /** How many tasks trip the barrier. */
  get parties(): number {
    return this._parties;
  }

  /** How many tasks wait for the barrier to fill (0 while it drains). */
  get nWaiting(): number {
    return this._state === "filling" ? this._count : 0;
  }

  /** True once `abort()` was called (until `reset()`). */
  get broken(): boolean {
    return this._state === "broken";
  }

  /**
   * A lazy coroutine that waits until `parties` tasks are waiting, then returns this task's
   * arrival index. `BrokenBarrierError` if the barrier is or becomes broken, or is reset while
   * this task waits.
   */
  wait(): Coroutine<number> {
    return new Coroutine(waitBarrier, [this]);
  }

  /**
   * A lazy coroutine that puts the barrier back to its empty state; tasks waiting in it get
   * `BrokenBarrierError`.
   */
  reset(): Coroutine<undefined> {
    return new Coroutine(resetBarrier, [this]);
  }

  /** A lazy coroutine that breaks the barrier: current and future `wait()`s raise. */
  abort(): Coroutine<undefined> {
    return new Coroutine(abortBarrier, [this]);
  }

  /** Python's `__aenter__`: `wait()`, so that `async with barrier as i` gets the index. */
  asyncEnter(): Coroutine<number> {
    return this.wait();
  }

  /** Python's `__aexit__`: nothing to undo. */
  asyncExit(_error?: unknown): Coroutine<undefined> {
    return new Coroutine(nothing);
  }

  /** @internal */
  async _wait(): Promise<number> {
    const cond = this._cond;
    await cond._lock._acquire();
    try {
      // Tasks of the previous round may still be leaving, or a reset may be under way.
      await cond._waitFor(() => this._state !== "draining" && this._state !== "resetting");
      if (this._state === "broken") throw new BrokenBarrierError("Barrier aborted");
      const index = this._count++;
      try {
        if (index + 1 === this._parties) {
          this._state = "draining";
          cond.notifyAll();
        } else {
          await cond._waitFor(() => this._state !== "filling");
          // Read afresh: the state changed while this task waited.
          const state = this._state as BarrierState;
          if (state === "broken" || state === "resetting") {
            throw new BrokenBarrierError("Abort or reset of barrier");
          }
        }
        return index;
      } finally {
        this._count--;
        this._exit();
      }
    } finally {
      cond.release();
    }
  }

  /** The last task out lets the barrier fill again. */
  private _exit(): void {
    if (this._count === 0) {
      if (this._state === "resetting" || this._state === "draining") this._state = "filling";
      this._cond.notifyAll();
    }
  }

  /** @internal */
  async _reset(): Promise<undefined> {
    const cond = this._cond;
    await cond._lock._acquire();
    try {
      this._state = this._count > 0 ? "resetting" : "filling";
      cond.notifyAll();
    } finally {
      cond.release();
    }
    return undefined;
  }

  /** @internal */
  async _abort(): Promise<undefined> {
    const cond = this._cond;
    await cond._lock._acquire();
    try {
      this._state = "broken";
      cond.notifyAll();
    } finally {
      cond.release();
    }
    return undefined;
  }

  override toString(): string {
    const waiting = this.broken ? "" : `, waiters:${this.nWaiting}/${this._parties}`;
    return `<Barrier [${this._state}${waiting}]>`;
  }
}

function waitBarrier(barrier: Barrier): Promise<number> {
  return barrier._wait();
}

function resetBarrier(barrier: Barrier): Promise<undefined> {
  return barrier._reset();
}

function abortBarrier(barrier: Barrier): Promise<undefined> {
  return barrier._abort();
}

async function nothing(): Promise<undefined> {
  return undefined;
}
