/**
 * How a context variable is named across threads (`contextVarIdentity`, from @asyncio/futures)
 * and what toThread hands to an executor: its function bound to a copy of the caller's context,
 * as CPython's to_thread submits `functools.partial(ctx.run, func)`. Worker threads themselves are
 * covered by context-vars.test.ts, in a process of its own.
 */
import type { EventLoop, Executor, ExecutorCallable } from "@asyncio/core";
import { run } from "@asyncio/core";
import { ContextVar, getRunningLoop } from "@asyncio/futures";
import { contextVarByIdentity, contextVarIdentity } from "@asyncio/futures/contract";
import { describe, expect, it } from "vitest";
import { ConcurrentFuture, toThread } from "../src/index.js";

const here = new URL(import.meta.url).href;
const requestId = new ContextVar<number>("request id", { default: 0 });

/** Runs calls in-process, as an executor that knows nothing of threads would. */
class InlineExecutor implements Executor {
  submit<A extends unknown[], R>(
    fn: ExecutorCallable<A, R>,
    ...args: A
  ): ConcurrentFuture<Awaited<R>> {
    const future = new ConcurrentFuture<Awaited<R>>();
    future.setRunningOrNotifyCancel();
    future.setResult((fn as (...a: A) => Awaited<R>)(...args));
    return future;
  }
  shutdown(): void {}
}

describe("context variable identity", () => {
  it("is the URL of the module that created the variable and its name", () => {
    expect(contextVarIdentity(requestId)).toBe(`${here}#request%20id`);
    expect(contextVarByIdentity(`${here}#request%20id`)).toBe(requestId);
  });

  it("a subclass is named after the module that constructs it, not the subclass's", () => {
    class Counter extends ContextVar<number> {
      constructor() {
        super("counter");
      }
    }
    expect(contextVarIdentity(new Counter())).toBe(`${here}#counter`);
  });

  it("two variables with one identity in one thread are told apart by neither: both lose it", () => {
    const made = [0, 1].map(() => new ContextVar("made in a loop"));
    expect(made.map((variable) => contextVarIdentity(variable))).toEqual([null, null]);
    expect(contextVarByIdentity(`${here}#made%20in%20a%20loop`)).toBe(null);
  });

  it("a variable created by code that is not a module file has none", () => {
    const fromEval = new Function("ContextVar", 'return new ContextVar("evaluated")')(ContextVar);
    expect(contextVarIdentity(fromEval)).toBe(null);
  });
});

describe("what toThread submits", () => {
  it("runs the function in a copy of the caller's context when the executor calls it in-process (test_threads.py::ToThreadTests::test_to_thread_contextvars)", async () => {
    const seen = await run(async () => {
      (getRunningLoop() as unknown as EventLoop).setDefaultExecutor(new InlineExecutor());
      requestId.set(7);
      const inThread = await toThread(() => {
        const before = requestId.get();
        requestId.set(8);
        return [before, requestId.get()];
      });
      return [...inThread, requestId.get()];
    });
    expect(seen).toEqual([7, 8, 7]);
  });
});
