// Hand-written synchronisation primitives for the Node floors, as a TypeScript program would
// write them: a Promise per waiter, its resolver kept in a FIFO. The FIFO keeps a head index,
// since an array's shift() copies a large array every time.

/** A FIFO of resolvers. */
class Waiters {
  items = [];
  head = 0;

  get length() {
    return this.items.length - this.head;
  }

  push(resolve) {
    this.items.push(resolve);
  }

  shift() {
    const resolve = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return resolve;
  }
}

/** A counting semaphore: a release hands its permit straight to the oldest waiter. */
export class Semaphore {
  waiters = new Waiters();

  constructor(permits) {
    this.permits = permits;
  }

  /** `undefined` when a permit was free, else a Promise of one. */
  acquire() {
    if (this.permits > 0) {
      this.permits--;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release() {
    if (this.waiters.length > 0) this.waiters.shift()();
    else this.permits++;
  }
}

/** A mutex: a semaphore of one permit. */
export class Mutex extends Semaphore {
  constructor() {
    super(1);
  }
}

/** A condition variable over a Mutex: `wait()` releases it, sleeps, and takes it back. */
export class Condition {
  waiters = new Waiters();

  constructor(mutex) {
    this.mutex = mutex;
  }

  async wait() {
    this.mutex.release();
    await new Promise((resolve) => this.waiters.push(resolve));
    await this.mutex.acquire();
  }

  notifyAll() {
    while (this.waiters.length > 0) this.waiters.shift()();
  }
}

/** An unbounded FIFO queue whose `get()` waits for an item. */
export class Queue {
  items = new Waiters();
  getters = new Waiters();

  put(item) {
    if (this.getters.length > 0) this.getters.shift()(item);
    else this.items.push(item);
  }

  /** The next item, or a Promise of it. */
  get() {
    if (this.items.length > 0) return this.items.shift();
    return new Promise((resolve) => this.getters.push(resolve));
  }
}
