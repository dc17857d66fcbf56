/**
 * The one seam through which the loop reads time and arms its wake-up timer. The system clock uses
 * `performance.now()` and Node's timers; a `VirtualClock` lets tests run sleeps and timeouts
 * instantly: whenever the loop would wait for a timer, virtual time jumps to it.
 */
import { cancelHostTurn, scheduleHostTurn } from "@asyncio/futures/contract";

/**
 * Where an event loop reads the time and arms its wake-up timer (`new EventLoop({ clock })`):
 * `systemClock` for real time, `VirtualClock` for tests, or a plugin's own.
 */
export interface Clock {
  /** Monotonic time in seconds. */
  now(): number;
  /** Calls `callback` once, `delay` seconds from now; the returned token goes to `clearTimer`. */
  setTimer(callback: () => void, delay: number): unknown;
  /** Cancels a timer `setTimer` returned, if it hasn't fired. */
  clearTimer(timer: unknown): void;
}

/**
 * The longest delay `setTimeout` takes (about 24.8 days); a longer one fires after 1 ms with a
 * warning. The loop re-arms its timer whenever it wakes early, so capping is enough.
 */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Real time: `performance.now()` and `setTimeout`, which keeps the process alive as timers do. */
export const systemClock: Clock = {
  now: () => performance.now() / 1000,
  setTimer: (callback, delay) =>
    setTimeout(callback, Math.min(MAX_TIMEOUT_MS, Math.max(0, Math.ceil(delay * 1000)))),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/**
 * Virtual time for tests: starts at `start` and moves only when the loop sleeps (it jumps straight
 * to the next timer) or when `advance()` is called.
 *
 * @example
 * ```ts
 * const loop = new EventLoop({ clock: new VirtualClock() });
 * await loop.runUntilComplete(sleep(3600)); // returns at once; loop.time() is 3600
 * ```
 */
export class VirtualClock implements Clock {
  private time: number;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, delay: number): unknown {
    const target = this.time + delay;
    return scheduleHostTurn(() => {
      if (target > this.time) this.time = target;
      callback();
    });
  }

  clearTimer(timer: unknown): void {
    cancelHostTurn(timer);
  }

  /** Moves time forward by `seconds`. */
  advance(seconds: number): void {
    if (!(seconds >= 0))
      throw new RangeError(`advance() needs a non-negative number of seconds, got ${seconds}`);
    this.time += seconds;
  }
}
