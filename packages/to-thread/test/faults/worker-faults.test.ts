/**
 * The fault suite of the thread pool: calls under every kind of worker fault — a throw of any
 * value, process.exit, out of memory, errors escaping asynchronously, hangs under each
 * cancellation policy, detached buffers. Each test asserts what must not be lost: every call
 * settles, with its own outcome; every error reaches someone (the awaiter, or the logger when
 * nobody awaits it any more); the pool keeps serving with no more workers than it may have.
 */
import { type Logger, setLogger } from "@asyncio/core";
import { isTimeoutError } from "@asyncio/futures";
import { createTask, gather, sleep, waitFor } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";
import {
  isWorkerExitError,
  threadFunction,
  transfer,
  type WorkerExitError,
} from "../../src/index.js";
import {
  raise,
  rejection,
  sharedFlags,
  toThreadOn,
  wasCancelled,
  whenSet,
  withPool,
} from "../helpers.js";

/** How a future settled: `["returned", value]` or `["failed", value]`. */
async function outcome(future: PromiseLike<unknown>): Promise<[string, unknown]> {
  try {
    return ["returned", await future];
  } catch (error) {
    return ["failed", error];
  }
}

afterEach(() => setLogger(null));

describe("worker faults", { timeout: 20_000 }, () => {
  it("240 calls throwing 12 kinds of values (and returning) each fail with their own value", async () => {
    const kinds: [label: string, make: string][] = [
      ["undefined", "undefined"],
      ["null", "null"],
      ["0", "0"],
      ["NaN", "NaN"],
      ['""', '""'],
      ["false", "false"],
      ["12n", "12n"],
      ["an object", "({ code: 404 })"],
      ["an Error", 'new RangeError("out of range")'],
      ["an AggregateError", 'new AggregateError([new Error("a")], "both")'],
      ["a symbol", 'Symbol("s")'],
      ["nothing: it returns", '"returned"'],
    ];
    await withPool({ maxWorkers: 2 }, async (pool) => {
      const throwers = kinds.map(([label, make]) =>
        label.startsWith("nothing")
          ? new Function(`return () => ${make};`)()
          : new Function(`return () => { throw ${make}; };`)(),
      ) as (() => unknown)[];
      const futures = Array.from({ length: 240 }, (_, i) => pool.submit(throwers[i % 12]!));
      const settled = await Promise.all(futures.map(outcome));
      for (const [i, [how, value]] of settled.entries()) {
        const label = `call ${i}: ${kinds[i % 12]![0]}`;
        switch (i % 12) {
          case 0:
            expect([how, value], label).toEqual(["failed", undefined]);
            continue;
          case 1:
            expect([how, value], label).toEqual(["failed", null]);
            continue;
          case 2:
            expect([how, Object.is(value, 0)], label).toEqual(["failed", true]);
            continue;
          case 3:
            expect([how, Number.isNaN(value)], label).toEqual(["failed", true]);
            continue;
          case 4:
            expect([how, value], label).toEqual(["failed", ""]);
            continue;
          case 5:
            expect([how, value], label).toEqual(["failed", false]);
            continue;
          case 6:
            expect([how, value], label).toEqual(["failed", 12n]);
            continue;
          case 7:
            expect([how, value], label).toEqual(["failed", { code: 404 }]);
            continue;
          case 8:
            expect(value, label).toBeInstanceOf(RangeError);
            expect([how, (value as Error).message], label).toEqual(["failed", "out of range"]);
            continue;
          case 9:
            expect(value, label).toBeInstanceOf(AggregateError);
            expect((value as AggregateError).errors.length, label).toBe(1);
            continue;
          case 10:
            // A symbol can't be cloned: the call fails with its description instead.
            expect([how, value], label).toEqual(["failed", "Symbol(s)"]);
            continue;
          default:
            expect([how, value], label).toEqual(["returned", "returned"]);
            continue;
        }
      }
      expect(pool.workerCount).toBeLessThanOrEqual(2);
    });
  });

  it("10 of 60 calls end their worker with process.exit: each fails alone with its exit code; the rest return", async () => {
    await withPool({ maxWorkers: 2 }, async (pool) => {
      const futures = Array.from({ length: 60 }, (_, i) =>
        i % 6 === 5
          ? pool.submit((code: number) => process.exit(code), 10 + i)
          : pool.submit((n: number) => n * 2, i),
      );
      const settled = await Promise.all(futures.map(outcome));
      settled.forEach(([how, value], i) => {
        if (i % 6 === 5) {
          expect(how).toBe("failed");
          expect(isWorkerExitError(value)).toBe(true);
          expect((value as WorkerExitError).exitCode).toBe(10 + i);
        } else {
          expect([how, value]).toEqual(["returned", i * 2]);
        }
      });
      expect(pool.workerCount).toBeLessThanOrEqual(2);
      expect(await pool.submit(() => "still serving")).toBe("still serving");
    });
  });

  it("3 calls run out of memory under resourceLimits among 6 others: only they fail, with the cause", async () => {
    await withPool(
      { maxWorkers: 2, resourceLimits: { maxOldGenerationSizeMb: 16 } },
      async (pool) => {
        const hoard = (): never => {
          const kept: number[][] = [];
          for (;;) kept.push(new Array(100_000).fill(1));
        };
        const futures: PromiseLike<unknown>[] = [];
        for (let i = 0; i < 9; i++) {
          const future = i % 3 === 1 ? pool.submit(hoard) : pool.submit((n: number) => n, i);
          futures.push(future);
        }
        const settled = await Promise.all(futures.map(outcome));
        settled.forEach(([how, value], i) => {
          if (i % 3 === 1) {
            expect(how).toBe("failed");
            expect(isWorkerExitError(value)).toBe(true);
            expect(((value as WorkerExitError).cause as { code: string }).code).toBe(
              "ERR_WORKER_OUT_OF_MEMORY",
            );
          } else {
            expect([how, value]).toEqual(["returned", i]);
          }
        });
      },
    );
  });

  it("errors escaping asynchronously: during its call it fails that call; after it returned it is logged and the next call is untouched", async () => {
    const logged: string[] = [];
    let heard: () => void = () => undefined;
    const allHeard = new Promise<void>((resolve) => {
      heard = resolve;
    });
    const logger: Logger = {
      error: (message) => {
        logged.push(message);
        if (logged.length === 20) heard();
      },
      warning: () => undefined,
    };
    setLogger(logger);
    await withPool({ maxWorkers: 2 }, async (pool) => {
      const futures: PromiseLike<unknown>[] = [];
      for (let i = 0; i < 20; i++) {
        // Returns at once, leaving behind a timer that throws and a promise nobody handles.
        futures.push(
          pool.submit((n: number) => {
            if (n % 2 === 0) {
              setTimeout(() => {
                throw new Error(`late ${n}`);
              }, 0);
            } else {
              Promise.reject(new Error(`late ${n}`));
            }
            return n;
          }, i),
        );
        // Innocent calls, which may run on a worker while a late error goes off.
        futures.push(
          pool.submit(async (n: number) => {
            await new Promise((resolve) => setTimeout(resolve, 1));
            return -n;
          }, i),
        );
      }
      // Throws while its call is still running: that call fails, alone.
      const own = pool.submit(
        () =>
          new Promise(() => {
            setTimeout(() => {
              throw new Error("mine");
            }, 0);
          }),
      );
      const settled = await Promise.all(futures.map(outcome));
      settled.forEach(([how, value], i) => {
        const n = Math.floor(i / 2);
        expect([how, value]).toEqual(["returned", i % 2 === 0 ? n : -n]);
      });
      const error = (await rejection(own)) as WorkerExitError;
      expect(isWorkerExitError(error)).toBe(true);
      expect((error.cause as Error).message).toBe("mine");
      await allHeard;
      const lates = logged.map((message) => /Error: (late \d+)/.exec(message)?.[1]).sort();
      expect(lates).toEqual(Array.from({ length: 20 }, (_, n) => `late ${n}`).sort());
      expect(logged[0]).toMatch(
        /^Exception in a worker thread after a call of function \(anonymous\) had returned:\n/,
      );
    });
  });

  it("a function that returned plainly before and then goes asynchronous still fails its own call with its escaped error", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const sometimesAsync = (mode: string): unknown =>
        mode === "plain"
          ? mode
          : new Promise(() => {
              setTimeout(() => {
                throw new Error("went async");
              }, 0);
            });
      for (let i = 0; i < 3; i++) expect(await pool.submit(sometimesAsync, "plain")).toBe("plain");
      const error = (await rejection(pool.submit(sometimesAsync, "async"))) as WorkerExitError;
      expect(isWorkerExitError(error)).toBe(true);
      expect((error.cause as Error).message).toBe("went async");
      expect(await pool.submit(sometimesAsync, "plain")).toBe("plain");
    });
  });
});

describe("hangs under each cancellation policy", { timeout: 20_000 }, () => {
  it("detach: a call that never returns doesn't hold up its awaiter or the other worker; 20 calls go round it", async () => {
    await withPool({ maxWorkers: 2 }, async (pool) => {
      const flags = sharedFlags();
      const hung = createTask(
        toThreadOn(
          pool,
          (f: Int32Array) => {
            Atomics.store(f, 0, 1);
            Atomics.notify(f, 0);
            Atomics.wait(f, 1, 0);
            return "released";
          },
          flags,
        ),
      );
      await whenSet(flags, 0);
      hung.cancel();
      expect(wasCancelled(await rejection(hung))).toBe(true);
      const others = await gather(
        ...Array.from({ length: 20 }, (_, i) => toThreadOn(pool, (n: number) => n + 1, i)),
      );
      expect(others).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      // The detached call still holds its worker until it returns; then the pool has it back.
      raise(flags, 1);
      expect(
        await gather(
          pool.submit(() => 1),
          pool.submit(() => 2),
        ),
      ).toEqual([1, 2]);
    });
  });

  it("terminate: 5 endless loops ended by waitFor deadlines; the calls queued behind them all run", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const endless = threadFunction(
        () => {
          for (;;) {
            // never returns
          }
        },
        { onCancel: "terminate" },
      );
      for (let round = 0; round < 5; round++) {
        const deadline = await rejection(waitFor(toThreadOn(pool, endless), 0.05));
        expect(isTimeoutError(deadline)).toBe(true);
        expect(await pool.submit((n: number) => n * 10, round)).toBe(round * 10);
        expect(pool.workerCount).toBe(1);
      }
    });
  });

  it("cooperative: 5 spinning calls return when cancelled; one that never looks is detached at once", async () => {
    await withPool({ maxWorkers: 2 }, async (pool) => {
      const spin = threadFunction(
        (signal: AbortSignal) => {
          let spins = 0;
          while (!signal.aborted) spins++;
          return spins;
        },
        { onCancel: "cooperative" },
      );
      for (let round = 0; round < 5; round++) {
        const deadline = await rejection(waitFor(toThreadOn(pool, spin), 0.02));
        expect(isTimeoutError(deadline)).toBe(true);
      }
      const flags = sharedFlags();
      const ignoring = threadFunction(
        (_signal: AbortSignal, f: Int32Array) => {
          Atomics.store(f, 0, 1);
          Atomics.notify(f, 0);
          Atomics.wait(f, 1, 0);
          return "late";
        },
        { onCancel: "cooperative" },
      );
      const task = createTask(toThreadOn(pool, ignoring, flags));
      await whenSet(flags, 0);
      task.cancel();
      expect(wasCancelled(await rejection(task))).toBe(true);
      expect(await pool.submit(() => "the other worker")).toBe("the other worker");
      raise(flags, 1);
    });
  });

  it("calls queued behind a hang and cancelled never run", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const flags = sharedFlags(4);
      const hung = pool.submit((f: Int32Array) => {
        Atomics.store(f, 0, 1);
        Atomics.notify(f, 0);
        Atomics.wait(f, 1, 0);
        return "released";
      }, flags);
      await whenSet(flags, 0);
      const queued = Array.from({ length: 30 }, () =>
        createTask(toThreadOn(pool, (f: Int32Array) => Atomics.add(f, 2, 1), flags)),
      );
      await sleep(0);
      for (const task of queued) task.cancel();
      for (const task of queued) expect(wasCancelled(await rejection(task))).toBe(true);
      raise(flags, 1);
      expect(await hung).toBe("released");
      expect(await pool.submit((f: Int32Array) => Atomics.load(f, 2), flags)).toBe(0);
    });
  });
});

describe("detached buffers", { timeout: 20_000 }, () => {
  it("50 queued calls moving 5 buffers: the first of each moves it, the others fail with the detached TypeError; nothing hangs", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const flags = sharedFlags();
      const blocker = pool.submit((f: Int32Array) => {
        Atomics.store(f, 0, 1);
        Atomics.notify(f, 0);
        Atomics.wait(f, 1, 0);
        return "released";
      }, flags);
      await whenSet(flags, 0);
      const buffers = Array.from({ length: 5 }, (_, i) => new Uint8Array(1024).fill(i));
      const futures = Array.from({ length: 50 }, (_, i) =>
        pool.submit((data: Uint8Array) => data[0], transfer(buffers[i % 5]!)),
      );
      raise(flags, 1);
      expect(await blocker).toBe("released");
      const settled = await Promise.all(futures.map(outcome));
      settled.forEach(([how, value], i) => {
        if (i < 5) {
          expect([how, value]).toEqual(["returned", i]);
        } else {
          expect(how).toBe("failed");
          expect(value).toBeInstanceOf(TypeError);
          expect((value as Error).message).toMatch(/holds a detached ArrayBuffer/);
        }
      });
      expect(pool.workerCount).toBe(1);
      expect(await pool.submit(() => "usable")).toBe("usable");
    });
  });
});
