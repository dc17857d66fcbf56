import {
  CancelledError,
  Future,
  getRunningLoop,
  KeyboardInterrupt,
  RuntimeError,
  ValueError,
} from "@asyncio/futures";
import { coroutine, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { addSignalHandler, EventLoop, removeSignalHandler, run } from "../../src/index.js";
import { withTestLoop } from "../../src/testing.js";

describe("addSignalHandler / removeSignalHandler", () => {
  it("add_signal_handler: the callback runs on the loop with its args (test_unix_events.py::SelectorEventLoopSignalTests::test_add_signal_handler)", async () => {
    await withTestLoop(
      async ({ loop }) => {
        const got = new Future<string[]>({ loop });
        addSignalHandler(
          loop,
          "SIGUSR1",
          (a: string, b: string) => got.setResult([a, b]),
          "x",
          "y",
        );
        process.kill(process.pid, "SIGUSR1");
        expect(await got).toEqual(["x", "y"]);
        expect(removeSignalHandler(loop, "SIGUSR1")).toBe(true);
        expect(process.listenerCount("SIGUSR1")).toBe(0);
      },
      { realTime: true },
    );
  });

  it("a signal number works too and a second handler replaces the first (unix_events.py::_UnixSelectorEventLoop::add_signal_handler)", async () => {
    await withTestLoop(async ({ loop }) => {
      const calls: string[] = [];
      addSignalHandler(loop, 12, () => calls.push("first")); // SIGUSR2 on Linux
      addSignalHandler(loop, "SIGUSR2", () => calls.push("second"));
      expect(process.listenerCount("SIGUSR2")).toBe(1);
      process.emit("SIGUSR2", "SIGUSR2");
      await sleep(0);
      expect(calls).toEqual(["second"]);
      expect(removeSignalHandler(loop, "SIGUSR2")).toBe(true);
    });
  });

  it("remove_signal_handler without a handler is false (test_unix_events.py::SelectorEventLoopSignalTests::test_remove_signal_handler_2)", async () => {
    await withTestLoop(({ loop }) => {
      expect(removeSignalHandler(loop, "SIGUSR1")).toBe(false);
    });
  });

  it("bad arguments (test_unix_events.py::SelectorEventLoopSignalTests::test_add_signal_handler_coroutine_error)", async () => {
    await withTestLoop(({ loop }) => {
      expect(() => addSignalHandler(loop, "SIGNOPE" as NodeJS.Signals, () => undefined)).toThrow(
        TypeError,
      );
      expect(() => addSignalHandler(loop, 1000, () => undefined)).toThrow(ValueError);
      expect(() => addSignalHandler(loop, "SIGKILL", () => undefined)).toThrow(RuntimeError);
      expect(() => addSignalHandler(loop, "SIGKILL", () => undefined)).toThrow(
        "sig SIGKILL cannot be caught",
      );
      const coro = coroutine(async () => undefined)();
      expect(() => addSignalHandler(loop, "SIGUSR1", coro as never)).toThrow(
        "coroutines cannot be used with addSignalHandler()",
      );
      coro.close();
      expect(() => addSignalHandler(loop, "SIGUSR1", 5 as never)).toThrow(
        "addSignalHandler() callback must be a function, got 5",
      );
    });
  });

  it("refused on a closed loop (unix_events.py::_UnixSelectorEventLoop::add_signal_handler, closed loop)", () => {
    const loop = new EventLoop();
    loop.close();
    expect(() => addSignalHandler(loop, "SIGUSR1", () => undefined)).toThrow(
      "Event loop is closed",
    );
  });
});

describe("run() and Ctrl-C", () => {
  it("the first SIGINT cancels the main task and run() raises KeyboardInterrupt (test_runners.py::RunnerTests::test_interrupt_wait)", async () => {
    const steps: string[] = [];
    const main = coroutine(async () => {
      try {
        setImmediate(() => process.emit("SIGINT", "SIGINT"));
        await sleep(60);
      } catch (error) {
        steps.push(error instanceof CancelledError ? "cancelled" : "other");
        throw error;
      } finally {
        await sleep(0);
        steps.push("cleanup ran");
      }
    });
    await expect(run(main())).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(steps).toEqual(["cancelled", "cleanup ran"]);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("interrupt_call_soon: a task that only yields with sleep(0) is cancelled too (test_runners.py::RunnerTests::test_interrupt_call_soon)", async () => {
    let spins = 0;
    const main = coroutine(async () => {
      getRunningLoop().callLater(0.01, () => process.emit("SIGINT", "SIGINT"));
      for (;;) {
        await sleep(0);
        spins++;
      }
    });
    await expect(run(main())).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(spins).toBeGreaterThan(0);
  });

  it("a main task that handles the cancellation ends normally (runners.py::Runner::run, cancellation handled)", async () => {
    const main = coroutine(async () => {
      setImmediate(() => process.emit("SIGINT", "SIGINT"));
      try {
        await sleep(60);
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
        return "stopped cleanly";
      }
      return "slept";
    });
    expect(await run(main())).toBe("stopped cleanly");
  });

  it("the second SIGINT is a hard stop with KeyboardInterrupt (runners.py::Runner::_on_sigint, second interrupt)", async () => {
    let stubborn = "";
    const main = coroutine(async () => {
      setImmediate(() => process.emit("SIGINT", "SIGINT"));
      try {
        await sleep(60);
      } finally {
        // A stubborn cleanup: the second Ctrl-C must not wait for it.
        setTimeout(() => process.emit("SIGINT", "SIGINT"), 5);
        try {
          await sleep(60);
          stubborn = "slept";
        } catch (error) {
          // run() cancels what is left after the hard stop.
          stubborn = error instanceof CancelledError ? "cancelled at shutdown" : "other";
        }
      }
    });
    await expect(run(main())).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(stubborn).toBe("cancelled at shutdown");
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("SIGINT handling is left alone when someone else listens (runners.py::Runner::run, SIGINT handler not the default)", async () => {
    const mine = (): void => undefined;
    process.on("SIGINT", mine);
    try {
      const main = coroutine(async () => {
        expect(process.listenerCount("SIGINT")).toBe(1);
        return "ok";
      });
      expect(await run(main())).toBe("ok");
    } finally {
      process.off("SIGINT", mine);
    }
  });
});
