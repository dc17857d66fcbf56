/**
 * toThread runs its function in a copy of the caller's context, as CPython's to_thread does: a
 * context variable defined at the top level of a module the worker imports has the caller's
 * value in the thread; a set() in the thread changes neither the caller nor later calls. Values
 * that can't be cloned are not sent; runInExecutor, as CPython's run_in_executor, copies nothing.
 * The scenario (fixtures/context-vars.mjs) runs in its own process: see run-fixture.ts.
 */
import { describe, expect, it } from "vitest";
import { runFixture } from "./run-fixture.js";

describe("context variables in worker threads", { timeout: 30_000 }, () => {
  it("reach the thread through toThread, and don't come back (test_threads.py::ToThreadTests::test_to_thread_contextvars)", async () => {
    const { code, lines, stderr } = await runFixture("context-vars.mjs", { loaderInWorkers: true });
    expect(stderr).toBe("");
    expect(lines).toEqual([
      'to_thread "parrot"',
      'all ["parrot",7,"skipped"]',
      'set in the thread ["parrot","dead parrot"]',
      'caller after "parrot"',
      'next call "parrot"',
      'after an await in the thread "parrot"',
      `from a task "task's own"`,
      'main again "parrot"',
      'run_in_executor ["unset",0,"skipped"]',
    ]);
    expect(code).toBe(0);
  });
});
