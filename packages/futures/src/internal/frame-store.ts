/**
 * What carries the running code's execution frame (its task, its context) across `await`s. The
 * package takes the best carrier the runtime has, chosen by the `#frame-store` import of its
 * package.json: `AsyncLocalStorage` on Node, Deno and Bun; elsewhere (a browser) TC39's
 * `AsyncContext` where the platform has it, else the loop's own steps (see
 * `frame-store-portable.ts`). The members are `AsyncLocalStorage`'s, so that on Node the store
 * is that class itself, at no cost.
 */

/**
 * How far the frame reaches:
 * - `"async-local-storage"` / `"async-context"`: across every `await`, foreign Promises included;
 * - `"loop-steps"`: only while the loop runs a task's step, i.e. from the moment a task is
 *   resumed until it suspends on one of the library's awaitables. Code that runs after an `await`
 *   of a foreign Promise is outside any task.
 */
export type FrameCarrier = "async-local-storage" | "async-context" | "loop-steps";

/** A frame captured by `FrameStore.scope`. */
export interface FrameScope {
  /** Runs `fn(arg)` in the captured frame, whatever frame the caller is in. */
  run<A, R>(fn: (arg: A) => R, arg: A): R;
}

/**
 * What holds the running code's execution frame: `AsyncLocalStorage`'s members, plus what the
 * loop tells a carrier that can't follow awaits by itself (`enterStep`, `leaveSteps`).
 */
export interface FrameStore<T> {
  /** Which mechanism carries the frame (see `FrameCarrier`). */
  readonly carrier: FrameCarrier;
  /** The frame of the running code, or `undefined` outside any. */
  getStore(): T | undefined;
  /**
   * Whether the carrier can't tell which frame the running code belongs to: with `"loop-steps"`,
   * code that runs in a microtask or a host callback outside every step of the loop (after an
   * await of a foreign Promise, say). `getStore()` is `undefined` then, but not because the code
   * is known to be outside every task. Always false for the other carriers.
   */
  frameUnknown(): boolean;
  /** Runs `fn(...args)` in `frame`; the code it starts keeps the frame across its awaits. */
  run<R, A extends unknown[]>(frame: T, fn: (...args: A) => R, ...args: A): R;
  /** Makes `frame` current for the rest of the synchronous execution (and what it starts). */
  enterWith(frame: T): void;
  /**
   * A way back into `frame` that is cheap to take again and again: the loop returns to its
   * clean frame after every task step that left the task's frame entered.
   */
  scope(frame: T): FrameScope;
  /** Runs `fn(...args)` outside any frame. */
  exit<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): R;
  /**
   * The loop resumes the code of `frame` (a task's step begins): with the `"loop-steps"`
   * carrier, the microtasks that follow run in it until the next step. A no-op for the carriers
   * that follow awaits on their own.
   */
  enterStep(frame: T): void;
  /**
   * The loop's own turn begins (a macrotask of the host): no step is running. A no-op for the
   * carriers that follow awaits on their own.
   */
  leaveSteps(): void;
}
