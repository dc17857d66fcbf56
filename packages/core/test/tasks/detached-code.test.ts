/**
 * Cancellation of code blocked on a foreign Promise, which no cancellation can interrupt. The
 * library's own waits end on time anyway: the await at the innermost boundary (a timeout's body,
 * `asyncWith`, a task group's body, what `waitFor` runs inline, or the task itself) raises
 * `CancelledError`, and the blocked code runs on detached: each later await of one of our
 * awaitables raises `CancelledError` at once, it never takes the task's later cancellations, and
 * an error it throws later is reported. Python can interrupt every await, so each test names the
 * CPython test whose outcome it keeps.
 *
 * These tests need the full `EventLoop` (one test waits on real timers, one needs run()); the rest
 * of the file runs on the contract loop in `packages/tasks/test/detached-code.test.ts`.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { createTask, currentSignal, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "../../../tasks/test/support/caught.js";
import { foreign } from "../../../tasks/test/support/foreign.js";

describe("a task cancelled while blocked on a foreign Promise", () => {
  it("an API given the signal that takes a while to give up ends the task with its own error, not detached (test_tasks.py::BaseTaskTests::test_cancel_task_catching)", async () => {
    await withTestLoop(
      async () => {
        const task = createTask(async () => {
          const signal = currentSignal();
          await new Promise((_resolve, reject) => {
            // Like a client that closes its connection on abort: the rejection comes a bit later.
            signal.addEventListener("abort", () =>
              setTimeout(() => reject(new Error("Connection is closed.")), 20),
            );
          });
        });
        await sleep(0.01);
        task.cancel();
        const error = await caught(task);
        expect(error).toEqual(new Error("Connection is closed."));
        expect(task.cancelling()).toBe(1);
      },
      { realTime: true },
    );
  });

  it("a task left blocked on a foreign Promise doesn't hold up run()'s shutdown (test_runners.py::RunTests::test_asyncio_run_cancels_hanging_tasks)", async () => {
    const { run } = await import("@asyncio/core");
    const blocked = foreign();
    let leftover: Task<void> | null = null;
    const result = await run(async () => {
      leftover = createTask(async () => {
        await blocked.promise;
      });
      await sleep(0);
      return 123;
    });
    expect(result).toBe(123);
    expect((leftover as unknown as Task<void>).cancelled()).toBe(true);
    blocked.resolve();
  });
});
