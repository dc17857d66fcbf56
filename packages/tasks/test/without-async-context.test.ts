/**
 * What a task knows where the runtime has neither AsyncLocalStorage nor AsyncContext (a browser
 * page), and the clear errors where it can't know: the documented behaviour of "Runtimes" in the
 * README. No CPython counterpart. These run only there; where an async context carries the
 * frame, the rest of the suite covers the same ground with the stronger guarantees.
 */
import { RuntimeError } from "@asyncio/futures";
import { executionFrames } from "@asyncio/futures/contract";
import { createTask, currentTask, sleep, Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { thrown, withTaskLoop } from "./support/task-loop.js";

const carrier = executionFrames.carrier;
const title =
  carrier === "loop-steps"
    ? "without an async context (the frame is the loop's step)"
    : `without an async context — skipped here: this runtime carries the frame with ${carrier}`;

describe.skipIf(carrier !== "loop-steps")(title, () => {
  it("a task that awaits only the library's awaitables knows itself across every await, in nested async functions too (documented behaviour)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const seen: [string, boolean][] = [];
      const helper = async (task: () => Task<unknown>): Promise<void> => {
        await sleep(0);
        seen.push(["helper", currentTask() === task()]);
      };
      const one: Task<void> = createTask(async () => {
        seen.push(["one start", currentTask() === one]);
        await sleep(1);
        await helper(() => one);
        seen.push(["one end", currentTask() === one]);
      });
      const two: Task<void> = createTask(async () => {
        const future = loop.createFuture<number>();
        loop.callLater(0.5, () => future.setResult(2));
        await future;
        seen.push(["two", currentTask() === two]);
      });
      await Promise.all([one, two]);
      expect(seen).toEqual([
        ["one start", true],
        ["two", true],
        ["helper", true],
        ["one end", true],
      ]);
    });
  });

  it("cancel() lands at the await of the library the task is blocked on (documented behaviour)", async () => {
    await withTaskLoop(async () => {
      const events: string[] = [];
      const task = createTask(async () => {
        try {
          await sleep(100);
        } finally {
          events.push("finally");
          await sleep(0);
          events.push("cleaned up");
        }
      });
      await sleep(1);
      task.cancel("stop");
      const error = await caught(task);
      expect((error as Error).message).toBe("stop");
      expect(events).toEqual(["finally", "cleaned up"]);
    });
  });

  it("currentTask() after an await of a foreign Promise raises RuntimeError instead of guessing (documented behaviour)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const task = createTask(async () => {
        // Settled by a plain callback, as a foreign API would settle it from its own event.
        await new Promise<void>((resolve) => loop.callLater(1, resolve));
        return thrown(() => currentTask());
      });
      const error = await task;
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toMatch(
        /^currentTask\(\) can't tell which task runs this code: without AsyncLocalStorage or AsyncContext/,
      );
    });
  });

  it("eagerStart inside a task raises RuntimeError, naming what is missing (documented behaviour)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const error = thrown(() => new Task(sleep(0), { loop, eagerStart: true }));
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe(
        "eagerStart inside a task needs AsyncLocalStorage or AsyncContext, which this runtime lacks; start the task from a plain callback, or without eagerStart",
      );
    });
  });

  it("eagerStart from a plain callback still runs the first step at once (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_eager_completion)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const steps: string[] = [];
      let task: Task<string> | null = null;
      loop.callSoon(() => {
        task = new Task(
          async () => {
            steps.push("first step");
            await sleep(0);
            steps.push(currentTask() === task ? "resumed in its task" : "lost");
            return "done";
          },
          { loop, eagerStart: true },
        );
        steps.push("after the constructor");
      });
      await sleep(0);
      await sleep(0);
      expect(task).not.toBeNull();
      expect(await (task as unknown as Task<string>)).toBe("done");
      expect(steps).toEqual(["first step", "after the constructor", "resumed in its task"]);
    });
  });
});
