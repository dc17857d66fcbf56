/**
 * The loop of the Task tests: the contract loop of `@asyncio/futures`' tests (reused, not copied:
 * tasks need nothing more from a loop than the contract) with what a test writes with a loop in
 * hand — `createTask`, `runUntilComplete` of a coroutine — and `withTaskLoop`, which runs a test
 * body as the main task and fails on leftovers, as `withTestLoop` of `@asyncio/core/testing` does
 * for the full loop.
 */
import { type ExceptionContext, type Future, RuntimeError } from "@asyncio/futures";
import {
  allTasks,
  type CoroutineLike,
  coroutine,
  ensureFuture,
  Task,
  type TaskOptions,
} from "@asyncio/tasks";
import type { TaskFactoryLoop } from "@asyncio/tasks/contract";
import { ContractLoop } from "../../../futures/test/support/contract-loop.js";
import { freshLoops } from "../../../futures/test/support/helpers.js";

export {
  rejection,
  runOnce,
  thrown,
  unhandledRejectionsDuring,
} from "../../../futures/test/support/helpers.js";

export class TaskLoop extends ContractLoop implements TaskFactoryLoop {
  /** A Task on this loop (the contract loop has no task factory). */
  createTask<T>(coro: CoroutineLike<T>, options?: Omit<TaskOptions, "loop">): Task<T> {
    return new Task(coro, { ...options, loop: this });
  }

  /** Runs the loop until `awaitable` is done (a coroutine is wrapped in a Task first). */
  override runUntilComplete<T>(awaitable: Future<T> | CoroutineLike<T>): Promise<T> {
    return super.runUntilComplete(ensureFuture(awaitable, { loop: this }));
  }
}

/** A maker of fresh task loops for the calling test file, closed after each test. */
export function freshTaskLoops(): () => TaskLoop {
  return freshLoops(() => new TaskLoop());
}

/**
 * CPython's `test_utils.run_briefly(loop)`: runs a no-op task to completion, which lets whatever
 * is ready now (and what it schedules for the next iteration) run.
 */
export async function runBriefly(loop: TaskLoop): Promise<void> {
  await loop.runUntilComplete(coroutine(async function once() {})());
}

export interface TaskTestLoop {
  loop: TaskLoop;
  /** What reached the loop's exception handler so far. */
  reported: ExceptionContext[];
}

/**
 * Runs `body` as the main task of a fresh task loop, then checks that no task is left pending and
 * nothing was reported to the exception handler (unless `allowReports`), and closes the loop.
 */
export async function withTaskLoop<T>(
  body: (testLoop: TaskTestLoop) => T | PromiseLike<T>,
  options: { allowReports?: boolean } = {},
): Promise<T> {
  const loop = new TaskLoop();
  const reported = loop.reported;
  try {
    // Call `body` only once the main task starts, so that an `async` body runs inside it.
    const result = await loop.runUntilComplete(() => body({ loop, reported }));
    const leftover = [...allTasks(loop)];
    if (leftover.length > 0) {
      for (const task of leftover) task.cancel();
      await loop.runUntilComplete(async () => {
        for (const task of leftover) await task.then(undefined, () => undefined);
      });
      throw new RuntimeError(
        `test left ${leftover.length} task(s) pending: ${leftover.map(String).join(", ")}`,
      );
    }
    if (!options.allowReports && reported.length > 0) {
      const first = reported[0] as ExceptionContext;
      throw new RuntimeError(
        `unexpected report to the exception handler: ${String(first.message)}`,
        {
          cause: first.exception,
        },
      );
    }
    return result;
  } finally {
    if (!loop.isRunning()) loop.close();
  }
}
