/** Type tests: a cluster call is typed by its moduleFunction, as a thread call is. */
import type { EventLoop } from "@asyncio/core";
import type { Future } from "@asyncio/futures";
import { type CancelSignal, moduleFunction } from "@asyncio/to-thread";
import { describe, expectTypeOf, it } from "vitest";
import { BullMQExecutor, type JobFuture, type JobProgress } from "../src/index.js";

type Jobs = typeof import("./fixtures/jobs.js");
const url = new URL("./fixtures/jobs.js", import.meta.url);
const executor = new BullMQExecutor({ connection: "redis://127.0.0.1:6379", queueName: "q" });

describe("types", () => {
  it("submit infers the arguments and the awaited result from the module function", () => {
    const add = moduleFunction<Jobs["add"]>(url, "add");
    expectTypeOf(executor.submit(add, 1, 2)).toEqualTypeOf<JobFuture<number>>();
    const addLater = moduleFunction<Jobs["addLater"]>(url, "addLater");
    expectTypeOf(executor.submit(addLater, 1, 2)).toEqualTypeOf<JobFuture<number>>();
    // @ts-expect-error a string is not a number
    executor.submit(add, 1, "2");
    // @ts-expect-error two arguments are needed
    executor.submit(add, 1);
  });

  it("a cooperative function's signal is not an argument of the call", () => {
    const block = moduleFunction<(signal: CancelSignal, token: string) => Promise<string>>(
      url,
      "blockCooperatively",
      { onCancel: "cooperative" },
    );
    expectTypeOf(executor.submit(block, "t")).toEqualTypeOf<JobFuture<string>>();
  });

  it("runInExecutor returns a loop Future of the result", () => {
    const loop = null as unknown as EventLoop;
    const add = moduleFunction<Jobs["add"]>(url, "add");
    expectTypeOf(loop.runInExecutor(executor, add, 1, 2)).toEqualTypeOf<Future<number>>();
  });

  it("progress is a JSON-able value", () => {
    const future = null as unknown as JobFuture<number>;
    expectTypeOf(future.lastProgress).toEqualTypeOf<JobProgress | undefined>();
    expectTypeOf(future.progress()).toEqualTypeOf<AsyncIterableIterator<JobProgress>>();
  });
});
