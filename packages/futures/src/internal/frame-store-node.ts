/**
 * The frame store of Node, Deno and Bun: `AsyncLocalStorage` itself, which follows every
 * `await`, so the loop has nothing to tell it about steps.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { FrameCarrier, FrameStore } from "./frame-store.js";

class AsyncLocalFrames<T> extends AsyncLocalStorage<T> implements FrameStore<T> {
  get carrier(): FrameCarrier {
    return "async-local-storage";
  }

  frameUnknown(): boolean {
    return false;
  }

  enterStep(): void {}

  leaveSteps(): void {}
}

export function createFrameStore<T>(): FrameStore<T> {
  return new AsyncLocalFrames<T>();
}
