import { type EventLoopContract, isFuture } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { type CoroutineLike, isCoroutine } from "../coroutine.js";
import { futureFromPromise } from "./future-from-promise.js";

/**
 * Starts what a Task runs and returns something to await for its outcome. A Promise that started
 * elsewhere is awaited through a Future, so that cancelling the task stops the wait at once (the
 * Promise itself runs on, and its outcome is dropped).
 */
export function startBody<T>(coro: CoroutineLike<T>, loop: EventLoopContract): PromiseLike<T> {
  if (isCoroutine(coro)) return coro._start() as PromiseLike<T>;
  if (typeof coro === "function") {
    const value = (coro as () => T | PromiseLike<T>)();
    return isThenable(value) ? (value as PromiseLike<T>) : Promise.resolve(value);
  }
  return futureFromPromise(coro, loop);
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Validates what `createTask`/`new Task` accept; a `TypeError` naming the value otherwise. */
export function checkCoroutineLike(coro: unknown, where: string): void {
  if (isCoroutine(coro) || typeof coro === "function" || (isThenable(coro) && !isFuture(coro)))
    return;
  throw new TypeError(`${where}: a coroutine was expected, got ${describe(coro)}`);
}
