/**
 * The exception handler and debug mode: errors in callbacks, custom and broken handlers, the
 * default handler's log format, slow-callback warnings (test_base_events.py / test_events.py).
 */
import type { EventLoop } from "@asyncio/core";
import {
  type ExceptionContext,
  ExceptionGroup,
  type Handle,
  KeyboardInterrupt,
} from "@asyncio/futures";
import { sleep } from "@asyncio/tasks";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type CapturedLog,
  captureLog,
  type LoopUnderTest,
  newTestLoop,
  runOnce,
} from "./helpers.js";

let current: LoopUnderTest;
let log: CapturedLog;

function setUp(): LoopUnderTest {
  current = newTestLoop();
  log = captureLog();
  return current;
}

afterEach(() => {
  log.restore();
  vi.restoreAllMocks();
  if (!current.loop.isRunning()) current.loop.close();
});

function zeroError(): never {
  throw new RangeError("division by zero");
}

describe("errors in callbacks", () => {
  it("go to the default handler, which logs 'Exception in callback ...'; the loop goes on (test_base_events.py::BaseEventLoopTests::test_default_exc_handler_callback)", async () => {
    const { loop } = setUp();
    const order: string[] = [];
    loop.callSoon(zeroError);
    loop.callSoon(() => order.push("after"));
    await runOnce(loop);
    expect(order).toEqual(["after"]);
    expect(log.errors).toHaveLength(1);
    const [message] = log.errors;
    expect(message).toMatch(/^Exception in callback <Handle zeroError\(\)>/);
    expect(message).toContain("handle: <Handle zeroError()>");
    expect(message).toContain("RangeError: division by zero");
  });

  it("an async callback's rejection is reported like a thrown error, and the loop goes on (events.py::Handle._run; test_base_events.py::BaseEventLoopTests::test_default_exc_handler_callback)", async () => {
    const { loop } = setUp();
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_loop, context) => contexts.push(context));
    const failing = async function failing(): Promise<void> {
      await sleep(0);
      throw new RangeError("division by zero");
    };
    const handle = loop.callSoon(failing);
    const timer = loop.callLater(1, async () => {
      throw new Error("timer boom");
    });
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(contexts.map((context) => context.message)).toEqual([
      "Exception in callback <Handle failing()>",
      "Exception in callback <TimerHandle <anonymous>() when=1>",
    ]);
    expect(contexts[0]?.handle).toBe(handle);
    expect(contexts[0]?.exception).toEqual(new RangeError("division by zero"));
    expect(contexts[1]?.handle).toBe(timer);
  });

  it("a custom handler receives (loop, context) instead of the log (test_base_events.py::BaseEventLoopTests::test_set_exc_handler_custom)", async () => {
    const { loop } = setUp();
    expect(loop.getExceptionHandler()).toBeNull();
    const calls: Array<[EventLoop, ExceptionContext]> = [];
    const handler = (l: EventLoop, context: ExceptionContext): void => {
      calls.push([l, context]);
    };
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    const handle: Handle = loop.callSoon(zeroError);
    await runOnce(loop);
    expect(calls).toHaveLength(1);
    const [seenLoop, context] = calls[0]!;
    expect(seenLoop).toBe(loop);
    expect(context.message).toMatch(/Exception in callback.*zeroError/);
    expect(context.handle).toBe(handle);
    expect(context.exception).toBeInstanceOf(RangeError);
    expect(log.errors).toEqual([]);

    // null restores the default handler, which logs.
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeNull();
    loop.callSoon(zeroError);
    await runOnce(loop);
    expect(calls).toHaveLength(1);
    expect(log.errors).toHaveLength(1);
    expect(log.errors[0]).toMatch(/^Exception in callback.*zero/);
  });

  it("a raising custom handler makes the default handler log 'Unhandled error in exception handler' (test_base_events.py::BaseEventLoopTests::test_set_exc_handler_broken)", async () => {
    const { loop } = setUp();
    const spam = new TypeError("spam");
    loop.setExceptionHandler(() => {
      throw spam;
    });
    const order: string[] = [];
    loop.callSoon(zeroError);
    loop.callSoon(() => order.push("still running"));
    await runOnce(loop);
    expect(order).toEqual(["still running"]);
    expect(log.errors).toHaveLength(1);
    const [message] = log.errors;
    expect(message).toMatch(/^Unhandled error in exception handler\n/);
    // The original context is kept, and the handler's own error is shown.
    expect(message).toMatch(/context: .*/);
    expect(message).toContain("TypeError: spam");
  });

  it("a KeyboardInterrupt raised by the handler is not swallowed: it ends runForever (test_base_events.py::BaseEventLoopTests::test_set_exc_handler_broken)", async () => {
    const { loop } = setUp();
    const interrupt = new KeyboardInterrupt();
    loop.setExceptionHandler(() => {
      throw interrupt;
    });
    loop.callSoon(zeroError);
    await expect(loop.runForever()).rejects.toBe(interrupt);
    expect(log.errors).toEqual([]);
    expect(loop.isRunning()).toBe(false);
  });

  it("a raising default handler is reported on the console and the loop goes on (test_base_events.py::BaseEventLoopTests::test_default_exc_handler_broken)", async () => {
    const { loop } = setUp();
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const broken = new Error("buggy default handler");
    loop.defaultExceptionHandler = () => {
      throw broken;
    };
    const order: string[] = [];
    loop.callSoon(zeroError);
    loop.callSoon(() => order.push("after"));
    await runOnce(loop);
    expect(order).toEqual(["after"]);
    expect(consoleError).toHaveBeenCalledWith("Exception in default exception handler", broken);

    consoleError.mockClear();
    loop.setExceptionHandler(() => {
      throw new Error("buggy custom handler");
    });
    loop.callSoon(zeroError);
    await runOnce(loop);
    expect(consoleError).toHaveBeenCalledWith(
      "Exception in default exception handler while handling an unexpected error in custom exception handler",
      broken,
    );
  });

  it("callExceptionHandler's default log: the message, then the other keys sorted, then the stack (test_base_events.py::BaseEventLoopTests::test_default_exc_handler_coro)", () => {
    const { loop } = setUp();
    const error = new Error("kaput");
    loop.callExceptionHandler({
      message: "Something went wrong",
      zeta: 26,
      alpha: "first",
      middle: { toString: () => "<custom>" },
      exception: error,
    });
    expect(log.errors).toHaveLength(1);
    const lines = log.errors[0]!.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "Something went wrong",
      "alpha: first",
      "middle: <custom>",
      "zeta: 26",
    ]);
    expect(lines[4]).toBe("Error: kaput");
    // Without a message the default one is used; without an exception there is no stack.
    loop.callExceptionHandler({ message: undefined as never, extra: { a: 1 } });
    expect(log.errors[1]).toBe('Unhandled exception in event loop\nextra: {"a":1}');
  });

  it("an exception group is logged with each member's stack under it, numbered as Python prints it (test_taskgroups.py::TestTaskGroup::test_taskgroup_19)", () => {
    const { loop } = setUp();
    const group = new ExceptionGroup("unhandled errors in a TaskGroup", [
      new Error("first"),
      new ExceptionGroup("nested", [new TypeError("second")]),
    ]);
    loop.callExceptionHandler({ message: "Task exception was never retrieved", exception: group });
    const text = log.errors[0] as string;
    const lines = text.split("\n");
    expect(lines[0]).toBe("Task exception was never retrieved");
    expect(lines[1]).toBe("ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)");
    expect(lines).toContain("  +---------------- 1 ----------------");
    expect(lines).toContain("  | Error: first");
    expect(lines).toContain("  +---------------- 2 ----------------");
    expect(lines).toContain("  | ExceptionGroup: nested (1 sub-exception)");
    expect(lines).toContain("  |   | TypeError: second");
    expect(lines.filter((line) => /^ {2}\| {5}at /.test(line)).length).toBeGreaterThan(0);
    expect(lines.at(-1)).toBe("  +------------------------------------");
  });

  it("setExceptionHandler refuses what isn't callable or null (test_base_events.py::BaseEventLoopTests::test_set_exc_handler_invalid)", () => {
    const { loop } = setUp();
    expect(() => loop.setExceptionHandler(42 as never)).toThrow(TypeError);
    expect(() => loop.setExceptionHandler(42 as never)).toThrow(
      "A callable object or null is expected, got 42",
    );
    expect(loop.getExceptionHandler()).toBeNull();
  });
});

describe("debug mode", () => {
  it("setDebug/getDebug (test_base_events.py::BaseEventLoopTests::test_set_debug)", () => {
    const { loop } = setUp();
    expect(loop.getDebug()).toBe(false);
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
  });

  it("warns 'Executing <Handle ...> took X.XXX seconds' for a slow callback (test_base_events.py::BaseEventLoopTests::test_log_slow_callbacks)", async () => {
    const { loop, clock } = setUp();
    loop.setDebug(true);
    expect(loop.slowCallbackDuration).toBe(0.1);
    loop.callSoon(function slowCallback() {
      clock.advance(0.25);
    });
    loop.callSoon(function fastCallback() {
      clock.advance(0.05);
    });
    await runOnce(loop);
    expect(log.warnings).toEqual(["Executing <Handle slowCallback()> took 0.250 seconds"]);
  });

  it("slowCallbackDuration sets the threshold; no warning without debug (test_base_events.py::BaseEventLoopTests::test_log_slow_callbacks)", async () => {
    const { loop, clock } = setUp();
    loop.slowCallbackDuration = 0;
    loop.callSoon(function stopLoopCb() {
      clock.advance(0.5);
    });
    await runOnce(loop);
    expect(log.warnings).toEqual([]);
    loop.setDebug(true);
    loop.callSoon(function stopLoopCb() {
      clock.advance(0.0004);
    });
    await runOnce(loop);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(/^Executing <Handle.*stopLoopCb.*> took 0\.000 seconds$/);
  });

  it("warns 'Executing <Task ...> took X.XXX seconds' for a slow task step (test_base_events.py::BaseEventLoopTests::test_log_slow_callbacks)", async () => {
    const { loop, clock } = setUp();
    loop.setDebug(true);
    const stopLoopCoro = async (): Promise<void> => {
      clock.advance(0.3);
      await sleep(0);
    };
    await loop.runUntilComplete(loop.createTask(stopLoopCoro, { name: "stopLoopCoro" }));
    const slow = log.warnings.filter((w) => w.startsWith("Executing <Task"));
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatch(/^Executing <Task .*stopLoopCoro.*> took 0\.300 seconds$/);
  });

  it("a slow task step that finishes the task without suspending is reported too (test_base_events.py::BaseEventLoopTests::test_log_slow_callbacks)", async () => {
    const { loop, clock } = setUp();
    loop.setDebug(true);
    const task = loop.createTask(
      async () => {
        clock.advance(0.2);
        return "done";
      },
      { name: "oneStep" },
    );
    expect(await loop.runUntilComplete(task)).toBe("done");
    const slow = log.warnings.filter((w) => w.startsWith("Executing <Task"));
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatch(/^Executing <Task .*oneStep.*> took 0\.200 seconds$/);
  });
});
