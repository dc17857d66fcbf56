/**
 * Every API that takes a coroutine takes a plain `async` function (or a function returning a
 * Promise) with the same task semantics: the code runs inside a task from its first line, sees
 * itself as `currentTask()`, and is cancelled at its awaits. Python has one kind of coroutine;
 * each case names the CPython test of the API it exercises.
 *
 * These tests need the full `EventLoop` (it needs run() and Runner); the rest of the file runs on
 * the contract loop in `packages/tasks/test/plain-async.test.ts`.
 */
import { Runner, run } from "@asyncio/core";
import { describe, expect, it } from "vitest";
import { BODY_KINDS } from "../../../tasks/test/support/body-kinds.js";

describe("plain async functions wherever a coroutine is accepted", () => {
  for (const [kind, make] of BODY_KINDS) {
    it(`${kind}: run() and Runner.run() run it as the main task (test_runners.py::RunTests::test_asyncio_run_return)`, async () => {
      expect(await run(make("ran"))).toBe("ran");
      const runner = new Runner();
      try {
        expect(await runner.run(make("first"))).toBe("first");
        expect(await runner.run(make("second"))).toBe("second");
      } finally {
        await runner.close();
      }
    });
  }
});
