/**
 * Which Task is running the current JavaScript code, carried across every `await` (ours and
 * foreign Promises alike) by one `AsyncLocalStorage`. A Future's `then()` reads it to learn which
 * task is about to wait on it: that is how `task.cancel()` finds the await to interrupt.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Context } from "./context.js";
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

/** What the storage holds while code runs: the task driving it, if any, and the context. */
export interface ExecutionFrame {
  readonly _task: FutureWaiter | null;
  readonly _context: Context | null;
}

const storageKey = Symbol.for("@asyncio/execution-frames");
const globals = globalThis as unknown as Record<
  symbol,
  AsyncLocalStorage<ExecutionFrame> | undefined
>;

/** One storage per process, even if this package is loaded twice. */
export const executionFrames: AsyncLocalStorage<ExecutionFrame> =
  globals[storageKey] ?? (globals[storageKey] = new AsyncLocalStorage<ExecutionFrame>());

/**
 * The frame of code that runs outside any task, such as the loop's own scheduling. Entering it with
 * `executionFrames.run(NO_FRAME, ...)` is cheap everywhere, where `exit()` toggles Node 20's
 * promise hooks off and on.
 */
export const NO_FRAME: ExecutionFrame = Object.freeze({ _task: null, _context: null });

/** The task whose code is running now, or `null`. */
export function currentWaiter(): FutureWaiter | null {
  const frame = executionFrames.getStore();
  return frame === undefined ? null : frame._task;
}
