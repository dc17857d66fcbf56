/**
 * `isFuture` without a running loop, mirroring test_futures.py::BaseFutureTests::test_isfuture:
 * Futures (also from another copy of the package) are futures; classes, thenables and plain
 * values are not.
 */
import { type EventLoopContract, Future, isFuture } from "@asyncio/futures";
import { describe, expect, it } from "vitest";

/** Enough of a loop for a Future that is never scheduled. */
const idleLoop = { _enqueue() {}, callSoon() {} } as unknown as EventLoopContract;

describe("isFuture", () => {
  it("is true for Futures and false for the class, thenables and plain values (test_futures.py::BaseFutureTests::test_isfuture)", () => {
    const f = new Future({ loop: idleLoop });
    expect(isFuture(f)).toBe(true);
    expect(isFuture(Future)).toBe(false);
    expect(isFuture(1)).toBe(false);
    expect(isFuture(null)).toBe(false);
    expect(isFuture(Promise.resolve())).toBe(false);
    expect(isFuture({ then() {}, done: () => false })).toBe(false);
    expect(f.getLoop()).toBe(idleLoop);
  });

  it("recognises a Future made by another copy of the package, where instanceof fails (test_futures.py::BaseFutureTests::test_isfuture)", async () => {
    const copy = (await import(
      // @ts-expect-error: the query makes a separate module instance; it has no declaration.
      "../src/future.ts?second-copy"
    )) as typeof import("../src/future.js");
    expect(copy.Future).not.toBe(Future);
    const foreign = new copy.Future({ loop: idleLoop });
    expect(foreign instanceof Future).toBe(false);
    expect(isFuture(foreign)).toBe(true);
    expect(copy.isFuture(new Future({ loop: idleLoop }))).toBe(true);
  });
});
