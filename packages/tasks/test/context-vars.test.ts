/**
 * Context variables across tasks and callbacks, mirroring test_context.py-style isolation checks
 * and the context parts of test_tasks.py / test_base_events.py.
 */

import {
  Context,
  ContextVar,
  currentContext,
  getRunningLoop,
  isLookupError,
  LookupError,
  RuntimeError,
  Token,
  ValueError,
} from "@asyncio/futures";
import { createTask, currentTask, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { withTaskLoop } from "./support/task-loop.js";

describe("ContextVar", () => {
  it("get() falls back to the argument, then the default, then raises LookupError (test_context.py::ContextTest::test_context_var_new_1)", () => {
    const noDefault = new ContextVar<number>("a");
    expect(noDefault.get(5)).toBe(5);
    expect(() => noDefault.get()).toThrow(LookupError);
    try {
      noDefault.get();
    } catch (error) {
      expect(isLookupError(error)).toBe(true);
      expect((error as Error).message).toBe('<ContextVar name="a"> has no value');
    }
    const withDefault = new ContextVar("b", { default: 10 });
    expect(withDefault.get()).toBe(10);
    expect(withDefault.name).toBe("b");
  });

  it("set() returns a token and reset() restores the old value (test_context.py::ContextTest::test_context_getset_1)", () => {
    const ctx = new Context();
    ctx.run(() => {
      const v = new ContextVar<string>("v");
      const t1 = v.set("one");
      expect(t1.var).toBe(v);
      expect(t1.oldValue).toBe(Token.MISSING);
      const t2 = v.set("two");
      expect(t2.oldValue).toBe("one");
      v.reset(t2);
      expect(v.get()).toBe("one");
      v.reset(t1);
      expect(v.get("none")).toBe("none");
      expect(() => v.reset(t1)).toThrow(new RuntimeError("Token has already been used once"));
    });
  });

  it("reset() refuses a token of another variable or another context (test_context.py::ContextTest::test_context_getset_3)", () => {
    const a = new ContextVar<number>("a");
    const b = new ContextVar<number>("b");
    const first = new Context();
    const token = first.run(() => a.set(1));
    expect(() => first.run(() => b.reset(token as unknown as Token<number>))).toThrow(ValueError);
    expect(() => new Context().run(() => a.reset(token))).toThrow(
      new ValueError("Token was created in a different Context"),
    );
    expect(() => a.reset(42 as unknown as Token<number>)).toThrow(TypeError);
  });

  it("ContextVar() needs a string name", () => {
    expect(() => new ContextVar(42 as unknown as string)).toThrow(
      new TypeError("ContextVar name must be a string, got 42"),
    );
  });
});

describe("Context", () => {
  it("run() makes changes inside the context only, and a copy is independent (test_context.py::ContextTest::test_context_run_4)", () => {
    const v = new ContextVar<number>("v", { default: 0 });
    const ctx = new Context();
    ctx.run(() => v.set(1));
    expect(ctx.get(v)).toBe(1);
    expect(v.get()).toBe(0);
    const copy = ctx.copy();
    copy.run(() => v.set(2));
    expect(ctx.get(v)).toBe(1);
    expect(copy.get(v)).toBe(2);
    expect([...ctx]).toEqual([v]);
    expect(ctx.size).toBe(1);
    expect(ctx.has(v)).toBe(true);
    expect([...ctx.entries()]).toEqual([[v, 1]]);
  });

  it("a context can't be entered twice (test_context.py::ContextTest::test_context_run_5)", () => {
    const ctx = new Context();
    expect(() => ctx.run(() => ctx.run(() => 1))).toThrow(RuntimeError);
    expect(() => ctx.run(() => ctx.run(() => 1))).toThrow(
      /cannot enter context: .* is already entered/,
    );
    expect(ctx.run((a: number, b: number) => a + b, 2, 3)).toBe(5);
  });

  it("run() of something that isn't a function is a TypeError", () => {
    expect(() => new Context().run(1 as unknown as () => void)).toThrow(
      new TypeError("Context.run() expects a function, got 1"),
    );
  });
});

describe("contexts of tasks and callbacks", () => {
  it("a task runs in a copy of its creator's context; its changes don't leak out (test_tasks.py::BaseTaskTests::test_context_1)", async () => {
    const v = new ContextVar<string>("v", { default: "nope" });
    const seen: string[] = [];
    await withTaskLoop(async () => {
      v.set("parent");
      const child = createTask(async () => {
        seen.push(v.get());
        v.set("child");
        await sleep(0.01);
        seen.push(v.get());
      });
      await child;
      seen.push(v.get());
    });
    expect(seen).toEqual(["parent", "child", "parent"]);
  });

  it("a context passed to a task is shared, not copied (test_tasks.py::BaseTaskTests::test_context_3)", async () => {
    const v = new ContextVar<number>("v", { default: 0 });
    const ctx = new Context();
    await withTaskLoop(async () => {
      const tasks: Task<void>[] = [];
      for (let i = 0; i < 3; i++) {
        tasks.push(
          createTask(
            async () => {
              await sleep(0);
              v.set(v.get() + 1);
            },
            { context: ctx },
          ),
        );
      }
      for (const task of tasks) await task;
      expect(tasks[0]?.getContext()).toBe(ctx);
    });
    expect(ctx.get(v)).toBe(3);
  });

  it("callSoon runs the callback in a copy of the current context (test_base_events.py::BaseEventLoopTests::test_call_soon_context)", async () => {
    const v = new ContextVar<string>("v", { default: "root" });
    const seen: string[] = [];
    await withTaskLoop(async ({ loop }) => {
      v.set("task");
      const handle = loop.callSoon(() => {
        seen.push(v.get());
        v.set("callback");
      });
      expect(handle.getContext()?.get(v)).toBe("task");
      await sleep(0);
      seen.push(v.get());
    });
    expect(seen).toEqual(["task", "task"]);
  });

  it("a done callback runs in the context it was added from, or the one given (test_futures.py::BaseFutureTests::test_future_callback_context)", async () => {
    const v = new ContextVar<string>("v", { default: "none" });
    const seen: string[] = [];
    await withTaskLoop(async ({ loop }) => {
      const fut = loop.createFuture<number>();
      v.set("at registration");
      fut.addDoneCallback(() => seen.push(v.get()));
      const explicit = new Context();
      explicit.run(() => v.set("explicit"));
      fut.addDoneCallback(() => seen.push(v.get()), { context: explicit });
      v.set("later");
      fut.setResult(1);
      await sleep(0);
      await sleep(0);
    });
    expect(seen).toEqual(["at registration", "explicit"]);
  });

  it("currentContext() inside a task is the task's context", async () => {
    await withTaskLoop(async () => {
      const task = currentTask() as Task<unknown>;
      expect(currentContext()).toBe(task.getContext());
      expect(getRunningLoop()).toBeDefined();
    });
  });
});
