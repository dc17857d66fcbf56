/** Condition, mirroring test_locks.py::ConditionTests. */
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, RuntimeError } from "@asyncio/futures";
import { Condition, Event, Lock } from "@asyncio/locks";
import { coroutine, createTask, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("Condition", () => {
  it("notify wakes waiters one release at a time, in FIFO order (test_locks.py::ConditionTests::test_wait)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = coroutine(async (n: number) => {
        await cond.acquire();
        if (await cond.wait()) result.push(n);
        return true;
      });
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      await sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(false);

      expect(await cond.acquire()).toBe(true);
      cond.notify();
      await sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.notify(2);
      await sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      expect(cond.locked()).toBe(true);

      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      expect(cond.locked()).toBe(true);
      for (const t of [t1, t2, t3]) expect(t.result()).toBe(true);
      cond.release();
    });
  });

  it("a cancelled wait ends with the lock held again (test_locks.py::ConditionTests::test_wait_cancel)", async () => {
    await withTestLoop(async ({ loop }) => {
      const cond = new Condition();
      await cond.acquire();
      const wait = createTask(cond.wait());
      loop.callSoon(() => wait.cancel());
      await expect(wait).rejects.toBeInstanceOf(CancelledError);
      expect(cond._waiters.length).toBe(0);
      expect(cond.locked()).toBe(true);
      cond.release();
    });
  });

  it("notified, then cancelled while the lock is contested: the waiter still gets the lock (test_locks.py::ConditionTests::test_wait_cancel_contested)", async () => {
    await withTestLoop(async ({ loop }) => {
      const cond = new Condition();
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      const waitTask = createTask(cond.wait());
      await sleep(0);
      expect(cond.locked()).toBe(false);
      await cond.acquire();
      expect(cond.locked()).toBe(true);
      cond.notify();
      loop.callSoon(() => waitTask.cancel());
      loop.callSoon(() => cond.release());
      await waitTask.then(
        () => undefined,
        () => undefined,
      );
      expect(cond.locked()).toBe(true);
      cond.release();
    });
  });

  it("a notified waiter cancelled before it re-acquires ends cancelled (test_locks.py::ConditionTests::test_wait_cancel_after_notify)", async () => {
    await withTestLoop(async () => {
      let waited = false;
      const cond = new Condition();
      const waiter = createTask(async () => {
        await using _ = await cond.hold();
        waited = true;
        await cond.wait();
      });
      await sleep(0);
      await cond.acquire();
      cond.notify();
      await sleep(0); // the waiter now waits for the lock
      waiter.cancel();
      await sleep(0);
      cond.release();
      await sleep(0);
      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
      expect(cond.locked()).toBe(false);
    });
  });

  it("wait() without the lock raises RuntimeError (test_locks.py::ConditionTests::test_wait_unacquired)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      await expect(cond.wait()).rejects.toThrow(RuntimeError);
      await expect(cond.wait()).rejects.toThrow("cannot wait on un-acquired lock");
    });
  });

  it("waitFor re-checks its predicate on each notification (test_locks.py::ConditionTests::test_wait_for)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      let presult = false;
      const result: number[] = [];
      const t = createTask(async () => {
        await cond.acquire();
        if (await cond.waitFor(() => presult)) {
          result.push(1);
          cond.release();
        }
        return true;
      });
      await sleep(0);
      expect(result).toEqual([]);
      await cond.acquire();
      cond.notify();
      cond.release();
      await sleep(0);
      expect(result).toEqual([]);
      presult = true;
      await cond.acquire();
      cond.notify();
      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      expect(t.result()).toBe(true);
    });
  });

  it("waitFor returns a true predicate value without the lock, and raises when it must wait (test_locks.py::ConditionTests::test_wait_for_unacquired)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      expect(await cond.waitFor(() => [1, 2, 3])).toEqual([1, 2, 3]);
      await expect(cond.waitFor(() => false)).rejects.toThrow(RuntimeError);
      expect(() => cond.waitFor("x" as unknown as () => boolean)).toThrow(TypeError);
    });
  });

  it("notify(n) wakes n waiters; notify(2048) wakes the rest (test_locks.py::ConditionTests::test_notify)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = coroutine(async (n: number) => {
        await cond.acquire();
        if (await cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      });
      const tasks = [createTask(c(1)), createTask(c(2)), createTask(c(3))];
      await sleep(0);
      expect(result).toEqual([]);
      await cond.acquire();
      cond.notify(1);
      cond.release();
      await sleep(0);
      expect(result).toEqual([1]);
      await cond.acquire();
      cond.notify(1);
      cond.notify(2048);
      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const t of tasks) expect(t.result()).toBe(true);
    });
  });

  it("notifyAll wakes every waiter (test_locks.py::ConditionTests::test_notify_all)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      const result: number[] = [];
      const c = coroutine(async (n: number) => {
        await cond.acquire();
        if (await cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      });
      const tasks = [createTask(c(1)), createTask(c(2))];
      await sleep(0);
      await cond.acquire();
      cond.notifyAll();
      cond.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      for (const t of tasks) expect(t.result()).toBe(true);
    });
  });

  it("notify and notifyAll without the lock raise RuntimeError (test_locks.py::ConditionTests::test_notify_unacquired, test_notify_all_unacquired)", () => {
    const cond = new Condition();
    expect(() => cond.notify()).toThrow("cannot notify on un-acquired lock");
    expect(() => cond.notifyAll()).toThrow(RuntimeError);
  });

  it("toString shows the lock state and waiters (test_locks.py::ConditionTests::test_repr)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      expect(String(cond)).toBe("<Condition [unlocked]>");
      await cond.acquire();
      expect(String(cond)).toBe("<Condition [locked]>");
      const waiter = createTask(async () => {
        await cond.acquire();
        await cond.wait();
        cond.release();
      });
      cond.release();
      await sleep(0);
      expect(String(cond)).toBe("<Condition [unlocked, waiters:1]>");
      await cond.acquire();
      cond.notify();
      cond.release();
      await waiter;
    });
  });

  it("`await using` and asyncEnter/asyncExit hold the lock (test_locks.py::ConditionTests::test_context_manager)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      expect(cond.locked()).toBe(false);
      {
        await using _ = await cond.hold();
        expect(cond.locked()).toBe(true);
      }
      expect(cond.locked()).toBe(false);
      expect(await cond.asyncEnter()).toBeUndefined();
      expect(cond.locked()).toBe(true);
      await cond.asyncExit();
      expect(cond.locked()).toBe(false);
    });
  });

  it("a condition over an explicit lock shares its state (test_locks.py::ConditionTests::test_explicit_lock)", async () => {
    await withTestLoop(async () => {
      const lock = new Lock();
      const cond = new Condition(lock);
      expect(cond._lock).toBe(lock);
      {
        await using _ = await cond.hold();
        expect(lock.locked()).toBe(true);
      }
      expect(lock.locked()).toBe(false);
      {
        await using _ = await lock.hold();
        expect(cond.locked()).toBe(true);
      }
      expect(cond.locked()).toBe(false);
      expect(() => new Condition(new Event() as unknown as Lock)).toThrow(
        "Condition() lock must be a Lock, got",
      );
      expect(new Condition({ lock })._lock).toBe(lock);
      expect(() => new Condition({ lock: "x" as unknown as Lock })).toThrow(TypeError);
    });
  });

  it("a timeout around wait() leaves the lock held (test_locks.py::ConditionTests::test_timeout_in_block)", async () => {
    await withTestLoop(async ({ loop }) => {
      const cond = new Condition();
      await using _ = await cond.hold();
      const wait = createTask(cond.wait());
      loop.callLater(0.5, () => wait.cancel());
      await expect(wait).rejects.toBeInstanceOf(CancelledError);
      expect(loop.time()).toBe(0.5);
      expect(cond.locked()).toBe(true);
    });
  });

  it("the CancelledError caught while waiting is the one re-raised (test_locks.py::ConditionTests::test_cancelled_error_wakeup)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      let raised: unknown = null;
      const task = createTask(async () => {
        await using _ = await cond.hold();
        try {
          await cond.waitFor(() => false);
        } catch (error) {
          raised = error;
          throw error;
        }
      });
      await sleep(0);
      task.cancel("foo");
      const error = await task.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).message).toBe("foo");
      expect(error).toBe(raised);
    });
  });

  it("a cancellation while re-acquiring is re-raised unchanged (test_locks.py::ConditionTests::test_cancelled_error_re_aquire)", async () => {
    await withTestLoop(async () => {
      const cond = new Condition();
      let wake = false;
      let raised: unknown = null;
      const task = createTask(async () => {
        await using _ = await cond.hold();
        try {
          await cond.waitFor(() => wake);
        } catch (error) {
          raised = error;
          throw error;
        }
      });
      await sleep(0);
      await cond.acquire();
      wake = true;
      cond.notify();
      await sleep(0); // the task now waits to re-acquire the lock
      task.cancel("foo");
      cond.release();
      const error = await task.then(
        () => null,
        (e: unknown) => e,
      );
      expect((error as CancelledError).message).toBe("foo");
      expect(error).toBe(raised);
      expect(cond.locked()).toBe(false);
    });
  });

  const consumerPair = (cond: Condition, state: { value: number }): Task<void>[] => {
    const consumer = coroutine(async () => {
      await using _ = await cond.hold();
      for (;;) {
        await cond.waitFor(() => state.value !== 0);
        if (state.value < 0) return;
        state.value--;
      }
    });
    return [createTask(consumer()), createTask(consumer())];
  };

  it("a notified consumer cancelled before it runs passes the notification on (test_locks.py::ConditionTests::test_cancelled_wakeup)", async () => {
    await withTestLoop(async ({ loop }) => {
      const cond = new Condition();
      const state = { value: 0 };
      const [c0, c1] = consumerPair(cond, state) as [Task<void>, Task<void>];
      await sleep(0);
      {
        await using _ = await cond.hold();
        state.value++;
        cond.notify(1);
        c0.cancel();
        // Wait (at most 0.01 s) for the item to be consumed by the other consumer.
        const consumed = createTask(cond.waitFor(() => state.value === 0));
        const timer = loop.callLater(0.01, () => consumed.cancel());
        await consumed.then(undefined, () => undefined);
        timer.cancel();
        expect(state.value).toBe(0);
        state.value = -1;
        cond.notifyAll();
      }
      await c1;
      expect(c0.cancelled()).toBe(true);
    });
  });

  it("a notified consumer cancelled while re-acquiring passes the notification on (test_locks.py::ConditionTests::test_cancelled_wakeup_relock)", async () => {
    await withTestLoop(async ({ loop }) => {
      const cond = new Condition();
      const state = { value: 0 };
      const [c0, c1] = consumerPair(cond, state) as [Task<void>, Task<void>];
      await sleep(0);
      {
        await using _ = await cond.hold();
        state.value++;
        cond.notify(1);
        await sleep(0); // c0 wakes and now waits for the lock
        c0.cancel();
        const consumed = createTask(cond.waitFor(() => state.value === 0));
        const timer = loop.callLater(0.01, () => consumed.cancel());
        await consumed.then(undefined, () => undefined);
        timer.cancel();
        expect(state.value).toBe(0);
        state.value = -1;
        cond.notifyAll();
      }
      await c1;
      expect(c0.cancelled()).toBe(true);
    });
  });
});
