/** Lock, mirroring test_locks.py::LockTests (and the Lock half of test_pep492.py). */
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, isRuntimeError, RuntimeError } from "@asyncio/futures";
import { Lock } from "@asyncio/locks";
import { Coroutine, coroutine, createTask, isCoroutine, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("Lock", () => {
  it("toString shows the state and waiters (test_locks.py::LockTests::test_repr)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      expect(String(lock)).toBe("<Lock [unlocked]>");
      await lock.acquire();
      expect(String(lock)).toBe("<Lock [locked]>");
      const waiter = createTask(lock.acquire());
      await sleep(0);
      expect(String(lock)).toBe("<Lock [locked, waiters:1]>");
      lock.release();
      await waiter;
      lock.release();
    });
  });

  it("acquire() is a lazy coroutine returning true (test_locks.py::LockTests::test_lock)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      const coro = lock.acquire();
      expect(isCoroutine(coro)).toBe(true);
      expect(coro).toBeInstanceOf(Coroutine);
      expect(lock.locked()).toBe(false);
      expect(await coro).toBe(true);
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("blocked acquirers get the lock in FIFO order, one per release (test_locks.py::LockTests::test_acquire)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      const result: number[] = [];
      expect(await lock.acquire()).toBe(true);
      const c = coroutine(async (n: number) => {
        if (await lock.acquire()) result.push(n);
        return true;
      });
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      await sleep(0);
      expect(result).toEqual([]);
      lock.release();
      await sleep(0);
      expect(result).toEqual([1]);
      await sleep(0);
      expect(result).toEqual([1]);
      const t3 = createTask(c(3));
      lock.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      lock.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
      lock.release();
    });
  });

  it("200 waiters, every third cancelled, get the lock in FIFO order (test_locks.py::LockTests::test_acquire, at scale)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      const order: number[] = [];
      await lock.acquire();
      const tasks = Array.from({ length: 200 }, (_, i) =>
        createTask(async () => {
          await lock.acquire();
          order.push(i);
          await sleep(0);
          lock.release();
        }),
      );
      await sleep(0);
      expect(lock._waiters?.length).toBe(200);
      for (let i = 2; i < 200; i += 3) tasks[i]?.cancel();
      lock.release();
      for (const task of tasks) await task.then(undefined, () => undefined);
      const expected = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 3 !== 2);
      expect(order).toEqual(expected);
      expect(lock.locked()).toBe(false);
      expect(lock._waiters?.length).toBe(0);
      expect(tasks.filter((t) => t.cancelled()).length).toBe(66);
    });
  });

  it("a cancelled acquire leaves no waiter behind (test_locks.py::LockTests::test_acquire_cancel)", async () => {
    await withTestLoop(async ({ loop }) => {
      const lock = new Lock();
      expect(await lock.acquire()).toBe(true);
      const task = createTask(lock.acquire());
      loop.callSoon(() => task.cancel());
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(lock._waiters?.length).toBe(0);
      lock.release();
    });
  });

  it("a waiter cancelled while the holder releases is skipped; the next one gets the lock (test_locks.py::LockTests::test_cancel_race)", async () => {
    await withTestLoop(async ({ loop }) => {
      const lock = new Lock();
      const lockit = coroutine(async (blocker: PromiseLike<unknown> | null) => {
        await lock.acquire();
        try {
          if (blocker !== null) await blocker;
        } finally {
          lock.release();
        }
      });
      const fa = loop.createFuture<null>();
      const ta = createTask(lockit(fa));
      await sleep(0);
      expect(lock.locked()).toBe(true);
      const tb = createTask(lockit(null));
      await sleep(0);
      expect(lock._waiters?.length).toBe(1);
      const tc = createTask(lockit(null));
      await sleep(0);
      expect(lock._waiters?.length).toBe(2);

      fa.setResult(null);
      tb.cancel();
      expect(lock._waiters?.first()?.cancelled()).toBe(true);
      await sleep(0);
      expect(lock.locked()).toBe(false);
      expect(ta.done()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      await tc;
      expect(lock.locked()).toBe(false);
    });
  });

  it("cancel and release in one callback: exactly one waiter takes the lock (test_locks.py::LockTests::test_cancel_release_race)", async () => {
    await withTestLoop(async ({ loop }) => {
      const lock = new Lock();
      let lockCount = 0;
      let callCount = 0;
      const lockit = coroutine(async () => {
        callCount++;
        await lock.acquire();
        lockCount++;
      });
      await lock.acquire();
      const t1 = createTask(lockit());
      const t2 = createTask(lockit());
      const t3 = createTask(lockit());
      await sleep(0);
      loop.callSoon(() => {
        t1.cancel();
        lock.release();
      });
      await expect(t1).rejects.toBeInstanceOf(CancelledError);
      expect(lockCount).toBe(1);
      expect(callCount).toBe(3);
      expect(t1.cancelled() && t2.done()).toBe(true);
      t3.cancel();
      await sleep(0);
      expect(t3.cancelled()).toBe(true);
    });
  });

  it("a woken waiter cancelled before it runs wakes the next one (test_locks.py::LockTests::test_finished_waiter_cancelled)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      await lock.acquire();
      expect(lock.locked()).toBe(true);
      const tb = createTask(lock.acquire());
      await sleep(0);
      expect(lock._waiters?.length).toBe(1);
      const tc = createTask(lock.acquire());
      tb.cancel();
      lock.release();
      await sleep(0);
      expect(lock.locked()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      expect(await tc).toBe(true);
      lock.release();
    });
  });

  it("with only cancelled waiters queued, a newcomer takes the lock at once (test_locks.py::LockTests::test_finished_waiter_cancelled, queue-jump)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      await lock.acquire();
      const tb = createTask(lock.acquire());
      await sleep(0);
      tb.cancel();
      lock.release();
      // tb's waiter is cancelled but still queued until tb runs: nobody live is waiting.
      expect(lock._waiters?.first()?.cancelled()).toBe(true);
      expect(await lock.acquire()).toBe(true);
      await expect(tb).rejects.toBeInstanceOf(CancelledError);
      expect(lock.locked()).toBe(true);
      lock.release();
    });
  });

  it("releasing an unlocked lock raises RuntimeError (test_locks.py::LockTests::test_release_not_acquired)", async () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(RuntimeError);
    expect(() => lock.release()).toThrow("Lock is not acquired.");
    try {
      lock.release();
    } catch (error) {
      expect(isRuntimeError(error)).toBe(true);
    }
  });

  it("release without waiters unlocks (test_locks.py::LockTests::test_release_no_waiters)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      await lock.acquire();
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("`await using` a hold releases at the end of the block (test_locks.py::LockTests::test_context_manager)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      expect(lock.locked()).toBe(false);
      {
        await using hold = await lock.hold();
        expect(hold.held).toBe(true);
        expect(lock.locked()).toBe(true);
      }
      expect(lock.locked()).toBe(false);
      // The release also happens when the block throws, and only once.
      await expect(
        (async () => {
          await using hold = await lock.hold();
          hold.release();
          expect(lock.locked()).toBe(false);
          throw new Error("body failed");
        })(),
      ).rejects.toThrow("body failed");
      expect(lock.locked()).toBe(false);
    });
  });

  it("asyncEnter/asyncExit acquire and release, entering with undefined (test_pep492.py::LockTests::test_context_manager_async_with)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      expect(await lock.asyncEnter()).toBeUndefined();
      expect(lock.locked()).toBe(true);
      expect(await lock.asyncExit(new Error("ignored"))).toBeUndefined();
      expect(lock.locked()).toBe(false);
      await expect(lock.asyncExit()).rejects.toThrow("Lock is not acquired.");
    });
  });

  it("createTask(lock.acquire()) runs the acquire in the new task (test_locks.py::LockTests::test_acquire_cancel, lazy form)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      const coro = lock.acquire();
      expect(lock.locked()).toBe(false);
      const task = createTask(coro);
      expect(lock.locked()).toBe(false);
      expect(await task).toBe(true);
      expect(lock.locked()).toBe(true);
      lock.release();
    });
  });

  it("a lock bound to one loop refuses another (test_locks.py::ConditionTests::test_ambiguous_loops)", async () => {
    const lock = new Lock();
    let waiterError: unknown = null;
    await withTestLoop(async () => {
      await lock.acquire();
      const waiter = createTask(lock.acquire());
      await sleep(0); // the waiter's Future binds the lock to this loop
      waiter.cancel();
      waiterError = await waiter.then(undefined, (error: unknown) => error);
    });
    expect(waiterError).toBeInstanceOf(CancelledError);
    await withTestLoop(async () => {
      await expect(lock.acquire()).rejects.toThrow(/is bound to a different event loop/);
      lock.release();
    });
  });
});
