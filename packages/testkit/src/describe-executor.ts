/**
 * The conformance suite of an `Executor` (`@asyncio/core/contract`), as Python's
 * `concurrent.futures` executors are held to by `test_concurrent_futures`: results, values and
 * errors that cross intact, the future's states and done callbacks, cancellation at every stage
 * (queued: never runs; running: detached, or stopped cooperatively through its signal; finished:
 * no effect), the same through a loop's `runInExecutor` and the task awaiting it, and `shutdown`
 * with and without waiting or cancelling what is queued. The calls are the functions of
 * `jobs/executor-jobs.js`, and the suite controls when they start and end through gates, so
 * nothing depends on how fast the workers are.
 */
import {
  type Future,
  isCancelledError,
  isFuture,
  isInvalidStateError,
  isRuntimeError,
} from "@asyncio/futures";
import { describe as describeValue } from "@asyncio/futures/contract";
import { sleep } from "@asyncio/tasks";
import { createTaskOn } from "@asyncio/tasks/contract";
import { afterAll, afterEach, describe, expect } from "vitest";
import type { ExecutorJobName } from "./executor-jobs.js";
import { type Gate, Gates } from "./internal/gate.js";
import { freshLoops, type RunnableLoop, runTask } from "./internal/loops.js";
import { nodeTurns, rejection, thrown } from "./internal/outcomes.js";
import { suiteTests } from "./internal/suite-tests.js";

/** The future an executor returns, as `ExecutorFuture` of `@asyncio/core` with `running()`. */
export interface ExecutorFutureUnderTest<T = unknown> {
  cancel(): boolean;
  cancelled(): boolean;
  /** The call has started and can't be taken back from the queue any more. */
  running(): boolean;
  done(): boolean;
  result(): T;
  exception(): unknown;
  addDoneCallback(callback: (future: this) => void): void;
}

/** An executor as the suite drives it: the shape of `Executor` of `@asyncio/core`. */
export interface ExecutorUnderTest {
  // biome-ignore lint/suspicious/noExplicitAny: each executor types the functions it accepts.
  submit(fn: any, ...args: any[]): ExecutorFutureUnderTest<any>;
  shutdown(options?: { wait?: boolean; cancelFutures?: boolean }): PromiseLike<void> | void;
}

/** A loop that runs calls in an executor, as `EventLoop` of `@asyncio/core`. */
export interface ExecutorLoop extends RunnableLoop {
  // biome-ignore lint/suspicious/noExplicitAny: each loop types its executors and functions.
  runInExecutor(executor: any, fn: any, ...args: any[]): Future<any>;
}

/** What cancelling a running call does; a queued call is always removed. */
export type ExecutorCancelPolicy = "detach" | "cooperative";

/**
 * What `describeExecutor` needs: how the executor names a job function, the loop, how many calls
 * it runs at once, its cancellation policies, and the tests it is known to fail.
 */
export interface ExecutorSuiteOptions<E extends ExecutorUnderTest> {
  /** The name of the `describe` block (default `"executor"`). */
  name?: string;
  /**
   * How the executor names the export `name` of the job module (`executorJobsUrl`), with the
   * cancellation policy of a running call: `(name, { onCancel }) => moduleFunction(executorJobsUrl,
   * name, { onCancel })` for the executors of `@asyncio/to-thread` and `@asyncio/bullmq`.
   */
  fn: (name: ExecutorJobName, options: { onCancel: ExecutorCancelPolicy }) => unknown;
  /** Makes the loop of the tests that go through `runInExecutor` (a real-time loop). */
  loop: () => ExecutorLoop;
  /**
   * How many calls the executor runs at once (workers × concurrency), so that the suite can keep
   * it busy and have a call wait in its queue. `Infinity` for an executor that starts every call
   * at once: the tests of queued calls are then skipped, saying so.
   */
  capacity: number;
  /** Whether running calls can be stopped cooperatively (`onCancel: "cooperative"`). */
  cooperative?: boolean;
  /**
   * Awaited after the suite cancelled a queued call and before it lets the running calls end:
   * an executor that withdraws calls asynchronously (from a remote queue) resolves it once no
   * cancelled call can start any more.
   */
  cancellationsApplied?: (executor: E) => Promise<void>;
  /** The timeout of each test in milliseconds (default 20,000). */
  timeout?: number;
  /**
   * Tests this implementation is known to fail, as CPython's `@unittest.expectedFailure`: a
   * fragment of the test's title (its CPython reference, say) mapped to why. They still run, and
   * the run turns red once they pass, so that the entry goes with the bug.
   */
  expectedFailures?: Readonly<Record<string, string>>;
}

/** Resolves once `future` is done (through its done callbacks, which may run off the loop). */
function settled(future: ExecutorFutureUnderTest): Promise<void> {
  return new Promise((resolve) => future.addDoneCallback(() => resolve()));
}

/** The result of `future` once it is done (its error thrown). */
async function resultOf<T>(future: ExecutorFutureUnderTest<T>): Promise<T> {
  await settled(future);
  return future.result();
}

/** Resolves once the executor counts `future` as running (it may learn that after the call did). */
async function untilRunning(future: ExecutorFutureUnderTest): Promise<void> {
  while (!future.running() && !future.done()) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** An error as it must cross: `SuiteError` of the job module, with its field and cause. */
function expectSuiteError(error: unknown, message: string): void {
  expect(error).toBeInstanceOf(Error);
  const crossed = error as Error & { code?: unknown };
  expect(crossed.name).toBe("SuiteError");
  expect(crossed.message).toBe(message);
  expect(crossed.code).toBe("E_SUITE");
  expect(crossed.cause).toBeInstanceOf(RangeError);
  expect((crossed.cause as Error).message).toBe("the cause");
}

/**
 * Registers the executor suite: each test makes a fresh executor with `factory` and shuts it
 * down afterwards.
 *
 * @example
 * ```ts
 * import { EventLoop } from "@asyncio/core";
 * import { describeExecutor, executorJobsUrl } from "@asyncio/testkit";
 * import { moduleFunction } from "@asyncio/to-thread";
 *
 * describeExecutor(() => new MyExecutor({ workers: 2 }), {
 *   fn: (name, { onCancel }) => moduleFunction(executorJobsUrl, name, { onCancel }),
 *   loop: () => new EventLoop(),
 *   capacity: 2,
 *   cooperative: true,
 * });
 * ```
 */
export function describeExecutor<E extends ExecutorUnderTest>(
  factory: () => E,
  options: ExecutorSuiteOptions<E>,
): void {
  if (typeof factory !== "function") {
    throw new TypeError(
      `describeExecutor() factory must be a function, got ${describeValue(factory)}`,
    );
  }
  for (const key of ["fn", "loop"] as const) {
    if (typeof options?.[key] !== "function") {
      throw new TypeError(
        `describeExecutor() options.${key} must be a function, got ${describeValue(options?.[key])}`,
      );
    }
  }
  const { capacity } = options;
  if (!(capacity === Number.POSITIVE_INFINITY || (Number.isInteger(capacity) && capacity > 0))) {
    throw new TypeError(
      `describeExecutor() options.capacity must be a positive integer or Infinity, got ${describeValue(capacity)}`,
    );
  }
  const name = options.name ?? "executor";
  const timeout = options.timeout ?? 20_000;
  const queues = capacity !== Number.POSITIVE_INFINITY;
  const cooperative = options.cooperative === true;

  describe(name, () => {
    const test = suiteTests(`describeExecutor(${name})`, options.expectedFailures);
    const gates = new Gates();
    const executors: E[] = [];
    afterEach(async () => {
      gates.releaseAll();
      for (const executor of executors.splice(0)) {
        await executor.shutdown({ wait: true, cancelFutures: true });
      }
    });
    afterAll(() => gates.remove());
    const newLoop = freshLoops(options.loop);

    const newExecutor = (): E => {
      const executor = factory();
      executors.push(executor);
      return executor;
    };
    const ref = (job: ExecutorJobName, onCancel: ExecutorCancelPolicy = "detach"): unknown =>
      options.fn(job, { onCancel });
    const call = (
      executor: E,
      job: ExecutorJobName,
      ...args: unknown[]
    ): ExecutorFutureUnderTest<unknown> => executor.submit(ref(job), ...args);

    /** Keeps every worker busy with a blocked call; resolves once all of them run. */
    const occupy = async (
      executor: E,
    ): Promise<{ gates: Gate[]; futures: ExecutorFutureUnderTest<unknown>[] }> => {
      const held = Array.from({ length: capacity }, () => gates.make());
      const futures = held.map((gate, i) =>
        call(executor, "blockUntilReleased", gate.path, `occupier ${i}`),
      );
      for (const gate of held) await gate.reached("started");
      for (const future of futures) await untilRunning(future);
      return { gates: held, futures };
    };

    /** Lets the occupiers end and checks their results. */
    const free = async (occupied: {
      gates: Gate[];
      futures: ExecutorFutureUnderTest<unknown>[];
    }): Promise<void> => {
      for (const gate of occupied.gates) gate.release();
      const results = [];
      for (const future of occupied.futures) results.push(await resultOf(future));
      expect(results).toEqual(occupied.futures.map((_, i) => `occupier ${i}`));
    };

    describe("calls", () => {
      test(
        "submit returns a future of the call's result (test_concurrent_futures/executor.py::ExecutorTest::test_submit)",
        async () => {
          const executor = newExecutor();
          const future = call(executor, "add", 2, 3);
          expect(await resultOf(future)).toBe(5);
          expect(future.done()).toBe(true);
          expect(future.running()).toBe(false);
          expect(future.cancelled()).toBe(false);
          expect(future.exception()).toBeNull();
        },
        timeout,
      );

      test(
        "an async function's result is what its Promise fulfils with (no CPython counterpart: JavaScript functions may be async)",
        async () => {
          const executor = newExecutor();
          expect(await resultOf(call(executor, "addLater", 40, 2))).toBe(42);
        },
        timeout,
      );

      test(
        "arguments and results cross unchanged: maps, sets, dates, bigints, bytes, NaN and undefined (no CPython counterpart: Python pickles what crosses, JavaScript clones it)",
        async () => {
          const executor = newExecutor();
          const value = {
            map: new Map([["a", new Date(0)]]),
            set: new Set([1, 2]),
            big: 10n ** 20n,
            bytes: new Uint8Array([1, 2, 3]),
            nested: { list: [1, "two", null], nan: Number.NaN, missing: undefined },
          };
          expect(await resultOf(call(executor, "echo", value))).toEqual(value);
        },
        timeout,
      );

      test(
        "an error crosses with its name, message, own fields and cause: result() throws it, exception() returns it (test_concurrent_futures/executor.py::ExecutorTest::test_map_exception)",
        async () => {
          const executor = newExecutor();
          const future = call(executor, "fail", "it broke");
          await settled(future);
          expect(future.cancelled()).toBe(false);
          const error = future.exception();
          expectSuiteError(error, "it broke");
          expect(thrown(() => future.result())).toBe(error);
        },
        timeout,
      );

      test(
        "100 calls return the right results, each on its own future (test_threads.py::ToThreadTests::test_to_thread_concurrent)",
        async () => {
          const executor = newExecutor();
          const futures = Array.from({ length: 100 }, (_, i) => call(executor, "add", i, i));
          const results = [];
          for (const future of futures) results.push(await resultOf(future));
          expect(results).toEqual(Array.from({ length: 100 }, (_, i) => 2 * i));
        },
        timeout,
      );

      test(
        "while the call runs, the future is running and not done, and result() and exception() raise InvalidStateError (test_concurrent_futures/test_future.py::FutureTests::test_result_with_timeout)",
        async () => {
          const executor = newExecutor();
          const gate = gates.make();
          const future = call(executor, "blockUntilReleased", gate.path, "late");
          await gate.reached("started");
          await untilRunning(future);
          expect(future.running()).toBe(true);
          expect(future.done()).toBe(false);
          expect(isInvalidStateError(thrown(() => future.result()))).toBe(true);
          expect(isInvalidStateError(thrown(() => future.exception()))).toBe(true);
          gate.release();
          expect(await resultOf(future)).toBe("late");
        },
        timeout,
      );
    });

    describe("done callbacks", () => {
      test(
        "a callback added while the call runs is called once, with the future, after it succeeded (test_concurrent_futures/test_future.py::FutureTests::test_done_callback_with_result)",
        async () => {
          const executor = newExecutor();
          const gate = gates.make();
          const future = call(executor, "blockUntilReleased", gate.path, 7);
          const seen: unknown[] = [];
          future.addDoneCallback((done) => seen.push(done, done.result()));
          await gate.reached("started");
          expect(seen).toEqual([]);
          gate.release();
          await settled(future);
          await nodeTurns(2);
          expect(seen).toEqual([future, 7]);
        },
        timeout,
      );

      test(
        "a callback is called after the call failed, and sees its exception (test_concurrent_futures/test_future.py::FutureTests::test_done_callback_with_exception)",
        async () => {
          const executor = newExecutor();
          const future = call(executor, "fail", "callback sees this");
          const seen: unknown[] = [];
          future.addDoneCallback((done) => seen.push(done.exception()));
          await settled(future);
          await nodeTurns(2);
          expect(seen).toHaveLength(1);
          expectSuiteError(seen[0], "callback sees this");
        },
        timeout,
      );

      test(
        "a callback added once the future is done is called at once (test_concurrent_futures/test_future.py::FutureTests::test_done_callback_already_successful)",
        async () => {
          const executor = newExecutor();
          const future = call(executor, "add", 1, 2);
          await settled(future);
          const seen: unknown[] = [];
          future.addDoneCallback((done) => seen.push(done.result()));
          expect(seen).toEqual([3]);
        },
        timeout,
      );
    });

    describe("cancellation", () => {
      test.runIf(queues)(
        "a queued call: cancel() is true, the future is cancelled and done, its callback runs, and the call never runs (test_concurrent_futures/test_future.py::FutureTests::test_cancel)",
        async () => {
          const executor = newExecutor();
          const occupied = await occupy(executor);
          const gate = gates.make();
          const queued = call(executor, "markRan", gate.path);
          const seen: unknown[] = [];
          queued.addDoneCallback((done) => seen.push(done));
          expect(queued.running()).toBe(false);
          expect(queued.done()).toBe(false);
          expect(queued.cancel()).toBe(true);
          expect(queued.cancelled()).toBe(true);
          expect(queued.done()).toBe(true);
          expect(queued.cancel()).toBe(true);
          expect(isCancelledError(thrown(() => queued.result()))).toBe(true);
          await nodeTurns(2);
          expect(seen).toEqual([queued]);
          await options.cancellationsApplied?.(executor);
          await free(occupied);
          expect(await resultOf(call(executor, "add", 1, 1))).toBe(2);
          await executor.shutdown({ wait: true });
          expect(gate.has("ran")).toBe(false);
        },
        timeout,
      );

      test(
        'a running call under "detach": cancel() is false and the call completes with its result (test_concurrent_futures/test_future.py::FutureTests::test_cancel)',
        async () => {
          const executor = newExecutor();
          const gate = gates.make();
          const future = call(executor, "blockUntilReleased", gate.path, "ran to its end");
          await gate.reached("started");
          await untilRunning(future);
          expect(future.cancel()).toBe(false);
          expect(future.cancelled()).toBe(false);
          expect(future.done()).toBe(false);
          gate.release();
          expect(await resultOf(future)).toBe("ran to its end");
          expect(gate.has("finished")).toBe(true);
        },
        timeout,
      );

      test(
        "cancelling a finished call does nothing (test_concurrent_futures/test_future.py::FutureTests::test_cancel)",
        async () => {
          const executor = newExecutor();
          const future = call(executor, "add", 40, 2);
          await settled(future);
          expect(future.cancel()).toBe(false);
          expect(future.cancelled()).toBe(false);
          expect(future.result()).toBe(42);
        },
        timeout,
      );

      test.runIf(cooperative)(
        'a running call under "cooperative": cancel() is true and the function sees its signal aborted (no CPython counterpart: cooperative cancellation)',
        async () => {
          const executor = newExecutor();
          const gate = gates.make();
          const future = executor.submit(ref("blockCooperatively", "cooperative"), gate.path);
          await gate.reached("started");
          await untilRunning(future);
          expect(future.cancel()).toBe(true);
          expect(future.cancelled()).toBe(true);
          expect(isCancelledError(thrown(() => future.result()))).toBe(true);
          await gate.reached("aborted");
          expect(gate.has("finished")).toBe(false);
        },
        timeout,
      );
    });

    describe("through a loop's runInExecutor", () => {
      test(
        "runInExecutor returns a Future of the loop that completes with the call's result (test_events.py::EventLoopTestsMixin::test_run_in_executor)",
        async () => {
          const executor = newExecutor();
          const loop = newLoop();
          const result = await runTask(loop, async () => {
            const future = loop.runInExecutor(executor, ref("add"), 2, 3);
            expect(isFuture(future)).toBe(true);
            expect(future.getLoop()).toBe(loop);
            return await future;
          });
          expect(result).toBe(5);
        },
        timeout,
      );

      test(
        "the call's error rejects the awaiting task with it (test_events.py::EventLoopTestsMixin::test_run_in_executor)",
        async () => {
          const executor = newExecutor();
          const loop = newLoop();
          const error = await rejection(
            runTask(loop, async () => await loop.runInExecutor(executor, ref("fail"), "in a task")),
          );
          expectSuiteError(error, "in a task");
        },
        timeout,
      );

      test.runIf(queues)(
        "cancelling the task that awaits a queued call removes the call: it never runs (test_base_events.py::BaseEventLoopTests::test_run_in_executor_cancel)",
        async () => {
          const executor = newExecutor();
          const loop = newLoop();
          const occupied = await occupy(executor);
          const gate = gates.make();
          await runTask(loop, async () => {
            const awaiting = createTaskOn(loop, async () => {
              return await loop.runInExecutor(executor, ref("markRan"), gate.path);
            });
            await sleep(0);
            expect(awaiting.cancel()).toBe(true);
            expect(isCancelledError(await rejection(awaiting))).toBe(true);
          });
          await options.cancellationsApplied?.(executor);
          await free(occupied);
          expect(await resultOf(call(executor, "add", 1, 1))).toBe(2);
          await executor.shutdown({ wait: true });
          expect(gate.has("ran")).toBe(false);
        },
        timeout,
      );

      test(
        'cancelling the task that awaits a running "detach" call ends the task at once; the call runs on to its end unseen (test_threads.py: to_thread cancels only the awaiting side)',
        async () => {
          const executor = newExecutor();
          const loop = newLoop();
          const gate = gates.make();
          await runTask(loop, async () => {
            const awaiting = createTaskOn(loop, async () => {
              return await loop.runInExecutor(
                executor,
                ref("blockUntilReleased"),
                gate.path,
                "unseen",
              );
            });
            await gate.reached("started");
            awaiting.cancel();
            expect(isCancelledError(await rejection(awaiting))).toBe(true);
            expect(gate.has("finished")).toBe(false);
          });
          gate.release();
          await gate.reached("finished");
        },
        timeout,
      );

      test.runIf(cooperative)(
        'cancelling the task that awaits a running "cooperative" call ends the task, and the function sees its signal aborted (no CPython counterpart: cooperative cancellation)',
        async () => {
          const executor = newExecutor();
          const loop = newLoop();
          const gate = gates.make();
          await runTask(loop, async () => {
            const awaiting = createTaskOn(loop, async () => {
              return await loop.runInExecutor(
                executor,
                ref("blockCooperatively", "cooperative"),
                gate.path,
              );
            });
            await gate.reached("started");
            awaiting.cancel();
            expect(isCancelledError(await rejection(awaiting))).toBe(true);
          });
          await gate.reached("aborted");
          expect(gate.has("finished")).toBe(false);
        },
        timeout,
      );
    });

    describe("shutdown", () => {
      test(
        "submit after shutdown raises RuntimeError (test_concurrent_futures/test_shutdown.py::ExecutorShutdownTest::test_run_after_shutdown)",
        async () => {
          const executor = newExecutor();
          await executor.shutdown();
          const error = thrown(() => call(executor, "add", 1, 2));
          expect(isRuntimeError(error)).toBe(true);
          expect((error as Error).message).toBe("cannot schedule new futures after shutdown");
        },
        timeout,
      );

      test(
        "shutdown() may be called again, with or without waiting (concurrent.futures.Executor.shutdown)",
        async () => {
          const executor = newExecutor();
          expect(await resultOf(call(executor, "add", 1, 2))).toBe(3);
          await executor.shutdown();
          await executor.shutdown();
          await executor.shutdown({ wait: false });
          expect(isRuntimeError(thrown(() => call(executor, "add", 1, 2)))).toBe(true);
        },
        timeout,
      );

      test(
        "shutdown({ wait: true }) settles only once the running calls have finished (concurrent.futures.Executor.shutdown(wait=True))",
        async () => {
          const executor = newExecutor();
          const gate = gates.make();
          const running = call(executor, "blockUntilReleased", gate.path, "finished first");
          await gate.reached("started");
          await untilRunning(running);
          let doneWhenShutDown: boolean | null = null;
          const down = Promise.resolve(executor.shutdown({ wait: true })).then(() => {
            doneWhenShutDown = running.done();
          });
          await nodeTurns(5);
          expect(doneWhenShutDown).toBeNull();
          gate.release();
          await down;
          expect(doneWhenShutDown).toBe(true);
          expect(running.result()).toBe("finished first");
        },
        timeout,
      );

      test(
        "shutdown({ wait: false }) returns while a call runs; the call still finishes and new calls are refused (test_concurrent_futures/test_shutdown.py::ThreadPoolShutdownTest::test_shutdown_no_wait)",
        async () => {
          const executor = newExecutor();
          const gate = gates.make();
          const running = call(executor, "blockUntilReleased", gate.path, "after shutdown");
          await gate.reached("started");
          await executor.shutdown({ wait: false });
          expect(running.done()).toBe(false);
          expect(isRuntimeError(thrown(() => call(executor, "add", 1, 2)))).toBe(true);
          gate.release();
          expect(await resultOf(running)).toBe("after shutdown");
        },
        timeout,
      );

      test.runIf(queues)(
        "shutdown({ cancelFutures: true }) cancels the queued calls at once and waits for the running ones (test_concurrent_futures/test_shutdown.py::ExecutorShutdownTest::test_cancel_futures)",
        async () => {
          const executor = newExecutor();
          const occupied = await occupy(executor);
          const gate = gates.make();
          const queued = [
            call(executor, "markRan", gate.path),
            call(executor, "markRan", gate.path),
          ];
          const down = Promise.resolve(executor.shutdown({ cancelFutures: true }));
          expect(queued.map((future) => future.cancelled())).toEqual([true, true]);
          expect(occupied.futures.map((future) => future.done())).toEqual(
            occupied.futures.map(() => false),
          );
          await options.cancellationsApplied?.(executor);
          await free(occupied);
          await down;
          expect(gate.has("ran")).toBe(false);
        },
        timeout,
      );
    });
    test.checkExpectedFailures();
  });
}
