/**
 * An argument or a result that can't cross to another thread (a function, a Task, an instance of
 * a class with methods, a Promise) fails its call with a TypeError that names the argument by its
 * position and says which part of it is to blame, in the caller's terms, never an unrelated
 * function found deep inside. The worker keeps serving.
 */
import { run } from "@asyncio/core";
import { createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { toThread } from "../src/index.js";
import { rejection, withPool } from "./helpers.js";

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

class PlainRecord {
  constructor(readonly id: number) {}
}

describe("arguments that can't be sent", () => {
  it("a Task given to toThread names toThread's argument and its class", async () => {
    const error = (await run(async () => {
      const task = createTask(sleep(0));
      const failure = await rejection(toThread((t: unknown) => typeof t, task));
      await task;
      return failure;
    })) as Error;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      "toThread() argument 2 (a Task object) could not be sent to a worker thread: it is an instance of class Task, and structured cloning keeps neither its class nor its methods; send plain data (numbers, strings, arrays, plain objects, typed arrays, Map, Set, Date) instead",
    );
  });

  it("an instance of a class with methods is refused; one with data only crosses as a plain object", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const error = (await rejection(
        pool.submit((a: number, p: Point) => a + p.norm(), 1, new Point(3, 4)),
      )) as Error;
      expect(error.message).toBe(
        "submit() argument 3 (a Point object) could not be sent to a worker thread: it is an instance of class Point, and structured cloning keeps neither its class nor its methods; send plain data (numbers, strings, arrays, plain objects, typed arrays, Map, Set, Date) instead",
      );
      expect(await pool.submit((r: PlainRecord) => r.id, new PlainRecord(7))).toBe(7);
    });
  });

  it("a function names the argument and says it is a function", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const error = (await rejection(
        pool.submit(
          (f: unknown) => typeof f,
          () => 1,
        ),
      )) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        "submit() argument 2 (function (anonymous)) could not be sent to a worker thread: it is a function, which can't be cloned",
      );
      expect((error.cause as Error).message).toMatch(/could not be cloned/);
    });
  });

  it("a function deep inside an argument is found by its path", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const options = { retries: 3, handlers: [{ onData: (n: number) => n }] };
      const error = (await rejection(
        pool.submit((a: number, o: unknown) => [a, o], 1, options),
      )) as Error;
      expect(error.message).toBe(
        "submit() argument 3 (an object) could not be sent to a worker thread: its .handlers[0].onData is a function (onData), which can't be cloned",
      );
      const byKey = new Map<string, unknown>([
        ["ok", 1],
        ["bad", Symbol("s")],
      ]);
      const mapError = (await rejection(pool.submit((m: unknown) => m, byKey))) as Error;
      expect(mapError.message).toBe(
        "submit() argument 2 (a Map object) could not be sent to a worker thread: its .values()[1] is a symbol, which can't be cloned",
      );
    });
  });

  it("an object of a kind that can't be cloned at all (a Promise) is named itself", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const error = (await rejection(
        pool.submit((o: unknown) => o, { pending: Promise.resolve(1) }),
      )) as Error;
      expect(error.message).toBe(
        "submit() argument 2 (an object) could not be sent to a worker thread: its .pending is a Promise object, which can't be cloned",
      );
      // The worker was never involved: it still serves.
      expect(await pool.submit((n: number) => n * 2, 21)).toBe(42);
    });
  });

  it("built-in and host objects that cloning supports cross with their class", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const sent = [new Date(0), new Map([[1, 2]]), new Set([3]), /x/g, new Blob(["hi"])];
      const kinds = await pool.submit(
        (...values: unknown[]) => values.map((v) => Object.prototype.toString.call(v)),
        ...sent,
      );
      expect(kinds).toEqual([
        "[object Date]",
        "[object Map]",
        "[object Set]",
        "[object RegExp]",
        "[object Blob]",
      ]);
    });
  });
});

describe("results that can't be sent back", () => {
  it("a function result says so; the worker keeps serving", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const error = (await rejection(pool.submit(() => () => 1))) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        "the result of function (anonymous) could not be sent back from the worker thread: it is a function, which can't be cloned",
      );
      const nested = (await rejection(
        pool.submit(() => ({ rows: [1, 2], next: async function nextPage() {} })),
      )) as Error;
      expect(nested.message).toBe(
        "the result of function (anonymous) could not be sent back from the worker thread: its .next is a function (nextPage), which can't be cloned",
      );
      expect(await pool.submit(() => "still serving")).toBe("still serving");
    });
  });

  it("an instance of a class with methods is refused as a result too", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const error = (await rejection(
        pool.submit(() => {
          class Vector {
            constructor(readonly x: number) {}
            length(): number {
              return Math.abs(this.x);
            }
          }
          return new Vector(-2);
        }),
      )) as Error;
      expect(error.message).toBe(
        "the result of function (anonymous) could not be sent back from the worker thread: it is an instance of class Vector, and structured cloning keeps neither its class nor its methods; return plain data (numbers, strings, arrays, plain objects, typed arrays, Map, Set, Date) instead",
      );
    });
  });
});
