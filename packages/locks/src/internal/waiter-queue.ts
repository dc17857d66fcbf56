/**
 * The FIFO of waiter Futures that every primitive keeps. A hundred thousand tasks may wait on one
 * lock, so nothing here may cost time in proportion to the number waiting: a waiter joins at the
 * tail and leaves from wherever it is in O(1) (it holds its node), and the searches a wake-up
 * makes — the first waiter not yet woken, whether any waiter is not cancelled — resume where the
 * previous search stopped, since a Future that is done stays done. (An array would copy itself
 * on `shift()` and scan on `indexOf()`/`splice()`.)
 */
import type { Future } from "@asyncio/futures";

/** A waiter's place in the queue; the waiting task keeps it to leave the queue. */
export class WaiterNode<F> {
  /** @internal */ _prev: WaiterNode<F> | null = null;
  /** @internal */ _next: WaiterNode<F> | null = null;

  constructor(readonly future: F) {}
}

export class WaiterQueue<F extends Future<unknown>> {
  private head: WaiterNode<F> | null = null;
  private tail: WaiterNode<F> | null = null;
  private size = 0;
  /** Every waiter before this one is done (woken or cancelled); null: every waiter is. */
  private pendingFrom: WaiterNode<F> | null = null;
  /** Every waiter before this one is cancelled; null: every waiter is. */
  private liveFrom: WaiterNode<F> | null = null;

  /** How many waiters are queued (woken ones stay queued until their task runs). */
  get length(): number {
    return this.size;
  }

  /** Queues `future` at the tail; the node it returns is how the waiter leaves. */
  push(future: F): WaiterNode<F> {
    const node = new WaiterNode(future);
    const tail = this.tail;
    if (tail === null) this.head = node;
    else {
      tail._next = node;
      node._prev = tail;
    }
    this.tail = node;
    this.size++;
    // A new waiter is pending and live; the searches must not skip it.
    if (this.pendingFrom === null) this.pendingFrom = node;
    if (this.liveFrom === null) this.liveFrom = node;
    return node;
  }

  /** Takes `node` out of the queue; nothing happens if it already left. */
  remove(node: WaiterNode<F>): void {
    const prev = node._prev;
    const next = node._next;
    if (prev === null) {
      if (this.head !== node) return; // already left
      this.head = next;
    } else {
      prev._next = next;
    }
    if (next === null) this.tail = prev;
    else next._prev = prev;
    node._prev = null;
    node._next = null;
    this.size--;
    if (this.pendingFrom === node) this.pendingFrom = next;
    if (this.liveFrom === node) this.liveFrom = next;
  }

  /** The oldest waiter, whatever its state. */
  first(): F | undefined {
    return this.head?.future;
  }

  /** The oldest waiter that isn't done yet: the next one to wake. */
  firstPending(): F | undefined {
    let node = this.pendingFrom;
    while (node?.future.done()) node = node._next;
    this.pendingFrom = node;
    return node?.future;
  }

  /** True if some waiter was not cancelled (a newcomer must queue behind it). */
  hasLive(): boolean {
    let node = this.liveFrom;
    while (node?.future.cancelled()) node = node._next;
    this.liveFrom = node;
    return node !== null;
  }

  /** The waiters, oldest first. */
  toArray(): F[] {
    const futures: F[] = [];
    for (let node = this.head; node !== null; node = node._next) futures.push(node.future);
    return futures;
  }
}
