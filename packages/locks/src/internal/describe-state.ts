/** How a primitive's `toString()` shows its state and its waiters, as Python's repr does. */

/** The ` [state, waiters:n]` part of a primitive's `toString()`. */
export function describeState(state: string, waiters: number): string {
  return waiters > 0 ? `[${state}, waiters:${waiters}]` : `[${state}]`;
}
