/**
 * A PriorityQueue is a Queue that hands out the lowest item first, kept in a binary heap. Items
 * are ordered as Python orders them (numbers, strings, and arrays compared like tuples, so
 * `[priority, payload]` entries work) unless a `compare` function is given.
 */
import { describe } from "@asyncio/futures/contract";
import { pythonCompare } from "./internal/python-compare.js";
import { checkOptionNames, Queue, type QueueOptions } from "./queue.js";

/** Options of a `PriorityQueue`. */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /** Negative, zero or positive as `a` comes before, ties with or comes after `b`. */
  compare?: (a: T, b: T) => number;
}

/**
 * Python's `asyncio.PriorityQueue`: a `Queue` that hands out the lowest item first, ordered as
 * Python orders values (arrays like tuples) or by a `compare` function.
 *
 * @example
 * ```ts
 * const jobs = new PriorityQueue<[number, string]>();
 * jobs.putNowait([2, "later"]);
 * jobs.putNowait([1, "first"]);
 * jobs.getNowait(); // [1, "first"]
 *
 * const byDeadline = new PriorityQueue<Job>({ compare: (a, b) => a.deadline - b.deadline });
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  private readonly heap: T[] = [];
  private readonly compare: (a: T, b: T) => number;

  /**
   * `maxsize` as for `Queue`; options (alone, or after the maxsize) may also give `compare`.
   */
  /** @internal */
  static override readonly _optionNames: readonly string[] = ["maxsize", "compare"];

  constructor(maxsize?: number | PriorityQueueOptions<T>, options?: PriorityQueueOptions<T>) {
    const merged: PriorityQueueOptions<T> | undefined =
      typeof maxsize === "object" && maxsize !== null ? maxsize : options;
    super(maxsize);
    if (merged === options && options !== undefined) {
      if (typeof options !== "object" || options === null || Array.isArray(options)) {
        throw new TypeError(`PriorityQueue() options must be an object, got ${describe(options)}`);
      }
      checkOptionNames(options, ["compare"], "PriorityQueue()");
    }
    const compare = merged?.compare;
    if (compare !== undefined && typeof compare !== "function") {
      throw new TypeError(`PriorityQueue() compare must be a function, got ${describe(compare)}`);
    }
    this.compare = compare ?? pythonCompare;
  }

  protected override _put(item: T): void {
    const heap = this.heap;
    const compare = this.compare;
    // Sift up through a hole, so that a compare that throws can be undone cleanly.
    let hole = heap.length;
    heap.push(item);
    try {
      while (hole > 0) {
        const parent = (hole - 1) >> 1;
        const above = heap[parent] as T;
        if (compare(item, above) >= 0) break;
        heap[hole] = above;
        hole = parent;
      }
    } catch (error) {
      // Move the parents that came down back up, bottom first, and drop the item.
      let child = heap.length - 1;
      let carried = heap[child] as T;
      while (child !== hole) {
        const parent = (child - 1) >> 1;
        const next = heap[parent] as T;
        heap[parent] = carried;
        carried = next;
        child = parent;
      }
      heap.pop();
      throw error;
    }
    heap[hole] = item;
  }

  protected override _get(): T {
    const heap = this.heap;
    const top = heap[0] as T;
    const last = heap.pop() as T;
    if (heap.length === 0) return top;
    const compare = this.compare;
    const size = heap.length;
    let hole = 0;
    try {
      for (;;) {
        let child = 2 * hole + 1;
        if (child >= size) break;
        const right = child + 1;
        if (right < size && compare(heap[right] as T, heap[child] as T) < 0) child = right;
        if (compare(heap[child] as T, last) >= 0) break;
        heap[hole] = heap[child] as T;
        hole = child;
      }
    } finally {
      heap[hole] = last;
    }
    return top;
  }

  protected override _qsize(): number {
    return this.heap.length;
  }

  protected override _items(): T[] {
    return [...this.heap];
  }
}
