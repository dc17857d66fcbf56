/**
 * A binary min-heap of timer handles ordered by `when`, as CPython's `_scheduled`. Timers with the
 * same deadline come out in the order they were pushed: a heap alone doesn't keep that order, and
 * on a virtual clock (or a coarse one) equal deadlines are common.
 */
import type { TimerHandle } from "../timer-handle.js";

/** Whether `a` must run before `b`. */
function before(a: TimerHandle, b: TimerHandle): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}

export class TimerHeap {
  private items: TimerHandle[] = [];
  private pushed = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): TimerHandle | undefined {
    return this.items[0];
  }

  push(timer: TimerHandle): void {
    const items = this.items;
    let index = items.length;
    timer._seq = this.pushed++;
    items.push(timer);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = items[parent] as TimerHandle;
      if (!before(timer, above)) break;
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
      if (right < length && before(items[right] as TimerHandle, items[child] as TimerHandle))
        child = right;
      const smaller = items[child] as TimerHandle;
      if (!before(smaller, timer)) break;
      items[index] = smaller;
      index = child;
    }
    items[index] = timer;
  }
}
