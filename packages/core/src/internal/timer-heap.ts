/** A binary min-heap of timer handles ordered by `when`, as CPython's `_scheduled`. */
import type { TimerHandle } from "../timer-handle.js";

export class TimerHeap {
  private items: TimerHandle[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): TimerHandle | undefined {
    return this.items[0];
  }

  push(timer: TimerHandle): void {
    const items = this.items;
    let index = items.length;
    items.push(timer);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = items[parent] as TimerHandle;
      if (above._when <= timer._when) break;
      items[index] = above;
      index = parent;
    }
    items[index] = timer;
  }

  pop(): TimerHandle | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    this.siftDown(0, last);
    return top;
  }

  /** Drops every cancelled timer and restores the heap order. */
  removeCancelled(): void {
    const kept = this.items.filter((timer) => !timer._cancelled);
    this.items = kept;
    for (let index = (kept.length >> 1) - 1; index >= 0; index--) {
      this.siftDown(index, kept[index] as TimerHandle);
    }
  }

  clear(): void {
    this.items = [];
  }

  private siftDown(start: number, timer: TimerHandle): void {
    const items = this.items;
    const length = items.length;
    let index = start;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (
        right < length &&
        (items[right] as TimerHandle)._when < (items[child] as TimerHandle)._when
      )
        child = right;
      const smaller = items[child] as TimerHandle;
      if (smaller._when >= timer._when) break;
      items[index] = smaller;
      index = child;
    }
    items[index] = timer;
  }
}
