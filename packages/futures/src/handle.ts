/**
 * A callback scheduled on an event loop, as returned by `callSoon`. Futures create handles for
 * their done callbacks, so this class lives at the bottom of the package graph.
 */
import type { Context } from "./context.js";
import { isExitError } from "./errors.js";
import type { EventLoopContract } from "./event-loop-contract.js";

export class Handle {
  /** @internal */ _callback: ((...args: never[]) => unknown) | null;
  /** @internal */ _args: readonly unknown[];
  /** @internal */ _loop: EventLoopContract;
  /** @internal */ _cancelled = false;
  /** The context the callback runs in; `null` while no context variable was ever set. @internal */
  _context: Context | null;

  constructor(
    callback: (...args: never[]) => unknown,
    args: readonly unknown[],
    loop: EventLoopContract,
    context: Context | null = null,
  ) {
    this._callback = callback;
    this._args = args;
    this._loop = loop;
    this._context = context;
  }

  /** The context the callback runs in (Python 3.12's `Handle.get_context()`). */
  getContext(): Context | null {
    return this._context;
  }

  /** Prevents the callback from running; does nothing if it already ran. */
  cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      // Drop references so that a cancelled handle sitting in a queue keeps nothing alive.
      this._callback = null;
      this._args = [];
    }
  }

  /**
   * Whether running the handle calls user code, which must not see the frame of whatever task ran
   * just before (a loop may go on inside that frame to save a switch). @internal
   */
  _needsCleanFrame(): boolean {
    return true;
  }

  /** Whether `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /**
   * Runs the callback. An error it throws goes to the loop's exception handler, except
   * `KeyboardInterrupt`/`SystemExit`, which propagate to the loop.
   * @internal
   */
  _run(): void {
    const callback = this._callback as ((...args: unknown[]) => unknown) | null;
    if (callback === null) return;
    try {
      const args = this._args;
      if (this._context !== null) {
        this._context.run(callback, ...args);
        return;
      }
      switch (args.length) {
        case 0:
          callback();
          break;
        case 1:
          callback(args[0]);
          break;
        default:
          callback(...args);
      }
    } catch (error) {
      if (isExitError(error)) throw error;
      this._loop.callExceptionHandler({
        message: `Exception in callback ${this.toString()}`,
        exception: error,
        handle: this,
      });
    }
  }

  toString(): string {
    // A cancelled handle has dropped its callback, so there is nothing more to show.
    if (this._callback === null) return `<${this.constructor.name} cancelled>`;
    return `<${this.constructor.name} ${this._callback.name || "<anonymous>"}()>`;
  }
}
