/**
 * The frame store where `node:async_hooks` can't be imported (a browser, or any runtime the
 * package's `imports` conditions don't name). It takes, in order:
 *
 *   1. TC39's `AsyncContext.Variable` (`globalThis.AsyncContext`), which follows every `await`;
 *   2. `AsyncLocalStorage`, when the runtime offers Node's modules (`process.getBuiltinModule`);
 *   3. the loop's own steps: a plain variable, set by the loop each time it resumes a task.
 *
 * The third is what a browser gets today. It knows the running task for code that awaits only the
 * library's awaitables — a task's step starts when the loop resumes it, and the microtasks that
 * follow, up to its next suspension, are that task's — but it can't follow a foreign Promise: the
 * code after `await fetch(...)` runs whenever the browser settles that Promise, in no step. The
 * tasks package refuses what would go wrong silently there (see "Runtimes" in its README).
 */
import type { FrameCarrier, FrameScope, FrameStore } from "./frame-store.js";

interface AsyncContextVariable<T> {
  get(): T | undefined;
  run<R, A extends unknown[]>(value: T | undefined, fn: (...args: A) => R, ...args: A): R;
}

interface AsyncContextNamespace {
  Variable: new <T>(options?: { name?: string }) => AsyncContextVariable<T>;
}

interface AsyncLocalStorageClass {
  new <T>(): FrameStore<T>;
}

/**
 * The loop's steps as the carrier. Synchronous code inside `run()` sees the frame it was given;
 * a microtask (no `run()` on the stack) sees the frame of the step the loop resumed last, until
 * the loop's next turn.
 */
export class LoopStepFrames<T> implements FrameStore<T> {
  /** The frame of the innermost `run()` (or `enterWith` inside it). */
  private current: T | undefined = undefined;
  /** How many `run()` calls are on the stack. */
  private depth = 0;
  /** The frame of the step the loop resumed last in this turn; what microtasks run in. */
  private stepping: T | undefined = undefined;

  get carrier(): FrameCarrier {
    return "loop-steps";
  }

  getStore(): T | undefined {
    return this.depth > 0 ? this.current : this.stepping;
  }

  frameUnknown(): boolean {
    return this.depth === 0 && this.stepping === undefined;
  }

  run<R, A extends unknown[]>(frame: T | undefined, fn: (...args: A) => R, ...args: A): R {
    const outer = this.current;
    this.current = frame;
    this.depth++;
    try {
      return fn(...args);
    } finally {
      this.depth--;
      this.current = outer;
    }
  }

  enterWith(frame: T): void {
    if (this.depth > 0) this.current = frame;
    else this.stepping = frame;
  }

  scope(frame: T): FrameScope {
    return runScope(this, frame);
  }

  exit<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): R {
    return this.run(undefined, fn, ...args);
  }

  enterStep(frame: T): void {
    this.stepping = frame;
  }

  leaveSteps(): void {
    this.stepping = undefined;
  }
}

/**
 * `AsyncContext.Variable` as the carrier. It has no `enterWith`: a frame entered that way (a loop
 * callback that sets a context variable) holds for the rest of that synchronous callback only,
 * which is as long as the loop keeps it anyway.
 */
export class AsyncContextFrames<T> implements FrameStore<T> {
  private readonly variable: AsyncContextVariable<T>;
  /** A frame entered with `enterWith`, over the variable's, until the next `run()` ends. */
  private entered: { frame: T | undefined } | null = null;

  constructor(namespace: AsyncContextNamespace) {
    this.variable = new namespace.Variable<T>({ name: "@asyncio/execution-frame" });
  }

  get carrier(): FrameCarrier {
    return "async-context";
  }

  getStore(): T | undefined {
    const entered = this.entered;
    return entered === null ? this.variable.get() : entered.frame;
  }

  run<R, A extends unknown[]>(frame: T | undefined, fn: (...args: A) => R, ...args: A): R {
    const outer = this.entered;
    this.entered = null;
    try {
      return this.variable.run(frame, fn, ...args);
    } finally {
      this.entered = outer;
    }
  }

  frameUnknown(): boolean {
    return false;
  }

  enterWith(frame: T): void {
    this.entered = { frame };
  }

  scope(frame: T): FrameScope {
    return runScope(this, frame);
  }

  exit<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): R {
    return this.run(undefined, fn, ...args);
  }

  enterStep(): void {}

  leaveSteps(): void {}
}

/** The best carrier this runtime offers (see the opening comment). */
export function createFrameStore<T>(host: object = globalThis): FrameStore<T> {
  const namespace = (host as { AsyncContext?: Partial<AsyncContextNamespace> }).AsyncContext;
  if (typeof namespace?.Variable === "function") {
    return new AsyncContextFrames<T>(namespace as AsyncContextNamespace);
  }
  const Storage = asyncLocalStorageOf(host);
  if (Storage !== null) return withStepHooks(new Storage<T>());
  return new LoopStepFrames<T>();
}

function asyncLocalStorageOf(host: object): AsyncLocalStorageClass | null {
  const process = (host as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof process?.getBuiltinModule !== "function") return null;
  try {
    const hooks = process.getBuiltinModule("node:async_hooks") as
      | { AsyncLocalStorage?: AsyncLocalStorageClass }
      | undefined;
    return typeof hooks?.AsyncLocalStorage === "function" ? hooks.AsyncLocalStorage : null;
  } catch {
    // A runtime that names the function but has no such module: no AsyncLocalStorage.
    return null;
  }
}

/** An `AsyncLocalStorage` found at run time, given the members it lacks. */
function withStepHooks<T>(storage: FrameStore<T>): FrameStore<T> {
  return Object.defineProperties(storage, {
    carrier: { value: "async-local-storage" },
    frameUnknown: { value: never },
    scope: {
      value(this: FrameStore<T>, frame: T): FrameScope {
        return runScope(this, frame);
      },
    },
    enterStep: { value: noop },
    leaveSteps: { value: noop },
  });
}

/** A scope that enters its frame with `run()` each time. */
function runScope<T>(store: FrameStore<T>, frame: T): FrameScope {
  return { run: (fn, arg) => store.run(frame, fn, arg) };
}

function noop(): void {}

function never(): boolean {
  return false;
}
