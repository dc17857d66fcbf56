/**
 * The suites refuse bad input before they register anything, with a `TypeError` that names the
 * argument or option and quotes the value; an expected failure that names no test is refused.
 */
import {
  describeClock,
  describeEventLoop,
  describeExecutor,
  describeTaskFactory,
  describeTransport,
} from "@asyncio/testkit";
import { describe, expect, it } from "vitest";
import { suiteTests } from "../src/internal/suite-tests.js";

/** What `fn` throws; fails the test if it returns. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("bad input", () => {
  it("describeEventLoop: a factory that isn't a function, an unknown time (no CPython counterpart: argument checks)", () => {
    const noFactory = thrown(() => describeEventLoop(42 as never));
    expect(noFactory).toBeInstanceOf(TypeError);
    expect(noFactory.message).toBe("describeEventLoop() factory must be a function, got 42");
    const badTime = thrown(() => describeEventLoop(() => null as never, { time: "fast" as never }));
    expect(badTime).toBeInstanceOf(TypeError);
    expect(badTime.message).toBe(
      'describeEventLoop() options.time must be "real" or "virtual", got "fast"',
    );
  });

  it("describeExecutor: missing fn or loop, a capacity that isn't a positive integer (no CPython counterpart: argument checks)", () => {
    const factory = () => null as never;
    const loop = () => null as never;
    const fn = () => null;
    expect(thrown(() => describeExecutor(factory, { loop, capacity: 1 } as never)).message).toBe(
      "describeExecutor() options.fn must be a function, got undefined",
    );
    expect(thrown(() => describeExecutor(factory, { fn, capacity: 1 } as never)).message).toBe(
      "describeExecutor() options.loop must be a function, got undefined",
    );
    for (const [capacity, shown] of [
      [0, "0"],
      [1.5, "1.5"],
      ["2", '"2"'],
    ] as const) {
      const error = thrown(() =>
        describeExecutor(factory, { fn, loop, capacity: capacity as never }),
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        `describeExecutor() options.capacity must be a positive integer or Infinity, got ${shown}`,
      );
    }
  });

  it("describeTaskFactory, describeClock, describeTransport: what they need (no CPython counterpart: argument checks)", () => {
    expect(
      thrown(() => describeTaskFactory(1 as never, { loop: () => null as never })).message,
    ).toBe("describeTaskFactory() factory must be a function, got 1");
    expect(thrown(() => describeTaskFactory((() => null) as never, {} as never)).message).toBe(
      "describeTaskFactory() options.loop must be a function that makes a loop, got undefined",
    );
    expect(thrown(() => describeClock(() => null as never, {} as never)).message).toBe(
      "describeClock() options.loop must be a function that makes a loop on the clock, got undefined",
    );
    expect(thrown(() => describeTransport({ loop: () => null as never } as never)).message).toBe(
      "describeTransport() options.connect must be a function, got undefined",
    );
  });

  it("an expected failure that names no test, or gives no reason, is refused (no CPython counterpart: unittest.expectedFailure marks one test)", () => {
    const unmatched = suiteTests("describeEventLoop(MyLoop)", { test_no_such_test: "a bug" });
    const error = thrown(() => unmatched.checkExpectedFailures());
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'describeEventLoop(MyLoop): options.expectedFailures names no test of the suite: "test_no_such_test"',
    );
    const noReason = thrown(() => suiteTests("describeClock(c)", { test_when: "" }));
    expect(noReason).toBeInstanceOf(TypeError);
    expect(noReason.message).toBe(
      'describeClock(c): options.expectedFailures maps a fragment of a test title to the reason it fails, got "test_when": ""',
    );
  });
});
