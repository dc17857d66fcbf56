/**
 * A worker function may throw any JavaScript value, including `undefined` and `null`. The call
 * must fail with exactly that value: the outcome travels as "failed" explicitly and is never
 * guessed from the value (a missing error is not a success).
 */
import { run } from "@asyncio/core";
import { describe, expect, it } from "vitest";
import { toThread } from "../src/index.js";
import { withPool } from "./helpers.js";

/** How `promise` settled: `["failed", value]` or `["returned", value]`. */
async function outcome(promise: PromiseLike<unknown>): Promise<[string, unknown]> {
  try {
    return ["returned", await promise];
  } catch (error) {
    return ["failed", error];
  }
}

describe("thrown values", () => {
  for (const [label, thrown] of [
    ["undefined", undefined],
    ["null", null],
    ["0", 0],
    ['""', ""],
    ["false", false],
  ] as const) {
    it(`throw ${label}: the call fails with ${label}, and the future says it failed`, async () => {
      await withPool({ maxWorkers: 1 }, async (pool) => {
        const future = pool.submit((value: unknown) => {
          throw value;
        }, thrown);
        expect(await outcome(future)).toEqual(["failed", thrown]);
        expect(future.done()).toBe(true);
        expect(() => future.result()).toThrow();
        let caught: unknown = "nothing";
        try {
          future.result();
        } catch (error) {
          caught = error;
        }
        expect(caught).toBe(thrown);
        // The worker is still usable.
        expect(await pool.submit(() => "after")).toBe("after");
      });
    });

    it(`a rejection with ${label} from an async function fails the call the same way`, async () => {
      await withPool({ maxWorkers: 1 }, async (pool) => {
        const future = pool.submit(async (value: unknown) => {
          await null;
          throw value;
        }, thrown);
        expect(await outcome(future)).toEqual(["failed", thrown]);
      });
    });
  }

  it("toThread(() => { throw undefined }) fails the awaiting task with undefined (test_threads.py::ToThreadTests::test_to_thread_exception)", async () => {
    const settled = await run(async () => [
      await outcome(
        toThread(() => {
          throw undefined;
        }),
      ),
      await outcome(
        toThread(() => {
          throw null;
        }),
      ),
    ]);
    expect(settled).toEqual([
      ["failed", undefined],
      ["failed", null],
    ]);
  });
});
