/**
 * "Future exception was never retrieved", mirroring test_futures.py (test_tb_logger_*). CPython
 * reports from `__del__`, right when the last reference goes; here a `FinalizationRegistry`
 * reports after a garbage collection. The tests force one (`gc` exposed through V8 flags) and then
 * poll a few macrotask turns, so they don't depend on when V8 would collect on its own.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { EventLoop, VirtualClock } from "@asyncio/core";
import { ContextVar, type ExceptionContext, Future, RuntimeError } from "@asyncio/futures";
import { allTasks, coroutine, sleep } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";
import { thrown } from "./helpers.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const loops: EventLoop[] = [];

function newLoop(): { loop: EventLoop; reported: ExceptionContext[] } {
  const loop = new EventLoop({ clock: new VirtualClock() });
  loops.push(loop);
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    reported.push(context);
  });
  return { loop, reported };
}

afterEach(() => {
  for (const loop of loops.splice(0)) if (!loop.isRunning()) loop.close();
});

/**
 * Collects garbage, then gives finalisation callbacks a few turns to run; stops early once
 * `until()` holds.
 */
async function collect(until: () => boolean = () => false): Promise<void> {
  for (let turn = 0; turn < 10 && !until(); turn++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Abandons a control future whose exception is never retrieved next to the scenario, and collects
 * until the control is reported: then a collection has surely happened, and the scenario's own
 * future (as unreachable as the control) would have been reported by now if it were going to be.
 */
async function collectWithControl(
  loop: EventLoop,
  reported: ExceptionContext[],
): Promise<ExceptionContext[]> {
  const control = new Error("control");
  abandon(loop, (f) => f.setException(control));
  await collect(() => reported.some((context) => context.exception === control));
  expect(reported.map((context) => context.exception)).toContain(control);
  return reported.filter((context) => context.exception !== control);
}

// Each scenario builds its future in a separate function, so no local variable keeps it alive.
function abandon(loop: EventLoop, prepare: (future: Future) => void): void {
  prepare(new Future({ loop }));
}

describe("exception never retrieved", () => {
  it("an abandoned pending future reports nothing (test_futures.py::BaseFutureTests::test_tb_logger_abandoned)", async () => {
    const { loop, reported } = newLoop();
    abandon(loop, () => {});
    expect(await collectWithControl(loop, reported)).toEqual([]);
  });

  it("an unretrieved exception is reported once the future is collected (test_futures.py::BaseFutureTests::test_tb_logger_exception_unretrieved)", async () => {
    const { loop, reported } = newLoop();
    const boom = new RuntimeError("boom");
    abandon(loop, (f) => f.setException(boom));
    await collect(() => reported.length > 0);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.message).toBe("Future exception was never retrieved");
    expect(reported[0]?.exception).toBe(boom);
    expect(String(reported[0]?.future)).toMatch(/^<Future finished exception=RuntimeError: boom>$/);
  });

  it("closing the loop reports every exception still unretrieved, at once and only once (test_futures.py::BaseFutureTests::test_tb_logger_exception_unretrieved; asyncio.run ends before any collection)", async () => {
    const { loop, reported } = newLoop();
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
    const { loop, reported } = newLoop();
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
    const { loop, reported } = newLoop();
    (() => {
      loop.createTask(sleep(10), { name: "forgotten" });
    })();
    expect(await collectWithControl(loop, reported)).toEqual([]);
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
    const { loop, reported } = newLoop();
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
    const { loop, reported } = newLoop();
    const name = new ContextVar("name", { default: "foo" });
    const seenByHandler: string[] = [];
    loop.setExceptionHandler((_loop, context) => {
      reported.push(context);
      seenByHandler.push(name.get());
    });
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
    const { loop, reported } = newLoop();
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
    expect(await collectWithControl(loop, reported)).toEqual([]);
  });

  it("setException then cancel() (which returns false) suppresses the report (test_futures.py::BaseFutureTests::test_tb_logger_not_called_after_cancel)", async () => {
    const { loop, reported } = newLoop();
    abandon(loop, (f) => {
      f.setException(new Error("x"));
      expect(f.cancel()).toBe(false);
    });
    expect(await collectWithControl(loop, reported)).toEqual([]);
  });

  it("a result that was never read is not reported (test_futures.py::BaseFutureTests::test_tb_logger_result_unretrieved)", async () => {
    const { loop, reported } = newLoop();
    abandon(loop, (f) => f.setResult(42));
    expect(await collectWithControl(loop, reported)).toEqual([]);
  });

  it("exception() counts as retrieval (test_futures.py::BaseFutureTests::test_tb_logger_exception_retrieved)", async () => {
    const { loop, reported } = newLoop();
    abandon(loop, (f) => {
      f.setException(new Error("boom"));
      f.exception();
    });
    expect(await collectWithControl(loop, reported)).toEqual([]);
  });

  it("result() that throws counts as retrieval (test_futures.py::BaseFutureTests::test_tb_logger_exception_result_retrieved)", async () => {
    const { loop, reported } = newLoop();
    abandon(loop, (f) => {
      f.setException(new Error("boom"));
      thrown(() => f.result());
    });
    expect(await collectWithControl(loop, reported)).toEqual([]);
  });

  it("awaiting the failed future counts as retrieval (test_futures.py::BaseFutureTests::test_tb_logger_exception_result_retrieved)", async () => {
    const { loop, reported } = newLoop();
    await loop.runUntilComplete(
      coroutine(async () => {
        const f = new Future();
        f.setException(new Error("boom"));
        await f.then(undefined, () => undefined);
      })(),
    );
    expect(await collectWithControl(loop, reported)).toEqual([]);
  });
});
