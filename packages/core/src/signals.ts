/**
 * Unix signal handlers on the loop, as Python's `loop.add_signal_handler()`: the callback runs as
 * a loop callback (never inside Node's signal listener), so it may touch futures and tasks.
 */

import { type EventLoopContract, RuntimeError, ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { isCoroutine } from "@asyncio/tasks";
import { hostProcess, signalNumbers } from "#process-host";

type Listener = (signal: NodeJS.Signals) => void;

const handlers = new WeakMap<EventLoopContract, Map<NodeJS.Signals, Listener>>();
const UNCATCHABLE = new Set(["SIGKILL", "SIGSTOP"]);

function signalName(sig: unknown, method: string): NodeJS.Signals {
  const signals = signalNumbers;
  if (signals === null) {
    throw new RuntimeError(
      `${method}() needs a process with signals (Node, Deno or Bun); this runtime has none`,
    );
  }
  if (typeof sig === "string" && Object.hasOwn(signals, sig)) return sig as NodeJS.Signals;
  if (typeof sig === "number" && Number.isInteger(sig)) {
    const name = Object.keys(signals).find((key) => signals[key] === sig);
    if (name !== undefined) return name as NodeJS.Signals;
    throw new ValueError(`sig ${sig} out of range(1, ${Math.max(...Object.values(signals)) + 1})`);
  }
  throw new TypeError(`${method}() sig must be a signal name or number, got ${describe(sig)}`);
}

/**
 * Runs `callback(...args)` on `loop` whenever the process receives `sig` (a name such as
 * `"SIGTERM"`, or a number). A second handler for the same signal replaces the first. While a
 * handler is set, the signal no longer has its default effect (terminating the process).
 *
 * @example
 * ```ts
 * const loop = getRunningLoop();
 * addSignalHandler(loop, "SIGTERM", () => mainTask.cancel());
 * ```
 */
export function addSignalHandler<A extends unknown[]>(
  loop: EventLoopContract,
  sig: NodeJS.Signals | number,
  callback: (...args: A) => unknown,
  ...args: A
): void {
  const name = signalName(sig, "addSignalHandler");
  if (isCoroutine(callback)) {
    throw new TypeError("coroutines cannot be used with addSignalHandler()");
  }
  if (typeof callback !== "function") {
    throw new TypeError(
      `addSignalHandler() callback must be a function, got ${describe(callback)}`,
    );
  }
  if (UNCATCHABLE.has(name)) throw new RuntimeError(`sig ${name} cannot be caught`);
  if (loop.isClosed()) throw new RuntimeError("Event loop is closed");
  removeSignalHandler(loop, name);
  const listener: Listener = () => {
    if (loop.isClosed()) {
      // The loop is gone: stop intercepting, and let the signal have its default effect.
      removeSignalHandler(loop, name);
      const process = hostProcess as NodeJS.Process;
      process.kill(process.pid, name);
      return;
    }
    loop.callSoon(callback, ...args);
  };
  let table = handlers.get(loop);
  if (table === undefined) {
    table = new Map();
    handlers.set(loop, table);
  }
  table.set(name, listener);
  (hostProcess as NodeJS.Process).on(name, listener);
}

/**
 * Removes the handler `addSignalHandler` set for `sig` on `loop`; returns whether there was one.
 *
 * @example
 * ```ts
 * removeSignalHandler(loop, "SIGTERM"); // true
 * ```
 */
export function removeSignalHandler(
  loop: EventLoopContract,
  sig: NodeJS.Signals | number,
): boolean {
  const name = signalName(sig, "removeSignalHandler");
  const table = handlers.get(loop);
  const listener = table?.get(name);
  if (table === undefined || listener === undefined) return false;
  table.delete(name);
  (hostProcess as NodeJS.Process).off(name, listener);
  return true;
}

/** Whether `addSignalHandler` set a handler for `sig` on `loop` (the Runner then leaves SIGINT alone). @internal */
export function hasSignalHandler(loop: EventLoopContract, sig: NodeJS.Signals): boolean {
  return handlers.get(loop)?.has(sig) === true;
}
