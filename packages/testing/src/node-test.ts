/**
 * `asyncTest` for Node's own runner: `test("name", asyncTest(async ({ loop, t }) => { ... }))`
 * runs the body on a fresh loop with virtual time; `t` is node:test's `TestContext`, whose
 * `signal` aborts when the test times out.
 */
import type { TestContext } from "node:test";
import { type AsyncTestOptions, checkOptions } from "./options.js";
import { type AsyncTestScope, runChecked } from "./run-async-test.js";

/**
 * A `node:test` test function that runs `body` as the main task of a fresh event loop (on a
 * `VirtualClock` unless `realTime`), and fails when the body fails, when tasks are left pending
 * (each named with what it waits on; they are cancelled), or when anything reached the loop's
 * exception handler, such as an error nobody retrieved. The loop is closed in every case, also
 * when the test's `timeout` aborts it. Bad options throw here, when the test is defined.
 *
 * @example
 * ```ts
 * import { test } from "node:test";
 * import { asyncTest } from "@asyncio/testing/node-test";
 * test("waits an hour", asyncTest(async ({ loop }) => {
 *   await sleep(3600); // instant
 *   assert.equal(loop.time(), 3600);
 * }));
 * ```
 */
export function asyncTest(
  body: (scope: AsyncTestScope & { t: TestContext }) => unknown,
  options?: AsyncTestOptions,
): (t: TestContext) => Promise<void> {
  if (typeof body !== "function") {
    throw new TypeError(`asyncTest() body must be a function, got ${typeof body}`);
  }
  const checked = checkOptions(options);
  return async (t: TestContext): Promise<void> => {
    await runChecked((scope) => body({ ...scope, t }), checked, t.signal);
  };
}

export type { AsyncTestOptions } from "./options.js";
export type { AsyncTestScope } from "./run-async-test.js";
