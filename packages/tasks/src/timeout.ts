/**
 * `timeout(delay)` / `timeoutAt(when)`: a deadline for a block of code in the current task. When
 * it passes, the task is cancelled at the await where it is blocked, and the `CancelledError`
 * leaving the block becomes a `TimeoutError` — only if it is this timeout's own cancellation
 * (the task's `cancelling()` count tells it apart from a cancellation coming from outside, or
 * from an enclosing timeout that expired too).
 */
import {
  type EventLoopContract,
  getRunningLoop,
  isCancelledError,
  isExceptionGroup,
  RuntimeError,
  TimeoutError,
} from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import type { AsyncContextManager } from "./async-with.js";
import { Coroutine } from "./coroutine.js";
import { currentTask } from "./current-task.js";
import { callAtBoundary } from "./internal/boundary.js";
import type { Task } from "./task.js";

const CREATED = "created";
const ENTERED = "active";
const EXPIRING = "expiring";
const EXPIRED = "expired";
const EXITED = "finished";
type State = typeof CREATED | typeof ENTERED | typeof EXPIRING | typeof EXPIRED | typeof EXITED;

/**
 * A deadline for the block it is entered around (made by `timeout()` or `timeoutAt()`). Enter it
 * with the callback forms `timeout(delay, body)` / `timeoutAt(when, body)`, with
 * `asyncWith(cm, body)`, or by hand with `asyncEnter()`/`asyncExit()`.
 *
 * @example
 * ```ts
 * await timeout(10, async (t) => {
 *   await firstStep();
 *   t.reschedule(getRunningLoop().time() + 5); // five more seconds from now
 *   await secondStep();
 * });
 * ```
 */
export class Timeout implements AsyncContextManager<Timeout> {
  private state: State = CREATED;
  private deadline: number | null;
  private handle: { cancel(): void } | null = null;
  private task: Task<unknown> | null = null;
  private loop: EventLoopContract | null = null;
  private cancellingBaseline = 0;

  /** A timeout at loop time `when` (`null`: never); prefer `timeout()` and `timeoutAt()`. */
  constructor(when: number | null) {
    this.deadline = checkWhen(when, "Timeout()");
  }

  /** The deadline in loop time, or `null` for none. */
  when(): number | null {
    return this.deadline;
  }

  /**
   * Moves the deadline to loop time `when` (`null`: no deadline). Only while the block runs and
   * the timeout hasn't fired; a deadline already past fires at the next loop iteration.
   */
  reschedule(when: number | null): void {
    if (this.state !== ENTERED) {
      if (this.state === CREATED) throw new RuntimeError("Timeout has not been entered");
      throw new RuntimeError(`Cannot change state of ${this.state} Timeout`);
    }
    const deadline = checkWhen(when, "reschedule()");
    this.deadline = deadline;
    this.handle?.cancel();
    if (deadline === null) {
      this.handle = null;
      return;
    }
    const loop = this.loop as EventLoopContract;
    this.handle =
      deadline <= loop.time()
        ? loop.callSoon(onTimeout, this)
        : loop.callAt(deadline, onTimeout, this);
  }

  /** Whether the deadline passed while the block ran. */
  expired(): boolean {
    return this.state === EXPIRING || this.state === EXPIRED;
  }

  /** Starts the timeout in the current task (Python's `__aenter__`). */
  async asyncEnter(): Promise<this> {
    this._enter();
    return this;
  }

  /** `asyncEnter` without the Promise: nothing in it awaits. @internal */
  _enter(): void {
    if (this.state !== CREATED) throw new RuntimeError("Timeout has already been entered");
    const task = currentTask();
    if (task === null) throw new RuntimeError("Timeout should be used inside a task");
    this.state = ENTERED;
    this.task = task;
    this.loop = task._loop;
    this.cancellingBaseline = task.cancelling();
    this.reschedule(this.deadline);
  }

  /**
   * Ends the timeout (Python's `__aexit__`): call it with the block's error, or with no argument
   * when the block finished. If this timeout fired and the error is its own cancellation, throws
   * `TimeoutError` (its `cause` is the `CancelledError`); never swallows an error.
   */
  async asyncExit(...error: [] | [error: unknown]): Promise<boolean> {
    this._exit(error.length > 0, error[0]);
    return false;
  }

  /** @internal */
  _fire(): void {
    this.state = EXPIRING;
    this.handle = null;
    (this.task as Task<unknown>).cancel();
  }

  /** `asyncExit` without the Promise. @internal */
  _exit(failed: boolean, error: unknown): void {
    if (this.state !== ENTERED && this.state !== EXPIRING) {
      throw new RuntimeError(
        this.state === CREATED
          ? "Timeout has not been entered"
          : `Timeout is already ${this.state}`,
      );
    }
    this.handle?.cancel();
    this.handle = null;
    if (this.state === ENTERED) {
      this.state = EXITED;
      return;
    }
    this.state = EXPIRED;
    // Our cancellation is undone; only when no other request remains is the error ours to convert.
    if ((this.task as Task<unknown>).uncancel() <= this.cancellingBaseline && failed) {
      if (isCancelledError(error)) throw new TimeoutError("", { cause: error });
      // A foreign API aborted through the task's signal (`setTimeout` of timers/promises,
      // `events.once`) rejects with an AbortError caused by the CancelledError: the same thing.
      const cause = abortedBy(error);
      if (cause !== null) throw new TimeoutError("", { cause });
      insertTimeoutError(error);
      if (isExceptionGroup(error))
        for (const member of error.exceptions) insertTimeoutError(member);
    }
  }

  toString(): string {
    const when =
      this.state === ENTERED
        ? ` when=${this.deadline === null ? "null" : Math.round(this.deadline * 1000) / 1000}`
        : "";
    return `<Timeout [${this.state}]${when}>`;
  }
}

/** The CancelledError behind an AbortError that a signal aborted by a cancellation raised. */
function abortedBy(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return null;
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  return name === "AbortError" && isCancelledError(cause) ? cause : null;
}

function onTimeout(timeout: Timeout): void {
  timeout._fire();
}

/**
 * Python 3.13: an error raised while handling this timeout's cancellation gets a `TimeoutError`
 * inserted into its `cause` chain, just before the `CancelledError`, so that the chain shows the
 * timeout happened.
 */
function insertTimeoutError(error: unknown): void {
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === "object" && current !== null && !seen.has(current)) {
    seen.add(current);
    const cause = (current as { cause?: unknown }).cause;
    if (isCancelledError(cause)) {
      try {
        (current as { cause?: unknown }).cause = new TimeoutError("", { cause });
      } catch {
        // A frozen error keeps its chain as it is: nothing to report, the error still propagates.
      }
      return;
    }
    current = cause;
  }
}

function checkWhen(when: unknown, where: string): number | null {
  if (when === null) return null;
  if (typeof when !== "number" || Number.isNaN(when)) {
    throw new TypeError(`${where} expects a loop time in seconds or null, got ${describe(when)}`);
  }
  return when;
}

/**
 * A `Timeout` that expires `delay` seconds from now (`null`: never). With a `body`, runs it inside
 * the timeout and returns its result (lazily, when awaited); without, returns the `Timeout` to be
 * entered by `asyncWith` or `asyncEnter()`/`asyncExit()`.
 *
 * @example
 * ```ts
 * try {
 *   const page = await timeout(5, () => download(url));
 * } catch (error) {
 *   if (isTimeoutError(error)) console.log("too slow; the download was cancelled");
 *   else throw error;
 * }
 * ```
 */
export function timeout(delay: number | null): Timeout;
export function timeout<R>(
  delay: number | null,
  body: (timeout: Timeout) => R | PromiseLike<R>,
): Coroutine<Awaited<R>>;
export function timeout<R>(
  delay: number | null,
  body?: (timeout: Timeout) => R | PromiseLike<R>,
): Timeout | Coroutine<Awaited<R>> {
  if (delay !== null && (typeof delay !== "number" || Number.isNaN(delay))) {
    throw new TypeError(
      `timeout() delay must be a number of seconds or null, got ${describe(delay)}`,
    );
  }
  const cm = new Timeout(delay === null ? null : getRunningLoop().time() + delay);
  return body === undefined ? cm : withBody(cm, body, "timeout()");
}

/**
 * Like `timeout()`, with an absolute deadline in loop time (`getRunningLoop().time()`).
 *
 * @example
 * ```ts
 * const deadline = getRunningLoop().time() + 30;
 * await timeoutAt(deadline, async () => {
 *   for (const url of urls) await download(url); // all of them within 30 s
 * });
 * ```
 */
export function timeoutAt(when: number | null): Timeout;
export function timeoutAt<R>(
  when: number | null,
  body: (timeout: Timeout) => R | PromiseLike<R>,
): Coroutine<Awaited<R>>;
export function timeoutAt<R>(
  when: number | null,
  body?: (timeout: Timeout) => R | PromiseLike<R>,
): Timeout | Coroutine<Awaited<R>> {
  const cm = new Timeout(checkWhen(when, "timeoutAt()"));
  return body === undefined ? cm : withBody(cm, body, "timeoutAt()");
}

function withBody<R>(
  cm: Timeout,
  body: (timeout: Timeout) => R | PromiseLike<R>,
  where: string,
): Coroutine<Awaited<R>> {
  if (typeof body !== "function") {
    throw new TypeError(`${where} body must be a function, got ${describe(body)}`);
  }
  return new Coroutine(runInTimeout, [cm, body]) as Coroutine<Awaited<R>>;
}

/**
 * Runs `body(cm)` inside the timeout: `asyncWith` without its awaits of the enter and exit, which
 * never wait for anything. A Timeout never swallows the body's error. @internal
 */
async function runInTimeout<R>(
  cm: Timeout,
  body: (timeout: Timeout) => R | PromiseLike<R>,
): Promise<Awaited<R>> {
  cm._enter();
  let result: Awaited<R>;
  try {
    // Behind a boundary: the deadline ends the wait even if the body is blocked on a Promise
    // nobody can interrupt (the body then runs on detached).
    result = await callAtBoundary(body, cm);
  } catch (error) {
    cm._exit(true, error);
    throw error;
  }
  cm._exit(false, undefined);
  return result;
}
