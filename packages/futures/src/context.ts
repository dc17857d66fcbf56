/**
 * Context variables, as Python's `contextvars`: a `ContextVar` has a value per `Context`. Each
 * Task runs in its own copy of the context it was created in, and each callback in the context it
 * was scheduled from, so values set inside a task don't leak out of it.
 *
 * A Context holds an immutable map; setting a variable replaces the map, so copies (which share
 * the old map) are unaffected and copying is O(1).
 */
import { registerContextVar } from "./context-var-identity.js";
import { describe } from "./describe.js";
import { LookupError, RuntimeError, ValueError } from "./errors.js";
import {
  type ExecutionFrame,
  executionFrames,
  type FutureWaiter,
  NO_FRAME,
} from "./execution-frame.js";

/** The values a `Context` holds, by variable. */
export type ContextValues = ReadonlyMap<ContextVar<unknown>, unknown>;
const EMPTY: ContextValues = new Map();

/**
 * Process-wide state, shared by every copy of this package: the root context (current outside any
 * task or callback) and whether any variable was ever set (until then no context is captured).
 */
interface SharedState {
  context: Context | null;
  used: boolean;
}
const rootKey = Symbol.for("@asyncio/root-context");
const globals = globalThis as unknown as Record<symbol, SharedState | undefined>;
const shared: SharedState = globals[rootKey] ?? (globals[rootKey] = { context: null, used: false });

/**
 * Set when a loop callback that had no context of its own (it was scheduled before any variable
 * was set, so its context is an empty one, made only now) set a variable: `set` entered a frame
 * with that context, and the loop must leave it once the callback returns
 * (`leaveCallbackContext`). A flag, so that a callback that sets nothing costs one read.
 * @internal
 */
export let callbackContextEntered = false;
let frameBeforeCallbackContext: ExecutionFrame | undefined;

/** Leaves the frame a bare callback's first `set` entered. @internal */
export function leaveCallbackContext(): void {
  callbackContextEntered = false;
  const frame = frameBeforeCallbackContext;
  frameBeforeCallbackContext = undefined;
  executionFrames.enterWith(frame ?? NO_FRAME);
}

/** A mapping from context variables to values; `run(fn)` runs `fn` with it as the current context. */
export class Context implements Iterable<ContextVar<unknown>> {
  /** @internal */ _vars: ContextValues;
  private entered = false;

  constructor(vars: ContextValues = EMPTY) {
    this._vars = vars;
  }

  /**
   * Runs `fn(...args)` in this context: variables it sets change this context. A context can't be
   * entered while it is already entered (`RuntimeError`), as in Python.
   *
   * @example
   * ```ts
   * const ctx = copyContext();
   * ctx.run(() => requestId.set(7)); // requestId is 7 in ctx only
   * ```
   */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    if (typeof fn !== "function")
      throw new TypeError(`Context.run() expects a function, got ${describe(fn)}`);
    if (this.entered)
      throw new RuntimeError(`cannot enter context: ${this.toString()} is already entered`);
    const outer = executionFrames.getStore();
    const frame: ExecutionFrame =
      outer === undefined || outer._task === null
        ? { _waiter: null, _task: null, _context: this }
        : new TaskContextFrame(outer, this);
    this.entered = true;
    try {
      return executionFrames.run(frame, fn, ...args);
    } finally {
      this.entered = false;
    }
  }

  /** A new Context with the same values. */
  copy(): Context {
    return new Context(this._vars);
  }

  get<T>(variable: ContextVar<T>): T | undefined;
  get<T, D>(variable: ContextVar<T>, fallback: D): T | D;
  get<T, D>(variable: ContextVar<T>, fallback?: D): T | D | undefined {
    return this._vars.has(variable) ? (this._vars.get(variable) as T) : fallback;
  }

  has(variable: ContextVar<unknown>): boolean {
    return this._vars.has(variable);
  }

  get size(): number {
    return this._vars.size;
  }

  keys(): IterableIterator<ContextVar<unknown>> {
    return this._vars.keys();
  }

  values(): IterableIterator<unknown> {
    return this._vars.values();
  }

  entries(): IterableIterator<[ContextVar<unknown>, unknown]> {
    return this._vars.entries();
  }

  [Symbol.iterator](): IterableIterator<ContextVar<unknown>> {
    return this._vars.keys();
  }

  toString(): string {
    return `<Context with ${this._vars.size} variable(s)>`;
  }
}

/**
 * The frame of `Context.run` inside a task's code: the task's, with another context. Who waits is
 * read through the outer frame each time, so that code the task later detaches from (see
 * `DetachedWaiter`) is detached in here too.
 */
class TaskContextFrame implements ExecutionFrame {
  private readonly outer: ExecutionFrame;
  readonly _task: unknown;
  readonly _context: Context;

  constructor(outer: ExecutionFrame, context: Context) {
    this.outer = outer;
    this._task = outer._task;
    this._context = context;
  }

  get _waiter(): FutureWaiter | null {
    return this.outer._waiter;
  }
}

/** The context of the running code: the task's, the callback's, or the root context. */
export function currentContext(): Context {
  const frame = executionFrames.getStore();
  const context = frame === undefined ? null : frame._context;
  return context ?? rootContext();
}

/**
 * The context `set` writes to. The loop runs callbacks that have no context of their own in
 * `NO_FRAME`; there, the first `set` makes the callback's (empty) context and enters it.
 */
function contextForSet(): Context {
  const frame = executionFrames.getStore();
  if (frame === undefined) return rootContext();
  if (frame._context !== null) return frame._context;
  if (frame !== NO_FRAME) return rootContext();
  const fresh = new Context();
  frameBeforeCallbackContext = frame;
  callbackContextEntered = true;
  executionFrames.enterWith({ _waiter: null, _task: null, _context: fresh });
  return fresh;
}

function rootContext(): Context {
  return shared.context ?? (shared.context = new Context());
}

/** A shallow copy of the current context (Python's `copy_context()`). */
export function copyContext(): Context {
  return new Context(currentContext()._vars);
}

/**
 * Whether any context variable was ever set. Until then every context is empty, so the loop can
 * skip capturing contexts for callbacks. @internal
 */
export function contextVarsInUse(): boolean {
  return shared.used;
}

const MISSING: unique symbol = Symbol("missing");

/** The options of `new ContextVar(name, options)`: Python's keyword argument `default`. */
export interface ContextVarOptions<T> {
  /** Returned by `get()` when the variable has no value in the current context. */
  default?: T;
}

/**
 * A variable with a value per context.
 *
 * @example
 * ```ts
 * const requestId = new ContextVar<number>("requestId", { default: 0 });
 * const token = requestId.set(42);
 * requestId.get(); // 42
 * requestId.reset(token);
 * ```
 */
export class ContextVar<T> {
  readonly name: string;
  private readonly fallback: T | typeof MISSING;
  /** @internal How other threads name this variable: see `contextVarIdentity`. */
  readonly _identity: string | null;

  constructor(name: string, options?: ContextVarOptions<T>) {
    if (typeof name !== "string")
      throw new TypeError(`ContextVar name must be a string, got ${describe(name)}`);
    this.name = name;
    this.fallback =
      options !== undefined && "default" in options ? (options.default as T) : MISSING;
    this._identity = registerContextVar(this as ContextVar<unknown>, new.target, Context);
  }

  /** The value in the current context; else `fallback`, else the default; else `LookupError`. */
  get(): T;
  get<D>(fallback: D): T | D;
  get<D>(...fallback: [D?]): T | D {
    const vars = currentContext()._vars;
    if (vars.has(this as ContextVar<unknown>)) return vars.get(this as ContextVar<unknown>) as T;
    if (fallback.length > 0) return fallback[0] as D;
    if (this.fallback !== MISSING) return this.fallback;
    throw new LookupError(`<ContextVar name=${JSON.stringify(this.name)}> has no value`);
  }

  /** Sets the value in the current context; the token undoes it with `reset`. */
  set(value: T): Token<T> {
    const context = contextForSet();
    const key = this as ContextVar<unknown>;
    const old = context._vars.has(key) ? (context._vars.get(key) as T) : Token.MISSING;
    const next = new Map(context._vars);
    next.set(key, value);
    context._vars = next;
    shared.used = true;
    return new Token(context, this, old);
  }

  /** Restores the value the variable had before the `set` that returned `token`. */
  reset(token: Token<T>): void {
    if (!(token instanceof Token))
      throw new TypeError(`reset() expects a Token, got ${describe(token)}`);
    if (token.used) throw new RuntimeError("Token has already been used once");
    if (token.var !== this) throw new ValueError("Token was created by a different ContextVar");
    const context = currentContext();
    if (token.context !== context) throw new ValueError("Token was created in a different Context");
    const next = new Map(context._vars);
    if (token.oldValue === Token.MISSING) next.delete(this as ContextVar<unknown>);
    else next.set(this as ContextVar<unknown>, token.oldValue);
    context._vars = next;
    token.used = true;
  }

  toString(): string {
    return `<ContextVar name=${JSON.stringify(this.name)}>`;
  }
}

/** What `ContextVar.set` returns: enough to undo that set with `reset`. */
export class Token<T> {
  /** The value `oldValue` has when the variable had no value before the set. */
  static readonly MISSING: unique symbol = Symbol("Token.MISSING");
  /** @internal */ used = false;
  /** @internal */ readonly context: Context;
  /** The variable this token belongs to (Python's `Token.var`). */
  readonly var: ContextVar<T>;
  /** The value before the set, or `Token.MISSING`. */
  readonly oldValue: T | typeof Token.MISSING;

  /** @internal */
  constructor(context: Context, variable: ContextVar<T>, oldValue: T | typeof Token.MISSING) {
    this.context = context;
    this.var = variable;
    this.oldValue = oldValue;
  }
}
