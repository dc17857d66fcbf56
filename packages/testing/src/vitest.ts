/**
 * `asyncTest` for Vitest: `it("name", asyncTest(async ({ loop, clock }) => { ... }))` runs the
 * body on a fresh loop with virtual time. Vitest is not a dependency: the test function only
 * reads the context's `signal`, which Vitest aborts when the test times out.
 */
import { type AsyncTestOptions, checkOptions } from "./options.js";
import { type AsyncTestScope, runChecked } from "./run-async-test.js";

/** The part of Vitest's `TestContext` that `asyncTest` uses. */
export interface VitestContextLike {
  /** Aborted when the test times out or the run is cancelled. */
  readonly signal?: AbortSignal;
}

/**
 * A Vitest test function that runs `body` as the main task of a fresh event loop (on a
 * `VirtualClock` unless `realTime`), and fails when the body fails, when tasks are left pending
 * (each named with what it waits on; they are cancelled), or when anything reached the loop's
 * exception handler, such as an error nobody retrieved. The loop is closed in every case, also
 * when Vitest's timeout aborts the test. Bad options throw here, when the test is defined.
 *
 * @example
 * ```ts
 * import { asyncTest } from "@asyncio/testing/vitest";
 * it("waits an hour", asyncTest(async ({ loop }) => {
 *   await sleep(3600); // instant
 *   expect(loop.time()).toBe(3600);
 * }));
 * ```
 */
export function asyncTest<C extends VitestContextLike = VitestContextLike>(
  body: (scope: AsyncTestScope & { context: C }) => unknown,
  options?: AsyncTestOptions,
): (context: C) => Promise<void> {
  if (typeof body !== "function") {
    throw new TypeError(`asyncTest() body must be a function, got ${typeof body}`);
  }
  const checked = checkOptions(options);
  return async (context: C): Promise<void> => {
    await runChecked((scope) => body({ ...scope, context }), checked, context?.signal ?? null);
  };
}

export type { AsyncTestOptions } from "./options.js";
export type { AsyncTestScope } from "./run-async-test.js";
