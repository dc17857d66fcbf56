/**
 * Python 3.14's `future_add_to_awaited_by` / `future_discard_from_awaited_by`: for code that makes
 * one Future wait on another by other means than an `await` the call graph sees (a callback, a
 * custom combinator), so that the call graph still shows who awaits whom. The edges live on
 * `globalThis`, where a snapshot of the task graph (`snapshot.ts`) finds them without an import.
 */
import { isFuture } from "@asyncio/futures";

const edgesKey = Symbol.for("@asyncio/awaited-by");
const globals = globalThis as unknown as Record<symbol, WeakMap<object, Set<object>> | undefined>;
const edges: WeakMap<object, Set<object>> = globals[edgesKey] ??
(globals[edgesKey] = new WeakMap());

/**
 * Records that `waiter` awaits `future`. As in Python, nothing happens unless both are Futures
 * (or Tasks).
 */
export function futureAddToAwaitedBy(future: unknown, waiter: unknown): void {
  if (!isFuture(future) || !isFuture(waiter)) return;
  let waiters = edges.get(future);
  if (waiters === undefined) {
    waiters = new Set();
    edges.set(future, waiters);
  }
  waiters.add(waiter);
}

/** Forgets that `waiter` awaits `future` (nothing happens if it wasn't recorded). */
export function futureDiscardFromAwaitedBy(future: unknown, waiter: unknown): void {
  if (!isFuture(future) || !isFuture(waiter)) return;
  edges.get(future)?.delete(waiter);
}

/** The Futures recorded as awaiting `future`, still pending. */
export function recordedWaiters(future: object): object[] {
  const waiters = edges.get(future);
  if (waiters === undefined) return [];
  return [...waiters].filter((waiter) => !(waiter as { done(): boolean }).done());
}
