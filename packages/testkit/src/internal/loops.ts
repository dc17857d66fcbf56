/**
 * How the suites hold the loops they test: a fresh loop for each test (made by the factory the
 * plugin passes), closed after the test, and the few ways a test drives a loop that every loop of
 * the contract supports.
 */
import type { EventLoopContract, ExceptionContext, Future } from "@asyncio/futures";
import type { CoroutineLike } from "@asyncio/tasks";
import { createTaskOn } from "@asyncio/tasks/contract";
import { afterEach } from "vitest";
import { nodeTurns } from "./outcomes.js";

/**
 * An event loop as the suites drive it: the contract Futures and Tasks rely on, plus running,
 * stopping and closing, as Python's `AbstractEventLoop` has them.
 */
export interface RunnableLoop extends EventLoopContract {
  /** Runs the loop until `future` is done; returns its result or rejects with its error. */
  runUntilComplete<T>(future: Future<T>): Promise<T>;
  /** Runs iterations until `stop()`; settles once the loop has stopped. */
  runForever(): Promise<void>;
  /** Stops the loop once the current iteration has finished. */
  stop(): void;
  /** Closes the loop: drops pending callbacks, closes its resources, reports lost errors. */
  close(): void;
}

/**
 * A maker of fresh loops for the tests of the calling `describe` block: every loop it made is
 * closed after each test (unless a test left it running, which that test reports).
 */
export function freshLoops<L extends RunnableLoop>(factory: () => L): () => L {
  const made: L[] = [];
  afterEach(() => closeAll(made.splice(0)));
  return (): L => {
    const loop = factory();
    made.push(loop);
    return loop;
  };
}

/**
 * Closes the loops a test made. A loop still running belongs to a test that failed or timed out
 * mid-run: it is stopped first, so that the running-loop registry is free for the next test, and
 * the test is failed saying so.
 */
export async function closeAll(loops: readonly RunnableLoop[]): Promise<void> {
  const leftRunning: RunnableLoop[] = [];
  for (const loop of loops) {
    if (loop.isRunning()) {
      loop.stop();
      for (let turn = 0; turn < 100 && loop.isRunning(); turn++) await nodeTurns(1);
      leftRunning.push(loop);
    }
    if (!loop.isRunning() && !loop.isClosed()) loop.close();
  }
  if (leftRunning.length > 0) {
    const stuck = leftRunning.some((loop) => loop.isRunning());
    throw new Error(
      `the test left ${leftRunning.length} loop(s) running${stuck ? ", and stop() did not stop them" : "; they were stopped"}`,
    );
  }
}

/** Runs exactly one iteration of `loop` (CPython's `test_utils.run_once`). */
export async function runOnce(loop: RunnableLoop): Promise<void> {
  loop.stop();
  await loop.runForever();
}

/** Runs `body` as a task on `loop` until it is done (a coroutine or a zero-argument function). */
export function runTask<T>(loop: RunnableLoop, body: CoroutineLike<T>): Promise<T> {
  return loop.runUntilComplete(createTaskOn(loop, body));
}

/**
 * What reaches a loop's exception handler from now on, read through `setExceptionHandler` when
 * the loop has one; `read` replaces that for a loop that records its reports another way.
 */
export function watchReports<L extends EventLoopContract>(
  loop: L,
  read: ((loop: L) => readonly ExceptionContext[]) | undefined,
  suite: string,
): readonly ExceptionContext[] {
  if (read !== undefined) return read(loop);
  const settable = loop as L & {
    setExceptionHandler?: (handler: (loop: unknown, context: ExceptionContext) => void) => void;
  };
  if (typeof settable.setExceptionHandler !== "function") {
    throw new TypeError(
      `${suite}: the loop has no setExceptionHandler(); pass options.exceptionReports to say how to read what reaches its exception handler`,
    );
  }
  const reports: ExceptionContext[] = [];
  settable.setExceptionHandler((_loop, context) => {
    reports.push(context);
  });
  return reports;
}
