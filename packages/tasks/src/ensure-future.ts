/** `createTask` and `ensureFuture`: turning something awaitable into a scheduled Future. */
import {
  type EventLoopContract,
  type Future,
  getRunningLoop,
  isFuture,
  ValueError,
} from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import type { CoroutineLike } from "./coroutine.js";
import { isCoroutine } from "./coroutine.js";
import { isThenable } from "./internal/start-body.js";
import { Task, type TaskOptions } from "./task.js";

/** A loop that makes tasks itself (through its task factory), as `@asyncio/core`'s does. */
export interface TaskFactoryLoop extends EventLoopContract {
  createTask<T>(coro: CoroutineLike<T>, options?: Omit<TaskOptions, "loop">): Task<T>;
}

function hasCreateTask(loop: EventLoopContract): loop is TaskFactoryLoop {
  return typeof (loop as Partial<TaskFactoryLoop>).createTask === "function";
}

/**
 * Wraps a coroutine in a Task scheduled on the running loop (through its task factory).
 *
 * @example
 * ```ts
 * const task = createTask(sleep(1, "late"), { name: "sleeper" });
 * console.log(await task); // "late"
 * ```
 */
export function createTask<T>(
  coro: CoroutineLike<T>,
  options?: Omit<TaskOptions, "loop">,
): Task<T> {
  return createTaskOn(getRunningLoop(), coro, options);
}

/** `createTask` on a given loop. @contract */
export function createTaskOn<T>(
  loop: EventLoopContract,
  coro: CoroutineLike<T>,
  options?: Omit<TaskOptions, "loop">,
): Task<T> {
  if (hasCreateTask(loop)) return loop.createTask(coro, options);
  return new Task(coro, { ...options, loop });
}

/**
 * Returns a Future for `awaitable`: a Future or Task itself, anything else wrapped in a Task.
 */
export function ensureFuture<T>(
  awaitable: Future<T> | CoroutineLike<T>,
  options?: { loop?: EventLoopContract },
): Future<T> {
  if (isFuture(awaitable)) {
    if (options?.loop !== undefined && awaitable.getLoop() !== options.loop) {
      throw new ValueError(
        "The future belongs to a different loop than the one specified as the loop argument",
      );
    }
    return awaitable as Future<T>;
  }
  if (!isCoroutine(awaitable) && typeof awaitable !== "function" && !isThenable(awaitable)) {
    throw new TypeError(
      `An asyncio.Future, a coroutine or an awaitable is required, got ${describe(awaitable)}`,
    );
  }
  return createTaskOn(options?.loop ?? getRunningLoop(), awaitable as CoroutineLike<T>);
}
