/**
 * Lazy coroutines, as in Python: calling a function made by `coroutine()` runs nothing and returns
 * a `Coroutine` object, which starts when it is awaited or wrapped in a Task — so that
 * `createTask(work())`, `gather(a(), b())` and `run(main())` keep Python's meaning.
 */
import { type Derived, RuntimeError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { type CoroutineObserver, observeCoroutinesThrough } from "./graph/observers.js";

const coroutineBrand = Symbol.for("@asyncio/coroutine");
const CREATED = 0;
const STARTED = 1;
const CLOSED = 2;
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * A lazy coroutine, as Python's coroutine object: calling a `coroutine()` function returns one
 * without running anything; its body starts when it is awaited or wrapped in a Task, and runs
 * once.
 */
export class Coroutine<T> implements PromiseLike<T> {
  /** Who watches coroutines: kept on the prototype (see `graph/observers.ts`). @internal */
  declare _coroutineObserver: CoroutineObserver | null;
  private readonly body: (...args: never[]) => T | PromiseLike<T>;
  /** The call's arguments, until the coroutine starts (then only the body's frame needs them). */
  private args: readonly unknown[];
  private state: typeof CREATED | typeof STARTED | typeof CLOSED = CREATED;

  constructor(body: (...args: never[]) => T | PromiseLike<T>, args: readonly unknown[] = []) {
    if (typeof body !== "function") {
      throw new TypeError(`Coroutine expects a function, got ${describe(body)}`);
    }
    this.body = body;
    this.args = args;
    this._coroutineObserver?.created(this);
  }

  /** The name of the coroutine function, as Python's `__qualname__`. */
  get name(): string {
    return this.body.name || "<anonymous>";
  }

  /** Whether the coroutine has been started (awaited or run by a Task). */
  started(): boolean {
    return this.state === STARTED;
  }

  /** Marks a coroutine that never started as closed: it can no longer run. */
  close(): void {
    if (this.state === CREATED) {
      this.state = CLOSED;
      this._coroutineObserver?.consumed(this);
    }
  }

  /**
   * Marks the coroutine started; a coroutine runs at most once, as Python raises on a second
   * await (or on awaiting a closed one). Returns the error to raise instead, if any.
   * @internal
   */
  protected _claim(): RuntimeError | null {
    if (this.state === CREATED) {
      this.state = STARTED;
      this._coroutineObserver?.consumed(this);
      return null;
    }
    // Python says the same for a coroutine that ran and for one that was closed unstarted.
    return new RuntimeError("cannot reuse already awaited coroutine");
  }

  /** Starts the body and returns the Promise of its outcome. @internal */
  _start(): Promise<T> {
    const refused = this._claim();
    if (refused !== null) return Promise.reject(refused);
    const args = this.args;
    this.args = NO_ARGS;
    try {
      return Promise.resolve((this.body as (...args: unknown[]) => T | PromiseLike<T>)(...args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Awaiting a coroutine runs it inline, in the awaiting task, as Python's `await coro`. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Derived<R1 | R2> {
    return this._start().then(onFulfilled, onRejected);
  }

  toString(): string {
    return `<coroutine ${this.name}>`;
  }
}
Object.defineProperty(Coroutine.prototype, coroutineBrand, { value: true });
observeCoroutinesThrough(Coroutine.prototype);

/**
 * Makes a coroutine function: its calls return lazy `Coroutine` objects.
 *
 * @example
 * ```ts
 * const greet = coroutine(async (name: string) => `hello ${name}`);
 * const coro = greet("ada"); // nothing has run yet
 * console.log(await coro);   // "hello ada"
 * ```
 */
export function coroutine<A extends unknown[], T>(
  fn: (...args: A) => T | PromiseLike<T>,
): (...args: A) => Coroutine<Awaited<T>> {
  if (typeof fn !== "function") {
    throw new TypeError(`coroutine() expects a function, got ${describe(fn)}`);
  }
  const make = (...args: A): Coroutine<Awaited<T>> =>
    new Coroutine(
      fn as unknown as (...args: never[]) => Awaited<T> | PromiseLike<Awaited<T>>,
      args,
    );
  Object.defineProperty(make, "name", { value: fn.name });
  return make;
}

/** True for a `Coroutine` object (from any copy of this package). */
export function isCoroutine(value: unknown): value is Coroutine<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[coroutineBrand] === true
  );
}

/**
 * What a Task can run: a lazy coroutine, a zero-argument function returning a Promise (called when
 * the task starts), or a Promise that already started (it can't be interrupted at its own awaits).
 */
export type CoroutineLike<T> = Coroutine<T> | (() => T | PromiseLike<T>) | PromiseLike<T>;
