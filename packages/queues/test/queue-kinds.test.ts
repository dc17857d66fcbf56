/**
 * Order, join/taskDone and shutdown for the three kinds of queue, mirroring test_queues.py
 * (LifoQueueTests, PriorityQueueTests, _QueueJoinTestMixin and _QueueShutdownTestMixin, which
 * CPython runs for Queue, LifoQueue and PriorityQueue alike).
 */
import { withTestLoop } from "@asyncio/core/testing";
import { ValueError } from "@asyncio/futures";
import { isQueueShutDown, LifoQueue, PriorityQueue, Queue, QueueShutDown } from "@asyncio/queues";
import { createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("queue order", () => {
  it("LifoQueue hands out the newest item first (test_queues.py::LifoQueueTests::test_order)", async () => {
    await withTestLoop(async () => {
      const q = new LifoQueue<number>();
      for (const i of [1, 3, 2]) await q.put(i);
      expect([await q.get(), await q.get(), await q.get()]).toEqual([2, 3, 1]);
    });
  });

  it("PriorityQueue hands out the lowest item first (test_queues.py::PriorityQueueTests::test_order)", async () => {
    await withTestLoop(async () => {
      const q = new PriorityQueue<number>();
      for (const i of [1, 3, 2]) await q.put(i);
      expect([await q.get(), await q.get(), await q.get()]).toEqual([1, 2, 3]);
    });
  });
});

const kinds = [
  ["Queue", Queue],
  ["LifoQueue", LifoQueue],
  ["PriorityQueue", PriorityQueue],
] as const;

describe.each(kinds)("%s join", (name, Kind) => {
  it(`taskDone() on a fresh queue raises ValueError (test_queues.py::${name}JoinTests::test_task_done_underflow)`, () => {
    const q = new Kind();
    expect(() => q.taskDone()).toThrow(ValueError);
    expect(() => q.taskDone()).toThrow("task_done() called too many times");
  });

  it(`join() returns once two workers have processed all 100 items (test_queues.py::${name}JoinTests::test_task_done)`, async () => {
    await withTestLoop(async () => {
      const q = new Kind<number>();
      for (let i = 0; i < 100; i++) q.putNowait(i);
      let accumulator = 0;
      let running = true;
      const worker = async (): Promise<void> => {
        while (running) {
          const item = await q.get();
          accumulator += item;
          q.taskDone();
        }
      };
      const tasks = [createTask(worker), createTask(worker)];
      await q.join();
      expect(accumulator).toBe(4950);
      running = false;
      for (let i = 0; i < tasks.length; i++) q.putNowait(0);
      for (const task of tasks) await task;
    });
  });

  it(`join() on an empty queue returns at once (test_queues.py::${name}JoinTests::test_join_empty_queue)`, async () => {
    await withTestLoop(async ({ loop }) => {
      const q = new Kind();
      let ran = false;
      loop.callSoon(() => {
        ran = true;
      });
      await q.join();
      await q.join();
      expect(ran).toBe(false);
    });
  });

  it(`toString shows unfinished tasks (test_queues.py::${name}JoinTests::test_format)`, () => {
    const q = new Kind<number>();
    expect(String(q)).toBe(`<${name} maxsize=0>`);
    q._unfinishedTasks = 2;
    expect(String(q)).toBe(`<${name} maxsize=0 tasks=2>`);
  });
});

describe.each(kinds)("%s shutdown", (name, Kind) => {
  it(`toString shows a shut-down queue (test_queues.py::${name}ShutdownTests::test_format)`, () => {
    const q = new Kind();
    q.shutdown();
    expect(String(q)).toBe(`<${name} maxsize=0 shutdown>`);
  });

  it(`shutting down an empty queue wakes its getter with QueueShutDown (test_queues.py::${name}ShutdownTests::test_shutdown_empty)`, async () => {
    await withTestLoop(async () => {
      const q = new Kind<string>();
      const getTask = createTask(q.get());
      await sleep(0);
      q.shutdown({ immediate: false });
      expect(q.qsize()).toBe(0);
      await q.join();
      await sleep(0);
      expect(getTask.done()).toBe(true);
      await expect(getTask).rejects.toBeInstanceOf(QueueShutDown);
      await expect(q.put("data")).rejects.toBeInstanceOf(QueueShutDown);
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
      expect(() => q.getNowait()).toThrow("the queue is shut down and empty");
    });
  });

  it(`a non-immediate shutdown keeps the items gettable and join() waits for them (test_queues.py::${name}ShutdownTests::test_shutdown_nonempty)`, async () => {
    await withTestLoop(async () => {
      const q = new Kind<string>(1);
      q.putNowait("data");
      const joinTask = createTask(q.join());
      const putTask = createTask(q.put("data2"));
      await sleep(0);
      expect(putTask.done()).toBe(false);
      q.shutdown(false);
      expect(q.qsize()).toBe(1);
      await sleep(0);
      expect(putTask.done()).toBe(true);
      await expect(putTask).rejects.toBeInstanceOf(QueueShutDown);
      expect(await q.get()).toBe("data");
      await sleep(0);
      expect(joinTask.done()).toBe(false);
      await expect(q.put("data")).rejects.toBeInstanceOf(QueueShutDown);
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);
      await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      q.taskDone();
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
      expect(() => q.taskDone()).toThrow(ValueError);
    });
  });

  it(`an immediate shutdown drops the items and releases join() (test_queues.py::${name}ShutdownTests::test_shutdown_immediate)`, async () => {
    await withTestLoop(async () => {
      const q = new Kind<string>();
      q.putNowait("data");
      const joinTask = createTask(q.join());
      q.shutdown({ immediate: true });
      expect(q.qsize()).toBe(0);
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
      await expect(q.put("data")).rejects.toBeInstanceOf(QueueShutDown);
      expect(() => q.putNowait("data")).toThrow("the queue is shut down");
      await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
      try {
        q.getNowait();
      } catch (error) {
        expect(isQueueShutDown(error)).toBe(true);
      }
      expect(() => q.taskDone()).toThrow(ValueError);
    });
  });

  it(`an immediate shutdown with an item still being processed keeps join() waiting for it (test_queues.py::${name}ShutdownTests::test_shutdown_immediate_with_unfinished)`, async () => {
    await withTestLoop(async () => {
      const q = new Kind<string>();
      q.putNowait("data");
      q.putNowait("data");
      const joinTask = createTask(q.join());
      expect(await q.get()).toBe("data");
      q.shutdown(true);
      expect(q.qsize()).toBe(0);
      await sleep(0);
      expect(joinTask.done()).toBe(false);
      await expect(q.put("data")).rejects.toBeInstanceOf(QueueShutDown);
      await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
      q.taskDone();
      expect(() => q.taskDone()).toThrow(ValueError);
      await sleep(0);
      expect(joinTask.done()).toBe(true);
      await joinTask;
    });
  });

  it(`shutdown wakes every blocked putter, which raise QueueShutDown (test_queues.py::${name}ShutdownTests::test_shutdown_nonempty, several putters)`, async () => {
    await withTestLoop(async () => {
      const q = new Kind<number>(1);
      q.putNowait(0);
      const putters = [1, 2, 3].map((i) => createTask(q.put(i)));
      await sleep(0);
      expect(q._putters.length).toBe(3);
      q.shutdown();
      for (const putter of putters) await expect(putter).rejects.toBeInstanceOf(QueueShutDown);
      expect(q._putters.length).toBe(0);
      expect(q.getNowait()).toBe(0);
    });
  });
});

describe.each(kinds)("%s cancellation", (name, Kind) => {
  it(`a getter cancelled after being woken leaves the item for the next getter (test_queues.py::QueuePutTests::test_get_cancel_drop_one_pending_reader, ${name})`, async () => {
    await withTestLoop(async () => {
      const q = new Kind<number>();
      const first = createTask(q.get());
      const second = createTask(q.get());
      await sleep(0);
      q.putNowait(7);
      first.cancel();
      await first.then(undefined, () => undefined);
      expect(first.cancelled()).toBe(true);
      expect(await second).toBe(7);
      expect(q.qsize()).toBe(0);
      expect(q._getters.length).toBe(0);
    });
  });

  it(`a putter cancelled after being woken leaves the slot for the next putter (test_queues.py::QueuePutTests::test_put_cancel_drop, ${name})`, async () => {
    await withTestLoop(async () => {
      const q = new Kind<number>(1);
      q.putNowait(1);
      const first = createTask(q.put(2));
      const second = createTask(q.put(3));
      await sleep(0);
      expect(q.getNowait()).toBe(1);
      first.cancel();
      await first.then(undefined, () => undefined);
      await second;
      expect(q.getNowait()).toBe(3);
      expect(q._putters.length).toBe(0);
    });
  });
});

describe("Queue storage", () => {
  it("a FIFO queue keeps its order through growth and wrap-around (test_queues.py::QueueBasicTests::test_order, at scale)", () => {
    const q = new Queue<number>();
    const out: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < round + 3; i++) q.putNowait(next++);
      for (let i = 0; i < round + 1; i++) out.push(q.getNowait());
    }
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
  });
});

describe("PriorityQueue ordering", () => {
  it("[priority, payload] entries come out like Python tuples (test_queues.py::PriorityQueueTests::test_order, tuples)", () => {
    const q = new PriorityQueue<[number, string]>();
    const entries: [number, string][] = [
      [3, "c"],
      [1, "b"],
      [2, "x"],
      [1, "a"],
      [0, "z"],
    ];
    for (const entry of entries) q.putNowait(entry);
    const out: [number, string][] = [];
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual([
      [0, "z"],
      [1, "a"],
      [1, "b"],
      [2, "x"],
      [3, "c"],
    ]);
  });

  it("strings, shorter prefixes and many random numbers are ordered (test_queues.py::PriorityQueueTests::test_order, strings, arrays and 500 numbers)", () => {
    const words = new PriorityQueue<string | number[]>();
    for (const w of ["pear", "apple", "app"]) words.putNowait(w);
    expect([words.getNowait(), words.getNowait(), words.getNowait()]).toEqual([
      "app",
      "apple",
      "pear",
    ]);
    for (const a of [[1, 2], [1], [0, 9]]) words.putNowait(a);
    expect([words.getNowait(), words.getNowait(), words.getNowait()]).toEqual([
      [0, 9],
      [1],
      [1, 2],
    ]);

    const numbers = new PriorityQueue<number>();
    let seed = 42;
    const values: number[] = [];
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      values.push(seed % 1000);
      numbers.putNowait(seed % 1000);
    }
    const out: number[] = [];
    while (!numbers.empty()) out.push(numbers.getNowait());
    expect(out).toEqual([...values].sort((a, b) => a - b));
  });

  it("a compare function orders anything; payloads are compared only on ties (test_queues.py::PriorityQueueTests::test_order, with a compare function)", () => {
    type Job = { deadline: number; name: string };
    const q = new PriorityQueue<Job>({ compare: (a, b) => a.deadline - b.deadline });
    q.putNowait({ deadline: 5, name: "late" });
    q.putNowait({ deadline: 1, name: "soon" });
    expect(q.getNowait().name).toBe("soon");
    const withMax = new PriorityQueue<Job>(1, { compare: (a, b) => a.deadline - b.deadline });
    expect(withMax.maxsize).toBe(1);
    const tagged = new PriorityQueue<[number, object]>();
    tagged.putNowait([2, {}]);
    tagged.putNowait([1, {}]);
    expect(tagged.getNowait()[0]).toBe(1);
    expect(() => new PriorityQueue({ compare: 3 as unknown as () => number })).toThrow(
      "PriorityQueue() compare must be a function, got 3",
    );
  });

  it("items Python can't order raise TypeError and are not stored (test_queues.py::PriorityQueueTests::test_order, unorderable items as heapq raises TypeError)", () => {
    const q = new PriorityQueue<unknown>();
    q.putNowait(1);
    q.putNowait(2);
    q.putNowait(3);
    expect(() => q.putNowait("x")).toThrow(TypeError);
    expect(() => q.putNowait({})).toThrow(/'<' not supported between/);
    expect(q.qsize()).toBe(3);
    expect(q._unfinishedTasks).toBe(3);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([1, 2, 3]);

    // A failure after the new item has moved up a level is undone too.
    const root = [1, {}];
    const tuples = new PriorityQueue<unknown[]>();
    for (const entry of [root, [5], [6]]) tuples.putNowait(entry);
    expect(() => tuples.putNowait([1, {}])).toThrow(TypeError);
    expect(tuples.qsize()).toBe(3);
    expect([tuples.getNowait(), tuples.getNowait(), tuples.getNowait()]).toEqual([root, [5], [6]]);
  });
});
