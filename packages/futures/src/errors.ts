/**
 * The exceptions shared by every asyncio package: asyncio's own (`CancelledError`,
 * `InvalidStateError`, `TimeoutError`, ...) and the Python built-ins asyncio raises that JavaScript
 * lacks (`RuntimeError`, `ValueError`, `ExceptionGroup`, ...).
 *
 * Each class carries a `Symbol.for` brand, so the `isX` guards work across copies of this package
 * and for errors rebuilt after crossing a thread, where `instanceof` alone fails.
 */

import { describe } from "./describe.js";
import { brandError } from "./error-brand.js";

/**
 * Raised inside a Task at the `await` where it was blocked when the task is cancelled, and by
 * `result()` of a cancelled Future. As in Python, code that catches it should re-throw it.
 *
 * @example
 * ```ts
 * try { await sleep(10); } catch (e) { if (isCancelledError(e)) console.log("cancelled"); throw e; }
 * ```
 */
export class CancelledError extends Error {
  // On the prototype (below), so that the library's lightweight ones have it too.
  declare readonly name: "CancelledError";
  constructor(message?: string, options?: ErrorOptions) {
    super(message ?? "", options);
  }
}
Object.defineProperty(CancelledError.prototype, "name", {
  value: "CancelledError",
  writable: true,
  configurable: true,
});

/**
 * A `CancelledError` made by the library when it delivers a cancellation. Its stack would only show
 * the loop's internals (the awaiting code isn't on the stack when the error is made), and building
 * a native error (which captures one, even an empty one) dominates the cost of cancelling a task:
 * so it is a plain object with the class's prototype. `instanceof`, `isCancelledError`, `name`,
 * `message` and `String(error)` are as for any `CancelledError`; `stack` is just its first line.
 */
export function makeCancelledError(message?: string): CancelledError {
  const error = Object.create(CancelledError.prototype) as CancelledError;
  Object.defineProperty(error, "message", {
    value: message ?? "",
    writable: true,
    configurable: true,
  });
  return error;
}

// A made CancelledError has no stack of its own: it reads as its first line.
Object.defineProperty(CancelledError.prototype, "stack", {
  get(this: Error): string {
    return this.message === "" ? this.name : `${this.name}: ${this.message}`;
  },
  set(this: Error, value: unknown): void {
    Object.defineProperty(this, "stack", { value, writable: true, configurable: true });
  },
  configurable: true,
});

/** Raised when an operation is not allowed in a Future's current state (e.g. `setResult` twice). */
export class InvalidStateError extends Error {
  override readonly name: "InvalidStateError" = "InvalidStateError";
}

/** Raised when an operation exceeded its deadline (`timeout`, `waitFor`). */
export class TimeoutError extends Error {
  override readonly name: "TimeoutError" = "TimeoutError";
}

/** Python's `RuntimeError`: the operation is not possible in the current state of the program. */
export class RuntimeError extends Error {
  override readonly name: "RuntimeError" = "RuntimeError";
}

/** Python's `ValueError`: an argument has the right type but an unacceptable value. */
export class ValueError extends Error {
  override readonly name: "ValueError" = "ValueError";
}

/** Python's `LookupError`: a key or variable has no value (`ContextVar.get()` without a default). */
export class LookupError extends Error {
  override readonly name: "LookupError" = "LookupError";
}

/**
 * Python's `KeyboardInterrupt`. Like `SystemExit`, it is never routed to the exception handler:
 * thrown from a callback or a Task, it stops the loop and rejects `runForever()`.
 */
export class KeyboardInterrupt extends Error {
  override readonly name: "KeyboardInterrupt" = "KeyboardInterrupt";
  constructor(message?: string, options?: ErrorOptions) {
    super(message ?? "", options);
  }
}

/** Python's `SystemExit`, carrying an exit `code`; it escapes the loop like `KeyboardInterrupt`. */
export class SystemExit extends Error {
  override readonly name: "SystemExit" = "SystemExit";
  readonly code: number | string | null;
  constructor(code: number | string | null = null, options?: ErrorOptions) {
    super(code === null ? "" : String(code), options);
    this.code = code;
  }
}

/** A class whose instances are `E`: what `BaseExceptionGroup.split()` and `subgroup()` match by. */
export type ErrorClass<E> = abstract new (...args: never[]) => E;

/**
 * Python's `BaseExceptionGroup`: several errors raised together (by a TaskGroup, for example).
 * It is an `AggregateError`, so `.errors` works; `.exceptions` is Python's name for the same list.
 */
export class BaseExceptionGroup<E = unknown> extends AggregateError {
  override name: "BaseExceptionGroup" | "ExceptionGroup" = "BaseExceptionGroup";
  /** The errors of the group (Python's name; the same list as `errors`). */
  declare readonly exceptions: readonly E[];

  constructor(message: string, exceptions: readonly E[], options?: ErrorOptions) {
    if (typeof message !== "string") {
      throw new TypeError(`ExceptionGroup message must be a string, got ${describe(message)}`);
    }
    if (!Array.isArray(exceptions) || exceptions.length === 0) {
      throw new ValueError("ExceptionGroup needs a non-empty array of exceptions");
    }
    super(exceptions, message, options);
    // Not enumerable, so that Node's inspector shows the members once, as `[errors]`.
    Object.defineProperty(this, "exceptions", { value: Object.freeze([...exceptions]) });
    // Python prints a group as "message (N sub-exceptions)": so do `toString()` and the first line
    // of the stack, while `message` stays the bare message, as Python's does.
    headStackWithToString(this);
  }

  override toString(): string {
    return `${this.name}: ${this.message} ${countSubExceptions(this.exceptions.length)}`;
  }

  /** A group of the same kind holding `exceptions`, keeping this group's message and cause. */
  derive<F>(exceptions: readonly F[]): BaseExceptionGroup<F> {
    const Kind = this.constructor as new (
      m: string,
      e: readonly F[],
      o?: ErrorOptions,
    ) => BaseExceptionGroup<F>;
    return new Kind(this.message, exceptions, { cause: this.cause });
  }

  /**
   * The errors that match (by class or predicate), in a group shaped like this one, or `null`
   * when none match. Nested groups are searched; empty branches are dropped.
   */
  subgroup(
    match: ErrorClass<unknown> | ((error: unknown) => boolean),
  ): BaseExceptionGroup<E> | null {
    return this.split(match)[0];
  }

  /** `[matching, rest]`: what `except*` does, each a group or `null`. */
  split(
    match: ErrorClass<unknown> | ((error: unknown) => boolean),
  ): [BaseExceptionGroup<E> | null, BaseExceptionGroup<E> | null] {
    const test = toPredicate(match);
    if (test(this)) return [this, null];
    const matched: E[] = [];
    const rest: E[] = [];
    for (const error of this.exceptions) {
      if (isExceptionGroup(error)) {
        const [m, r] = error.split(test);
        if (m !== null) matched.push(m as E);
        if (r !== null) rest.push(r as E);
      } else if (test(error)) {
        matched.push(error);
      } else {
        rest.push(error);
      }
    }
    return [
      matched.length === 0 ? null : this.derive(matched),
      rest.length === 0 ? null : this.derive(rest),
    ];
  }
}

/**
 * Makes the first line of `error.stack` read as `String(error)`. V8 formats a stack lazily, on
 * first read, from the name and message; the header is swapped in then.
 */
function headStackWithToString(error: Error): void {
  const original = Object.getOwnPropertyDescriptor(error, "stack");
  const read = original?.get;
  if (read === undefined) return;
  let stack: unknown;
  let formatted = false;
  Object.defineProperty(error, "stack", {
    configurable: true,
    enumerable: false,
    get(): unknown {
      if (!formatted) {
        formatted = true;
        const raw: unknown = read.call(error);
        const plain = error.message === "" ? error.name : `${error.name}: ${error.message}`;
        stack =
          typeof raw === "string" && raw.startsWith(plain)
            ? String(error) + raw.slice(plain.length)
            : raw;
      }
      return stack;
    },
    set(value: unknown): void {
      formatted = true;
      stack = value;
    },
  });
}

function countSubExceptions(count: number): string {
  return count === 1 ? "(1 sub-exception)" : `(${count} sub-exceptions)`;
}

/** Python's `ExceptionGroup`: a `BaseExceptionGroup` whose members are ordinary errors. */
export class ExceptionGroup<E = unknown> extends BaseExceptionGroup<E> {
  override name: "BaseExceptionGroup" | "ExceptionGroup" = "ExceptionGroup";
}

function toPredicate(
  match: ErrorClass<unknown> | ((error: unknown) => boolean),
): (error: unknown) => boolean {
  if (typeof match !== "function") {
    throw new TypeError(`expected an error class or a predicate, got ${describe(match)}`);
  }
  if (match.prototype instanceof Error || match === Error) {
    return (error) => error instanceof (match as ErrorClass<unknown>);
  }
  return match as (error: unknown) => boolean;
}

/** True for any `CancelledError`, from any copy of this package. */
export const isCancelledError: (value: unknown) => value is CancelledError = brandError(
  CancelledError,
  "CancelledError",
);
/** True for any `InvalidStateError`. */
export const isInvalidStateError: (value: unknown) => value is InvalidStateError = brandError(
  InvalidStateError,
  "InvalidStateError",
);
/** True for any asyncio `TimeoutError`. */
export const isTimeoutError: (value: unknown) => value is TimeoutError = brandError(
  TimeoutError,
  "TimeoutError",
);
/** True for any `RuntimeError`. */
export const isRuntimeError: (value: unknown) => value is RuntimeError = brandError(
  RuntimeError,
  "RuntimeError",
);
/** True for any `ValueError`. */
export const isValueError: (value: unknown) => value is ValueError = brandError(
  ValueError,
  "ValueError",
);
/** True for any `LookupError`. */
export const isLookupError: (value: unknown) => value is LookupError = brandError(
  LookupError,
  "LookupError",
);
/** True for any `BaseExceptionGroup` or `ExceptionGroup`. */
export const isExceptionGroup: (value: unknown) => value is BaseExceptionGroup = brandError(
  BaseExceptionGroup,
  "BaseExceptionGroup",
);
/** True for any `KeyboardInterrupt`. */
export const isKeyboardInterrupt: (value: unknown) => value is KeyboardInterrupt = brandError(
  KeyboardInterrupt,
  "KeyboardInterrupt",
);
/** True for any `SystemExit`. */
export const isSystemExit: (value: unknown) => value is SystemExit = brandError(
  SystemExit,
  "SystemExit",
);
/** True for `KeyboardInterrupt` and `SystemExit`: the errors that must escape the event loop. */
export const isExitError = (value: unknown): value is KeyboardInterrupt | SystemExit =>
  isKeyboardInterrupt(value) || isSystemExit(value);
