/** Shared pieces of the Future tests: fresh contract loops, and what a call throws or rejects with. */
import { scheduleHostTurn } from "@asyncio/futures/contract";
import { afterEach } from "vitest";
import { ContractLoop } from "./contract-loop.js";

/**
 * Listens for unhandled rejections: the process's event where there is a process, the
 * `unhandledrejection` event of the global scope in a browser. Returns what stops listening.
 */
function onUnhandledRejection(listener: (reason: unknown) => void): () => void {
  const process = (globalThis as { process?: NodeJS.Process }).process;
  if (typeof process?.on === "function") {
    process.on("unhandledRejection", listener);
    return () => process.off("unhandledRejection", listener);
  }
  // A page: its global scope is an EventTarget (the DOM's types aren't loaded here).
  const scope = globalThis as unknown as EventTarget;
  const onEvent = (event: Event): void => {
    event.preventDefault();
    listener((event as Event & { reason: unknown }).reason);
  };
  scope.addEventListener("unhandledrejection", onEvent);
  return () => scope.removeEventListener("unhandledrejection", onEvent);
}

/**
 * Returns a maker of fresh contract loops for the calling test file; every loop it made is closed
 * after each test.
 */
export function freshLoops<L extends ContractLoop = ContractLoop>(
  make: () => L = () => new ContractLoop() as L,
): () => L {
  const loops: L[] = [];
  afterEach(() => {
    for (const loop of loops.splice(0)) if (!loop.isRunning()) loop.close();
  });
  return () => {
    const loop = make();
    loops.push(loop);
    return loop;
  };
}

/**
 * CPython's `test_utils.run_briefly(loop)`: lets whatever is ready now, and what it schedules for
 * the next iteration, run (two iterations, as a no-op task takes).
 */
export async function runBriefly(loop: ContractLoop): Promise<void> {
  const once = loop.createFuture<void>();
  loop.callSoon(() => once.setResult());
  await loop.runUntilComplete(once);
}

/** Runs exactly one iteration of `loop` (CPython's `test_utils.run_once`). */
export async function runOnce(loop: ContractLoop): Promise<void> {
  await loop.runOnce();
}

/** What `fn` throws (synchronously); fails the test if it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw, but it returned");
}

/** What `awaitable` rejects with; fails the test if it fulfils. */
export async function rejection(awaitable: PromiseLike<unknown>): Promise<unknown> {
  try {
    await awaitable;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, but it fulfilled");
}

/**
 * Records every `unhandledRejection` while `body` runs, plus a few macrotask turns after it (Node
 * reports them once the microtask queue drains), and returns what was seen.
 */
export async function unhandledRejectionsDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const stopListening = onUnhandledRejection((reason) => {
    seen.push(reason);
  });
  try {
    await body();
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => scheduleHostTurn(resolve));
  } finally {
    stopListening();
  }
  return seen;
}
