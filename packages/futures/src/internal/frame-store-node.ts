/**
 * The frame store of Node, Deno and Bun: `AsyncLocalStorage` itself, which follows every
 * `await`, so the loop has nothing to tell it about steps.
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import type { FrameCarrier, FrameScope, FrameStore } from "./frame-store.js";

class AsyncLocalFrames<T> extends AsyncLocalStorage<T> implements FrameStore<T> {
  get carrier(): FrameCarrier {
    return "async-local-storage";
  }

  frameUnknown(): boolean {
    return false;
  }

  /**
   * The frame held by an `AsyncResource`: entering its scope switches by reference, where
   * `run()` would copy the storage's map. Where `AsyncLocalStorage` is built on async hooks
   * (Node 22), an `enterWith` inside the scope writes to the resource itself, so the scope puts
   * the frame back each time it is entered.
   */
  scope(frame: T): FrameScope {
    const resource = this.run(frame, () => new AsyncResource("asyncio.frame"));
    const enter = (fn: (arg: unknown) => unknown, arg: unknown): unknown => {
      if (this.getStore() !== frame) this.enterWith(frame);
      return fn(arg);
    };
    return {
      run: <A, R>(fn: (arg: A) => R, arg: A): R =>
        resource.runInAsyncScope(enter, null, fn as (arg: unknown) => unknown, arg) as R,
    };
  }

  enterStep(): void {}

  leaveSteps(): void {}
}

export function createFrameStore<T>(): FrameStore<T> {
  return new AsyncLocalFrames<T>();
}
