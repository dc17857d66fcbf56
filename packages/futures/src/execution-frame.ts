/**
 * Which Task is running the current JavaScript code, carried across every `await` (ours and
 * foreign Promises alike) by one `AsyncLocalStorage` — or, where the runtime has none, by the
 * carrier `internal/frame-store-portable.ts` picks. A Future's `then()` reads it to learn which
 * task is about to wait on it: that is how `task.cancel()` finds the await to interrupt.
 */
import { createFrameStore } from "#frame-store";
import type { Context } from "./context.js";
import { makeCancelledError } from "./errors.js";
import type { FrameStore } from "./internal/frame-store.js";
import type { ThenHandle } from "./then-handle.js";

/** A task as a Future sees it: something that can be suspended on an await and woken up again. */
export interface FutureWaiter {
  /** The frame's task is about to wait on `handle` (a Future's `then`, or a one-iteration yield). */
  _suspend(handle: ThenHandle): void;
  /** `handle` is due: settle its await, delivering a pending cancellation instead if there is one. */
  _wakeUp(handle: ThenHandle): void;
  /** Whether `handle` is the subscription that will resume this task (not a stale one). */
  _resumesOn(handle: ThenHandle): boolean;
}

/** What the storage holds while code runs: who waits when it awaits, its task, its context. */
export interface ExecutionFrame {
  /**
   * Who subscribes when code in this frame awaits one of our Futures: the task, a
   * `DetachedWaiter` for code a cancellation gave up on, or `null` outside any task.
   */
  readonly _waiter: FutureWaiter | null;
  /** The task this code belongs to, for `currentTask()`; `null` outside any task. */
  readonly _task: unknown;
  readonly _context: Context | null;
}

/**
 * The waiter of code that a cancellation gave up on while it was blocked on a foreign Promise
 * (see the tasks README, "Promises and foreign code"): the code runs on, but each await of one of
 * our awaitables fails at once with `CancelledError`, so it can't wait on the loop for anyone, nor
 * take a later cancellation of its task for itself.
 */
export class DetachedWaiter implements FutureWaiter {
  private readonly message: string | undefined;

  constructor(message: string | undefined) {
    this.message = message;
  }

  _suspend(handle: ThenHandle): void {
    handle.waiter = null;
    handle.reject(makeCancelledError(this.message));
  }

  _wakeUp(handle: ThenHandle): void {
    handle.settleFromFuture();
  }

  _resumesOn(): boolean {
    return false;
  }
}

const storageKey = Symbol.for("@asyncio/execution-frames");
const globals = globalThis as unknown as Record<symbol, FrameStore<ExecutionFrame> | undefined>;

/** One storage per process, even if this package is loaded twice. */
export const executionFrames: FrameStore<ExecutionFrame> =
  globals[storageKey] ?? (globals[storageKey] = createFrameStore<ExecutionFrame>());

/**
 * The frame of code that runs outside any task, such as the loop's own scheduling. Entering it with
 * `executionFrames.run(NO_FRAME, ...)` is cheap everywhere, where `exit()` toggles Node 22's
 * promise hooks off and on.
 */
export const NO_FRAME: ExecutionFrame = Object.freeze({
  _waiter: null,
  _task: null,
  _context: null,
});

/** Who waits when the running code awaits one of our Futures, or `null` outside any task. */
export function currentWaiter(): FutureWaiter | null {
  const frame = executionFrames.getStore();
  return frame === undefined ? null : frame._waiter;
}
