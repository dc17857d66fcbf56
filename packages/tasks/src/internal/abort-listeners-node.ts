/**
 * Whether anything listens for an `AbortSignal`'s abort, on Node, Deno and Bun: their
 * `getEventListeners` sees the listeners an API added (`fetch`, `timers/promises`...).
 */
import { getEventListeners } from "node:events";

export function hasAbortListeners(signal: AbortSignal): boolean {
  return signal.onabort !== null || getEventListeners(signal, "abort").length > 0;
}
