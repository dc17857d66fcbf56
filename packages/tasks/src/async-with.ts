/**
 * The asynchronous context manager protocol of this library — Python's `async with` — and
 * `asyncWith(cm, body)` that runs a body inside one. JavaScript's `await using` calls its
 * disposer without telling it whether (or with what) the block failed, and a disposer can't
 * swallow or replace that error; `Timeout` and `TaskGroup` need both, so they implement this
 * protocol instead.
 */
import { describe } from "@asyncio/futures/contract";
import { Coroutine } from "./coroutine.js";
import { callAtBoundary } from "./internal/boundary.js";

/**
 * Something `asyncWith` can enter: Python's `__aenter__`/`__aexit__` under JavaScript names.
 * `asyncExit()` is called with no argument when the body finished normally and with the thrown
 * value when it threw; resolving to `true` swallows that error, and throwing replaces it.
 */
export interface AsyncContextManager<T> {
  asyncEnter(): PromiseLike<T>;
  asyncExit(...error: [] | [error: unknown]): PromiseLike<boolean | undefined | void>;
}

/** True for an object with `asyncEnter` and `asyncExit` methods. */
export function isAsyncContextManager(value: unknown): value is AsyncContextManager<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<AsyncContextManager<unknown>>).asyncEnter === "function" &&
    typeof (value as Partial<AsyncContextManager<unknown>>).asyncExit === "function"
  );
}

/**
 * Runs `body(value)` inside `cm`, like Python's `async with cm as value: body`: enter, run the
 * body, then exit with the body's error (if any), which the exit may swallow (the result is then
 * `undefined`) or replace. An object with only `Symbol.asyncDispose` is entered as itself and
 * disposed after the body, as `await using` would. Lazy: nothing happens until it is awaited.
 *
 * @example
 * ```ts
 * const value = await asyncWith(timeout(5), async (t) => {
 *   const page = await download(url);
 *   return page.length;
 * });
 * ```
 */
export function asyncWith<T, R>(
  cm: AsyncContextManager<T>,
  body: (value: T) => R | PromiseLike<R>,
): Coroutine<Awaited<R> | undefined>;
export function asyncWith<D extends AsyncDisposable, R>(
  cm: D,
  body: (value: D) => R | PromiseLike<R>,
): Coroutine<Awaited<R>>;
export function asyncWith(cm: unknown, body: (value: unknown) => unknown): Coroutine<unknown> {
  if (typeof body !== "function") {
    throw new TypeError(`asyncWith() body must be a function, got ${describe(body)}`);
  }
  if (isAsyncContextManager(cm)) return new Coroutine(runWith, [cm, body]);
  if (
    typeof cm === "object" &&
    cm !== null &&
    typeof (cm as Partial<AsyncDisposable>)[Symbol.asyncDispose] === "function"
  ) {
    return new Coroutine(runUsing, [cm, body]);
  }
  throw new TypeError(
    `asyncWith() expects an asynchronous context manager (asyncEnter/asyncExit or Symbol.asyncDispose), got ${describe(cm)}`,
  );
}

/** The body of `asyncWith` for an `AsyncContextManager`. @internal */
export async function runWith<T, R>(
  cm: AsyncContextManager<T>,
  body: (value: T) => R | PromiseLike<R>,
): Promise<Awaited<R> | undefined> {
  const value = await cm.asyncEnter();
  let result: Awaited<R>;
  try {
    // Behind a boundary: a cancellation reaches the exit on time even if the body is blocked on
    // a Promise nobody can interrupt (the body then runs on detached).
    result = await callAtBoundary(body, value);
  } catch (error) {
    // The exit decides: it sees the error (cancellation included) and swallows or re-raises it.
    if ((await cm.asyncExit(error)) === true) return undefined;
    throw error;
  }
  await cm.asyncExit();
  return result;
}

async function runUsing<D extends AsyncDisposable, R>(
  cm: D,
  body: (value: D) => R | PromiseLike<R>,
): Promise<Awaited<R>> {
  let result: Awaited<R>;
  try {
    result = await callAtBoundary(body, cm);
  } catch (error) {
    // A failing disposer replaces the body's error, as a failing `__aexit__` does in Python.
    await cm[Symbol.asyncDispose]();
    throw error;
  }
  await cm[Symbol.asyncDispose]();
  return result;
}
