/** Semaphore and BoundedSemaphore, mirroring test_locks.py::SemaphoreTests. */
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, isValueError, ValueError } from "@asyncio/futures";
import { BoundedSemaphore, Semaphore } from "@asyncio/locks";
import { coroutine, createTask, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

async function settle(tasks: Task<unknown>[]): Promise<void> {
  for (const task of tasks) await task.then(undefined, () => undefined);
}

describe("Semaphore", () => {
  it("Semaphore(0) starts locked (test_locks.py::SemaphoreTests::test_initial_value_zero)", () => {
    expect(new Semaphore(0).locked()).toBe(true);
  });

  it("toString shows the value and waiters (test_locks.py::SemaphoreTests::test_repr)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore();
      expect(String(sem)).toBe("<Semaphore [unlocked, value:1]>");
      await sem.acquire();
      expect(String(sem)).toBe("<Semaphore [locked]>");
      const waiter = createTask(sem.acquire());
      await sleep(0);
      expect(String(sem)).toBe("<Semaphore [locked, waiters:1]>");
      sem.release();
      await waiter;
      expect(String(new BoundedSemaphore(2))).toBe("<BoundedSemaphore [unlocked, value:2]>");
    });
  });

  it("the default value is 1 (test_locks.py::SemaphoreTests::test_semaphore)", () => {
    const sem = new Semaphore();
    expect(sem._value).toBe(1);
    expect(sem.locked()).toBe(false);
  });

  it("Semaphore(-1) raises ValueError; a non-integer value TypeError (test_locks.py::SemaphoreTests::test_semaphore_value)", () => {
    expect(() => new Semaphore(-1)).toThrow(ValueError);
    expect(() => new Semaphore(-1)).toThrow("Semaphore initial value must be >= 0");
    expect(() => new BoundedSemaphore(-1)).toThrow(ValueError);
    expect(() => new Semaphore("2" as unknown as number)).toThrow(
      'Semaphore() value must be an integer, got "2"',
    );
    expect(() => new Semaphore(1.5)).toThrow(TypeError);
  });

  it("releases hand units to queued waiters; newcomers queue behind them (test_locks.py::SemaphoreTests::test_acquire)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(3);
      const result: number[] = [];
      expect(await sem.acquire()).toBe(true);
      expect(await sem.acquire()).toBe(true);
      expect(sem.locked()).toBe(false);
      const c = coroutine(async (n: number) => {
        await sem.acquire();
        result.push(n);
        return true;
      });
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      await sleep(0);
      expect(result).toEqual([1]);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters?.length).toBe(2);
      expect(sem._value).toBe(0);

      const t4 = createTask(c(4));
      sem.release();
      sem.release();
      expect(sem._value).toBe(0);
      await sleep(0);
      expect(sem._value).toBe(0);
      expect(result.length).toBe(3);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters?.length).toBe(1);
      expect(t1.result()).toBe(true);
      const raced = [t2, t3, t4].filter((t) => t.done() && t.result());
      expect(raced.length).toBe(2);
      sem.release();
      await settle([t2, t3, t4]);
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });

  it("a cancelled acquire leaves no live waiter (test_locks.py::SemaphoreTests::test_acquire_cancel)", async () => {
    await withTestLoop(async ({ loop }) => {
      const sem = new Semaphore();
      await sem.acquire();
      const acquire = createTask(sem.acquire());
      loop.callSoon(() => acquire.cancel());
      await expect(acquire).rejects.toBeInstanceOf(CancelledError);
      expect(sem._waiters?.toArray().every((w) => w.done()) ?? true).toBe(true);
      expect(sem._value).toBe(0);
    });
  });

  it("two waiters cancelled, then one release: exactly the third acquires (test_locks.py::SemaphoreTests::test_acquire_cancel_before_awoken)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(0);
      const [t1, t2, t3, t4] = [1, 2, 3, 4].map(() => createTask(sem.acquire())) as [
        Task<true>,
        Task<true>,
        Task<true>,
        Task<true>,
      ];
      await sleep(0);
      t1.cancel();
      t2.cancel();
      sem.release();
      await sleep(0);
      await sleep(0);
      expect([t3, t4].filter((t) => t.done()).length).toBe(1);
      expect(t3.done()).toBe(true);
      expect(t4.done()).toBe(false);
      t3.cancel();
      t4.cancel();
      await settle([t1, t2, t3, t4]);
    });
  });

  it("a cancelled first waiter does not hang the second (test_locks.py::SemaphoreTests::test_acquire_hang)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(0);
      const t1 = createTask(sem.acquire());
      const t2 = createTask(sem.acquire());
      await sleep(0);
      t1.cancel();
      sem.release();
      await sleep(0);
      await sleep(0);
      expect(sem.locked()).toBe(true);
      expect(t2.done()).toBe(true);
      await settle([t1]);
    });
  });

  it("a woken waiter cancelled before it runs gives its unit back (test_locks.py::SemaphoreTests::test_acquire_no_hang)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(1);
      let reached = false;
      const t2Ref: { task: Task<void> | null } = { task: null };
      const t1 = createTask(async () => {
        {
          await using _ = await sem.hold();
          await sleep(0);
        }
        t2Ref.task?.cancel();
      });
      const t2 = createTask(async () => {
        await using _ = await sem.hold();
        reached = true;
      });
      t2Ref.task = t2;
      await t1;
      await expect(t2).rejects.toBeInstanceOf(CancelledError);
      expect(reached).toBe(false);
      // The unit t2 was woken for came back: acquiring doesn't block.
      expect(sem.locked()).toBe(false);
      expect(await sem.acquire()).toBe(true);
    });
  });

  it("BoundedSemaphore refuses a release beyond its initial value (test_locks.py::SemaphoreTests::test_release_not_acquired)", () => {
    const sem = new BoundedSemaphore();
    expect(() => sem.release()).toThrow(ValueError);
    expect(() => sem.release()).toThrow("BoundedSemaphore released too many times");
    try {
      sem.release();
    } catch (error) {
      expect(isValueError(error)).toBe(true);
    }
  });

  it("BoundedSemaphore allows releases up to its initial value (test_locks.py::SemaphoreTests::test_release_not_acquired, inverse)", async () => {
    await withTestLoop(async () => {
      const sem = new BoundedSemaphore(2);
      await sem.acquire();
      await sem.acquire();
      expect(sem.locked()).toBe(true);
      sem.release();
      sem.release();
      expect(sem._value).toBe(2);
      expect(() => sem.release()).toThrow(ValueError);
    });
  });

  it("release without waiters unlocks (test_locks.py::SemaphoreTests::test_release_no_waiters)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore();
      await sem.acquire();
      expect(sem.locked()).toBe(true);
      sem.release();
      expect(sem.locked()).toBe(false);
    });
  });

  it("three tasks acquiring twice each are served in FIFO order (test_locks.py::SemaphoreTests::test_acquire_fifo_order)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(1);
      const result: string[] = [];
      const c = coroutine(async (tag: string) => {
        await sem.acquire();
        result.push(`${tag}_1`);
        await sleep(0.01);
        sem.release();
        await sem.acquire();
        result.push(`${tag}_2`);
        await sleep(0.01);
        sem.release();
      });
      await settle([createTask(c("c1")), createTask(c("c2")), createTask(c("c3"))]);
      expect(result).toEqual(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
    });
  });

  it("a task that releases and re-acquires queues behind the others (test_locks.py::SemaphoreTests::test_acquire_fifo_order_2)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(1);
      const result: number[] = [];
      const t1 = createTask(async () => {
        await sem.acquire();
        result.push(1);
      });
      const t2 = createTask(async () => {
        await sem.acquire();
        result.push(2);
        sem.release();
        await sem.acquire();
        result.push(4);
      });
      const t3 = createTask(async () => {
        await sem.acquire();
        result.push(3);
      });
      await sleep(0);
      sem.release();
      sem.release();
      await settle([t1, t2, t3]);
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });

  it("a cancelled first waiter is skipped: two releases wake tasks 2 and 3 (test_locks.py::SemaphoreTests::test_acquire_fifo_order_3)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      const c = coroutine(async (n: number) => {
        await sem.acquire();
        result.push(n);
      });
      const tasks = [createTask(c(1)), createTask(c(2)), createTask(c(3))];
      await sleep(0);
      tasks[0]?.cancel();
      await sleep(0);
      sem.release();
      sem.release();
      await settle(tasks);
      expect(result).toEqual([2, 3]);
    });
  });

  it("a successful acquire wakes the waiters that queued for FIFO's sake (test_locks.py::SemaphoreTests::test_acquire_fifo_order_4)", async () => {
    await withTestLoop(async () => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      const checks: boolean[] = [];
      let t4: Task<void> | null = null;
      const t1 = createTask(async () => {
        checks.push(sem._value === 0);
        await sem.acquire();
        checks.push(sem._value === 0);
        t4 = createTask(async () => {
          result.push(4);
        });
        result.push(1);
      });
      const t2 = createTask(async () => {
        sem.release();
        sem.release();
        sem.release();
        checks.push(sem._value === 2);
        checks.push(sem.locked()); // locked: t1 hasn't run yet
        await sem.acquire();
        result.push(2);
      });
      const t3 = createTask(async () => {
        await sem.acquire();
        checks.push(sem.locked());
        result.push(3);
      });
      await sleep(0);
      expect(sem._value).toBe(2);
      expect(sem._waiters?.length).toBe(3);
      await sleep(0);
      await settle([t1, t2, t3]);
      await settle([t4 as unknown as Task<void>]);
      expect(result).toEqual([1, 2, 3, 4]);
      expect(checks).toEqual([true, true, true, true, true]);
    });
  });

  it("`await using` and asyncEnter/asyncExit take and give back a unit (test_pep492.py::LockTests::test_context_manager_async_with)", async () => {
    await withTestLoop(async () => {
      for (const sem of [new Semaphore(), new BoundedSemaphore()]) {
        {
          await using hold = await sem.hold();
          expect(sem.locked()).toBe(true);
          hold.release();
          expect(sem.locked()).toBe(false);
        }
        expect(sem._value).toBe(1);
        expect(await sem.asyncEnter()).toBeUndefined();
        expect(sem.locked()).toBe(true);
        expect(await sem.asyncExit()).toBeUndefined();
        expect(sem.locked()).toBe(false);
      }
    });
  });
});
