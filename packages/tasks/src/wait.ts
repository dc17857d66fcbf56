/**
 * `wait(futures, { timeout, returnWhen })`: wait until some or all of a set of Futures are done,
 * and get back which are done and which are still pending. Nothing is cancelled: not on timeout,
 * not when the wait itself is cancelled.
 */
import { type Future, getRunningLoop, isFuture, ValueError } from "@asyncio/futures";
import { describe, type TimerHandleContract } from "@asyncio/futures/contract";
import { Coroutine, isCoroutine } from "./coroutine.js";
import { WaiterFuture } from "./graph/await-description.js";
import { releaseWaiter } from "./internal/awaitables.js";
import { checkTimeout } from "./internal/check-timeout.js";

/** `wait()` returns as soon as any Future finishes or is cancelled. */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/** `wait()` returns when any Future fails (or when all are done, if none fails). */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/** `wait()` returns when all Futures are done. */
export const ALL_COMPLETED = "ALL_COMPLETED";

/** When `wait()` returns. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options of `wait`. */
export interface WaitOptions {
  /** Seconds to wait at most (`null`/absent: no limit). A timeout returns, it doesn't raise. */
  timeout?: number | null;
  /** `ALL_COMPLETED` (the default), `FIRST_COMPLETED` or `FIRST_EXCEPTION`. */
  returnWhen?: ReturnWhen;
}

/**
 * Waits for the Futures (or Tasks) in `futures`, then resolves to `[done, pending]`, two Sets.
 * Lazy, like Python's coroutine: the arguments are checked when it is awaited (coroutines are
 * refused: wrap them with `createTask` so that you keep a handle on them).
 *
 * @example
 * ```ts
 * const [done, pending] = await wait([fast, slow], { returnWhen: FIRST_COMPLETED });
 * for (const task of pending) task.cancel();
 * ```
 */
export function wait<F extends Future<unknown>>(
  futures: Iterable<F>,
  options?: WaitOptions,
): Coroutine<[done: Set<F>, pending: Set<F>]> {
  return new Coroutine(waitBody, [futures, options]) as Coroutine<[Set<F>, Set<F>]>;
}

async function waitBody<F extends Future<unknown>>(
  futures: Iterable<F>,
  options: WaitOptions | undefined,
): Promise<[Set<F>, Set<F>]> {
  if (isFuture(futures) || isCoroutine(futures)) {
    throw new TypeError(`wait() expects an iterable of Futures, not ${describe(futures)}`);
  }
  if (
    futures === null ||
    typeof futures !== "object" ||
    typeof (futures as Partial<Iterable<F>>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(`wait() expects an iterable of Futures, got ${describe(futures)}`);
  }
  const timeout = checkTimeout(options?.timeout, "wait()");
  const returnWhen = options?.returnWhen ?? ALL_COMPLETED;
  const set = new Set(futures);
  if (set.size === 0) throw new ValueError("Set of Tasks/Futures is empty.");
  if (
    returnWhen !== FIRST_COMPLETED &&
    returnWhen !== FIRST_EXCEPTION &&
    returnWhen !== ALL_COMPLETED
  ) {
    throw new ValueError(`Invalid return_when value: ${String(returnWhen)}`);
  }
  for (const each of set) {
    if (isCoroutine(each)) {
      throw new TypeError("Passing coroutines is forbidden, use tasks explicitly.");
    }
    if (!isFuture(each)) {
      throw new TypeError(`wait() expects Futures or Tasks, got ${describe(each)}`);
    }
  }
  const loop = getRunningLoop();
  const waiter = new WaiterFuture<undefined>(loop, "wait", null, set);
  let timer: TimerHandleContract | null = null;
  if (timeout !== null) timer = loop.callLater(timeout, releaseWaiter, waiter);
  let remaining = set.size;
  const onDone = (future: Future<unknown>): void => {
    remaining--;
    if (
      remaining <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !future.cancelled() && future.exception() !== null)
    ) {
      timer?.cancel();
      releaseWaiter(waiter);
    }
  };
  for (const each of set) each.addDoneCallback(onDone);
  try {
    await waiter;
  } finally {
    timer?.cancel();
    for (const each of set) each.removeDoneCallback(onDone);
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const each of set) (each.done() ? done : pending).add(each);
  return [done, pending];
}
