/** A LifoQueue is a Queue that hands out the most recently added item first (a stack). */
import { Queue } from "./queue.js";

/**
 * Python's `asyncio.LifoQueue`: a `Queue` that hands out the most recently added item first.
 *
 * @example
 * ```ts
 * const stack = new LifoQueue<number>();
 * stack.putNowait(1);
 * stack.putNowait(2);
 * stack.getNowait(); // 2
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  private readonly stack: T[] = [];

  protected override _put(item: T): void {
    this.stack.push(item);
  }

  protected override _get(): T {
    return this.stack.pop() as T;
  }

  protected override _qsize(): number {
    return this.stack.length;
  }

  protected override _items(): T[] {
    return [...this.stack];
  }
}
