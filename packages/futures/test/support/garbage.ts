/**
 * Garbage collection on demand, for the "exception was never retrieved" tests: CPython reports
 * from `__del__`, right when the last reference goes; here a `FinalizationRegistry` reports after
 * a collection. The tests force one (`gc` exposed through V8 flags) and then poll a few macrotask
 * turns, so they don't depend on when V8 would collect on its own.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type ExceptionContext, Future } from "@asyncio/futures";
import { expect } from "vitest";
import type { ContractLoop } from "./contract-loop.js";

/**
 * A full collection on demand: Bun's (JavaScriptCore has no `--expose-gc`), a `gc` the runtime
 * already exposes (a page started with `--js-flags=--expose-gc`), or V8's, exposed at run time.
 */
function findGc(): () => void {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  if (bun !== undefined) return () => bun.gc(true);
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

const gc = findGc();

/**
 * Collects garbage, then gives finalisation callbacks a few turns to run; stops early once
 * `until()` holds. `until()` runs in a turn of its own: a `WeakRef`'s `deref()` keeps its target
 * alive until the turn ends, so a collection in the same turn could not free it.
 */
export async function collect(until: () => boolean = () => false): Promise<void> {
  const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  for (let round = 0; round < 10; round++) {
    gc();
    await turn();
    if (until()) return;
    await turn();
  }
}

/**
 * Abandons a control future whose exception is never retrieved next to the scenario, and collects
 * until the control is reported: then a collection has surely happened, and the scenario's own
 * future (as unreachable as the control) would have been reported by now if it were going to be.
 * Returns the other reports.
 */
export async function collectWithControl(loop: ContractLoop): Promise<ExceptionContext[]> {
  const control = new Error("control");
  abandon(loop, (f) => f.setException(control));
  await collect(() => loop.reported.some((context) => context.exception === control));
  expect(loop.reported.map((context) => context.exception)).toContain(control);
  return loop.reported.filter((context) => context.exception !== control);
}

// Each scenario builds its future in a separate function, so no local variable keeps it alive.
export function abandon(loop: ContractLoop, prepare: (future: Future) => void): void {
  prepare(new Future({ loop }));
}
