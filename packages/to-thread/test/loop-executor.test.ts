/**
 * The loop side: runInExecutor, the default executor, its shutdown by run(), and wrapFuture.
 * Mirrors test_base_events.py (run_in_executor, set_default_executor, shutdown_default_executor)
 * and test_futures.py (wrap_future).
 */
import {
  EventLoop,
  type Executor,
  type ExecutorCallable,
  Runner,
  run,
  wrapFuture,
} from "@asyncio/core";
import { setDefaultExecutorFactory } from "@asyncio/core/contract";
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, getRunningLoop, RuntimeError } from "@asyncio/futures";
import { createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { ConcurrentFuture, ThreadPoolExecutor, toThread } from "../src/index.js";
import { rejection } from "./helpers.js";

/** An executor that runs calls inline and records what it was asked to do. */
class InlineExecutor implements Executor {
  readonly log: string[] = [];
  submit<A extends unknown[], R>(
    fn: ExecutorCallable<A, R>,
    ...args: A
  ): ConcurrentFuture<Awaited<R>> {
    this.log.push(`submit ${args.join(",")}`);
    const future = new ConcurrentFuture<Awaited<R>>();
    future.setResult((fn as (...a: A) => Awaited<R>)(...args));
    return future;
  }
  shutdown(options?: { wait?: boolean }): void {
    this.log.push(`shutdown wait=${options?.wait}`);
  }
}

const runningLoop = (): EventLoop => getRunningLoop() as unknown as EventLoop;

describe("runInExecutor", () => {
  it("runs in the given executor and wraps its future (test_events.py::EventLoopTestsMixin::test_run_in_executor)", async () => {
    const executor = new InlineExecutor();
    const result = await run(
      async () =>
        await runningLoop().runInExecutor(executor, (a: number, b: number) => a + b, 1, 2),
    );
    expect(result).toBe(3);
    expect(executor.log).toEqual(["submit 1,2"]);
  });

  it("uses the default executor set with setDefaultExecutor (test_base_events.py::BaseEventLoopTests::test_set_default_executor)", async () => {
    const executor = new InlineExecutor();
    const result = await run(async () => {
      runningLoop().setDefaultExecutor(executor);
      return await toThread((n: number) => n * 2, 21);
    });
    expect(result).toBe(42);
    // run() shuts the default executor down and waits, then closing the loop shuts it down
    // again without waiting, as asyncio.run and loop.close() do.
    expect(executor.log).toEqual(["submit 21", "shutdown wait=true", "shutdown wait=false"]);
  });

  it("rejects what isn't an executor (test_base_events.py::BaseEventLoopTests::test_set_default_executor_error)", () => {
    const loop = new EventLoop();
    expect(() => loop.setDefaultExecutor("executor" as never)).toThrow(
      new TypeError('setDefaultExecutor() executor must be an Executor, got "executor"'),
    );
    expect(() => loop.runInExecutor({} as never, () => 1)).toThrow(
      "runInExecutor() executor must be an Executor or null, got an object",
    );
    loop.close();
  });

  it("refuses coroutines, as base_events.run_in_executor does", () => {
    const loop = new EventLoop();
    const coro = toThread(() => 1);
    expect(() => loop.runInExecutor(null, coro as never)).toThrow(
      new TypeError("coroutines cannot be used with runInExecutor()"),
    );
    coro.close();
    loop.close();
  });

  it("fails after shutdownDefaultExecutor with RuntimeError, as base_events does", async () => {
    await withTestLoop(async ({ loop }) => {
      await loop.shutdownDefaultExecutor();
      expect(() => loop.runInExecutor(null, () => 1)).toThrow(
        new RuntimeError("Executor shutdown has been called"),
      );
    });
  });

  it("without a registered factory or a default executor, says what to do", async () => {
    const loop = new EventLoop();
    setDefaultExecutorFactory(null);
    try {
      expect(() => loop.runInExecutor(null, () => 1)).toThrow(
        'no default executor: import "@asyncio/to-thread" or call loop.setDefaultExecutor()',
      );
    } finally {
      setDefaultExecutorFactory(() => new ThreadPoolExecutor({ threadNamePrefix: "asyncio" }));
      loop.close();
    }
  });

  it("shutdownDefaultExecutor(timeout) stops waiting after the timeout and warns", async () => {
    const warnings: string[] = [];
    const { setLogger } = await import("@asyncio/core");
    setLogger({ error: () => undefined, warning: (message) => warnings.push(message) });
    try {
      // Real time: joining the workers is real work, which virtual time waits for (below).
      await withTestLoop(
        async ({ loop }) => {
          let release: () => void = () => undefined;
          const stuck: Executor = {
            submit: () => new ConcurrentFuture(),
            shutdown: ({ wait } = {}) =>
              wait
                ? new Promise<void>((resolve) => {
                    release = resolve;
                  })
                : undefined,
          };
          loop.setDefaultExecutor(stuck);
          const started = loop.time();
          await loop.shutdownDefaultExecutor(0.05);
          expect(loop.time() - started).toBeGreaterThanOrEqual(0.04);
          release();
        },
        { realTime: true },
      );
    } finally {
      setLogger(null);
    }
    expect(warnings).toEqual([
      "The executor did not finish joining its threads within 0.05 seconds.",
    ]);
  });

  it("on virtual time, joining the default executor's workers holds time: its timeout waits for them", async () => {
    await withTestLoop(async ({ loop, clock }) => {
      let release: () => void = () => undefined;
      const joining: Executor = {
        submit: () => new ConcurrentFuture(),
        shutdown: ({ wait } = {}) =>
          wait
            ? new Promise<void>((resolve) => {
                release = resolve;
              })
            : undefined,
      };
      loop.setDefaultExecutor(joining);
      const shutdown = createTask(loop.shutdownDefaultExecutor(5));
      await sleep(0);
      expect(clock.heldBy()).toEqual(["shutting down the default executor"]);
      setTimeout(() => release(), 50);
      await shutdown;
      expect(loop.time()).toBe(0);
      expect(clock.heldBy()).toEqual([]);
    });
  });

  it("Runner.close() shuts the default executor down and waits for its workers, as asyncio.Runner.close does", async () => {
    let pool: ThreadPoolExecutor | null = null;
    const runner = new Runner();
    await runner.run(async () => {
      pool = new ThreadPoolExecutor({ maxWorkers: 1 });
      runningLoop().setDefaultExecutor(pool);
      return await toThread(() => 1);
    });
    expect((pool as unknown as ThreadPoolExecutor).workerCount).toBe(1);
    await runner.close();
    expect((pool as unknown as ThreadPoolExecutor).workerCount).toBe(0);
    expect(() => (pool as unknown as ThreadPoolExecutor).submit(() => 1)).toThrow(RuntimeError);
  });
});

describe("wrapFuture", () => {
  it("completes with the executor future's result (test_futures.py::BaseFutureTests::test_wrap_future)", async () => {
    await withTestLoop(
      async () => {
        const source = new ConcurrentFuture<string>();
        const wrapped = wrapFuture(source);
        setTimeout(() => source.setResult("oi"), 1);
        expect(await wrapped).toBe("oi");
      },
      { realTime: true },
    );
  });

  it("returns a loop Future unchanged (test_futures.py::BaseFutureTests::test_wrap_future_future)", async () => {
    await withTestLoop(async ({ loop }) => {
      const future = loop.createFuture();
      expect(wrapFuture(future)).toBe(future);
      future.cancel();
    });
  });

  it("cancelling the wrapper cancels the source after one iteration (test_futures.py::BaseFutureTests::test_wrap_future_cancel)", async () => {
    await withTestLoop(async () => {
      const source = new ConcurrentFuture<number>();
      const wrapped = wrapFuture(source);
      wrapped.cancel();
      expect(source.cancelled()).toBe(false);
      await sleep(0);
      expect(source.cancelled()).toBe(true);
      expect(wrapped.cancelled()).toBe(true);
    });
  });

  it("cancelling the wrapper leaves a source that has a result alone (test_futures.py::BaseFutureTests::test_wrap_future_cancel2)", async () => {
    await withTestLoop(async () => {
      const source = new ConcurrentFuture<number>();
      const wrapped = wrapFuture(source);
      source.setResult(1);
      wrapped.cancel();
      await sleep(0);
      expect(wrapped.cancelled()).toBe(true);
      expect(source.result()).toBe(1);
    });
  });

  it("rejects what isn't a future", () => {
    expect(() => wrapFuture(1 as never)).toThrow(
      new TypeError("wrapFuture() future must be a Future, got 1"),
    );
  });

  it("a ConcurrentFuture is awaitable outside a loop and rejects with CancelledError when cancelled", async () => {
    const future = new ConcurrentFuture<number>();
    future.cancel();
    expect(await rejection(future)).toBeInstanceOf(CancelledError);
    expect(() => future.setResult(1)).toThrow(/already done/);
  });
});
