/**
 * What every runner's `asyncTest` does: run a test body as the main task of a fresh loop, with
 * virtual time unless told otherwise, then hold the test to the rules a Python test suite on
 * pytest-asyncio's strict mode would: no task left pending, no error nobody retrieved, no report
 * to the exception handler. When the runner gives up on the test (its timeout), the main task is
 * cancelled and the loop is still cleaned up and closed.
 */
import { EventLoop, VirtualClock } from "@asyncio/core";
import { describeLeftover } from "@asyncio/core/testing";
import { type ExceptionContext, isCancelledError, RuntimeError } from "@asyncio/futures";
import { allTasks, coroutine } from "@asyncio/tasks";
import type { CheckedOptions } from "./options.js";

/** What a test body receives. */
export interface AsyncTestScope {
  /** The test's own loop, running the body as its main task. */
  loop: EventLoop;
  /** The loop's virtual clock; `null` with `realTime`. */
  clock: VirtualClock | null;
  /** What reached the loop's exception handler so far (with `allowReports`, to assert on). */
  reported: readonly ExceptionContext[];
}

/** Settles once every task of `loop` in `tasks` is done, whatever their outcome. */
function allDone(tasks: readonly PromiseLike<unknown>[]): () => Promise<void> {
  return async () => {
    for (const task of tasks) await Promise.resolve(task).then(undefined, () => undefined);
  };
}

/**
 * Runs `body(scope)` on a fresh loop as `checked` says, aborting it when `signal` aborts, and
 * throws what the test did wrong: the body's own error first, then tasks left pending (named,
 * with what they wait on), then reports to the exception handler (errors never retrieved among
 * them, reported when the loop closes).
 */
export async function runChecked<T>(
  body: (scope: AsyncTestScope) => T | PromiseLike<T>,
  checked: CheckedOptions,
  signal: AbortSignal | null,
): Promise<Awaited<T>> {
  const clock = checked.realTime
    ? null
    : new VirtualClock({ start: checked.start, autojumpThreshold: checked.autojumpThreshold });
  const loop = clock === null ? new EventLoop() : new EventLoop({ clock });
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    reported.push(context);
  });
  let outcome: { ok: true; value: Awaited<T> } | { ok: false; error: unknown };
  let leftover: string[] = [];
  try {
    // The body is called only once the main task runs, so that an `async` body runs inside it.
    const main = loop.createTask(coroutine(async () => await body({ loop, clock, reported }))(), {
      name: "asyncTest main",
    });
    const abort = (): void => {
      if (!loop.isClosed())
        loop.callSoonThreadsafe(() => main.cancel("the test runner aborted the test"));
    };
    signal?.addEventListener("abort", abort, { once: true });
    try {
      if (signal?.aborted) abort();
      outcome = { ok: true, value: (await loop.runUntilComplete(main)) as Awaited<T> };
    } catch (error) {
      // A cancellation of the main task is the test's outcome here (the runner's abort, or the
      // body cancelling itself): it is reported as the test's failure, not swallowed.
      outcome = {
        ok: false,
        error:
          isCancelledError(error) && signal?.aborted
            ? new RuntimeError("the test was aborted (timed out?) and its main task cancelled", {
                cause: signal.reason,
              })
            : error,
      };
    } finally {
      signal?.removeEventListener("abort", abort);
    }
    const pending = [...allTasks(loop)];
    if (pending.length > 0) {
      leftover = pending.map(describeLeftover);
      for (const task of pending) task.cancel();
      await loop.runUntilComplete(allDone(pending));
    }
  } finally {
    // Closing reports the errors nobody retrieved, to the handler above.
    if (!loop.isRunning()) loop.close();
  }
  if (!outcome.ok) throw outcome.error;
  if (leftover.length > 0) {
    throw new RuntimeError(`test left ${leftover.length} task(s) pending: ${leftover.join(", ")}`);
  }
  if (!checked.allowReports && reported.length > 0) {
    const first = reported[0] as ExceptionContext;
    throw new RuntimeError(
      `unexpected report to the exception handler: ${String(first.message)}` +
        (reported.length > 1 ? ` (and ${reported.length - 1} more)` : ""),
      { cause: first.exception },
    );
  }
  return outcome.value;
}
