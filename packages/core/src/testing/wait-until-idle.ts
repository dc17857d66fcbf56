/**
 * Stepping the loop by hand in tests: `waitUntilIdle()` from inside the loop (trio's
 * `wait_all_tasks_blocked`), `runReady(loop)` from outside it (CPython's `test_utils.run_once`).
 * Neither moves time: with a `VirtualClock`, timers wait for `clock.advance()` or a jump.
 */
import { getRunningLoop, RuntimeError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { Coroutine, sleep } from "@asyncio/tasks";
import { EventLoop } from "../event-loop.js";

/**
 * Lets every other task and callback run until nothing is ready: each task is then blocked on a
 * Future, a timer or I/O. Awaited inside a task of the loop. Time doesn't move meanwhile.
 *
 * @example
 * ```ts
 * const task = createTask(lock.acquire());
 * await waitUntilIdle();
 * expect(lock.locked()).toBe(true);
 * ```
 */
export function waitUntilIdle(): Coroutine<void> {
  const loop = getRunningLoop();
  if (!(loop instanceof EventLoop)) {
    throw new TypeError(
      `waitUntilIdle() needs an EventLoop of @asyncio/core, got ${describe(loop)}`,
    );
  }
  return new Coroutine(async () => {
    // Resumed with nothing else queued, every other task has had its turn and is blocked.
    do await sleep(0);
    while (loop._readyCount() > 0);
  });
}

/**
 * Runs the callbacks ready now, once (one iteration of a loop that is not running): what they
 * schedule waits for the next call.
 *
 * @example
 * ```ts
 * loop.callSoon(() => log.push("soon"));
 * await runReady(loop); // log is ["soon"]
 * ```
 */
export async function runReady(loop: EventLoop): Promise<void> {
  if (!(loop instanceof EventLoop)) {
    throw new TypeError(`runReady() loop must be an EventLoop, got ${describe(loop)}`);
  }
  if (loop.isRunning()) {
    throw new RuntimeError(
      "runReady() needs a loop that is not running; inside it, await waitUntilIdle()",
    );
  }
  // stop() before runForever() runs exactly one iteration, as in Python.
  loop.stop();
  await loop.runForever();
}
