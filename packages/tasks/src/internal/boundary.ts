/**
 * A boundary is a place where the library awaits user code on behalf of a task: the body of
 * `timeout()`, `asyncWith()`, `taskGroup()`, the coroutine `waitFor()` runs inline. User code may
 * block there on a foreign Promise that no cancellation can interrupt. When the task is cancelled
 * in that state, the boundary stops waiting: the library's await at the boundary raises
 * `CancelledError` (so a timeout raises `TimeoutError` on time, a task group aborts its children),
 * and the user code inside is detached — it runs on, but every later await of one of our
 * awaitables fails at once, and an error it throws later is reported.
 *
 * The user code runs in a frame of its own (this object), so that its continuations can be told
 * apart from the task's other code after it is detached.
 */
import { type Context, isCancelledError, isFuture } from "@asyncio/futures";
import {
  DetachedWaiter,
  type ExecutionFrame,
  executionFrames,
  type FutureWaiter,
} from "@asyncio/futures/contract";
import { isCoroutine } from "../coroutine.js";
import { isThenable } from "./start-body.js";

/** What a boundary needs of its task. */
export interface BoundaryOwner extends FutureWaiter {
  readonly _context: Context;
  _pushBoundary(boundary: Boundary): void;
  _removeBoundary(boundary: Boundary): void;
  _reportDetachedError(error: unknown): void;
  _isDetachedAbort(error: unknown): boolean;
}

export class Boundary implements ExecutionFrame {
  /** Neighbours in the owner's stack of open boundaries. */
  below: Boundary | null = null;
  above: Boundary | null = null;
  private readonly owner: BoundaryOwner;
  private readonly outer: ExecutionFrame;
  private detached: DetachedWaiter | null = null;
  /** The user code's Promise, kept to watch it once it is detached. */
  private body: PromiseLike<unknown> | null = null;
  /** Rejects what the library awaits at the boundary; `null` once the body has settled. */
  private rejectWait: ((reason: unknown) => void) | null = null;

  constructor(owner: BoundaryOwner, outer: ExecutionFrame) {
    this.owner = owner;
    this.outer = outer;
  }

  get _waiter(): FutureWaiter | null {
    return this.detached ?? this.outer._waiter;
  }

  get _task(): unknown {
    return this.outer._task;
  }

  get _context(): Context | null {
    return this.outer._context;
  }

  /**
   * What the library awaits: a Promise that settles as the body does, or rejects at once when
   * the body is detached. The body's own Promise settles it directly (no callback of ours runs
   * on the common path).
   */
  wait(body: PromiseLike<unknown>): Promise<unknown> {
    this.body = body;
    return new Promise<unknown>((resolve, reject) => {
      this.rejectWait = reject;
      body.then(
        (value) => {
          if (this.close()) resolve(value);
        },
        (error: unknown) => {
          if (this.close()) reject(error);
        },
      );
    });
  }

  /** Closes the boundary; false if it was closed already (its body had been detached). */
  private close(): boolean {
    if (this.rejectWait === null) return false;
    this.rejectWait = null;
    this.body = null;
    this.owner._removeBoundary(this);
    return true;
  }

  /** Gives up on the user code: the boundary's await raises `error`, the code runs on detached. */
  _detach(error: unknown, message: string | undefined): void {
    const reject = this.rejectWait;
    const body = this.body;
    if (reject === null || body === null) return;
    this.close();
    this.detached = new DetachedWaiter(message);
    reject(error);
    // Nobody awaits the detached code any more: an error it throws later is reported.
    body.then(undefined, (late: unknown) => {
      if (!isCancelledError(late) && !this.owner._isDetachedAbort(late)) {
        this.owner._reportDetachedError(late);
      }
    });
  }
}

/** What the frame of the code calling `callAtBoundary` says about its task. */
function owningTask(frame: ExecutionFrame | undefined): BoundaryOwner | null {
  if (frame === undefined) return null;
  const waiter = frame._waiter;
  if (waiter === null || waiter !== frame._task) return null; // outside tasks, or detached
  return waiter as unknown as BoundaryOwner;
}

/**
 * Calls `fn(...args)` as user code behind a boundary of the current task and returns what to
 * await for its outcome. Outside a task (or in detached code) it just calls `fn`. A coroutine
 * that `fn` returns is started behind the boundary too; one of our Futures is returned as it is,
 * since awaiting it is interruptible already.
 */
export function callAtBoundary<A extends unknown[], R>(
  fn: (...args: A) => R,
  ...args: A
): R | Promise<Awaited<R>> {
  const frame = executionFrames.getStore();
  const owner = owningTask(frame);
  if (owner === null) return fn(...args);
  const boundary = new Boundary(owner, frame as ExecutionFrame);
  const result: unknown = executionFrames.run(
    boundary,
    callStartingCoroutine,
    fn as (...args: unknown[]) => unknown,
    args,
  );
  if (!isThenable(result) || isFuture(result)) return result as R;
  owner._pushBoundary(boundary);
  return boundary.wait(result as PromiseLike<unknown>) as Promise<Awaited<R>>;
}
/** Calls `fn(...args)`; a coroutine it returns is started here too, in the same frame. */
function callStartingCoroutine(
  fn: (...args: unknown[]) => unknown,
  args: readonly unknown[],
): unknown {
  const result = fn(...args);
  return isCoroutine(result) ? (result as { _start(): Promise<unknown> })._start() : result;
}
