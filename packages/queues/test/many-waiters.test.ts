/**
 * A hundred thousand tasks blocked in `get()` or `put()` of one queue: each is served in FIFO
 * order, and cancelled ones leave no trace, whatever the order they leave in. These are
 * test_queues.py's getter and putter tests at scale. They check values and order only; what a
 * wake-up costs with that many waiters is measured by the benchmark row `compat-waiters-queue`.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { Queue } from "@asyncio/queues";
import { createTask, gather, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

const N = 100_000;
/** A ceiling for a slow, shared machine, not a measurement. */
const TIMEOUT_MS = 60_000;

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Lets every cancelled task finish. */
async function settle(tasks: Task<unknown>[]): Promise<void> {
  await gather(...tasks.map((task) => task.then(undefined, () => undefined)));
}

describe("100,000 waiters on a Queue", { timeout: TIMEOUT_MS }, () => {
  it("getters get the items in the order they started waiting (test_queues.py::QueueGetTests::test_blocking_get_wait, 100,000 getters)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      const getters = range(N).map(() => createTask(q.get()));
      await sleep(0);
      expect(q._getters.length).toBe(N);
      for (let i = 0; i < N; i++) q.putNowait(i);
      expect(await gather(...getters)).toEqual(range(N));
      expect(q._getters.length).toBe(0);
      expect(q.qsize()).toBe(0);
    });
  });

  it("putters blocked on a full queue put their items in the order they started waiting (test_queues.py::QueuePutTests::test_why_are_putters_waiting, 100,000 putters)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>(1);
      q.putNowait(-1);
      const putters = range(N).map((i) => createTask(q.put(i)));
      await sleep(0);
      expect(q._putters.length).toBe(N);
      const items: number[] = [];
      for (let i = 0; i <= N; i++) items.push(await q.get());
      expect(items).toEqual([-1, ...range(N)]);
      await gather(...putters);
      expect(q._putters.length).toBe(0);
    });
  });

  it("getters cancelled from the back leave; the others get the items in order (test_queues.py::QueueGetTests::test_cancelled_getters_not_being_held_in_self_getters, 100,000 getters)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      const getters = range(N).map(() => createTask(q.get()));
      await sleep(0);
      for (let i = N - 1; i >= 0; i -= 2) getters[i]?.cancel();
      await settle(getters.filter((_, i) => i % 2 === 1));
      expect(q._getters.length).toBe(N / 2);
      for (let i = 0; i < N / 2; i++) q.putNowait(i);
      expect(await gather(...getters.filter((_, i) => i % 2 === 0))).toEqual(range(N / 2));
      expect(q._getters.length).toBe(0);
      expect(getters.filter((task) => task.cancelled()).length).toBe(N / 2);
    });
  });

  it("woken getters cancelled before they run hand their items on (test_queues.py::QueuePutTests::test_get_cancel_drop_many_pending_readers, 100,000 getters)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      const getters = range(N).map(() => createTask(q.get()));
      await sleep(0);
      for (let i = 0; i < N / 2; i++) q.putNowait(i);
      // The first half is woken; every other one of them is cancelled, from the back.
      for (let i = N / 2 - 2; i >= 0; i -= 2) getters[i]?.cancel();
      const served = getters.filter((_, i) => i % 2 === 1 && i < N / 2);
      const successors = getters.slice(N / 2, N / 2 + N / 4);
      expect(await gather(...served, ...successors)).toEqual(range(N / 2));
      expect(q.qsize()).toBe(0);
      expect(q._getters.length).toBe(N / 4);
      q.shutdown();
      await settle(getters);
      expect(q._getters.length).toBe(0);
    });
  });

  it("shutdown() wakes 100,000 getters, each raising QueueShutDown (test_queues.py::QueueShutdownTests::test_shutdown_empty, 100,000 getters)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      const getters = range(N).map(() => createTask(q.get()));
      await sleep(0);
      q.shutdown();
      expect(q._getters.length).toBe(0);
      const outcomes = await gather(...getters, { returnExceptions: true });
      expect(outcomes.every((outcome) => (outcome as Error).name === "QueueShutDown")).toBe(true);
    });
  });
});
