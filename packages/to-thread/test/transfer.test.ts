/**
 * `transfer()` moves buffers instead of copying them. A buffer that was already moved (detached)
 * can't be moved again: that is a `TypeError` saying so, raised before anything is sent, and the
 * worker that would have received it stays usable.
 */
import { describe, expect, it } from "vitest";
import { transfer } from "../src/index.js";
import { raise, rejection, sharedFlags, whenSet, withPool } from "./helpers.js";

/** A buffer whose contents were moved elsewhere, as after a transfer. */
function detachedBuffer(): ArrayBuffer {
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}

describe("transfer() and detached buffers", () => {
  it("transfer() of a detached ArrayBuffer is a TypeError saying it is detached", () => {
    expect(() => transfer(detachedBuffer())).toThrow(
      new TypeError(
        "transfer() can't move a detached ArrayBuffer: its contents were already moved to another thread",
      ),
    );
  });

  it("transfer() of a typed array over a detached buffer is the same TypeError", () => {
    const bytes = new Uint8Array(8);
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    expect(() => transfer(bytes)).toThrow(
      "transfer() can't move a detached ArrayBuffer: its contents were already moved to another thread",
    );
  });

  it("a detached buffer in the transfer list is the same TypeError, naming its position", () => {
    expect(() => transfer({ a: 1 }, [new ArrayBuffer(1), detachedBuffer()])).toThrow(
      "transfer() transferList[1] is a detached ArrayBuffer: its contents were already moved to another thread",
    );
  });

  it("checks what the transfer list holds", () => {
    expect(() => transfer({}, [5 as never])).toThrow(
      new TypeError(
        "transfer() transferList[0] must be an ArrayBuffer, a MessagePort or another transferable object, got 5",
      ),
    );
    expect(() => transfer({}, [new Uint8Array(2) as never])).toThrow(
      new TypeError(
        "transfer() transferList[0] is a Uint8Array: list its buffer (view.buffer) instead",
      ),
    );
  });

  it("a buffer moved by an earlier call fails the later call before it is sent; the worker stays usable", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const flags = sharedFlags();
      // The only worker is busy, so both calls below wait in the queue with the same buffer.
      const blocker = pool.submit((f: Int32Array) => {
        Atomics.store(f, 0, 1);
        Atomics.notify(f, 0);
        Atomics.wait(f, 1, 0);
        return "released";
      }, flags);
      await whenSet(flags, 0);
      const bytes = new Uint8Array([1, 2, 3]);
      const first = pool.submit((data: Uint8Array) => data.length, transfer(bytes));
      const second = pool.submit((data: Uint8Array) => data.length, transfer(bytes));
      raise(flags, 1);
      expect(await blocker).toBe("released");
      expect(await first).toBe(3);
      const error = (await rejection(second)) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        "submit() argument 2 (a Uint8Array object) could not be sent to a worker thread: its transfer list holds a detached ArrayBuffer, whose contents were already moved to another thread",
      );
      expect(await pool.submit((n: number) => n + 1, 41)).toBe(42);
      expect(pool.workerCount).toBe(1);
    });
  });

  it("a result whose transfer list holds a detached buffer fails the call with a TypeError; the worker stays usable", async () => {
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const error = (await rejection(
        pool.submit(() => {
          const buffer = new ArrayBuffer(4);
          structuredClone(buffer, { transfer: [buffer] });
          return {
            [Symbol.for("@asyncio/to-thread:transfer")]: true,
            value: buffer,
            transferList: [buffer],
          };
        }),
      )) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        "the result of function (anonymous) could not be sent back from the worker thread: its transfer list holds a detached ArrayBuffer, whose contents were already moved to another thread",
      );
      expect(await pool.submit(() => "after")).toBe("after");
    });
  });
});
