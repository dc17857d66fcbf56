/** Python names for the locks and queues: the same classes, with snake_case aliases. */
import * as asyncio from "@asyncio/compat";
import { withTestLoop } from "@asyncio/core/testing";
import * as locks from "@asyncio/locks";
import * as queues from "@asyncio/queues";
import { describe, expect, it } from "vitest";

describe("locks under Python names", () => {
  it("are the classes of @asyncio/locks (asyncio.locks.__all__)", () => {
    expect(asyncio.Lock).toBe(locks.Lock);
    expect(asyncio.Event).toBe(locks.Event);
    expect(asyncio.Condition).toBe(locks.Condition);
    expect(asyncio.Semaphore).toBe(locks.Semaphore);
    expect(asyncio.BoundedSemaphore).toBe(locks.BoundedSemaphore);
    expect(asyncio.Barrier).toBe(locks.Barrier);
    expect(asyncio.BrokenBarrierError).toBe(locks.BrokenBarrierError);
  });

  it("Python's keyword arguments become an options object (test_locks.py::SemaphoreTests::test_acquire_cancel_before_awoken, Semaphore(value=0))", () => {
    expect(new asyncio.Semaphore({ value: 0 }).locked()).toBe(true);
    expect(new asyncio.Semaphore({}).locked()).toBe(false);
    expect(() => new asyncio.Semaphore({ value: -1 })).toThrow(asyncio.ValueError);
    const bounded = new asyncio.BoundedSemaphore({ value: 2 });
    expect(() => bounded.release()).toThrow("BoundedSemaphore released too many times");
    expect(new asyncio.Barrier({ parties: 3 }).parties).toBe(3);
  });

  it("Condition({ lock }) shares the lock it is given (test_locks.py::ConditionTests::test_explicit_lock)", async () => {
    await withTestLoop(async () => {
      const lock = new asyncio.Lock();
      const condition = new asyncio.Condition({ lock });
      expect(condition.locked()).toBe(false);
      await lock.acquire();
      expect(condition.locked()).toBe(true);
      lock.release();
      expect(condition.locked()).toBe(false);
    });
  });

  it("__aenter__/__aexit__ drive a lock as `async with` does (test_pep492.py::LockTests::test_context_manager_async_with)", async () => {
    await withTestLoop(async () => {
      for (const lock of [
        new asyncio.Lock(),
        new asyncio.Condition(),
        new asyncio.Semaphore(),
        new asyncio.BoundedSemaphore(),
      ]) {
        expect(await lock.__aenter__()).toBeUndefined();
        expect(lock.locked()).toBe(true);
        expect(await lock.__aexit__()).toBeUndefined();
        expect(lock.locked()).toBe(false);
      }
    });
  });

  it("is_set, wait_for, notify_all and n_waiting forward to the TypeScript names (test_locks.py::EventTests::test_wait_on_set, ConditionTests::test_notify_all, BarrierTests::test_filling_task_by_task)", async () => {
    await withTestLoop(async () => {
      const ev = new asyncio.Event();
      expect(ev.is_set()).toBe(false);
      ev.set();
      expect(ev.is_set()).toBe(true);

      const cond = new asyncio.Condition();
      let ready = false;
      const waiter = asyncio.create_task(async () => {
        await cond.__aenter__();
        try {
          return await cond.wait_for(() => ready && "ready");
        } finally {
          await cond.__aexit__();
        }
      });
      await asyncio.sleep(0);
      await cond.acquire();
      ready = true;
      cond.notify_all();
      cond.release();
      expect(await waiter).toBe("ready");

      const barrier = new asyncio.Barrier(2);
      const first = asyncio.create_task(barrier.__aenter__());
      await asyncio.sleep(0);
      expect(barrier.n_waiting).toBe(1);
      expect(await barrier.__aenter__()).toBe(1);
      expect(await first).toBe(0);
      expect(await barrier.__aexit__()).toBeUndefined();
      expect(barrier.n_waiting).toBe(0);
    });
  });
});

describe("async_with over the locks", () => {
  it("holds the lock for the body and releases it when the body throws (test_pep492.py::LockTests::test_context_manager_async_with)", async () => {
    await withTestLoop(async () => {
      const lock = new asyncio.Lock();
      const inside = await asyncio.async_with(lock, async (value) => {
        expect(value).toBeUndefined();
        return lock.locked();
      });
      expect(inside).toBe(true);
      expect(lock.locked()).toBe(false);
      await expect(
        asyncio.async_with(new asyncio.Semaphore(1), async () => {
          throw new RangeError("body failed");
        }),
      ).rejects.toThrow("body failed");
      const barrier = new asyncio.Barrier(1);
      expect(await asyncio.async_with(barrier, async (index) => index)).toBe(0);
    });
  });
});

describe("queues under Python names", () => {
  it("are the classes of @asyncio/queues (asyncio.queues.__all__)", () => {
    expect(asyncio.Queue).toBe(queues.Queue);
    expect(asyncio.PriorityQueue).toBe(queues.PriorityQueue);
    expect(asyncio.LifoQueue).toBe(queues.LifoQueue);
    expect(asyncio.QueueEmpty).toBe(queues.QueueEmpty);
    expect(asyncio.QueueFull).toBe(queues.QueueFull);
    expect(asyncio.QueueShutDown).toBe(queues.QueueShutDown);
  });

  it("put_nowait, get_nowait, task_done and the maxsize keyword work as in Python (test_queues.py::QueuePutTests::test_nonblocking_put_exception, _QueueJoinTestMixin::test_task_done_underflow)", async () => {
    await withTestLoop(async () => {
      const q = new asyncio.Queue<number>({ maxsize: 1 });
      expect(q.maxsize).toBe(1);
      q.put_nowait(1);
      expect(() => q.put_nowait(2)).toThrow(asyncio.QueueFull);
      expect(q.get_nowait()).toBe(1);
      expect(() => q.get_nowait()).toThrow(asyncio.QueueEmpty);
      q.task_done();
      expect(() => q.task_done()).toThrow(asyncio.ValueError);
      q.shutdown({ immediate: true });
      await expect(q.get()).rejects.toBeInstanceOf(asyncio.QueueShutDown);
      const pq = new asyncio.PriorityQueue<[number, string]>();
      pq.put_nowait([2, "b"]);
      pq.put_nowait([1, "a"]);
      expect(pq.get_nowait()).toEqual([1, "a"]);
    });
  });
});
