/**
 * What `toThread` hands to the loop's default executor: its function bound to a copy of the
 * caller's context, as CPython's `to_thread` submits `functools.partial(ctx.run, func)`. An
 * executor that runs functions in-process just calls it, and the function runs in that context.
 * A `ThreadPoolExecutor` recognises it: it sends the function itself to a worker along with the
 * context's values, and names the arguments in errors as `toThread()`'s.
 */
import type { Context } from "@asyncio/futures";
import { isWorkerFunction } from "../worker-function.js";

const TO_THREAD_CALL = Symbol("@asyncio/to-thread:call");

/** What a bound call carries. */
export interface ToThreadCall {
  /** The function given to `toThread`: a plain function or a `WorkerFunction`. */
  readonly fn: unknown;
  /** The copy of the caller's context the call runs in. */
  readonly context: Context;
}

type Bound = ((...args: unknown[]) => unknown) & { readonly [TO_THREAD_CALL]: ToThreadCall };

/** `fn` bound to `context`, callable in-process and recognisable by the pool. */
export function bindToThreadCall(fn: unknown, context: Context): (...args: unknown[]) => unknown {
  const bound = (...args: unknown[]): unknown => {
    if (isWorkerFunction(fn)) {
      throw new TypeError(
        `${fn} can only run in a ThreadPoolExecutor: the loop's default executor is another kind of executor`,
      );
    }
    return context.run(fn as (...a: unknown[]) => unknown, ...args);
  };
  Object.defineProperty(bound, TO_THREAD_CALL, { value: { fn, context } });
  // The call carries the function's name, for whoever names it (virtual time's `heldBy()`).
  const name = (fn as { name?: unknown }).name;
  if (typeof name === "string") Object.defineProperty(bound, "name", { value: name });
  return bound;
}

/** The call `value` carries if it was made by `bindToThreadCall`, else null. */
export function toThreadCallOf(value: unknown): ToThreadCall | null {
  return typeof value === "function" && Object.hasOwn(value, TO_THREAD_CALL)
    ? (value as Bound)[TO_THREAD_CALL]
    : null;
}
