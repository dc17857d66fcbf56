/** Barrier, mirroring test_locks.py::BarrierTests. */
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, ValueError } from "@asyncio/futures";
import { Barrier, BrokenBarrierError, isBrokenBarrierError } from "@asyncio/locks";
import { type Coroutine, createTask, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

const N = 5;

/** Runs `n` tasks of `body` and returns their results in order (Python's `gather`). */
async function gatherTasks<T>(n: number, body: () => Promise<T>): Promise<T[]> {
  const tasks = Array.from({ length: n }, () => createTask(body));
  const results: T[] = [];
  for (const task of tasks) results.push(await task);
  return results;
}

/** Python's `async with barrier as i: body(i)`. */
async function withBarrier<T>(barrier: Barrier, body: (i: number) => Promise<T> | T): Promise<T> {
  const index = await barrier.asyncEnter();
  try {
    return await body(index);
  } finally {
    await barrier.asyncExit();
  }
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe("Barrier", () => {
  it("a new barrier is filling (test_locks.py::BarrierTests::test_barrier)", () => {
    const barrier = new Barrier(N);
    expect(String(barrier)).toBe("<Barrier [filling, waiters:0/5]>");
    expect(barrier.parties).toBe(N);
    expect(barrier.nWaiting).toBe(0);
    expect(barrier.broken).toBe(false);
  });

  it("toString follows filling, draining, resetting and broken (test_locks.py::BarrierTests::test_repr)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(N);
      const waiters: Task<number>[] = [];
      const wait = (): Coroutine<number> => barrier.wait();
      for (let i = 0; i < 2; i++) waiters.push(createTask(wait()));
      await sleep(0);
      expect(String(barrier)).toBe("<Barrier [filling, waiters:2/5]>");
      for (let i = barrier.nWaiting; i < barrier.parties; i++) waiters.push(createTask(wait()));
      await sleep(0);
      expect(String(barrier)).toMatch(/^<Barrier \[draining, waiters:0\/5\]>$/);
      for (let i = 0; i < 2; i++) waiters.push(createTask(wait()));
      await sleep(0);
      await barrier.reset();
      expect(String(barrier)).toContain("resetting");
      for (let i = 0; i < 2; i++) waiters.push(createTask(wait()));
      await sleep(0);
      await barrier.abort();
      expect(String(barrier)).toBe("<Barrier [broken]>");
      expect(barrier.broken).toBe(true);
      for (const w of waiters) await w.then(undefined, () => undefined);
    });
  });

  it("parties below 1 raise ValueError; a non-integer TypeError (test_locks.py::BarrierTests::test_barrier_parties)", () => {
    expect(() => new Barrier(0)).toThrow(ValueError);
    expect(() => new Barrier(-4)).toThrow("parties must be >= 1");
    expect(() => new Barrier("3" as unknown as number)).toThrow(
      'Barrier() parties must be an integer, got "3"',
    );
    expect(new Barrier(N)).toBeInstanceOf(Barrier);
  });

  it("asyncEnter gives each party a distinct index (test_locks.py::BarrierTests::test_context_manager)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(3);
      const results: number[] = [];
      await gatherTasks(3, () =>
        withBarrier(barrier, (i) => {
          results.push(i);
        }),
      );
      expect(results.sort()).toEqual([0, 1, 2]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("a one-party barrier lets its task straight through (test_locks.py::BarrierTests::test_filling_one_task)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(1);
      expect(await withBarrier(barrier, () => true)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("a one-party barrier passed twice returns 0 both times (test_locks.py::BarrierTests::test_filling_one_task_twice)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(1);
      const t1 = createTask(barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      const t2 = createTask(barrier.wait());
      await sleep(0);
      expect(t1.result()).toBe(0);
      expect(t2.result()).toBe(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("nWaiting counts arrivals until the barrier trips (test_locks.py::BarrierTests::test_filling_task_by_task)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(3);
      const t1 = createTask(barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      const t2 = createTask(barrier.wait());
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      const t3 = createTask(barrier.wait());
      await sleep(0);
      expect((await Promise.all([t1, t2, t3])).sort()).toEqual([0, 1, 2]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("the barrier can be passed twice in a row (test_locks.py::BarrierTests::test_filling_tasks_wait_twice)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      await gatherTasks(N, () =>
        withBarrier(barrier, async () => {
          results.push(true);
          await withBarrier(barrier, () => {
            results.push(false);
          });
        }),
      );
      expect(results.length).toBe(N * 2);
      expect(results.filter((r) => r).length).toBe(N);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("the indices of a round are exactly 0..parties-1 (test_locks.py::BarrierTests::test_filling_tasks_check_return_value)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(N);
      const res = await gatherTasks(N, () =>
        withBarrier(barrier, () => withBarrier(barrier, (i) => i)),
      );
      expect(res.sort()).toEqual(range(N));
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("the barrier drains until the last party leaves (test_locks.py::BarrierTests::test_draining_state)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      await gatherTasks(N, () =>
        withBarrier(barrier, () => {
          results.push(String(barrier).includes("draining"));
        }),
      );
      expect(results.length).toBe(N);
      expect(results.at(-1)).toBe(false);
      expect(results.slice(0, N - 1).every((r) => r)).toBe(true);
    });
  });

  it("tasks arriving while it drains wait for the next round (test_locks.py::BarrierTests::test_blocking_tasks_while_draining)", async () => {
    await withTestLoop(async () => {
      const rewait = 2;
      const barrier = new Barrier(N);
      const barrierNoWaiting = new Barrier(N - rewait);
      let rewaitN = rewait;
      await gatherTasks(N, async () => {
        await barrier.wait();
        if (rewaitN > 0) {
          rewaitN--;
          await barrier.wait();
        } else {
          await barrierNoWaiting.wait();
          await barrier.wait();
        }
      });
      expect(barrier.nWaiting).toBe(0);
      expect(barrierNoWaiting.nWaiting).toBe(0);
    });
  });

  it("a cancelled party leaves; the barrier still trips with three live parties (test_locks.py::BarrierTests::test_filling_tasks_cancel_one)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(3);
      const results: boolean[] = [];
      const body = async (): Promise<void> => {
        await barrier.wait();
        results.push(true);
      };
      const t1 = createTask(body);
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      const t2 = createTask(body);
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      t1.cancel();
      await sleep(0);
      expect(barrier.nWaiting).toBe(1);
      await expect(t1).rejects.toBeInstanceOf(CancelledError);
      expect(t1.cancelled()).toBe(true);
      const t3 = createTask(body);
      await sleep(0);
      expect(barrier.nWaiting).toBe(2);
      const t4 = createTask(body);
      await Promise.all([t2, t3, t4]);
      expect(results).toEqual([true, true, true]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("reset() on an empty barrier keeps it filling (test_locks.py::BarrierTests::test_reset_barrier)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(1);
      createTask(barrier.reset());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    });
  });

  it("reset() with parties waiting raises BrokenBarrierError in each (test_locks.py::BarrierTests::test_reset_barrier_while_tasks_waiting)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(N);
      const errors: unknown[] = [];
      const tasks = range(N - 1).map(() =>
        createTask(async () => {
          try {
            await barrier.wait();
          } catch (error) {
            errors.push(error);
          }
        }),
      );
      await sleep(0);
      createTask(barrier.reset());
      await Promise.all(tasks);
      expect(errors.length).toBe(N - 1);
      expect(errors.every((e) => e instanceof BrokenBarrierError)).toBe(true);
      expect(errors.every(isBrokenBarrierError)).toBe(true);
      expect((errors[0] as Error).message).toBe("Abort or reset of barrier");
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    });
  });

  it("reset() by a drained party breaks only the tasks still waiting (test_locks.py::BarrierTests::test_reset_barrier_when_tasks_half_draining)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const restOfTasks = Math.floor(N / 2);
      await gatherTasks(N, async () => {
        try {
          await barrier.wait();
        } catch (error) {
          if (!isBrokenBarrierError(error)) throw error;
          results1.push(true);
          return;
        }
        if (restOfTasks === barrier._count) await barrier.reset();
      });
      expect(results1).toEqual(Array(restOfTasks).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    });
  });

  it("abort() breaks the barrier (test_locks.py::BarrierTests::test_abort_barrier)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(1);
      createTask(barrier.abort());
      await sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(true);
      await expect(barrier.wait()).rejects.toThrow("Barrier aborted");
    });
  });

  it("after one party aborts, every other party gets BrokenBarrierError (test_locks.py::BarrierTests::test_abort_barrier_when_exception)", async () => {
    await withTestLoop(async () => {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      await gatherTasks(N, async () => {
        try {
          await withBarrier(barrier, (i) => {
            if (i === Math.floor(N / 2)) throw new RangeError("boom");
          });
          await withBarrier(barrier, () => {
            results1.push(true);
          });
        } catch (error) {
          if (isBrokenBarrierError(error)) results2.push(true);
          else if (error instanceof RangeError) await barrier.abort();
          else throw error;
        }
      });
      expect(barrier.broken).toBe(true);
      expect(results1.length).toBe(0);
      expect(results2.length).toBe(N - 1);
      expect(barrier.nWaiting).toBe(0);
    });
  });

  it("an aborted barrier can be reset and used again (test_locks.py::BarrierTests::test_abort_barrier_when_exception_then_resetting)", async () => {
    await withTestLoop(async () => {
      const barrier1 = new Barrier(N);
      const barrier2 = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      await gatherTasks(N, async () => {
        try {
          const i = await barrier1.wait();
          if (i === Math.floor(N / 2)) throw new RangeError("boom");
          await barrier1.wait();
          results1.push(true);
        } catch (error) {
          if (isBrokenBarrierError(error)) results2.push(true);
          else if (error instanceof RangeError) await barrier1.abort();
          else throw error;
        }
        const i = await barrier2.wait();
        if (i === Math.floor(N / 2)) await barrier1.reset();
        await barrier2.wait();
        await barrier1.wait();
        results3.push(true);
      });
      expect(barrier1.broken).toBe(false);
      expect(results1.length).toBe(0);
      expect(results2.length).toBe(N - 1);
      expect(results3.length).toBe(N);
      expect(barrier1.nWaiting).toBe(0);
    });
  });
});
