/**
 * toThread: results, arguments, errors and what a self-contained function may use. Mirrors
 * CPython's test_threads.py::ToThreadTests where a test exists there.
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { EventLoop, run } from "@asyncio/core";
import { ValueError } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import { moduleFunction, ThreadPoolExecutor, toThread, transfer } from "../src/index.js";
import { rejection, withPool } from "./helpers.js";

const workUrl = new URL("./fixtures/work.js", import.meta.url);

describe("toThread", () => {
  it("returns the function's result (test_threads.py::ToThreadTests::test_to_thread)", async () => {
    const result = await run(async () => await toThread(() => 42));
    expect(result).toBe(42);
  });

  it("passes the arguments (test_threads.py::ToThreadTests::test_to_thread_args_kwargs)", async () => {
    const result = await run(
      async () =>
        await toThread(
          (a: number, b: string, c: number[]) => `${a}${b}${c.join()}`,
          1,
          "x",
          [2, 3],
        ),
    );
    expect(result).toBe("1x2,3");
  });

  it("runs its call in a worker thread, several in sequence (test_threads.py::ToThreadTests::test_to_thread_once)", async () => {
    const ids = await run(async () => {
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        seen.push(
          await toThread(async () => {
            const { threadId } = await import("node:worker_threads");
            return threadId;
          }),
        );
      }
      return seen;
    });
    for (const id of ids) expect(id).toBeGreaterThan(0);
  });

  it("awaits an async function and lets it import modules", async () => {
    const digest = await run(
      async () =>
        await toThread(async (text: string) => {
          const { createHash } = await import("node:crypto");
          return createHash("sha1").update(text).digest("hex");
        }, "abc"),
    );
    expect(digest).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  });

  it("is lazy: nothing runs until it is awaited", async () => {
    await run(async () => {
      const flags = new Int32Array(new SharedArrayBuffer(4));
      const coro = toThread((f: Int32Array) => Atomics.store(f, 0, 1), flags);
      expect(Atomics.load(flags, 0)).toBe(0);
      await coro;
      expect(Atomics.load(flags, 0)).toBe(1);
    });
  });

  it("compiles method shorthand functions", async () => {
    const object = {
      twice(n: number): number {
        return n * 2;
      },
    };
    expect(await run(async () => await toThread(object.twice, 21))).toBe(42);
  });

  it("reports a variable of the enclosing scope by name and says how to fix it", async () => {
    const factor = 3;
    const error = await run(async () => await rejection(toThread((n: number) => n * factor, 2)));
    expect(error).toBeInstanceOf(ReferenceError);
    expect((error as Error).message).toMatch(
      /^function \(anonymous\) uses "factor", which is not defined in the worker thread: .*pass "factor" as an argument.*moduleFunction\(\)/,
    );
    expect(((error as Error).cause as Error).message).toBe("factor is not defined");
  });

  it("runs a function exported from a module, typed by its export", async () => {
    const hash = moduleFunction<typeof import("./fixtures/work.js")["hash"]>(workUrl, "hash");
    const addLater = moduleFunction<typeof import("./fixtures/work.js")["addLater"]>(
      workUrl,
      "addLater",
    );
    const [digest, sum] = await run(async () => [
      await toThread(hash, new TextEncoder().encode("abc")),
      await toThread(addLater, 40, 2),
    ]);
    expect(digest).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sum).toBe(42);
  });

  it("moves transferred buffers and shares a SharedArrayBuffer", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const bytes = new Uint8Array([1, 2, 3]);
      const length = await pool.submit((data: Uint8Array) => data.length, transfer(bytes));
      expect(length).toBe(3);
      expect(bytes.byteLength).toBe(0); // moved, not copied

      const shared = new Int32Array(new SharedArrayBuffer(8));
      await pool.submit((s: Int32Array) => Atomics.add(s, 1, 5), shared);
      expect(shared[1]).toBe(5);

      // A MessagePort moves too: the worker talks back through it while the call runs.
      const { port1, port2 } = new MessageChannel();
      const heard = new Promise((resolve) => port1.once("message", resolve));
      const sent = await pool.submit((port: MessagePort) => {
        port.postMessage("hello from the worker");
        port.close();
        return "sent";
      }, transfer(port2));
      expect([sent, await heard]).toEqual(["sent", "hello from the worker"]);
      port1.close();

      // The worker returns a moved result with the same marker transfer() makes.
      const back = await pool.submit(() => {
        const buffer = new ArrayBuffer(16);
        return {
          [Symbol.for("@asyncio/to-thread:transfer")]: true,
          value: buffer,
          transferList: [buffer],
        };
      });
      expect((back as unknown as ArrayBuffer).byteLength).toBe(16);
    });
  });
});

describe("errors cross with what they carry", () => {
  it("keeps name, message, stack, cause and own properties (test_threads.py::ToThreadTests::test_to_thread_exception)", async () => {
    const error = (await run(
      async () =>
        await rejection(
          toThread(() => {
            class ParseError extends Error {
              code = "E_PARSE";
            }
            function parseHeader(): never {
              throw new ParseError("bad header", { cause: new RangeError("offset 7") });
            }
            parseHeader();
          }),
        ),
    )) as Error & { code: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ParseError");
    expect(error.message).toBe("bad header");
    expect(error.code).toBe("E_PARSE");
    expect(error.stack).toMatch(/parseHeader/);
    expect(error.cause).toBeInstanceOf(RangeError);
    expect((error.cause as Error).message).toBe("offset 7");
  });

  it("keeps built-in classes, custom names and AggregateError's errors", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const typeError = await rejection(pool.submit(() => JSON.parse("null").toString()));
      expect(typeError).toBeInstanceOf(TypeError);
      const named = (await rejection(
        pool.submit(() => {
          const error = new Error("nope");
          error.name = "QuotaError";
          throw error;
        }),
      )) as Error;
      expect([named.name, named.message]).toEqual(["QuotaError", "nope"]);
      const aggregate = (await rejection(
        pool.submit(() => {
          throw new AggregateError([new Error("a"), new TypeError("b")], "both");
        }),
      )) as AggregateError;
      expect(aggregate).toBeInstanceOf(AggregateError);
      expect(aggregate.errors.map((e: Error) => `${e.name}:${e.message}`)).toEqual([
        "Error:a",
        "TypeError:b",
      ]);
      const thrownValue = await rejection(
        pool.submit(() => {
          throw { status: 404 };
        }),
      );
      expect(thrownValue).toEqual({ status: 404 });
    });
  });
});

describe("bad input", () => {
  it("rejects a non-function where toThread() is called", () => {
    expect(() => toThread(42 as never)).toThrow(
      new TypeError("toThread() fn must be a function or a WorkerFunction, got 42"),
    );
    expect(() => toThread(Math.max)).toThrow(
      /can't send function max to a worker thread: built-in and bound functions have no source/,
    );
    expect(() => toThread((() => 1).bind(null))).toThrow(TypeError);
    expect(() => toThread(class Work {} as never)).toThrow(
      new TypeError("toThread() expects a function, got class Work"),
    );
  });

  it("names a module that doesn't exist", async () => {
    const missing = moduleFunction(new URL("./fixtures/missing.js", import.meta.url), "work");
    const error = (await run(async () => await rejection(toThread(missing)))) as Error & {
      code: string;
    };
    expect(error.message).toMatch(
      /^moduleFunction\(\): cannot import file:\/\/.*\/fixtures\/missing\.js in the worker thread: /,
    );
    expect(error.code).toBe("ERR_MODULE_NOT_FOUND");
  });

  it("names an export that isn't a function, or doesn't exist", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const notFunction = (await rejection(
        pool.submit(moduleFunction(workUrl, "notAFunction")),
      )) as Error;
      expect(notFunction).toBeInstanceOf(TypeError);
      expect(notFunction.message).toBe(
        `moduleFunction(): export "notAFunction" of ${workUrl.href} is a number (42), not a function`,
      );
      const absent = (await rejection(pool.submit(moduleFunction(workUrl, "nothing")))) as Error;
      expect(absent.message).toBe(
        `moduleFunction(): ${workUrl.href} has no export named "nothing" (its exports: addLater, hash, notAFunction, spinUntilCancelled)`,
      );
    });
  });

  it("checks transfer()'s arguments", () => {
    expect(() => transfer(1)).toThrow(new TypeError("transfer() needs an object to move, got 1"));
    expect(() => transfer(new ArrayBuffer(1), "all" as never)).toThrow(
      'transfer() transferList must be an array, got "all"',
    );
  });

  it("checks moduleFunction's arguments", () => {
    expect(() => moduleFunction("work.js", "hash")).toThrow(
      /^moduleFunction\(\) url must be a URL such as new URL\("\.\/work\.js", import\.meta\.url\), got "work\.js"$/,
    );
    expect(() => moduleFunction(workUrl, "")).toThrow(
      'moduleFunction() exportName must be the name of an export, got ""',
    );
    expect(() => moduleFunction(workUrl, "hash", { onCancel: "later" as never })).toThrow(
      'moduleFunction() onCancel must be "detach", "terminate" or "cooperative", got "later"',
    );
  });

  it("rejects maxWorkers: 0 and other bad pool options (test_concurrent_futures::ExecutorTest::test_max_workers_negative)", () => {
    expect(() => new ThreadPoolExecutor({ maxWorkers: 0 })).toThrow(
      "ThreadPoolExecutor() maxWorkers must be greater than 0, got 0",
    );
    expect(() => new ThreadPoolExecutor({ maxWorkers: 1.5 })).toThrow(
      new TypeError("ThreadPoolExecutor() maxWorkers must be an integer, got 1.5"),
    );
    expect(() => new ThreadPoolExecutor({ idleTimeout: -1 })).toThrow(ValueError);
  });

  it("uses Python's default pool size, min(32, cpus + 4)", async () => {
    const { availableParallelism } = await import("node:os");
    expect(new ThreadPoolExecutor().maxWorkers).toBe(Math.min(32, availableParallelism() + 4));
  });

  it("refuses a coroutine as the function", () => {
    const loop = new EventLoop();
    expect(() => toThread(run(async () => 1) as never)).toThrow(TypeError);
    loop.close();
  });
});
