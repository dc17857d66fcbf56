/**
 * Every API that takes a coroutine takes a plain `async` function (or a function returning a
 * Promise) with the same task semantics: the code runs inside a task from its first line, sees
 * itself as `currentTask()`, and is cancelled at its awaits. Python has one kind of coroutine;
 * each case names the CPython test of the API it exercises.
 */
import { getRunningLoop, isCancelledError } from "@asyncio/futures";
import {
  asCompleted,
  asyncWith,
  createTask,
  ensureFuture,
  gather,
  shield,
  sleep,
  taskGroup,
  timeout,
  waitFor,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { BODY_KINDS } from "./support/body-kinds.js";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

describe("plain async functions wherever a coroutine is accepted", () => {
  for (const [kind, make] of BODY_KINDS) {
    it(`${kind}: createTask, ensureFuture, gather, shield, waitFor, asCompleted (test_tasks.py::BaseTaskTests::test_create_task_with_async_function)`, async () => {
      await withTaskLoop(async () => {
        expect(await createTask(make("created"))).toBe("created");
        expect(await ensureFuture(make("ensured"))).toBe("ensured");
        expect(await gather(make("a"), make("b"))).toEqual(["a", "b"]);
        expect(await shield(make("shielded"))).toBe("shielded");
        expect(await waitFor(make("waited"), 5)).toBe("waited");
        const finished: string[] = [];
        for (const next of asCompleted([make("x")])) finished.push(await next);
        expect(finished).toEqual(["x"]);
      });
    });

    it(`${kind}: TaskGroup.createTask, and a timeout or asyncWith body (test_taskgroups.py::TestTaskGroup::test_taskgroup_01)`, async () => {
      await withTaskLoop(async () => {
        const results = await taskGroup(async (tg) => {
          const one = tg.createTask(make("one"));
          const two = tg.createTask(make("two"));
          return [one, two] as const;
        });
        expect(results.map((task) => task.result())).toEqual(["one", "two"]);
        // A body is a function: for the coroutine kind, one that returns the coroutine.
        const body = (value: string) => {
          const made = make(value);
          return typeof made === "function" ? made : () => made;
        };
        expect(await timeout(5, body("in time"))).toBe("in time");
        const manager = {
          asyncEnter: async () => "entered",
          asyncExit: async (..._error: [] | [unknown]) => false,
        };
        expect(await asyncWith(manager, body("with"))).toBe("with");
      });
    });

    it(`${kind}: cancelled at its await (test_tasks.py::BaseTaskTests::test_cancel)`, async () => {
      await withTaskLoop(async () => {
        const task = createTask(make("never"));
        await sleep(0.05);
        task.cancel();
        expect(isCancelledError(await caught(task))).toBe(true);
        expect(getRunningLoop().time()).toBe(0.05);
      });
    });
  }
});
