/** Event, mirroring test_locks.py::EventTests. */
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError } from "@asyncio/futures";
import { Event } from "@asyncio/locks";
import { coroutine, createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("Event", () => {
  it("toString shows set/unset and waiters (test_locks.py::EventTests::test_repr)", async () => {
    await withTestLoop(async () => {
      const ev = new Event();
      expect(String(ev)).toBe("<Event [unset]>");
      const waiter = createTask(ev.wait());
      await sleep(0);
      expect(String(ev)).toBe("<Event [unset, waiters:1]>");
      ev.set();
      expect(String(ev)).toBe("<Event [set, waiters:1]>");
      await waiter;
      expect(String(ev)).toBe("<Event [set]>");
    });
  });

  it("set() wakes every waiter, in the order they waited (test_locks.py::EventTests::test_wait)", async () => {
    await withTestLoop(async () => {
      const ev = new Event();
      expect(ev.isSet()).toBe(false);
      const result: number[] = [];
      const c = coroutine(async (n: number) => {
        if (await ev.wait()) result.push(n);
      });
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      await sleep(0);
      expect(result).toEqual([]);
      const t3 = createTask(c(3));
      ev.set();
      await sleep(0);
      // t3 never waits: the flag is set when it first runs, before t1 and t2 resume.
      expect(result).toEqual([3, 1, 2]);
      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBeUndefined();
      }
    });
  });

  it("wait() on a set event returns true at once (test_locks.py::EventTests::test_wait_on_set)", async () => {
    await withTestLoop(async () => {
      const ev = new Event();
      ev.set();
      expect(await ev.wait()).toBe(true);
    });
  });

  it("a cancelled wait leaves no waiter (test_locks.py::EventTests::test_wait_cancel)", async () => {
    await withTestLoop(async ({ loop }) => {
      const ev = new Event();
      const wait = createTask(ev.wait());
      loop.callSoon(() => wait.cancel());
      await expect(wait).rejects.toBeInstanceOf(CancelledError);
      expect(ev._waiters.length).toBe(0);
    });
  });

  it("clear() lowers the flag (test_locks.py::EventTests::test_clear)", async () => {
    const ev = new Event();
    expect(ev.isSet()).toBe(false);
    ev.set();
    expect(ev.isSet()).toBe(true);
    ev.clear();
    expect(ev.isSet()).toBe(false);
  });

  it("set() then clear() still wakes the waiter that was there (test_locks.py::EventTests::test_clear_with_waiters)", async () => {
    await withTestLoop(async () => {
      const ev = new Event();
      const result: number[] = [];
      const t = createTask(async () => {
        if (await ev.wait()) result.push(1);
        return true;
      });
      await sleep(0);
      expect(result).toEqual([]);
      ev.set();
      ev.clear();
      expect(ev.isSet()).toBe(false);
      ev.set();
      ev.set();
      expect(ev._waiters.length).toBe(1);
      await sleep(0);
      expect(result).toEqual([1]);
      expect(ev._waiters.length).toBe(0);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  it("an event bound to one loop refuses to wait in another (test_locks.py::ConditionTests::test_ambiguous_loops, for Event)", async () => {
    const ev = new Event();
    await withTestLoop(async () => {
      const waiter = createTask(ev.wait());
      await sleep(0);
      ev.set();
      await waiter;
    });
    ev.clear();
    await withTestLoop(async () => {
      await expect(ev.wait()).rejects.toThrow("<Event [unset]> is bound to a different event loop");
    });
  });
});
