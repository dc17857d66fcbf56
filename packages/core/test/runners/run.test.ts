/** `run()`: one top-level coroutine on a fresh loop (test_runners.py::RunTests). */
import { EventLoop, getEventLoop, run, setEventLoop, VirtualClock } from "@asyncio/core";
import {
  type ExceptionContext,
  getRunningLoop,
  peekRunningLoop,
  RuntimeError,
} from "@asyncio/futures";
import * as tasks from "@asyncio/tasks";
import { coroutine, createTask, sleep, type Task } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";

/** A loop factory on virtual time that remembers the loops it made. */
function virtualLoops(): { made: EventLoop[]; loopFactory: () => EventLoop } {
  const made: EventLoop[] = [];
  return {
    made,
    loopFactory: () => {
      const loop = new EventLoop({ clock: new VirtualClock() });
      made.push(loop);
      return loop;
    },
  };
}

afterEach(() => setEventLoop(null));

describe("run", () => {
  it("returns main's result (test_runners.py::RunTests::test_asyncio_run_return)", async () => {
    const main = coroutine(async () => {
      await sleep(0);
      return 42;
    });
    expect(await run(main())).toBe(42);
    expect(peekRunningLoop()).toBeNull();
  });

  it("rejects with main's error and closes the loop (test_runners.py::RunTests::test_asyncio_run_raises)", async () => {
    const { made, loopFactory } = virtualLoops();
    const spam = new RangeError("spam");
    const main = coroutine(async () => {
      await sleep(0);
      throw spam;
    });
    await expect(run(main(), { loopFactory })).rejects.toBe(spam);
    expect(made).toHaveLength(1);
    expect(made[0]?.isClosed()).toBe(true);
  });

  it("takes a zero-argument async function or a Promise; run(42) rejects with TypeError (test_runners.py::RunTests::test_asyncio_run_only_coro)", async () => {
    expect(await run(async () => "fn")).toBe("fn");
    expect(await run(Promise.resolve("promise"))).toBe("promise");
    // Python raises ValueError for a non-coroutine; a JavaScript function is a valid main here,
    // and anything else is a TypeError that names the value.
    const { made, loopFactory } = virtualLoops();
    const result = run(42 as never, { loopFactory });
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toThrow(TypeError);
    await expect(run(42 as never)).rejects.toThrow(/42/);
    expect(made[0]?.isClosed()).toBe(true);
    expect(peekRunningLoop()).toBeNull();
  });

  it("debug: true / false sets the loop's debug mode (test_runners.py::RunTests::test_asyncio_run_debug)", async () => {
    const main = (expected: boolean) =>
      coroutine(async () => {
        expect(getRunningLoop().getDebug()).toBe(expected);
        return expected;
      });
    expect(await run(main(true)(), { debug: true })).toBe(true);
    expect(await run(main(false)(), { debug: false })).toBe(false);
    expect(await run(main(false)())).toBe(false);
  });

  it("inside a running loop rejects (doesn't throw) with RuntimeError (test_runners.py::RunTests::test_asyncio_run_from_running_loop)", async () => {
    const inner = coroutine(async () => "never");
    const main = coroutine(async () => {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = run(inner());
      }).not.toThrow();
      return (promise as Promise<unknown>).catch((error: unknown) => error);
    });
    const error = await run(main());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(/cannot be called from a running/);
  });

  it("cancels the tasks main left behind (test_runners.py::RunTests::test_asyncio_run_cancels_hanging_tasks)", async () => {
    const { made, loopFactory } = virtualLoops();
    let loTask: Task<void> | undefined;
    const leftover = coroutine(async () => {
      await sleep(0.1);
    });
    const main = coroutine(async () => {
      loTask = createTask(leftover());
      return 123;
    });
    expect(await run(main(), { loopFactory })).toBe(123);
    expect(loTask?.done()).toBe(true);
    expect(loTask?.cancelled()).toBe(true);
    // Cancelled at once: the leftover's sleep didn't run out.
    expect(made[0]?.time()).toBe(0);
    expect(made[0]?.isClosed()).toBe(true);
  });

  it("reports a leftover task's error during shutdown to the exception handler (test_runners.py::RunTests::test_asyncio_run_reports_hanging_tasks_errors)", async () => {
    const contexts: ExceptionContext[] = [];
    let loTask: Task<void> | undefined;
    const leftover = coroutine(async () => {
      try {
        await sleep(0.1);
      } catch {
        // Turns the cancellation into another error on purpose: that is what gets reported.
        throw new RangeError("division by zero");
      }
    });
    const main = coroutine(async () => {
      (getRunningLoop() as EventLoop).setExceptionHandler((_loop, context) => {
        contexts.push(context);
      });
      loTask = createTask(leftover());
      return 123;
    });
    expect(await run(main(), { loopFactory: virtualLoops().loopFactory })).toBe(123);
    expect(loTask?.done()).toBe(true);
    expect(contexts).toHaveLength(1);
    const [context] = contexts;
    expect(context?.message).toBe("unhandled exception during asyncio.run() shutdown");
    expect(context?.message).toMatch(/asyncio.run.*shutdown/);
    expect(context?.task).toBe(loTask);
    expect(context?.exception).toBeInstanceOf(RangeError);
  });

  it("sets the current loop while main runs and clears it after (test_runners.py::RunTests::test_asyncio_run_set_event_loop)", async () => {
    let seen: EventLoop | undefined;
    const main = coroutine(async () => {
      seen = getEventLoop();
      expect(seen).toBe(getRunningLoop());
    });
    await run(main());
    expect(seen?.isClosed()).toBe(true);
    const afterwards = getEventLoop();
    expect(afterwards).not.toBe(seen);
    afterwards.close();
  });

  it("uses the loop from loopFactory and doesn't make it the current loop (test_runners.py::RunnerTests::test_custom_factory)", async () => {
    const { made, loopFactory } = virtualLoops();
    const current = new EventLoop();
    setEventLoop(current);
    const main = coroutine(async () => {
      await sleep(10);
      return getRunningLoop();
    });
    const used = await run(main(), { loopFactory });
    expect(used).toBe(made[0]);
    expect(made[0]?.time()).toBe(10);
    expect(getEventLoop()).toBe(current);
    current.close();
  });

  it("waits for leftovers that clean up across several iterations after the cancel (test_runners.py::RunTests::test_asyncio_run_cancels_hanging_tasks)", async () => {
    const { made, loopFactory } = virtualLoops();
    const cleanup: string[] = [];
    let loTask: Task<string> | undefined;
    const leftover = coroutine(async () => {
      try {
        await sleep(100);
        return "finished";
      } catch {
        // Swallows the shutdown cancellation on purpose, to check run() waits for the cleanup.
        await sleep(5);
        cleanup.push("cleaned up");
        return "cleaned";
      }
    });
    const main = coroutine(async () => {
      loTask = createTask(leftover());
      await sleep(0);
      return "main";
    });
    expect(await run(main(), { loopFactory })).toBe("main");
    expect(cleanup).toEqual(["cleaned up"]);
    expect(loTask?.result()).toBe("cleaned");
    expect(made[0]?.time()).toBe(5);
  });

  it("main stopping the loop rejects with 'Event loop stopped before Future completed.' and still cleans up (test_events.py::EventLoopTestsMixin::test_run_until_complete_stopped)", async () => {
    const { made, loopFactory } = virtualLoops();
    let mainTask: Task<unknown> | null = null;
    const main = coroutine(async () => {
      mainTask = tasks.currentTask();
      (getRunningLoop() as EventLoop).stop();
      await sleep(1);
    });
    const error = await run(main(), { loopFactory }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Event loop stopped before Future completed.");
    expect((mainTask as Task<unknown> | null)?.cancelled()).toBe(true);
    expect(made[0]?.isClosed()).toBe(true);
  });
});
