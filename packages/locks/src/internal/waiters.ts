/** Small helpers over the FIFO arrays of waiter Futures that every primitive keeps. */

/** Removes `item` from `list`; cheap when it is at the head, where woken waiters usually are. */
export function removeItem<T>(list: T[], item: T): void {
  if (list[0] === item) {
    list.shift();
    return;
  }
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

/** The ` [state, waiters:n]` part of a primitive's `toString()`. */
export function describeState(state: string, waiters: number): string {
  return waiters > 0 ? `[${state}, waiters:${waiters}]` : `[${state}]`;
}
