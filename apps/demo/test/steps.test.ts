/**
 * The demo's steps that need neither threads, the network nor Redis, run on a virtual-time loop:
 * each prints what the tour promises, in order, at the loop times it names.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cancellation } from "../src/steps/cancellation.js";
import { errors } from "../src/steps/errors.js";
import { helloWorld } from "../src/steps/hello-world.js";
import { pipeline } from "../src/steps/pipeline.js";

/** The lines the demo printed, without their elapsed-time prefix, with the loop time of each. */
let printed: string[] = [];
let now: () => number = () => Number.NaN;

beforeEach(() => {
  printed = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => {
    printed.push(`${now().toFixed(1)} ${line.replace(/^\[\s*[\d.]+s\] /, "")}`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("demo steps", () => {
  it("1. Hello, World: one second between the two lines (the asyncio docs' first example)", async () => {
    await withTestLoop(async ({ loop }) => {
      now = () => loop.time();
      await helloWorld();
    });
    expect(printed).toEqual(["0.0 Hello", "1.0 World"]);
  });

  it("2. a download cancelled mid-sleep runs its finally, which awaits, and ends cancelled", async () => {
    await withTestLoop(async ({ loop }) => {
      now = () => loop.time();
      await cancellation();
    });
    expect(printed).toEqual([
      "0.0 download: started, will take 10 seconds",
      "0.5 main: cancelling the download",
      "0.5 download: cancelled mid-sleep, closing the connection...",
      "0.7 download: connection closed",
      '0.7 main: the task ended cancelled ("user pressed stop"); cancelled() = true',
    ]);
  });

  it("3. the parser task's error reaches its awaiter, and is the task's exception()", async () => {
    await withTestLoop(async ({ loop }) => {
      now = () => loop.time();
      await errors();
    });
    expect(printed).toHaveLength(3);
    expect(printed[0]).toBe('0.1 parser: parsing "{not json"');
    expect(printed[1]).toMatch(/^0\.1 main: the parser task failed with SyntaxError: /);
    expect(printed[2]).toBe("0.1 main: task.exception() is the same error: true");
  });

  it("4. the pipeline handles every order, gives up on the hanging payment, and leaves nothing running", async () => {
    await withTestLoop(async ({ loop }) => {
      now = () => loop.time();
      await pipeline();
    });
    // Two payments at a time (the semaphore); order 4's hangs and its timeout fires at 0.2 + 0.5.
    expect(printed).toEqual([
      "0.0 producer A queued order 1 (queue size 1)",
      "0.0 producer A queued order 2 (queue size 2)",
      "0.0   payment for order 1 started",
      "0.0   payment for order 2 started",
      "0.0 producer A queued order 3 (queue size 1)",
      "0.0 producer B queued order 4 (queue size 2)",
      "0.0 producer B queued order 5 (queue size 2)",
      "0.2 consumer 1 completed order 1",
      "0.2 consumer 2 completed order 2",
      "0.2   payment for order 3 started",
      "0.2 producer B queued order 6 (queue size 1)",
      "0.2   payment for order 4 started",
      "0.4 consumer 3 completed order 3",
      "0.4   payment for order 5 started",
      "0.6 consumer 2 completed order 5",
      "0.6   payment for order 6 started",
      "0.7 consumer 1 gave up on order 4: payment took longer than 0.5 s (cancelled)",
      "0.8 consumer 3 completed order 6",
      "0.8 all orders handled; shutting the queue down so the consumers return",
      "0.8 the task group has ended: every producer and consumer finished",
    ]);
  });
});
