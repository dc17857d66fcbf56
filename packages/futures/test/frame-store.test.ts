/**
 * The carriers of the execution frame where `node:async_hooks` can't be imported: which one a
 * runtime gets, and what each knows. No CPython counterpart: Python's contextvars ride the
 * interpreter's own task steps, which is what the `"loop-steps"` carrier rebuilds.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import {
  AsyncContextFrames,
  createFrameStore,
  LoopStepFrames,
} from "../src/internal/frame-store-portable.js";

/** The proposal's `AsyncContext.Variable`, built on AsyncLocalStorage to stand in for a platform's. */
class StandInVariable<T> {
  private readonly storage = new AsyncLocalStorage<{ value: T | undefined }>();

  get(): T | undefined {
    return this.storage.getStore()?.value;
  }

  run<R, A extends unknown[]>(value: T | undefined, fn: (...args: A) => R, ...args: A): R {
    return this.storage.run({ value }, fn, ...args);
  }
}

const standInAsyncContext = { Variable: StandInVariable };

function microtask(): Promise<void> {
  return new Promise((resolve) => queueMicrotask(resolve));
}

describe("the frame store a runtime gets", () => {
  it("AsyncContext where the platform has it, before anything else (documented behaviour)", () => {
    const store = createFrameStore({ AsyncContext: standInAsyncContext, process });
    expect(store).toBeInstanceOf(AsyncContextFrames);
    expect(store.carrier).toBe("async-context");
  });

  it("AsyncLocalStorage from process.getBuiltinModule where Node's modules are there (documented behaviour)", () => {
    const store = createFrameStore<string>({ process });
    expect(store).toBeInstanceOf(AsyncLocalStorage);
    expect(store.carrier).toBe("async-local-storage");
    expect(store.frameUnknown()).toBe(false);
  });

  it("the loop's steps in a page: no AsyncContext, no process (documented behaviour)", () => {
    const store = createFrameStore({});
    expect(store).toBeInstanceOf(LoopStepFrames);
    expect(store.carrier).toBe("loop-steps");
  });

  it("the loop's steps where getBuiltinModule has no async_hooks (documented behaviour)", () => {
    const host = {
      process: {
        getBuiltinModule: () => {
          throw new Error("no such module");
        },
      },
    };
    expect(createFrameStore(host).carrier).toBe("loop-steps");
  });
});

describe("LoopStepFrames", () => {
  it("run() gives synchronous code its frame and restores the outer one (documented behaviour)", () => {
    const store = new LoopStepFrames<string>();
    const seen: (string | undefined)[] = [];
    store.run("outer", () => {
      seen.push(store.getStore());
      store.run("inner", () => seen.push(store.getStore()));
      seen.push(store.getStore());
      store.exit(() => seen.push(store.getStore()));
    });
    seen.push(store.getStore());
    expect(seen).toEqual(["outer", "inner", "outer", undefined, undefined]);
  });

  it("a microtask runs in the step the loop resumed last, until the loop's next turn (documented behaviour)", async () => {
    const store = new LoopStepFrames<string>();
    store.enterStep("task-1");
    await microtask();
    const inStep = store.getStore();
    store.enterStep("task-2");
    await microtask();
    const inNextStep = store.getStore();
    store.leaveSteps();
    await microtask();
    expect([inStep, inNextStep, store.getStore()]).toEqual(["task-1", "task-2", undefined]);
  });

  it("knows when it can't name the frame: outside every run() and every step (documented behaviour)", () => {
    const store = new LoopStepFrames<string>();
    expect(store.frameUnknown()).toBe(true);
    expect(store.exit(() => store.frameUnknown())).toBe(false);
    store.enterStep("task-1");
    expect(store.frameUnknown()).toBe(false);
    store.leaveSteps();
    expect(store.frameUnknown()).toBe(true);
  });

  it("enterWith changes the run() it is in, or the step outside any (documented behaviour)", () => {
    const store = new LoopStepFrames<string>();
    const inside = store.run("callback", () => {
      store.enterWith("entered");
      return store.getStore();
    });
    expect([inside, store.getStore()]).toEqual(["entered", undefined]);
    store.enterWith("step");
    expect(store.getStore()).toBe("step");
  });

  it("an error thrown inside run() restores the outer frame (documented behaviour)", () => {
    const store = new LoopStepFrames<string>();
    expect(() =>
      store.run("failing", () => {
        throw new TypeError("boom");
      }),
    ).toThrow(TypeError);
    expect(store.getStore()).toBeUndefined();
  });
});

describe("AsyncContextFrames", () => {
  it("follows awaits as AsyncLocalStorage does (documented behaviour)", async () => {
    const store = new AsyncContextFrames<string>(standInAsyncContext);
    const seen = await store.run("task-1", async () => {
      await microtask();
      return store.getStore();
    });
    expect(seen).toBe("task-1");
    expect(store.getStore()).toBeUndefined();
  });

  it("enterWith holds until the run() it is in ends (documented behaviour)", () => {
    const store = new AsyncContextFrames<string>(standInAsyncContext);
    const seen = store.run("callback", () => {
      store.enterWith("entered");
      const inside = store.getStore();
      const nested = store.run("nested", () => store.getStore());
      return [inside, nested, store.getStore()];
    });
    expect(seen).toEqual(["entered", "nested", "entered"]);
    expect(store.getStore()).toBeUndefined();
    expect(store.frameUnknown()).toBe(false);
  });
});
