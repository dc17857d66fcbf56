/**
 * A double-ended queue on a ring buffer: O(1) push and shift at either end, where an array's
 * `shift()` copies the whole array once it grows large.
 */
export class Deque<T> {
  private buffer: (T | undefined)[] = new Array(8);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size === this.buffer.length) this.grow();
    this.buffer[(this.head + this.size) & (this.buffer.length - 1)] = item;
    this.size++;
  }

  /** Removes and returns the oldest item; the deque must not be empty. */
  shift(): T {
    const item = this.buffer[this.head] as T;
    this.buffer[this.head] = undefined;
    this.head = (this.head + 1) & (this.buffer.length - 1);
    this.size--;
    return item;
  }

  /** Removes and returns the newest item; the deque must not be empty. */
  pop(): T {
    this.size--;
    const index = (this.head + this.size) & (this.buffer.length - 1);
    const item = this.buffer[index] as T;
    this.buffer[index] = undefined;
    return item;
  }

  toArray(): T[] {
    const items: T[] = [];
    const mask = this.buffer.length - 1;
    for (let i = 0; i < this.size; i++) items.push(this.buffer[(this.head + i) & mask] as T);
    return items;
  }

  private grow(): void {
    const items = this.toArray();
    this.buffer = new Array(this.buffer.length * 2);
    for (let i = 0; i < items.length; i++) this.buffer[i] = items[i];
    this.head = 0;
  }
}
