// 1,000 async functions each take a hand-written FIFO mutex 100 times, yielding once with
// `await null` while holding it (the floor's sleep(0), as in the sleep0 rows).
import { now, reportOps } from "../../lib/report.mjs";

const TASKS = 1_000;
const ROUNDS = 100;

class Mutex {
  locked = false;
  waiters = [];
  head = 0;

  acquire() {
    if (!this.locked) {
      this.locked = true;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release() {
    if (this.head < this.waiters.length) {
      // Hand the lock straight to the next waiter: it stays locked.
      const next = this.waiters[this.head];
      this.waiters[this.head++] = undefined;
      if (this.head > 1024) {
        this.waiters = this.waiters.slice(this.head);
        this.head = 0;
      }
      next();
    } else {
      this.locked = false;
    }
  }
}

const mutex = new Mutex();
let counter = 0;
async function worker() {
  for (let i = 0; i < ROUNDS; i++) {
    await mutex.acquire();
    try {
      await null;
      counter++;
    } finally {
      mutex.release();
    }
  }
}

const started = now();
const workers = [];
for (let i = 0; i < TASKS; i++) workers.push(worker());
for (const w of workers) await w;
if (counter !== TASKS * ROUNDS) throw new Error(`counted ${counter}`);
reportOps(TASKS * ROUNDS, now() - started);
