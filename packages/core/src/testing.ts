/**
 * Test support: run a coroutine on a fresh loop with virtual time, and fail when it leaves tasks
 * pending or reports errors nobody expected. Imported as `@asyncio/core/testing`.
 */
import { type ExceptionContext, RuntimeError } from "@asyncio/futures";
import { allTasks } from "@asyncio/tasks";
import { VirtualClock } from "./clock.js";
import { EventLoop } from "./event-loop.js";

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
  const clock = new VirtualClock();
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
