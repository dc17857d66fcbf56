/**
 * A callback scheduled on an event loop, as returned by `callSoon`. Futures create handles for
 * their done callbacks, so this class lives at the bottom of the package graph.
 */
import {
  Context,
  callbackContextEntered,
  contextVarsInUse,
  leaveCallbackContext,
} from "./context.js";
import { isExitError } from "./errors.js";
import type { EventLoopContract } from "./event-loop-contract.js";

/**
 * What the loop's ready queue holds: a `Handle` (a callback with its arguments) or a
 * `ThenHandle` (the resumption of an `await`). The loop only runs it, or skips it once cancelled.
 */
export abstract class BaseHandle {
  /** @contract */ _loop: EventLoopContract;
  /** @contract */ _cancelled = false;

  constructor(loop: EventLoopContract) {
    this._loop = loop;
  }

  /** Prevents the callback from running; does nothing if it already ran. */
  cancel(): void {
    this._cancelled = true;
  }

  /** Whether `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /**
   * Whether running the handle calls user code, which must not see the frame of whatever task ran
   * just before (a loop may go on inside that frame to save a switch). @contract
   */
  _needsCleanFrame(): boolean {
    return true;
  }

  /** Runs it; only `KeyboardInterrupt`/`SystemExit` may escape. @contract */
  abstract _run(): void;
}

export class Handle extends BaseHandle {
  /** @internal */ _callback: ((...args: never[]) => unknown) | null;
  /** @internal */ _args: readonly unknown[];
  /** The context the callback runs in; `null` while no context variable was ever set. @internal */
  _context: Context | null;

  constructor(
    callback: (...args: never[]) => unknown,
    args: readonly unknown[],
    loop: EventLoopContract,
    context: Context | null = null,
  ) {
    super(loop);
    this._callback = callback;
    this._args = args;
    this._context = context;
  }

  /** The context the callback runs in (Python 3.12's `Handle.get_context()`). */
  getContext(): Context | null {
    return this._context;
  }

  /** Prevents the callback from running; does nothing if it already ran. */
  override cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      // Drop references so that a cancelled handle sitting in a queue keeps nothing alive.
      this._callback = null;
      this._args = [];
    }
  }

  /**
   * Runs the callback. An error it throws goes to the loop's exception handler, except
   * `KeyboardInterrupt`/`SystemExit`, which propagate to the loop. A callback that returns a
   * Promise (an `async` function) is treated the same way: its rejection is reported too.
   * @contract
   */
  override _run(): void {
    const callback = this._callback as ((...args: unknown[]) => unknown) | null;
    if (callback === null) return;
    let result: unknown;
    try {
      const args = this._args;
      if (this._context !== null) {
        result = this._context.run(callback, ...args);
      } else if (contextVarsInUse()) {
        // Scheduled before any variable was set: its context is an empty one.
        result = new Context().run(callback, ...args);
      } else {
        switch (args.length) {
          case 0:
            result = callback();
            break;
          case 1:
            result = callback(args[0]);
            break;
          default:
            result = callback(...args);
        }
      }
    } catch (error) {
      if (callbackContextEntered) leaveCallbackContext();
      this._failed(error);
      return;
    }
    if (callbackContextEntered) leaveCallbackContext();
    if (isForeignThenable(result)) {
      (result as PromiseLike<unknown>).then(undefined, (error: unknown) => {
        try {
          this._failed(error);
        } catch (exit) {
          // A KeyboardInterrupt/SystemExit from an async callback: the loop takes it from here.
          this._loop._fatalError(exit);
        }
      });
    }
  }

  /** Reports what the callback threw (or its Promise rejected with). @internal */
  _failed(error: unknown): void {
    if (isExitError(error)) throw error;
    this._loop.callExceptionHandler({
      message: `Exception in callback ${this.toString()}`,
      exception: error,
      handle: this,
    });
  }

  override toString(): string {
    // A cancelled handle has dropped its callback, so there is nothing more to show.
    if (this._callback === null) return `<${this.constructor.name} cancelled>`;
    return `<${this.constructor.name} ${this._callback.name || "<anonymous>"}()>`;
  }
}

const futureBrand = Symbol.for("@asyncio/future");
const coroutineBrand = Symbol.for("@asyncio/coroutine");

/**
 * A Promise (or other thenable) that a callback returned and that nobody else will look at: not
 * one of our Futures or coroutines, whose outcomes have their own owners.
 */
function isForeignThenable(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (value instanceof Promise) return true;
  const record = value as Record<symbol | string, unknown>;
  return (
    typeof record.then === "function" &&
    record[futureBrand] !== true &&
    record[coroutineBrand] !== true
  );
}
