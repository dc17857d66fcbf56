/**
 * "Task exception was never retrieved", and Futures failed inside tasks, mirroring
 * test_futures.py (test_tb_logger_*) and test_tasks.py; the collections are forced as
 * `@asyncio/futures`' `test/support/garbage.ts` tells.
 */
import { ContextVar, Future, RuntimeError } from "@asyncio/futures";
import { allTasks, coroutine, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { collect, collectWithControl } from "../../futures/test/support/garbage.js";
import { freshTaskLoops } from "./support/task-loop.js";

const newLoop = freshTaskLoops();

describe("exception never retrieved", () => {
  it("closing the loop reports every exception still unretrieved, at once and only once (test_futures.py::BaseFutureTests::test_tb_logger_exception_unretrieved; asyncio.run ends before any collection)", async () => {
    const loop = newLoop();
    const reported = loop.reported;
    const kept = new Future({ loop });
    const keptError = new RuntimeError("kept");
    kept.setException(keptError);
    const seen = new Future({ loop });
    seen.setException(new RuntimeError("seen"));
    seen.exception();
    const task = loop.createTask(
      coroutine(async () => {
        throw new RuntimeError("task");
      })(),
    );
    await loop.runUntilComplete(sleep(1));
    expect(task.done()).toBe(true);
    loop.close();
    expect(reported.map((context) => context.message)).toEqual([
      "Future exception was never retrieved",
      "Task exception was never retrieved",
    ]);
    expect(reported[0]?.exception).toBe(keptError);
    expect(String(reported[1]?.future)).toMatch(
      /^<Task finished name="Task-\d+" coro=<anonymous> exception=RuntimeError\("task"\)>$/,
    );
    // Reported once: neither a collection nor a later read reports or un-reports it again.
    expect(kept.exception()).toBe(keptError);
    await collect();
    expect(reported).toHaveLength(2);
  });

  it("a Task's unretrieved exception names the Task (test_futures.py::BaseFutureTests::test_future_exception_never_retrieved)", async () => {
    const loop = newLoop();
    const reported = loop.reported;
    const boom = new RuntimeError("task boom");
    await (async () => {
      const task = loop.createTask(
        coroutine(async () => {
          throw boom;
        })(),
      );
      // Run it to completion without looking at its outcome.
      await loop.runUntilComplete(
        coroutine(async () => {
          while (!task.done()) await Promise.resolve();
        })(),
      );
    })();
    await collect(() => reported.length > 0);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.message).toBe("Task exception was never retrieved");
    expect(reported[0]?.exception).toBe(boom);
  });

  it("a pending task nobody references stays registered and is never reported as destroyed (test_tasks.py::BaseTaskTests::test_log_destroyed_pending_task)", async () => {
    // Documented difference: allTasks() holds pending tasks strongly, so CPython's "Task was
    // destroyed but it is pending!" can't happen; the task stays listed until it finishes.
    const loop = newLoop();
    (() => {
      loop.createTask(sleep(10), { name: "forgotten" });
    })();
    expect(await collectWithControl(loop)).toEqual([]);
    const names = [...allTasks(loop)].map((task) => task.getName());
    expect(names).toEqual(["forgotten"]);
    const forgotten = [...allTasks(loop)][0];
    forgotten?.cancel();
    await loop.runUntilComplete(
      coroutine(async () => {
        await forgotten?.then(undefined, () => undefined);
      })(),
    );
    expect(allTasks(loop).size).toBe(0);
  });

  it("an error made inside the task's body doesn't keep the task alive: it is reported (test_futures.py::BaseFutureTests::test_future_exception_never_retrieved)", async () => {
    const loop = newLoop();
    const reported = loop.reported;
    let weak: WeakRef<object> | null = null;
    await (async () => {
      const task = loop.createTask(
        coroutine(async function failing() {
          throw new RuntimeError("made in the body");
        })(),
      );
      weak = new WeakRef(task);
      await loop.runUntilComplete(sleep(0));
    })();
    await collect(() => reported.length > 0);
    expect(reported.map((context) => context.message)).toEqual([
      "Task exception was never retrieved",
    ]);
    expect(reported[0]?.exception).toMatchObject({ message: "made in the body" });
    expect((weak as WeakRef<object> | null)?.deref()).toBeUndefined();
  });

  it("the report for a task runs in the task's context (test_futures2.py::FutureTests::test_task_exc_handler_correct_context)", async () => {
    const loop = newLoop();
    const reported = loop.reported;
    const name = new ContextVar("name", { default: "foo" });
    const seenByHandler: string[] = [];
    const report = loop.callExceptionHandler.bind(loop);
    loop.callExceptionHandler = (context) => {
      report(context);
      seenByHandler.push(name.get());
    };
    await (async () => {
      loop.createTask(
        coroutine(async () => {
          name.set("bar");
          throw new RuntimeError("1/0");
        })(),
      );
      await loop.runUntilComplete(sleep(0));
    })();
    await collect(() => reported.length > 0);
    expect(reported.map((context) => context.message)).toEqual([
      "Task exception was never retrieved",
    ]);
    expect(seenByHandler).toEqual(["bar"]);
    expect(name.get()).toBe("foo");
  });

  it("cancel() of a failed task counts as retrieval (test_futures.py::BaseFutureTests::test_tb_logger_not_called_after_cancel)", async () => {
    const loop = newLoop();
    await (async () => {
      const task = loop.createTask(
        coroutine(async () => {
          throw new Error("boom");
        })(),
      );
      await loop.runUntilComplete(sleep(0));
      expect(task.done()).toBe(true);
      expect(task.cancel()).toBe(false);
    })();
    expect(await collectWithControl(loop)).toEqual([]);
  });

  it("awaiting the failed future counts as retrieval (test_futures.py::BaseFutureTests::test_tb_logger_exception_result_retrieved)", async () => {
    const loop = newLoop();
    await loop.runUntilComplete(
      coroutine(async () => {
        const f = new Future();
        f.setException(new Error("boom"));
        await f.then(undefined, () => undefined);
      })(),
    );
    expect(await collectWithControl(loop)).toEqual([]);
  });
});
