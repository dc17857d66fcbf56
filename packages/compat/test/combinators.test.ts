/**
 * The combinators and `async_with` under Python's names: keyword arguments as options objects
 * with Python's spellings, and the `__aenter__`/`__aexit__` protocol.
 */

import * as asyncio from "@asyncio/compat";
import { withTestLoop } from "@asyncio/core/testing";
import * as tasks from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("compat: combinators", () => {
  it("are the library's own functions and constants (asyncio.__all__)", () => {
    expect(asyncio.wait_for).toBe(tasks.waitFor);
    expect(asyncio.as_completed).toBe(tasks.asCompleted);
    expect(asyncio.shield).toBe(tasks.shield);
    expect(asyncio.timeout).toBe(tasks.timeout);
    expect(asyncio.timeout_at).toBe(tasks.timeoutAt);
    expect(asyncio.TaskGroup).toBe(tasks.TaskGroup);
    expect(asyncio.Timeout).toBe(tasks.Timeout);
    expect(asyncio.FIRST_COMPLETED).toBe("FIRST_COMPLETED");
    expect(asyncio.FIRST_EXCEPTION).toBe("FIRST_EXCEPTION");
    expect(asyncio.ALL_COMPLETED).toBe("ALL_COMPLETED");
  });

  it("gather(..., { return_exceptions: true }) (test_tasks.py::GatherTestsBase::test_return_exceptions)", async () => {
    await withTestLoop(async () => {
      const boom = new Error("boom");
      const results = await asyncio.gather(
        asyncio.sleep(0.1, 1),
        async () => {
          throw boom;
        },
        { return_exceptions: true },
      );
      expect(results).toEqual([1, boom]);
      expect(await asyncio.gather(asyncio.sleep(0, "a"))).toEqual(["a"]);
    });
  });

  it("wait(fs, { timeout, return_when }) resolves to [done, pending] (test_tasks.py::BaseTaskTests::test_wait_first_completed)", async () => {
    await withTestLoop(async () => {
      const a = asyncio.create_task(asyncio.sleep(10));
      const b = asyncio.create_task(asyncio.sleep(0.1));
      const [done, pending] = await asyncio.wait([a, b], {
        return_when: asyncio.FIRST_COMPLETED,
      });
      expect(done).toEqual(new Set([b]));
      expect(pending).toEqual(new Set([a]));
      const [done2, pending2] = await asyncio.wait([a], { timeout: 1 });
      expect(done2.size).toBe(0);
      expect(pending2.size).toBe(1);
      a.cancel();
      await asyncio.wait([a]);
    });
  });

  it("TaskGroup with create_task under async_with (test_taskgroups.py::TestTaskGroup::test_taskgroup_01)", async () => {
    await withTestLoop(async () => {
      const tg = new asyncio.TaskGroup();
      const [t1, t2] = (await asyncio.async_with(tg, async (g) => [
        g.create_task(asyncio.sleep(0.1, 42)),
        g.create_task(asyncio.sleep(0.2, 11), { name: "second" }),
      ])) as [tasks.Task<number>, tasks.Task<number>];
      expect(t1.result()).toBe(42);
      expect(t2.get_name()).toBe("second");
    });
  });

  it("timeout under async_with raises TimeoutError (test_timeouts.py::TimeoutTests::test_timeout_basic)", async () => {
    await withTestLoop(async () => {
      const cm = asyncio.timeout(0.01);
      let error: unknown;
      try {
        await asyncio.async_with(cm, async () => {
          await asyncio.sleep(10);
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(asyncio.TimeoutError);
      expect(cm.expired()).toBe(true);
    });
  });

  it("__aexit__ sees the error and may swallow or replace it (PEP 492 async with)", async () => {
    await withTestLoop(async () => {
      const calls: unknown[][] = [];
      const swallowing = {
        async __aenter__() {
          return "entered";
        },
        async __aexit__(...args: [] | [unknown]) {
          calls.push(args);
          return true;
        },
      };
      const boom = new Error("boom");
      const result = await asyncio.async_with(swallowing, (value) => {
        expect(value).toBe("entered");
        throw boom;
      });
      expect(result).toBeUndefined();
      expect(await asyncio.async_with(swallowing, () => 5)).toBe(5);
      expect(calls).toEqual([[boom], []]);

      const replacing = {
        async __aenter__() {
          return null;
        },
        async __aexit__() {
          throw new RangeError("replaced");
        },
      };
      let error: unknown;
      try {
        await asyncio.async_with(replacing, () => {
          throw boom;
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RangeError);
    });
  });

  it("an object with only Symbol.asyncDispose is entered as itself (await using)", async () => {
    await withTestLoop(async () => {
      let disposed = 0;
      const resource = {
        async [Symbol.asyncDispose]() {
          disposed++;
        },
      };
      expect(await asyncio.async_with(resource, (r) => r === resource)).toBe(true);
      expect(disposed).toBe(1);
      expect(() => asyncio.async_with({} as never, () => 1)).toThrow(TypeError);
    });
  });

  it("Timeout and TaskGroup answer to __aenter__/__aexit__ (asyncio.timeouts.Timeout, TaskGroup)", async () => {
    await withTestLoop(async () => {
      const cm = asyncio.timeout(null);
      expect(await cm.__aenter__()).toBe(cm);
      expect(await cm.__aexit__()).toBe(false);
      const tg = new asyncio.TaskGroup();
      expect(await tg.__aenter__()).toBe(tg);
      tg.create_task(asyncio.sleep(0.1));
      expect(await tg.__aexit__()).toBe(true);
    });
  });
});

// Work at scale: a generous limit, so that a loaded machine never fails it on time alone.
describe("compat: gather of very many awaitables", { timeout: 120_000 }, () => {
  it("asyncio.gather(...aws) passes its arguments on without spreading them again; gather_from takes an iterable (test_tasks.py::BaseTaskTests::test_gather_shield)", async () => {
    await withTestLoop(async () => {
      const aws = Array.from({ length: 120_000 }, (_, i) =>
        asyncio.create_task(asyncio.sleep(0, i)),
      );
      const results = await asyncio.gather(...aws, { return_exceptions: true });
      expect(results).toHaveLength(120_000);
      expect(results[119_999]).toBe(119_999);
      const futures = Array.from({ length: 300_000 }, (_, i) => {
        const future = asyncio.get_running_loop().create_future<number>();
        future.set_result(i);
        return future;
      });
      const all = await asyncio.gather_from(futures, { return_exceptions: false });
      expect(all).toHaveLength(300_000);
      expect(all[299_999]).toBe(299_999);
    });
  });
});
