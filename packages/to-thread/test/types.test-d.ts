/** Type tests: arguments and results of offloaded functions are checked. */
import type { Coroutine } from "@asyncio/tasks";
import { describe, expectTypeOf, it } from "vitest";
import {
  type CancelSignal,
  type ConcurrentFuture,
  moduleFunction,
  ThreadPoolExecutor,
  threadFunction,
  toThread,
  transfer,
  type WorkerFunction,
} from "../src/index.js";

type Work = typeof import("./fixtures/work.js");
const url = new URL("./fixtures/work.js", import.meta.url);

describe("types", () => {
  it("toThread infers the arguments and the awaited result", () => {
    expectTypeOf(toThread((a: number, b: string) => `${a}${b}`, 1, "x")).toEqualTypeOf<
      Coroutine<string>
    >();
    expectTypeOf(toThread(async () => 1)).toEqualTypeOf<Coroutine<number>>();
    // @ts-expect-error a string is not a number
    toThread((a: number) => a, "1");
  });

  it("moduleFunction takes the export's type", () => {
    const hash = moduleFunction<Work["hash"]>(url, "hash");
    expectTypeOf(hash).toEqualTypeOf<WorkerFunction<[data: Uint8Array], string>>();
    expectTypeOf(toThread(hash, new Uint8Array(1))).toEqualTypeOf<Coroutine<string>>();
    expectTypeOf(toThread(moduleFunction<Work["addLater"]>(url, "addLater"), 1, 2)).toEqualTypeOf<
      Coroutine<number>
    >();
    // @ts-expect-error hash takes a Uint8Array
    toThread(hash, "text");
  });

  it("a cooperative function's signal is supplied by the worker, not the caller", () => {
    const spin = threadFunction((signal: CancelSignal, n: number) => (signal.aborted ? 0 : n), {
      onCancel: "cooperative",
    });
    expectTypeOf(spin).toEqualTypeOf<WorkerFunction<[n: number], number>>();
    const fromModule = moduleFunction<Work["spinUntilCancelled"]>(url, "spinUntilCancelled", {
      onCancel: "cooperative",
    });
    expectTypeOf(toThread(fromModule, new Int32Array(1))).toEqualTypeOf<Coroutine<number>>();
  });

  it("submit returns a typed ConcurrentFuture; transfer keeps the argument type", () => {
    const pool = new ThreadPoolExecutor();
    expectTypeOf(
      pool.submit((b: Uint8Array) => b.length, transfer(new Uint8Array(4))),
    ).toEqualTypeOf<ConcurrentFuture<number>>();
  });
});
