/**
 * The part of an event loop that Futures and Tasks rely on. `@asyncio/core` implements it; a
 * different loop (a test loop, a GUI integration) can implement it too and keep using the Futures
 * and Tasks of the packages below it.
 */
import type { BaseHandle, Handle } from "./handle.js";
import type { TimerHandleContract } from "./timer-handle-contract.js";

/** What `callExceptionHandler` receives, as Python's exception-handler context dict. */
export interface ExceptionContext {
  message?: string;
  exception?: unknown;
  future?: unknown;
  task?: unknown;
  handle?: unknown;
  [key: string]: unknown;
}

/**
 * Something a loop owns that must not outlive it: a server, a connection, a child process's pipes.
 * `close()` on the loop closes whatever is still registered, so that nothing the loop owned keeps
 * Node's process alive once `run()` has returned.
 */
export interface LoopResource {
  /** Closes the resource at once, without waiting and without raising. */
  _closeWithLoop(): void;
}

/** A task as the loop sees it when it lets one task run to its next suspension. */
export interface SteppingTask {
  done(): boolean;
  /**
   * The task's step ended (every microtask ran) without the task awaiting one of our awaitables
   * or finishing: it waits on a foreign Promise. The loop calls this when it stops waiting for the
   * task, so that a pending cancellation can give up on the blocked code.
   */
  _waitingOnForeign(): void;
}

/**
 * The methods of an event loop that Futures, Tasks and the packages above them call: its clock,
 * scheduling callbacks, reporting errors, and owning resources. `EventLoop` of `@asyncio/core`
 * implements it.
 */
export interface EventLoopContract {
  /** Monotonic time in seconds. */
  time(): number;
  /** Runs `callback(...args)` in a later iteration, after everything scheduled before it. */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  /** Runs `callback(...args)` after `delay` seconds. */
  callLater<A extends unknown[]>(
    delay: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandleContract;
  /** Runs `callback(...args)` at loop time `when`. */
  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandleContract;
  /** Reports an error that has nobody to propagate to. */
  callExceptionHandler(context: ExceptionContext): void;
  getDebug(): boolean;
  isRunning(): boolean;
  isClosed(): boolean;
  /**
   * A `KeyboardInterrupt` or `SystemExit` escaped a task: the loop stops and `runForever()`
   * rejects with it, as these errors escape Python's loop.
   */
  _fatalError(error: unknown): void;
  /** Registers something that `close()` must close (see `LoopResource`). */
  _addResource(resource: LoopResource): void;
  /** Forgets a resource that closed by itself. */
  _removeResource(resource: LoopResource): void;
  /** Schedules an already built handle, exactly as `callSoon` would. */
  _enqueue(handle: BaseHandle): void;
  /**
   * Called when a handle has resumed `task`: the loop lets the task run to its next suspension
   * (`_endStep`) before it runs the next handle, as CPython runs a task step inside one handle.
   * A loop that doesn't care may ignore both calls. Returning `true` says more: the loop took the
   * step, and it will itself switch to a clean execution frame before it runs any callback, so a
   * task's first step may enter the task's frame without leaving it (which saves a frame switch).
   */
  _beginStep(task: SteppingTask): boolean | void;
  /** The task that `_beginStep` named awaits one of our awaitables again, or has finished. */
  _endStep(task: SteppingTask): void;
}
