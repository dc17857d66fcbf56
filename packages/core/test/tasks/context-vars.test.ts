/**
 * Context variables across tasks and callbacks, mirroring test_context.py-style isolation checks
 * and the context parts of test_tasks.py / test_base_events.py.
 *
 * These tests need the full `EventLoop` (callSoonIn is the full loop's, and one test awaits a real
 * timer); the rest of the file runs on the contract loop in `packages/tasks/test/context-
 * vars.test.ts`.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { type Context, ContextVar, copyContext } from "@asyncio/futures";
import { createTask, currentTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("contexts of tasks and callbacks", () => {
  it("the value is right after awaiting a foreign Promise (context carried by AsyncLocalStorage)", async () => {
    const v = new ContextVar<string>("v");
    const seen = await withTestLoop(
      async () => {
        const task = createTask(
          async () => {
            v.set("mine");
            await new Promise((resolve) => setTimeout(resolve, 1));
            return [v.get(), currentTask()?.getName()];
          },
          { name: "foreign" },
        );
        v.set("parent");
        return task;
      },
      { realTime: true },
    );
    expect(seen).toEqual(["mine", "foreign"]);
  });

  it("callSoonIn runs the callback in the given context itself (test_events.py::HandleTests::test_handle_context)", async () => {
    const v = new ContextVar<number>("v", { default: 0 });
    const ctx = copyContext();
    await withTestLoop(async ({ loop }) => {
      loop.callSoonIn(ctx, () => v.set(7));
      loop.callLaterIn(ctx, 0.1, () => v.set(v.get() + 1));
      loop.callAtIn(ctx, loop.time() + 0.2, () => v.set(v.get() * 10));
      await sleep(1);
      expect(() => loop.callSoonIn({} as Context, () => {})).toThrow(
        new TypeError("callSoonIn() context must be a Context, got an object"),
      );
    });
    expect(ctx.get(v)).toBe(80);
  });
});

describe("callbacks that run after tasks' first steps", () => {
  /**
   * 50,000 tasks, each scheduled just before a callback, so that one iteration alternates first
   * steps and callbacks: what each callback (and every 10,000th, the code it starts past a
   * foreign await) sees as the current task.
   */
  async function interleave(): Promise<{
    values: number[];
    outside: (string | undefined)[];
    afterAwait: (string | undefined)[];
  }> {
    const pairs = 50_000;
    const outside: (string | undefined)[] = [];
    const afterAwait: Promise<string | undefined>[] = [];
    const values = await withTestLoop(async ({ loop }) => {
      const tasks = [];
      for (let i = 0; i < pairs; i++) {
        // Each first step suspends on one of the library's awaitables, within the iteration.
        tasks.push(createTask(sleep(0, i), { name: `t${i}` }));
        loop.callSoon(() => {
          outside.push(currentTask()?.getName());
          if (i % 10_000 === 0) {
            afterAwait.push(
              (async () => {
                await null;
                return currentTask()?.getName();
              })(),
            );
          }
        });
      }
      const results = [];
      for (const task of tasks) results.push(await task);
      return results;
    });
    return { values, outside, afterAwait: await Promise.all(afterAwait) };
  }

  it("run outside every task, however many first steps one iteration takes (test_tasks.py::BaseTaskTests::test_current_task_with_interleaving_tasks)", async () => {
    const { values, outside } = await interleave();
    expect(values).toHaveLength(50_000);
    expect(values[49_999]).toBe(49_999);
    expect(outside).toHaveLength(50_000);
    expect(outside.every((name) => name === undefined)).toBe(true);
  });

  it("the code such a callback starts goes on outside every task after a foreign await (test_tasks.py::BaseTaskTests::test_current_task_with_interleaving_tasks)", async () => {
    const { afterAwait } = await interleave();
    expect(afterAwait).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
