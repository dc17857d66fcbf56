import { describe, isFuture } from "@asyncio/futures";
import { type CoroutineLike, isCoroutine } from "../coroutine.js";

/** Starts what a Task runs and returns the Promise of its outcome. */
export function startBody<T>(coro: CoroutineLike<T>): PromiseLike<T> {
  if (isCoroutine(coro)) return coro._start() as PromiseLike<T>;
  if (typeof coro === "function") {
    const value = (coro as () => T | PromiseLike<T>)();
    return isThenable(value) ? (value as PromiseLike<T>) : Promise.resolve(value);
  }
  return coro;
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
