/**
 * Every API that takes a coroutine takes a plain `async` function (or a function returning a
 * Promise) with the same task semantics: the code runs inside a task from its first line, sees
 * itself as `currentTask()`, and is cancelled at its awaits. Python has one kind of coroutine;
 * each case names the CPython test of the API it exercises.
 */
import { Runner, run } from "@asyncio/core";
import { withTestLoop } from "@asyncio/core/testing";
import { getRunningLoop, isCancelledError } from "@asyncio/futures";
import {
  asCompleted,
  asyncWith,
  coroutine,
  createTask,
  currentTask,
  ensureFuture,
  gather,
  shield,
  sleep,
  type Task,
  taskGroup,
  timeout,
  waitFor,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./caught.js";

/** What a body sees of its task: there is one, and it is a task of the running loop. */
function seenTask(): Task<unknown> {
  const task = currentTask();
  if (task === null) throw new Error("not inside a task");
  return task;
}

const asPlainAsync = (value: string) => async () => {
  seenTask();
  await sleep(0.1);
  return value;
};
const asCoroutine = (value: string) =>
  coroutine(async () => {
    seenTask();
    await sleep(0.1);
    return value;
  })();
const asPromiseReturning = (value: string) => () =>
  sleep(0.1).then(() => {
    seenTask();
    return value;
  });

describe("plain async functions wherever a coroutine is accepted", () => {
  for (const [kind, make] of [
    ["a plain async function", asPlainAsync],
    ["a coroutine()", asCoroutine],
    ["a function returning a Promise", asPromiseReturning],
  ] as const) {
    it(`${kind}: createTask, ensureFuture, gather, shield, waitFor, asCompleted (test_tasks.py::BaseTaskTests::test_create_task_with_async_function)`, async () => {
      await withTestLoop(async () => {
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
      await withTestLoop(async () => {
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

    it(`${kind}: cancelled at its await (test_tasks.py::BaseTaskTests::test_cancel)`, async () => {
      await withTestLoop(async () => {
        const task = createTask(make("never"));
        await sleep(0.05);
        task.cancel();
        expect(isCancelledError(await caught(task))).toBe(true);
        expect(getRunningLoop().time()).toBe(0.05);
      });
    });
  }
});
