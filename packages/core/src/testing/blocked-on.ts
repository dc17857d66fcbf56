/**
 * What a task is blocked on, for assertions in tests ("this task waits on that Future") and for
 * the report of tasks a test left pending.
 */
import type { Future } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { isTask, type Task } from "@asyncio/tasks";

/**
 * The Future `task` is blocked on (Python's `task._fut_waiter`), or `null` when it is not
 * blocked on one: not started yet, ready to run, done, or waiting on a foreign Promise.
 *
 * @example
 * ```ts
 * const waiter = loop.createFuture<number>();
 * const task = createTask(coroutine(async () => await waiter)());
 * await waitUntilIdle();
 * expect(blockedOn(task)).toBe(waiter);
 * ```
 */
export function blockedOn(task: Task<unknown>): Future<unknown> | null {
  if (!isTask(task)) throw new TypeError(`blockedOn() task must be a Task, got ${describe(task)}`);
  return task.done() ? null : task._futWaiter;
}
