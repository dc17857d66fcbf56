/** `Runner`: several top-level coroutines on one loop (test_runners.py::RunnerTests). */
import { EventLoop, getEventLoop, Runner, setEventLoop, VirtualClock } from "@asyncio/core";
import { ContextVar, copyContext, getRunningLoop, RuntimeError } from "@asyncio/futures";
import { coroutine, createTask, sleep, type Task } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";

const virtualLoop = (): EventLoop => new EventLoop({ clock: new VirtualClock() });

afterEach(() => setEventLoop(null));

describe("Runner", () => {
  it("debug: false leaves debug off (test_runners.py::RunnerTests::test_non_debug)", async () => {
    const runner = new Runner({ debug: false });
    expect(runner.getLoop().getDebug()).toBe(false);
    await runner.close();
  });

  it("debug: true turns debug on (test_runners.py::RunnerTests::test_debug)", async () => {
    const runner = new Runner({ debug: true });
    expect(runner.getLoop().getDebug()).toBe(true);
    await runner.close();
  });

  it("loopFactory makes the runner's loop (test_runners.py::RunnerTests::test_custom_factory)", async () => {
    const loop = virtualLoop();
    const runner = new Runner({ loopFactory: () => loop });
    expect(runner.getLoop()).toBe(loop);
    expect(await runner.run(sleep(5, "slept"))).toBe("slept");
    expect(loop.time()).toBe(5);
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    expect(() => new Runner({ loopFactory: 42 as never })).toThrow(TypeError);
    const bad = new Runner({ loopFactory: () => ({}) as never });
    expect(() => bad.getLoop()).toThrow(TypeError);
  });

  it("run returns the result; after close the runner is closed (test_runners.py::RunnerTests::test_run)", async () => {
    const f = coroutine(async () => {
      await sleep(0);
      return "done";
    });
    const runner = new Runner();
    expect(await runner.run(f())).toBe("done");
    const loop = runner.getLoop();
    await runner.close();
    expect(() => runner.getLoop()).toThrow(RuntimeError);
    expect(() => runner.getLoop()).toThrow("Runner is closed");
    expect(loop.isClosed()).toBe(true);
  });

  it("run takes a zero-argument async function (test_runners.py::RunnerTests::test_run_awaitable)", async () => {
    const runner = new Runner({ loopFactory: virtualLoop });
    try {
      expect(await runner.run(async () => "fn")).toBe("fn");
      expect(
        await runner.run(async () => {
          await sleep(1);
          return getRunningLoop() === runner.getLoop();
        }),
      ).toBe(true);
    } finally {
      await runner.close();
    }
  });

  it("run(123) rejects with TypeError (test_runners.py::RunnerTests::test_run_non_coro)", async () => {
    const runner = new Runner({ loopFactory: virtualLoop });
    try {
      await expect(runner.run(123 as never)).rejects.toThrow(TypeError);
      // The runner is still usable.
      expect(await runner.run(sleep(0, "ok"))).toBe("ok");
    } finally {
      await runner.close();
    }
  });

  it("close() closes the loop; getLoop then raises 'Runner is closed' (test_runners.py::RunnerTests::test_explicit_close)", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(() => runner.getLoop()).toThrow("Runner is closed");
    expect(loop.isClosed()).toBe(true);
  });

  it("close() twice is fine (test_runners.py::RunnerTests::test_double_close)", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    // A runner that never made a loop closes too.
    await new Runner().close();
  });

  it("a closed runner refuses run() with 'Runner is closed' (test_runners.py::RunnerTests::test_second_with_block_raises)", async () => {
    const ret: number[] = [];
    const f = coroutine(async (arg: number) => {
      ret.push(arg);
    });
    const runner = new Runner();
    {
      await using r = runner;
      await r.run(f(1));
    }
    const error = await runner.run(f(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe("Runner is closed");
    expect(ret).toEqual([1]);
  });

  it("await using closes the runner and cancels leftovers (test_runners.py::RunnerTests::test_run)", async () => {
    let loop: EventLoop | undefined;
    let leftover: Task<void> | undefined;
    {
      await using runner = new Runner({ loopFactory: virtualLoop });
      loop = runner.getLoop();
      await runner.run(async () => {
        leftover = createTask(sleep(100));
      });
      expect(leftover?.done()).toBe(false);
    }
    expect(leftover?.cancelled()).toBe(true);
    expect(loop.isClosed()).toBe(true);
  });

  it("successive runs share one loop, set as the current loop once (test_runners.py::RunnerTests::test_set_event_loop_called_once)", async () => {
    const runner = new Runner();
    const seen: EventLoop[] = [];
    const record = coroutine(async () => {
      seen.push(getEventLoop());
    });
    await runner.run(record());
    await runner.run(record());
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toBe(runner.getLoop());
    expect(getEventLoop()).toBe(runner.getLoop());
    await runner.close();
    const afterwards = getEventLoop();
    expect(afterwards).not.toBe(seen[0]);
    afterwards.close();
  });

  it("a task left by one run keeps going in the next, on the same loop (test_runners.py::RunnerTests::test_run)", async () => {
    const runner = new Runner({ loopFactory: virtualLoop });
    try {
      // Wrapped in an object: an async function that returns a Task (a thenable) would await it.
      const { background } = await runner.run(async () => ({
        background: createTask(sleep(5, "bg")),
      }));
      expect(background.done()).toBe(false);
      expect(await runner.run(async () => await background)).toBe("bg");
      expect(runner.getLoop().time()).toBe(5);
    } finally {
      await runner.close();
    }
  });

  it("Runner.run inside a running loop rejects with RuntimeError (test_runners.py::RunnerTests::test_recursive_run)", async () => {
    const runner = new Runner({ loopFactory: virtualLoop });
    try {
      const error = await runner.run(async () =>
        runner.run(sleep(0)).then(
          () => null,
          (e: unknown) => e,
        ),
      );
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toBe(
        "Runner.run() cannot be called from a running event loop",
      );
    } finally {
      await runner.close();
    }
  });

  it("successive runs share one context (test_runners.py::RunnerTests::test_run_keeps_context)", async () => {
    const cvar = new ContextVar<number>("cvar", { default: -1 });
    const f = coroutine(async (val: number) => {
      const old = cvar.get();
      await sleep(0);
      cvar.set(val);
      return old;
    });
    const getContext = coroutine(async () => copyContext());
    const runner = new Runner({ loopFactory: virtualLoop });
    try {
      expect(await runner.run(f(1))).toBe(-1);
      expect(await runner.run(f(2))).toBe(1);
      expect((await runner.run(getContext())).get(cvar)).toBe(2);
    } finally {
      await runner.close();
    }
    // The caller's context is untouched.
    expect(cvar.get()).toBe(-1);
  });
});
