/**
 * Futures awaited from tasks, mirroring test_futures.py (BaseFutureTests): a Future binds to the
 * loop its task runs on, a Task is a Future, and awaiting a finished one does not yield. The
 * Future tests that need no task are in `@asyncio/futures`.
 */
import { Future, isFuture } from "@asyncio/futures";
import { coroutine, createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { freshTaskLoops, runBriefly } from "./support/task-loop.js";

const newLoop = freshTaskLoops();

describe("Future states", () => {
  it("binds to the running loop (test_futures.py::BaseFutureTests::test_constructor_use_running_loop)", async () => {
    const loop = newLoop();
    // Wrapped: an async function returning a thenable would adopt (await) it.
    const { f } = await loop.runUntilComplete(coroutine(async () => ({ f: new Future() }))());
    expect(f.getLoop()).toBe(loop);
    f.cancel();
    expect(loop.createFuture().getLoop()).toBe(loop);
  });

  it("isFuture is true for Futures and Tasks only (test_futures.py::BaseFutureTests::test_isfuture)", async () => {
    const loop = newLoop();
    const f = new Future({ loop });
    expect(isFuture(f)).toBe(true);
    expect(isFuture(Future)).toBe(false);
    expect(isFuture(1)).toBe(false);
    expect(isFuture(Promise.resolve(1))).toBe(false);
    expect(isFuture({ then() {} })).toBe(false);
    const isTaskAFuture = await loop.runUntilComplete(
      coroutine(async () => {
        const task = createTask(async () => 1);
        await task;
        return isFuture(task);
      })(),
    );
    expect(isTaskAFuture).toBe(true);
    f.cancel();
  });

  it("the second await of a finished future does not yield (test_futures.py::BaseFutureTests::test_yield_from_twice)", async () => {
    const loop = newLoop();
    const f = new Future<number>({ loop });
    const order: string[] = [];
    const task = loop.createTask(
      coroutine(async () => {
        order.push("A");
        const x = await f;
        order.push(`B ${x}`);
        // Something queued now runs only if this task yields to the loop.
        loop.callSoon(() => order.push("callback"));
        const y = await f;
        order.push(`C ${y}`);
      })(),
    );
    await runBriefly(loop);
    expect(order).toEqual(["A"]);
    f.setResult(42);
    await loop.runUntilComplete(task);
    expect(order.slice(0, 3)).toEqual(["A", "B 42", "C 42"]);
  });

  it("awaiting a finished task does not yield either (test_futures.py::BaseFutureTests::test_yield_from_twice)", async () => {
    const loop = newLoop();
    const order: string[] = [];
    await loop.runUntilComplete(
      coroutine(async () => {
        const inner = createTask(async () => "v");
        order.push(`first ${await inner}`);
        loop.callSoon(() => order.push("callback"));
        order.push(`second ${await inner}`);
        await sleep(0);
      })(),
    );
    expect(order).toEqual(["first v", "second v", "callback"]);
  });
});
