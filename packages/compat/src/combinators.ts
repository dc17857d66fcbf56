/**
 * Python's spellings of the combinators and of `async with`: keyword arguments become trailing
 * options objects with Python's names, adapted to the idiomatic options of `@asyncio/tasks`.
 */
import type { Future } from "@asyncio/futures";
import {
  type AsyncContextManager,
  type AwaitableLike,
  asyncWith,
  type Coroutine,
  type GatheringFuture,
  type GatherResults,
  type GatherResultsOrErrors,
  gatherFrom,
  type ReturnWhen,
  wait as waitIdiomatic,
} from "@asyncio/tasks";

/** Python's keyword arguments of `gather`. */
export interface PythonGatherOptions {
  return_exceptions?: boolean;
}

function isOptions(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  if (typeof (value as { then?: unknown }).then === "function") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `asyncio.gather(*aws, return_exceptions=False)`: `gather(a, b, { return_exceptions: true })`.
 *
 * @example
 * ```ts
 * const [a, b] = await asyncio.gather(fetch_a(), fetch_b(), { return_exceptions: true });
 * ```
 */
export function gather(): GatheringFuture<[]>;
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...aws: A
): GatheringFuture<GatherResults<A>>;
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...args: [...aws: A, options: PythonGatherOptions & { return_exceptions: true }]
): GatheringFuture<GatherResultsOrErrors<A>>;
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...args: [...aws: A, options: PythonGatherOptions]
): GatheringFuture<GatherResults<A> | GatherResultsOrErrors<A>>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  const options = args.length > 0 && isOptions(args[args.length - 1]) ? args.pop() : undefined;
  // The awaitables are passed on as the array they already are: spreading them again would fail
  // for a very large gather.
  return gatherFrom(args as AwaitableLike<unknown>[], toIdiomatic(options));
}

/**
 * `gather` over an iterable, for more awaitables than JavaScript can spread into arguments:
 * Python's `gather(*aws)` with a million `aws` is `asyncio.gather_from(aws)`.
 *
 * @example
 * ```ts
 * const results = await asyncio.gather_from(tasks, { return_exceptions: true });
 * ```
 */
export function gather_from<T>(
  aws: Iterable<AwaitableLike<T>>,
  options?: PythonGatherOptions,
): GatheringFuture<(T | Error)[]> {
  return gatherFrom(aws, toIdiomatic(options));
}

function toIdiomatic(options: unknown): Record<string, unknown> | undefined {
  if (options === undefined) return undefined;
  if (!isOptions(options)) return options as Record<string, unknown>;
  const { return_exceptions, ...rest } = options;
  const idiomatic: Record<string, unknown> = { ...rest };
  if (return_exceptions !== undefined) idiomatic.returnExceptions = return_exceptions;
  return idiomatic;
}

/** Python's keyword arguments of `wait`. */
export interface PythonWaitOptions {
  timeout?: number | null;
  return_when?: ReturnWhen;
}

/**
 * `asyncio.wait(aws, timeout=None, return_when=ALL_COMPLETED)`: resolves to `[done, pending]`.
 *
 * @example
 * ```ts
 * const [done, pending] = await asyncio.wait(tasks, { return_when: asyncio.FIRST_COMPLETED });
 * ```
 */
export function wait<F extends Future<unknown>>(
  fs: Iterable<F>,
  options?: PythonWaitOptions,
): Coroutine<[done: Set<F>, pending: Set<F>]> {
  if (options === undefined) return waitIdiomatic(fs);
  const { return_when, ...rest } = options;
  return waitIdiomatic(fs, return_when === undefined ? rest : { ...rest, returnWhen: return_when });
}

/** Python's asynchronous context manager protocol, as `async_with` calls it. */
export interface PythonAsyncContextManager<T> {
  __aenter__(): PromiseLike<T>;
  /** Called with no argument when the body finished, with the thrown value when it threw. */
  __aexit__(...error: [] | [error: unknown]): PromiseLike<boolean | undefined | void>;
}

function isPythonContextManager(value: unknown): value is PythonAsyncContextManager<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<PythonAsyncContextManager<unknown>>).__aenter__ === "function" &&
    typeof (value as Partial<PythonAsyncContextManager<unknown>>).__aexit__ === "function"
  );
}

/**
 * `async with cm as x: body` is `await asyncio.async_with(cm, async (x) => body)`: calls
 * `__aenter__()`, runs the body, then `__aexit__(error)` with the body's error (or no argument),
 * which may swallow it by resolving to `true`, or replace it by throwing. Also takes the
 * library's own managers (`asyncEnter`/`asyncExit`) and objects with only `Symbol.asyncDispose`.
 *
 * @example
 * ```ts
 * await asyncio.async_with(asyncio.timeout(5), async (cm) => {
 *   await asyncio.sleep(1);
 * });
 * ```
 */
export function async_with<T, R>(
  cm: PythonAsyncContextManager<T> | AsyncContextManager<T>,
  body: (value: T) => R | PromiseLike<R>,
): Coroutine<Awaited<R> | undefined>;
export function async_with<D extends AsyncDisposable, R>(
  cm: D,
  body: (value: D) => R | PromiseLike<R>,
): Coroutine<Awaited<R>>;
export function async_with(cm: unknown, body: (value: unknown) => unknown): Coroutine<unknown> {
  if (isPythonContextManager(cm)) {
    const adapted: AsyncContextManager<unknown> = {
      asyncEnter: () => cm.__aenter__(),
      asyncExit: (...error: [] | [unknown]) => cm.__aexit__(...error),
    };
    return asyncWith(adapted, body);
  }
  return asyncWith(cm as AsyncContextManager<unknown>, body);
}
