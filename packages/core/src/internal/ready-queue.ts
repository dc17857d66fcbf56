/** A FIFO of handles: an array with a moving head, so that taking the first item is O(1). */
import type { BaseHandle } from "@asyncio/futures/contract";

export class ReadyQueue {
  private items: (BaseHandle | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(handle: BaseHandle): void {
    this.items.push(handle);
  }

  shift(): BaseHandle {
    const items = this.items;
    const handle = items[this.head] as BaseHandle;
    items[this.head++] = undefined;
    if (this.head === items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
    return handle;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
