/**
 * The FIFO of getter or putter Futures of a queue. A hundred thousand tasks may wait on one
 * queue, so both ways out cost O(1) whatever the number waiting: a wake-up takes the oldest
 * waiter from the head, and a cancelled waiter leaves from wherever it is through the node it was
 * given. (An array would copy itself on `shift()` and scan on `indexOf()`/`splice()`.)
 */
import type { Future } from "@asyncio/futures";

/** A waiter's place in the queue; the waiting task keeps it to leave the queue. */
export class WaiterNode {
  /** @internal */ _prev: WaiterNode | null = null;
  /** @internal */ _next: WaiterNode | null = null;

  constructor(readonly future: Future<void>) {}
}

export class WaiterQueue {
  private head: WaiterNode | null = null;
  private tail: WaiterNode | null = null;
  private size = 0;

  /** How many waiters are queued. */
  get length(): number {
    return this.size;
  }

  /** Queues `future` at the tail; the node it returns is how the waiter leaves. */
  push(future: Future<void>): WaiterNode {
    const node = new WaiterNode(future);
    const tail = this.tail;
    if (tail === null) this.head = node;
    else {
      tail._next = node;
      node._prev = tail;
    }
    this.tail = node;
    this.size++;
    return node;
  }

  /** Takes the oldest waiter out of the queue. */
  shift(): Future<void> | undefined {
    const node = this.head;
    if (node === null) return undefined;
    this.remove(node);
    return node.future;
  }

  /** Takes `node` out of the queue; nothing happens if it already left (a wake-up took it). */
  remove(node: WaiterNode): void {
    const prev = node._prev;
    const next = node._next;
    if (prev === null) {
      if (this.head !== node) return;
      this.head = next;
    } else {
      prev._next = next;
    }
    if (next === null) this.tail = prev;
    else next._prev = prev;
    node._prev = null;
    node._next = null;
    this.size--;
  }

  /** Wakes the oldest waiter that isn't done; those passed on the way (cancelled) leave too. */
  wakeUpNext(): void {
    for (let waiter = this.shift(); waiter !== undefined; waiter = this.shift()) {
      if (!waiter.done()) {
        waiter.setResult(undefined);
        return;
      }
    }
  }

  /** Wakes every waiter that isn't done, emptying the queue. */
  wakeUpAll(): void {
    for (let waiter = this.shift(); waiter !== undefined; waiter = this.shift()) {
      if (!waiter.done()) waiter.setResult(undefined);
    }
  }
}
