/**
 * The executor events on `node:diagnostics_channel`: each call submitted to a ThreadPoolExecutor
 * is published when submitted, when handed to a worker and when done, with its number and the
 * function's name. No CPython counterpart: Python publishes no such events.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { DIAGNOSTICS_CHANNELS } from "@asyncio/core";
import { describe, expect, it } from "vitest";
import { rejection, withPool } from "./helpers.js";

describe("executor events", () => {
  it("a call is published submitted, started, then done, with its error when it fails", async () => {
    const events: string[] = [];
    const record =
      (what: string) =>
      (message: unknown): void => {
        const { job, name, cancelled, error } = message as {
          job: number;
          name: string;
          cancelled?: boolean;
          error?: unknown;
        };
        const outcome =
          what !== "done"
            ? ""
            : cancelled
              ? " cancelled"
              : error === undefined
                ? " ok"
                : ` ${(error as Error).message}`;
        events.push(`${what} #${job} ${name}${outcome}`);
      };
    const listeners = {
      [DIAGNOSTICS_CHANNELS.executorSubmit]: record("submit"),
      [DIAGNOSTICS_CHANNELS.executorStart]: record("start"),
      [DIAGNOSTICS_CHANNELS.executorDone]: record("done"),
    };
    for (const [name, listener] of Object.entries(listeners)) subscribe(name, listener);
    try {
      await withPool({ maxWorkers: 1 }, async (pool) => {
        const double = (n: number): number => n * 2;
        expect(await pool.submit(double, 21)).toBe(42);
        const fail = (): never => {
          throw new Error("no luck");
        };
        expect(await rejection(pool.submit(fail))).toEqual(new Error("no luck"));
      });
    } finally {
      for (const [name, listener] of Object.entries(listeners)) unsubscribe(name, listener);
    }
    expect(events).toEqual([
      "submit #1 function double",
      "start #1 function double",
      "done #1 function double ok",
      "submit #2 function fail",
      "start #2 function fail",
      "done #2 function fail no luck",
    ]);
  });
});
