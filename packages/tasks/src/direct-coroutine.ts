/**
 * A lazy coroutine whose whole body is one await of something made when it is awaited (a
 * Future, a one-iteration yield). It subscribes the awaiter directly, with no async function and
 * no extra Promise in between — the hot paths (`sleep`, lock and queue waits) are built on it.
 */
import type { Derived } from "@asyncio/futures";
import { Coroutine } from "./coroutine.js";

function noBody(): never {
  throw new Error("unreachable: a DirectCoroutine resumes through its own then()");
}

export abstract class DirectCoroutine<T> extends Coroutine<T> {
  constructor() {
    super(noBody);
  }

  /** Subscribes `onFulfilled`/`onRejected` to the outcome; called once, when first awaited. */
  protected abstract subscribe<R1, R2>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Derived<R1 | R2>;

  /** @internal */
  override _start(): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.then(resolve, reject);
    });
  }

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Derived<R1 | R2> {
    const refused = this._claim();
    if (refused !== null) return Promise.reject(refused).then(onFulfilled, onRejected);
    return this.subscribe(onFulfilled, onRejected);
  }
}
