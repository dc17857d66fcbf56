/** A FIFO of handles: an array with a moving head, so that taking the first item is O(1). */
import type { Handle } from "@asyncio/futures";

export class ReadyQueue {
  private items: (Handle | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(handle: Handle): void {
    this.items.push(handle);
  }

  shift(): Handle {
    const items = this.items;
    const handle = items[this.head] as Handle;
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
