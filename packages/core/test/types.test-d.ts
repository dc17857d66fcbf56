/** Type tests: Futures, Tasks and coroutines carry their result types through every API. */
import type { EventLoop } from "@asyncio/core";
import {
  type CancelledError,
  Future,
  getRunningLoop,
  isCancelledError,
  peekRunningLoop,
} from "@asyncio/futures";
import {
  type Coroutine,
  coroutine,
  createTask,
  currentTask,
  ensureFuture,
  sleep,
  type Task,
} from "@asyncio/tasks";
import { describe, expectTypeOf, it } from "vitest";

declare const loop: EventLoop;

describe("the running loop's type", () => {
  it("getRunningLoop() is the full EventLoop once @asyncio/core is in the program", () => {
    expectTypeOf(getRunningLoop()).toEqualTypeOf<EventLoop>();
    expectTypeOf(peekRunningLoop()).toEqualTypeOf<EventLoop | null>();
    expectTypeOf(getRunningLoop().createFuture<number>()).toEqualTypeOf<Future<number>>();
    expectTypeOf(getRunningLoop().createTask(sleep(1, "x"))).toEqualTypeOf<Task<string>>();
  });
});

describe("Future types", () => {
  it("Future<number>: result() and await give number", async () => {
    const fut = new Future<number>({ loop });
    expectTypeOf(fut.result()).toEqualTypeOf<number>();
    expectTypeOf(await fut).toEqualTypeOf<number>();
    expectTypeOf(loop.createFuture<number>()).toEqualTypeOf<Future<number>>();
    expectTypeOf(fut.exception()).toEqualTypeOf<unknown>();
    expectTypeOf(fut.done()).toBeBoolean();
    expectTypeOf(fut.cancel()).toBeBoolean();
    expectTypeOf(fut.removeDoneCallback(() => undefined)).toBeNumber();
    // @ts-expect-error a string is not a number
    fut.setResult("x");
    // @ts-expect-error the message is a string
    fut.cancel(5);
  });

  it("done callbacks receive the future itself", () => {
    const fut = new Future<string>({ loop });
    fut.addDoneCallback((f) => {
      expectTypeOf(f).toEqualTypeOf<Future<string>>();
      expectTypeOf(f.result()).toEqualTypeOf<string>();
    });
  });

  it("isCancelledError narrows", () => {
    const error: unknown = null;
    if (isCancelledError(error)) expectTypeOf(error).toEqualTypeOf<CancelledError>();
  });
});

describe("coroutine and Task types", () => {
  it('coroutine(async (a: number) => "x") gives (a: number) => Coroutine<string>', () => {
    const make = coroutine(async (a: number) => `x${a}`);
    expectTypeOf(make).toEqualTypeOf<(a: number) => Coroutine<string>>();
    expectTypeOf(make(1)).toEqualTypeOf<Coroutine<string>>();
    // @ts-expect-error the parameter is a number
    make("1");
    // @ts-expect-error a missing argument
    make();
  });

  it("a coroutine of a Promise-returning function unwraps the Promise", () => {
    const nested = coroutine(async () => Promise.resolve(1));
    expectTypeOf(nested).toEqualTypeOf<() => Coroutine<number>>();
  });

  it("createTask infers the result from the coroutine, a function or a Promise", async () => {
    const work = coroutine(async (name: string) => name.length);
    const task = createTask(work("ada"));
    expectTypeOf(task).toEqualTypeOf<Task<number>>();
    expectTypeOf(await task).toEqualTypeOf<number>();
    expectTypeOf(task.result()).toEqualTypeOf<number>();
    expectTypeOf(createTask(async () => "s")).toEqualTypeOf<Task<string>>();
    expectTypeOf(createTask(Promise.resolve(true))).toEqualTypeOf<Task<boolean>>();
    expectTypeOf(loop.createTask(work("x"))).toEqualTypeOf<Task<number>>();
    expectTypeOf(ensureFuture(work("x"))).toEqualTypeOf<Future<number>>();
    // @ts-expect-error not something a task can run
    createTask(42);
  });

  it("Task<string> is a Future<string> with the Task methods", async () => {
    const task = createTask(async () => "s");
    expectTypeOf(task).toMatchTypeOf<Future<string>>();
    expectTypeOf(await task).toEqualTypeOf<string>();
    expectTypeOf(task.getName()).toBeString();
    expectTypeOf(task.cancelling()).toBeNumber();
    expectTypeOf(task.uncancel()).toBeNumber();
    expectTypeOf(task.signal).toEqualTypeOf<AbortSignal>();
    expectTypeOf(task.setResult).returns.toBeNever();
    expectTypeOf(currentTask()).toEqualTypeOf<Task<unknown> | null>();
  });

  it("sleep returns a coroutine of its result", async () => {
    expectTypeOf(sleep(1)).toEqualTypeOf<Coroutine<undefined>>();
    expectTypeOf(sleep(1, "v")).toEqualTypeOf<Coroutine<string>>();
    expectTypeOf(await sleep(0, 10)).toEqualTypeOf<number>();
  });
});
