/** A callback scheduled for a loop time, as returned by `callLater` and `callAt`. */
import { type Context, Handle } from "@asyncio/futures";
import type { TimerHandleContract } from "@asyncio/futures/contract";
import type { EventLoop } from "./event-loop.js";

export class TimerHandle extends Handle implements TimerHandleContract {
  /** @internal */ _when: number;
  /** Whether the handle sits in the loop's timer heap. @internal */ _scheduled = false;
  /** Push order in the timer heap, which breaks ties between equal deadlines. @internal */
  _seq = 0;

  constructor(
    when: number,
    callback: (...args: never[]) => unknown,
    args: readonly unknown[],
    loop: EventLoop,
    context: Context | null = null,
  ) {
    super(callback, args, loop, context);
    this._when = when;
  }

  /** The loop time (seconds) at which the callback is scheduled. */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (!this._cancelled && this._scheduled) (this._loop as EventLoop)._timerHandleCancelled();
    super.cancel();
  }

  override toString(): string {
    return `${super.toString().slice(0, -1)} when=${this._when}>`;
  }
}
