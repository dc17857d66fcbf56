/** Helpers over the FIFO arrays of waiter Futures that a queue keeps. */
import type { Future } from "@asyncio/futures";

/** Removes `item` from `list` if it is still there (a wakeup may have taken it out already). */
export function removeItem<T>(list: T[], item: T): void {
  if (list[0] === item) {
    list.shift();
    return;
  }
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

/** Wakes the first waiter that isn't done (cancelled ones are dropped on the way). */
export function wakeUpNext(waiters: Future<void>[]): void {
  while (waiters.length > 0) {
    const waiter = waiters.shift() as Future<void>;
    if (!waiter.done()) {
      waiter.setResult(undefined);
      return;
    }
  }
}
