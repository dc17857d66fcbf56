/**
 * A hundred thousand tasks waiting on one primitive: every one is woken, in FIFO order, and
 * cancelled waiters leave no trace, whatever the order they leave in. These are the FIFO tests of
 * test_locks.py at scale. They check values and order only; what a wake-up costs with that many
 * waiters is measured by the benchmark rows `compat-waiters-*`.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { Condition, Event, Lock, Semaphore } from "@asyncio/locks";
import { createTask, gather, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

const N = 100_000;
/** A ceiling for a slow, shared machine, not a measurement. */
const TIMEOUT_MS = 60_000;

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Lets every cancelled task finish, keeping only whether each ended cancelled. */
async function settle(tasks: Task<unknown>[]): Promise<void> {
  await gather(...tasks.map((task) => task.then(undefined, () => undefined)));
}

describe("100,000 waiters", { timeout: TIMEOUT_MS }, () => {
  it("on a Lock get it one after the other in FIFO order (test_locks.py::LockTests::test_acquire, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      const order: number[] = [];
      await lock.acquire();
      const tasks = range(N).map((i) =>
        createTask(async () => {
          await lock.acquire();
          order.push(i);
          lock.release();
        }),
      );
      await sleep(0);
      expect(lock._waiters?.length).toBe(N);
      lock.release();
      await gather(...tasks);
      expect(order).toEqual(range(N));
      expect(lock.locked()).toBe(false);
      expect(lock._waiters?.length).toBe(0);
    });
  });

  it("on a Lock, every third cancelled from the back: the others get it in FIFO order (test_locks.py::LockTests::test_acquire, cancelled waiters at scale)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      const order: number[] = [];
      await lock.acquire();
      const tasks = range(N).map((i) =>
        createTask(async () => {
          await using _ = await lock.hold();
          order.push(i);
        }),
      );
      await sleep(0);
      for (let i = N - 1; i >= 0; i--) if (i % 3 === 2) tasks[i]?.cancel();
      lock.release();
      await settle(tasks);
      expect(order).toEqual(range(N).filter((i) => i % 3 !== 2));
      expect(tasks.filter((task) => task.cancelled()).length).toBe(Math.floor(N / 3));
      expect(lock._waiters?.length).toBe(0);
      expect(lock.locked()).toBe(false);
    });
  });

  it("on a Lock, all cancelled: a newcomer takes the free lock at once, before they leave (test_locks.py::LockTests::test_acquire_cancel, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      await lock.acquire();
      const tasks = range(N).map(() => createTask(lock.acquire()));
      await sleep(0);
      for (let i = N - 1; i >= 0; i--) tasks[i]?.cancel();
      lock.release();
      // The cancelled waiters are still queued, but none is live: no need to queue behind them.
      expect(lock._waiters?.length).toBe(N);
      expect(await lock.acquire()).toBe(true);
      expect(lock._waiters?.length).toBe(N);
      await settle(tasks);
      expect(tasks.every((task) => task.cancelled())).toBe(true);
      expect(lock._waiters?.length).toBe(0);
      expect(lock.locked()).toBe(true);
      lock.release();
    });
  });

  it("on a Semaphore(0) released 100,000 times in a row are all woken, in FIFO order (test_locks.py::SemaphoreTests::test_acquire_fifo_order, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(0);
      const order: number[] = [];
      const tasks = range(N).map((i) =>
        createTask(async () => {
          await sem.acquire();
          order.push(i);
        }),
      );
      await sleep(0);
      expect(sem._waiters?.length).toBe(N);
      for (let i = 0; i < N; i++) sem.release();
      // Every unit is set aside for a woken waiter: the semaphore stays locked.
      expect(sem.locked()).toBe(true);
      await gather(...tasks);
      expect(order).toEqual(range(N));
      expect(sem._value).toBe(0);
      expect(sem._waiters?.length).toBe(0);
    });
  });

  it("on a Semaphore(8) whose units are handed on take them in FIFO order (test_locks.py::SemaphoreTests::test_acquire_fifo_order_2, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(8);
      const order: number[] = [];
      for (let i = 0; i < 8; i++) await sem.acquire();
      const tasks = range(N).map((i) =>
        createTask(async () => {
          await using _ = await sem.hold();
          order.push(i);
          await sleep(0);
        }),
      );
      await sleep(0);
      for (let i = 0; i < 8; i++) sem.release();
      await gather(...tasks);
      expect(order).toEqual(range(N));
      expect(sem._value).toBe(8);
      expect(sem.locked()).toBe(false);
    });
  });

  it("on a Semaphore, the woken ones cancelled from the back before they run give their units on (test_locks.py::SemaphoreTests::test_acquire_no_hang, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(0);
      const order: number[] = [];
      const tasks = range(N).map((i) =>
        createTask(async () => {
          await sem.acquire();
          order.push(i);
        }),
      );
      await sleep(0);
      for (let i = 0; i < N / 2; i++) sem.release();
      // The first half is woken; cancel every other woken one, from the back, before it runs.
      for (let i = N / 2 - 2; i >= 0; i -= 2) tasks[i]?.cancel();
      // Each cancelled one hands its unit to the next waiter still asleep.
      await settle(tasks.slice(0, N / 2 + N / 4));
      const expected = range(N / 2)
        .filter((i) => i % 2 === 1)
        .concat(range(N / 4).map((i) => N / 2 + i));
      expect(order).toEqual(expected);
      expect(sem._value).toBe(0);
      expect(sem._waiters?.length).toBe(N / 4);
      for (let i = 0; i < N / 4; i++) sem.release();
      await settle(tasks);
      expect(order.length).toBe(N - N / 4);
      expect(order.slice(-3)).toEqual([N - 3, N - 2, N - 1]);
    });
  });

  it("on a Condition: notifyAll() wakes them, and they get the lock back in FIFO order (test_locks.py::ConditionTests::test_notify_all, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      const order: number[] = [];
      const tasks = range(N).map((i) =>
        createTask(async () => {
          await using _ = await cond.hold();
          await cond.wait();
          order.push(i);
        }),
      );
      await sleep(0);
      expect(cond._waiters.length).toBe(N);
      await cond.acquire();
      cond.notifyAll();
      cond.release();
      await gather(...tasks);
      expect(order).toEqual(range(N));
      expect(cond._waiters.length).toBe(0);
      expect(cond.locked()).toBe(false);
    });
  });

  it("on a Condition: notify(1) called 100,000 times in a row wakes each once, in FIFO order (test_locks.py::ConditionTests::test_notify, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      const order: number[] = [];
      const tasks = range(N).map((i) =>
        createTask(async () => {
          await using _ = await cond.hold();
          await cond.wait();
          order.push(i);
        }),
      );
      await sleep(0);
      await cond.acquire();
      for (let i = 0; i < N / 2; i++) cond.notify(1);
      cond.release();
      await gather(...tasks.slice(0, N / 2));
      expect(order).toEqual(range(N / 2));
      expect(cond._waiters.length).toBe(N / 2);
      await cond.acquire();
      cond.notify(N);
      cond.release();
      await gather(...tasks);
      expect(order).toEqual(range(N));
    });
  });

  it("on an Event: set() wakes them all, in FIFO order, and none is left queued (test_locks.py::EventTests::test_wait, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const event = new Event();
      const order: number[] = [];
      const tasks = range(N).map((i) =>
        createTask(async () => {
          expect(await event.wait()).toBe(true);
          order.push(i);
        }),
      );
      await sleep(0);
      expect(event._waiters.length).toBe(N);
      event.set();
      await gather(...tasks);
      expect(order).toEqual(range(N));
      expect(event._waiters.length).toBe(0);
    });
  });

  it("on an Event, every other one cancelled from the back: set() wakes the rest in FIFO order (test_locks.py::EventTests::test_wait_cancel, 100,000 waiters)", async () => {
    await withTestLoop(async () => {
      const event = new Event();
      const order: number[] = [];
      const tasks = range(N).map((i) =>
        createTask(async () => {
          await event.wait();
          order.push(i);
        }),
      );
      await sleep(0);
      for (let i = N - 1; i >= 0; i -= 2) tasks[i]?.cancel();
      event.set();
      await settle(tasks);
      expect(order).toEqual(range(N).filter((i) => i % 2 === 0));
      expect(event._waiters.length).toBe(0);
    });
  });
});
