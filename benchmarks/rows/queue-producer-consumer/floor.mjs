// One producer puts 200,000 items into a bounded buffer of 100 while one consumer takes them,
// with plain Promises: a blocked side waits on a Promise that the other side resolves.
import { now, reportOps } from "../../lib/report.mjs";

const ITEMS = 200_000;
const MAXSIZE = 100;

class BoundedBuffer {
  items = [];
  head = 0;
  getters = [];
  putters = [];

  size() {
    return this.items.length - this.head;
  }

  async put(item) {
    while (this.size() >= MAXSIZE) await new Promise((resolve) => this.putters.push(resolve));
    this.items.push(item);
    this.getters.shift()?.();
  }

  async get() {
    while (this.size() === 0) await new Promise((resolve) => this.getters.push(resolve));
    const item = this.items[this.head++];
    if (this.head > 1024) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.putters.shift()?.();
    return item;
  }
}

const buffer = new BoundedBuffer();
const started = now();
const producer = (async () => {
  for (let i = 0; i < ITEMS; i++) await buffer.put(i);
})();
const consumer = (async () => {
  let sum = 0;
  for (let i = 0; i < ITEMS; i++) sum += await buffer.get();
  return sum;
})();
await producer;
await consumer;
reportOps(ITEMS, now() - started);
