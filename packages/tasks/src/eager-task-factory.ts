/**
 * Eager tasks (Python 3.12): a task factory whose tasks run their first step synchronously inside
 * `createTask`, so a coroutine that finishes without blocking never waits for a loop iteration.
 */
import type { EventLoopContract } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import type { CoroutineLike } from "./coroutine.js";
import { Task, type TaskOptions } from "./task.js";

/** A Task class (`Task` or a subclass of it): what `createEagerTaskFactory` makes tasks with. */
export interface TaskConstructor {
  new <T>(coro: CoroutineLike<T>, options?: TaskOptions): Task<T>;
}

/** A loop's task factory that starts each task at once (`loop.setTaskFactory`). */
export type EagerTaskFactory = <T>(
  loop: EventLoopContract,
  coro: CoroutineLike<T>,
  options?: Omit<TaskOptions, "loop" | "eagerStart">,
) => Task<T>;

/**
 * A task factory that makes eager tasks with `TaskClass` (a Task subclass).
 *
 * @example
 * ```ts
 * getRunningLoop().setTaskFactory(createEagerTaskFactory(Task));
 * ```
 */
export function createEagerTaskFactory(TaskClass: TaskConstructor): EagerTaskFactory {
  if (typeof TaskClass !== "function") {
    throw new TypeError(
      `createEagerTaskFactory() expects a Task class, got ${describe(TaskClass)}`,
    );
  }
  return (loop, coro, options) => new TaskClass(coro, { ...options, loop, eagerStart: true });
}

/** The eager task factory for plain Tasks: `loop.setTaskFactory(eagerTaskFactory)`. */
export const eagerTaskFactory: EagerTaskFactory = createEagerTaskFactory(Task);
