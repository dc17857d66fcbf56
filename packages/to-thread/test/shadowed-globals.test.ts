/**
 * A function sent to a worker as source runs against the worker's globals. When a name it uses
 * (`performance`, `crypto`, `fetch`) is, where it was written, the caller's own variable holding
 * something else, the worker would silently use its global instead: that is reported when the
 * function is given, before anything is sent. Names the function declares itself, names only
 * used as properties or in strings, and variables that hold the global itself are fine.
 */
import { describe, expect, it } from "vitest";
import { ThreadPoolExecutor, threadFunction, toThread } from "../src/index.js";
import { withPool } from "./helpers.js";

describe("names that would be rebound to the worker's globals", () => {
  it("a local variable shadowing a worker global is reported by name", () => {
    const performance = { now: () => 42 };
    expect(() => toThread(() => performance.now())).toThrow(
      new TypeError(
        `toThread() can't send function (anonymous) to a worker thread: it uses "performance", which where the function is written is a variable of the caller's own, but in the worker thread would be the worker's global of that name; pass it as an argument, import it inside the function with await import(...), or export the function from a module and use moduleFunction()`,
      ),
    );
  });

  it("several names are all listed; threadFunction and submit check too", () => {
    const crypto = { id: () => "mine" };
    const fetch = async (): Promise<string> => "offline";
    function work(): unknown {
      return [crypto.id(), fetch()];
    }
    expect(() => threadFunction(work)).toThrow(
      /^threadFunction\(\) can't send function work to a worker thread: it uses "crypto", "fetch", which where the function is written are variables of the caller's own/,
    );
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    expect(() => pool.submit(work)).toThrow(/^submit\(\) can't send function work/);
    void pool.shutdown();
  });

  it("a name the function declares itself, or uses only as a property or in a string, is fine", async () => {
    const crypto = { mine: true };
    const URL = "not the class";
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const results = await pool.submit(() => {
        const crypto = globalThis.crypto;
        const holder = { URL: 1 };
        return [typeof crypto.randomUUID, holder.URL, "crypto URL"];
      });
      expect(results).toEqual(["function", 1, "crypto URL"]);
      expect(await pool.submit((crypto: number) => crypto + 1, 1)).toBe(2);
    });
    expect([crypto.mine, URL]).toEqual([true, "not the class"]);
  });

  it("a variable that holds the global itself is not a shadow", async () => {
    const { performance } = globalThis;
    const { setTimeout } = await import("node:timers");
    await withPool({ maxWorkers: 1 }, async (pool) => {
      const kind = await pool.submit(() => [typeof performance.now(), typeof setTimeout]);
      expect(kind).toEqual(["number", "function"]);
    });
  });

  it("ECMAScript's own globals are not checked (only what Node adds)", async () => {
    // biome-ignore lint/suspicious/noShadowRestrictedNames: shadowing it is what this test is about
    const JSON = { stringify: (_value: unknown): string => "local" };
    await withPool({ maxWorkers: 1 }, async (pool) => {
      expect(await pool.submit(() => JSON.stringify([1]))).toBe("[1]");
    });
  });
});
