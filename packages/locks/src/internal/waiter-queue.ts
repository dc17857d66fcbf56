/**
 * The FIFO of waiter Futures of a Lock or Semaphore. Woken waiters leave from the head, so that
 * is O(1) here (an array's `shift()` copies the whole array, which a thousand waiters feel);
 * a cancelled waiter leaving from the middle is the rare case.
 */
export class WaiterQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  /** The oldest waiter. */
  first(): T | undefined {
    return this.items[this.head];
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Removes `item` if it is still queued. */
  remove(item: T): void {
    const items = this.items;
    if (items[this.head] === item) {
      items[this.head++] = undefined;
      if (this.head === items.length) {
        items.length = 0;
        this.head = 0;
      } else if (this.head >= 64 && this.head * 2 >= items.length) {
        this.items = items.slice(this.head);
        this.head = 0;
      }
      return;
    }
    const index = items.indexOf(item, this.head);
    if (index >= 0) items.splice(index, 1);
  }

  /** The first waiter that matches, oldest first. */
  find(predicate: (item: T) => boolean): T | undefined {
    const items = this.items;
    for (let i = this.head; i < items.length; i++) {
      const item = items[i] as T;
      if (predicate(item)) return item;
    }
    return undefined;
  }

  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }
}
