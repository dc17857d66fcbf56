/**
 * Type tests for `gather`'s tuple inference (no CPython counterpart: Python's typeshed overloads
 * give `gather(a, b)` the type `Future[tuple[A, B]]`).
 */
import type { Future } from "@asyncio/futures";
import {
  type Coroutine,
  coroutine,
  createTask,
  type GatheringFuture,
  gather,
  sleep,
} from "@asyncio/tasks";
import { describe, expectTypeOf, it } from "vitest";

declare const n: Coroutine<number>;
declare const s: Future<string>;
declare const p: Promise<boolean>;
declare const f: () => Promise<bigint>;

describe("gather types", () => {
  it("infers a tuple of the results in argument order", () => {
    expectTypeOf(gather(n, s)).toEqualTypeOf<GatheringFuture<[number, string]>>();
    expectTypeOf(gather(n, s, p, f)).toEqualTypeOf<
      GatheringFuture<[number, string, boolean, bigint]>
    >();
    expectTypeOf(gather(sleep(1, "x"), createTask(sleep(1, 2)))).toEqualTypeOf<
      GatheringFuture<[string, number]>
    >();
  });

  it("no arguments give an empty tuple", () => {
    expectTypeOf(gather()).toEqualTypeOf<GatheringFuture<[]>>();
  });

  it("awaiting gives the tuple, which destructures", async () => {
    const [a, b] = await gather(n, s);
    expectTypeOf(a).toEqualTypeOf<number>();
    expectTypeOf(b).toEqualTypeOf<string>();
  });

  it("returnExceptions: true adds Error to each element", () => {
    expectTypeOf(gather(n, s, { returnExceptions: true })).toEqualTypeOf<
      GatheringFuture<[number | Error, string | Error]>
    >();
  });

  it("returnExceptions false keeps the results", () => {
    expectTypeOf(gather(n, { returnExceptions: false })).toEqualTypeOf<
      GatheringFuture<[number] | [number | Error]>
    >();
  });

  it("an argument of a coroutine function call is typed by its result", () => {
    const work = coroutine(async (x: number) => String(x));
    expectTypeOf(gather(work(1), work(2))).toEqualTypeOf<GatheringFuture<[string, string]>>();
  });

  it("a non-awaitable argument doesn't type-check", () => {
    // @ts-expect-error 42 isn't awaitable
    gather(42);
    // @ts-expect-error a string isn't awaitable
    gather(n, "x");
  });
});
