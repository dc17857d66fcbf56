/**
 * Whether anything listens for an `AbortSignal`'s abort, where `node:events` can't be imported.
 * A runtime that offers Node's modules (`process.getBuiltinModule`) is asked as Node is. A
 * browser can't tell: its own APIs (`fetch`, streams) react to the abort without a listener any
 * script could see. There a signal counts as listened to, so that a task cancelled while blocked
 * on a foreign Promise gives the API its grace period to give up before its code is detached.
 */
type GetEventListeners = (target: EventTarget, type: string) => unknown[];

function findGetEventListeners(): GetEventListeners | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  if (typeof process?.getBuiltinModule !== "function") return null;
  try {
    const events = process.getBuiltinModule("node:events") as
      | { getEventListeners?: GetEventListeners }
      | undefined;
    return typeof events?.getEventListeners === "function" ? events.getEventListeners : null;
  } catch {
    // A runtime that names the function but lacks the module: it can't tell either.
    return null;
  }
}

const getEventListeners = findGetEventListeners();

export function hasAbortListeners(signal: AbortSignal): boolean {
  if (signal.onabort !== null) return true;
  return getEventListeners === null || getEventListeners(signal, "abort").length > 0;
}
