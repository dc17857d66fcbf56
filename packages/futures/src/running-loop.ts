/**
 * The running-loop registry: which event loop is running right now. Only one loop runs at a time,
 * as in one Python thread. The slot lives on `globalThis` under a `Symbol.for` key, so two copies of
 * this package (a bundling accident) still agree on it.
 */
import { RuntimeError } from "./errors.js";
import type { EventLoopContract } from "./event-loop-contract.js";

/**
 * The type `getRunningLoop()` returns. On its own this package knows only the loop contract; a
 * loop package adds its class here by declaration merging (`@asyncio/core` adds `loop:
 * EventLoop`), so that `getRunningLoop().createTask(...)` type-checks wherever that package is
 * part of the program.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging.
export interface RunningLoopTypes {}

/** The running loop's type: the contract, or the class a loop package registered. */
export type RunningLoop = RunningLoopTypes extends { loop: infer L } ? L : EventLoopContract;

const slotKey = Symbol.for("@asyncio/running-loop");
type Slot = { loop: EventLoopContract | null };
const globals = globalThis as unknown as Record<symbol, Slot | undefined>;
const slot: Slot = globals[slotKey] ?? (globals[slotKey] = { loop: null });

/**
 * The loop that is running, or throws `RuntimeError("no running event loop")`.
 *
 * @example
 * ```ts
 * const loop = getRunningLoop();
 * loop.callSoon(() => console.log("next iteration"));
 * ```
 */
export function getRunningLoop(): RunningLoop {
  const loop = slot.loop;
  if (loop === null) throw new RuntimeError("no running event loop");
  return loop as RunningLoop;
}

/** The running loop or `null`; never throws. */
export function peekRunningLoop(): RunningLoop | null {
  return slot.loop as RunningLoop | null;
}

/**
 * Marks `loop` as the running loop (or none). For event loop implementations: refuses to replace a
 * different running loop, as Python refuses to run a loop while another runs in the same thread.
 */
export function setRunningLoop(loop: EventLoopContract | null): void {
  if (loop !== null && slot.loop !== null && slot.loop !== loop) {
    throw new RuntimeError("Cannot run the event loop while another loop is running");
  }
  slot.loop = loop;
}
