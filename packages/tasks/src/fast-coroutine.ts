/**
 * A lazy coroutine for an operation that often completes without waiting (a free lock, a queue
 * with room) or whose whole body is one await (a sleep). Awaiting it tries the operation
 * synchronously and settles the `await` at once, with no async function and no Promise of its
 * own; only when it must wait does it wait, subscribing the awaiter directly where it can.
 * Semantics are those of an `async def` that returns before its first suspension: no loop
 * iteration passes and no cancellation is delivered.
 */
import type { Derived } from "@asyncio/futures";
import { isAwaitResolvers } from "@asyncio/futures/contract";
import { Coroutine } from "./coroutine.js";

/** What `attempt()` returns when the operation has to wait. */
export const MUST_WAIT: unique symbol = Symbol("must wait");

/** The fulfillment callback `then()` takes, as `PromiseLike.then` declares it. */
export type OnFulfilled<T, R> = ((value: T) => R | PromiseLike<R>) | null | undefined;
/** The rejection callback `then()` takes, as `PromiseLike.then` declares it. */
export type OnRejected<R> = ((reason: unknown) => R | PromiseLike<R>) | null | undefined;

const NO_ARGS: readonly unknown[] = [];

/**
 * The base of coroutines whose operation can often finish without waiting (a free lock, a queue
 * with room, a sleep): awaiting one tries it synchronously, and only waits when it must. A
 * subclass overrides `attempt()` and `wait()` (or `waitThen()`).
 */
export class FastCoroutine<T> extends Coroutine<T> {
  constructor() {
    super(unreachable, NO_ARGS);
  }

  /** The operation's name, as a task shows what it runs (`coro=<sleep>`); subclasses name theirs. */
  override get name(): string {
    return "coroutine";
  }

  /** Does the operation now, or returns `MUST_WAIT`; may throw. By default it always waits. */
  protected attempt(): T | typeof MUST_WAIT {
    return MUST_WAIT;
  }

  /** Does the operation, waiting as long as needed. Override this or `waitThen`. */
  protected wait(): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waitThen(resolve, reject);
    });
  }

  /**
   * `wait().then(onFulfilled, onRejected)`; an operation may subscribe the callbacks to its
   * waiter Future directly instead, saving the async function's Promises.
   */
  protected waitThen<R1, R2>(
    onFulfilled: OnFulfilled<T, R1>,
    onRejected: OnRejected<R2>,
  ): Derived<R1 | R2> {
    return this.wait().then(onFulfilled, onRejected);
  }

  /** @internal */
  override _start(): Promise<T> {
    const refused = this._claim();
    if (refused !== null) return Promise.reject(refused);
    let value: T | typeof MUST_WAIT;
    try {
      value = this.attempt();
    } catch (error) {
      return Promise.reject(error);
    }
    return value === MUST_WAIT ? this.wait() : Promise.resolve(value);
  }

  override then<R1 = T, R2 = never>(
    onFulfilled?: OnFulfilled<T, R1>,
    onRejected?: OnRejected<R2>,
  ): Derived<R1 | R2> {
    if (!isAwaitResolvers(onFulfilled, onRejected)) {
      // A program's own callbacks: Promise semantics (later, in the caller's frame).
      return this._start().then(onFulfilled, onRejected);
    }
    const refused = this._claim();
    if (refused !== null) return rejectNow(refused, onRejected);
    let value: T | typeof MUST_WAIT;
    try {
      value = this.attempt();
    } catch (error) {
      return rejectNow(error, onRejected);
    }
    if (value === MUST_WAIT) return this.waitThen(onFulfilled, onRejected);
    if (typeof onFulfilled !== "function") return new Settled<R1 | R2>(true, value);
    try {
      return new Settled<R1 | R2>(true, onFulfilled(value));
    } catch (error) {
      return new Settled<R1 | R2>(false, error);
    }
  }
}

function unreachable(): never {
  throw new Error("unreachable: a FastCoroutine runs through its own then()");
}

function rejectNow<R>(error: unknown, onRejected: OnRejected<R>): Derived<never> {
  if (typeof onRejected !== "function") return new Settled<never>(false, error);
  try {
    return new Settled<never>(true, onRejected(error));
  } catch (thrown) {
    return new Settled<never>(false, thrown);
  }
}

/**
 * What `then()` returns after settling the awaiter synchronously. `await` ignores it, so the
 * Promise behind it is made only if someone chains on it (and an unobserved rejection can't
 * become an unhandled one).
 */
class Settled<T> implements Derived<T> {
  private promise: Promise<T> | null = null;

  constructor(
    private readonly ok: boolean,
    private readonly value: unknown,
  ) {}

  private settled(): Promise<T> {
    if (this.promise === null) {
      this.promise = this.ok
        ? Promise.resolve(this.value as T | PromiseLike<T>)
        : Promise.reject(this.value);
    }
    return this.promise;
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.settled().then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.settled().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.settled().finally(onFinally);
  }
}
