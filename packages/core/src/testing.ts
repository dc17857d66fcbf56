/**
 * Test support: run a coroutine on a fresh loop with virtual time, and fail when it leaves tasks
 * pending or reports errors nobody expected; step the loop by hand; run executor calls inline.
 * Imported as `@asyncio/core/testing`.
 */
import { type ExceptionContext, RuntimeError } from "@asyncio/futures";
import { allTasks, type Task } from "@asyncio/tasks";
import { VirtualClock } from "./clock.js";
import { EventLoop } from "./event-loop.js";
import { blockedOn } from "./testing/blocked-on.js";

export { blockedOn } from "./testing/blocked-on.js";
export { InlineExecutor } from "./testing/inline-executor.js";
export { runReady, waitUntilIdle } from "./testing/wait-until-idle.js";

/**
 * What `withTestLoop` gives its body: the fresh loop, its clock, and the contexts reported to
 * its exception handler.
 */
export interface TestLoop {
  /** The loop the body runs on. */
  loop: EventLoop;
  /** The loop's virtual clock; with `realTime`, a virtual clock the loop doesn't use. */
  clock: VirtualClock;
  /** What reached the loop's exception handler so far. */
  reported: ExceptionContext[];
}

/** The options of `withTestLoop`. */
export interface WithTestLoopOptions {
  /** Use real time instead of a `VirtualClock`. */
  realTime?: boolean;
  /** Accept contexts that reach the exception handler instead of failing on them. */
  allowReports?: boolean;
  /** The `VirtualClock`'s `autojumpThreshold`, in real seconds (default 0). */
  autojumpThreshold?: number;
}

/** `<Task pending name='worker' ...> waiting on <Future pending ...>`, for the leftover report. */
export function describeLeftover(task: Task<unknown>): string {
  const waiter = blockedOn(task);
  return waiter === null ? String(task) : `${String(task)} waiting on ${String(waiter)}`;
}

/**
 * Runs `body(testLoop)` as the main task of a fresh loop (virtual time unless `realTime`), then
 * checks that no task is left pending and nothing was reported to the exception handler, and
 * closes the loop.
 *
 * @example
 * ```ts
 * await withTestLoop(async ({ loop }) => {
 *   await sleep(60); // instant
 *   expect(loop.time()).toBe(60);
 * });
 * ```
 */
export async function withTestLoop<T>(
  body: (testLoop: TestLoop) => T | PromiseLike<T>,
  options: WithTestLoopOptions = {},
): Promise<T> {
  const clock = new VirtualClock(
    options.autojumpThreshold === undefined ? {} : { autojumpThreshold: options.autojumpThreshold },
  );
  const loop = options.realTime ? new EventLoop() : new EventLoop({ clock });
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    reported.push(context);
  });
  try {
    // Call `body` only once the main task starts, so that an `async` body runs inside it.
    const result = await loop.runUntilComplete(() => body({ loop, clock, reported }));
    const leftover = [...allTasks(loop)];
    if (leftover.length > 0) {
      const described = leftover.map(describeLeftover);
      for (const task of leftover) task.cancel();
      await loop.runUntilComplete(async () => {
        for (const task of leftover) await task.then(undefined, () => undefined);
      });
      throw new RuntimeError(
        `test left ${leftover.length} task(s) pending: ${described.join(", ")}`,
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
