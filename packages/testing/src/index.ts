/**
 * The runner-independent entry point: `runAsyncTest` runs one test body on a fresh loop, for a
 * runner this package has no entry point for (Jest, Mocha, bun:test, a script).
 */
import { type AsyncTestOptions, checkOptions } from "./options.js";
import { type AsyncTestScope, runChecked } from "./run-async-test.js";

/**
 * Runs `body` as the main task of a fresh event loop, as `asyncTest` does, and settles with its
 * result, or rejects with what the test did wrong (the body's error, tasks left pending, reports
 * to the exception handler). `signal`, when it aborts, cancels the main task (a runner's timeout).
 *
 * @example
 * ```ts
 * test("waits an hour", () => runAsyncTest(async ({ loop }) => {
 *   await sleep(3600);
 *   expect(loop.time()).toBe(3600);
 * }));
 * ```
 */
export function runAsyncTest<T>(
  body: (scope: AsyncTestScope) => T | PromiseLike<T>,
  options?: AsyncTestOptions & { signal?: AbortSignal },
): Promise<Awaited<T>> {
  if (typeof body !== "function") {
    throw new TypeError(`runAsyncTest() body must be a function, got ${typeof body}`);
  }
  const { signal, ...rest } = options ?? {};
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `runAsyncTest() option signal must be an AbortSignal, got ${typeof signal}`,
    );
  }
  return runChecked(body, checkOptions(options === undefined ? undefined : rest), signal ?? null);
}

export type { AsyncTestOptions } from "./options.js";
export type { AsyncTestScope } from "./run-async-test.js";
