/** Queue basics, get and put, mirroring test_queues.py (QueueBasicTests, QueueGetTests, QueuePutTests). */
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, ValueError } from "@asyncio/futures";
import { Event } from "@asyncio/locks";
import {
  isQueueEmpty,
  isQueueFull,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
} from "@asyncio/queues";
import { createTask, isCoroutine, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

async function settle(tasks: Task<unknown>[]): Promise<void> {
  for (const task of tasks) await task.then(undefined, () => undefined);
}

describe("Queue basics", () => {
  it("toString shows maxsize, items, getters, putters and unfinished tasks (test_queues.py::QueueBasicTests::test_repr)", async () => {
    await withTestLoop(async () => {
      let q = new Queue<number>();
      expect(String(q)).toBe("<Queue maxsize=0>");
      const getter = createTask(q.get());
      await sleep(0);
      expect(String(q)).toBe("<Queue maxsize=0 _getters[1]>");
      q.putNowait(0);
      expect(await getter).toBe(0);

      q = new Queue<number>(1);
      q.putNowait(1);
      const putter = createTask(q.put(2));
      await sleep(0);
      expect(String(q)).toBe("<Queue maxsize=1 _queue=[1] _putters[1] tasks=1>");
      q.getNowait();
      await putter;
      expect(putter.done()).toBe(true);

      q = new Queue<number>();
      q.putNowait(1);
      expect(String(q)).toContain("_queue=[1]");
    });
  });

  it("empty() follows puts and gets (test_queues.py::QueueBasicTests::test_empty)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      expect(q.empty()).toBe(true);
      await q.put(1);
      expect(q.empty()).toBe(false);
      expect(await q.get()).toBe(1);
      expect(q.empty()).toBe(true);
    });
  });

  it("full() is never true when unbounded (test_queues.py::QueueBasicTests::test_full)", async () => {
    await withTestLoop(async () => {
      expect(new Queue().full()).toBe(false);
      const q = new Queue<number>({ maxsize: 1 });
      await q.put(1);
      expect(q.full()).toBe(true);
    });
  });

  it("items come out first in, first out (test_queues.py::QueueBasicTests::test_order)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      for (const i of [1, 3, 2]) await q.put(i);
      const items = [await q.get(), await q.get(), await q.get()];
      expect(items).toEqual([1, 3, 2]);
    });
  });

  it("a putter blocks at maxsize and resumes one iteration after a get (test_queues.py::QueueBasicTests::test_maxsize)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>(2);
      expect(q.maxsize).toBe(2);
      const haveBeenPut: number[] = [];
      const t = createTask(async () => {
        for (let i = 0; i < 3; i++) {
          await q.put(i);
          haveBeenPut.push(i);
        }
        return true;
      });
      await sleep(0);
      await sleep(0);
      expect(haveBeenPut).toEqual([0, 1]);
      expect(await q.get()).toBe(0);
      await sleep(0);
      expect(haveBeenPut).toEqual([0, 1, 2]);
      expect(await q.get()).toBe(1);
      expect(await q.get()).toBe(2);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  it("maxsize <= 0 is unbounded; a non-number is a TypeError naming it; NaN a ValueError (test_queues.py::QueueBasicTests::test_maxsize, bad input)", () => {
    expect(new Queue(-3).full()).toBe(false);
    expect(new Queue().maxsize).toBe(0);
    expect(new Queue({}).maxsize).toBe(0);
    expect(() => new Queue("x" as unknown as number)).toThrow(TypeError);
    expect(() => new Queue("x" as unknown as number)).toThrow(
      'Queue() maxsize must be a number, got "x"',
    );
    expect(() => new Queue({ maxsize: null as unknown as number })).toThrow(
      "Queue() maxsize must be a number, got null",
    );
    expect(() => new Queue(Number.NaN)).toThrow(ValueError);
    const q = new Queue<number>(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 10; i++) q.putNowait(i);
    expect(q.full()).toBe(false);
  });

  it("maxsize given as an array, a class instance or a boolean is a TypeError quoting it; an unknown option name too (test_queues.py::QueueBasicTests::test_maxsize, bad input)", () => {
    for (const Kind of [Queue, PriorityQueue, LifoQueue]) {
      const name = Kind.name;
      expect(() => new Kind([3] as unknown as number)).toThrow(
        new TypeError(`${name}() maxsize must be a number, got array of length 1`),
      );
      expect(() => new Kind(new Date(0) as unknown as number)).toThrow(
        new TypeError(`${name}() maxsize must be a number, got a Date object`),
      );
      expect(() => new Kind(true as unknown as number)).toThrow(
        new TypeError(`${name}() maxsize must be a number, got true`),
      );
      expect(() => new Kind({ maxSize: 3 } as never)).toThrow(
        new TypeError(
          `${name}() got an unknown option "maxSize" (known: ${name === "PriorityQueue" ? "maxsize, compare" : "maxsize"})`,
        ),
      );
      expect(() => new Kind({ maxsize: Number.NaN })).toThrow(
        new ValueError(`${name}() maxsize must not be NaN`),
      );
    }
    expect(() => new PriorityQueue(2, { maxsize: 3 } as never)).toThrow(
      new TypeError('PriorityQueue() got an unknown option "maxsize" (known: compare)'),
    );
    expect(() => new PriorityQueue(2, 5 as never)).toThrow(
      new TypeError("PriorityQueue() options must be an object, got 5"),
    );
    expect(() => new Queue({ compare: () => 0 } as never)).toThrow(
      'Queue() got an unknown option "compare" (known: maxsize)',
    );
  });

  it("put() and get() are lazy coroutines (test_queues.py::QueueGetTests::test_blocking_get)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      const put = q.put(1);
      expect(isCoroutine(put)).toBe(true);
      expect(q.qsize()).toBe(0);
      await put;
      expect(q.qsize()).toBe(1);
      const get = q.get();
      expect(q.qsize()).toBe(1);
      expect(await get).toBe(1);
    });
  });
});

describe("Queue get", () => {
  it("a get wakes a blocked putter (test_queues.py::QueueGetTests::test_get_with_putters)", async () => {
    await withTestLoop(async ({ loop }) => {
      const q = new Queue<number>(1);
      await q.put(1);
      const waiter = loop.createFuture<void>();
      q._putters.push(waiter);
      expect(await q.get()).toBe(1);
      expect(waiter.done()).toBe(true);
      expect(waiter.result()).toBeUndefined();
    });
  });

  it("a blocked get returns the item put later (test_queues.py::QueueGetTests::test_blocking_get_wait)", async () => {
    await withTestLoop(async ({ loop }) => {
      const q = new Queue<number>();
      const started = new Event();
      let finished = false;
      const task = createTask(async () => {
        started.set();
        const res = await q.get();
        finished = true;
        return res;
      });
      await started.wait();
      expect(finished).toBe(false);
      loop.callLater(0.01, () => q.putNowait(1));
      expect(await task).toBe(1);
      expect(finished).toBe(true);
      expect(loop.time()).toBe(0.01);
    });
  });

  it("getNowait takes an item, or raises QueueEmpty (test_queues.py::QueueGetTests::test_nonblocking_get, test_nonblocking_get_exception)", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    try {
      q.getNowait();
    } catch (error) {
      expect(isQueueEmpty(error)).toBe(true);
      expect((error as Error).name).toBe("QueueEmpty");
    }
  });

  it("of two blocked getters the first is cancelled; the next put goes to the second (test_queues.py::QueueGetTests::test_get_cancelled_race)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<string>();
      const t1 = createTask(q.get());
      const t2 = createTask(q.get());
      await sleep(0);
      t1.cancel();
      await sleep(0);
      expect(t1.done()).toBe(true);
      await q.put("a");
      await sleep(0);
      expect(await t2).toBe("a");
    });
  });

  it("gets take the items of waiting putters in order (test_queues.py::QueueGetTests::test_get_with_waiting_putters)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<string>(1);
      const p1 = createTask(q.put("a"));
      const p2 = createTask(q.put("b"));
      expect(await q.get()).toBe("a");
      expect(await q.get()).toBe("b");
      await settle([p1, p2]);
    });
  });

  it("a producer and a consumer on a queue of one finish (test_queues.py::QueueGetTests::test_why_are_getters_waiting)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>(1);
      const got: number[] = [];
      const producer = createTask(async () => {
        for (let i = 0; i < 5; i++) await q.put(i);
      });
      const consumer = createTask(async () => {
        for (let i = 0; i < 5; i++) got.push(await q.get());
      });
      await settle([producer, consumer]);
      expect(got).toEqual([0, 1, 2, 3, 4]);
      expect(producer.done() && consumer.done()).toBe(true);
    });
  });

  it("a get that timed out leaves no getter queued (test_queues.py::QueueGetTests::test_cancelled_getters_not_being_held_in_self_getters)", async () => {
    await withTestLoop(async ({ loop }) => {
      const q = new Queue<number>(5);
      const get = createTask(q.get());
      loop.callLater(0.1, () => get.cancel());
      await expect(get).rejects.toBeInstanceOf(CancelledError);
      expect(q._getters.length).toBe(0);
    });
  });
});

describe("Queue put", () => {
  it("an unbounded put never blocks (test_queues.py::QueuePutTests::test_blocking_put)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      await q.put(1);
      expect(await q.get()).toBe(1);
    });
  });

  it("a blocked put resumes after a get (test_queues.py::QueuePutTests::test_blocking_put_wait)", async () => {
    await withTestLoop(async ({ loop }) => {
      const q = new Queue<number>(1);
      const started = new Event();
      let finished = false;
      loop.callLater(0.01, () => q.getNowait());
      const task = createTask(async () => {
        started.set();
        await q.put(1);
        await q.put(2);
        finished = true;
      });
      await started.wait();
      expect(finished).toBe(false);
      await task;
      expect(finished).toBe(true);
    });
  });

  it("putNowait stores, or raises QueueFull (test_queues.py::QueuePutTests::test_nonblocking_put, test_nonblocking_put_exception)", () => {
    const q = new Queue<number>(1);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
    try {
      q.putNowait(2);
    } catch (error) {
      expect(isQueueFull(error)).toBe(true);
      expect((error as Error).message).toBe("the queue is full (maxsize 1)");
    }
    expect(q.getNowait()).toBe(1);
  });

  it("a getter cancelled after being woken doesn't lose the item (test_queues.py::QueuePutTests::test_get_cancel_drop_one_pending_reader)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      let reader = createTask(q.get());
      await sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      try {
        await reader;
      } catch (error) {
        expect(error).toBeInstanceOf(CancelledError);
        reader = createTask(q.get());
        await reader;
      }
      expect(reader.result()).toBe(1);
      expect(q.qsize()).toBe(1);
    });
  });

  it("with several readers, a cancelled one loses no item (test_queues.py::QueuePutTests::test_get_cancel_drop_many_pending_readers)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      const reader1 = createTask(q.get());
      const reader2 = createTask(q.get());
      const reader3 = createTask(q.get());
      await sleep(0);
      q.putNowait(1);
      q.putNowait(2);
      reader1.cancel();
      await expect(reader1).rejects.toBeInstanceOf(CancelledError);
      await reader3;
      await reader2;
      expect(new Set([reader2.result(), reader3.result()])).toEqual(new Set([1, 2]));
    });
  });

  it("a putter cancelled after being woken doesn't lose its slot (test_queues.py::QueuePutTests::test_put_cancel_drop)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>(1);
      q.putNowait(1);
      let writer = createTask(q.put(2));
      await sleep(0);
      expect(q.getNowait()).toBe(1);
      writer.cancel();
      try {
        await writer;
      } catch (error) {
        expect(error).toBeInstanceOf(CancelledError);
        writer = createTask(q.put(2));
        await writer;
      }
      expect(q.getNowait()).toBe(2);
      expect(q.qsize()).toBe(0);
    });
  });

  it("a fractional maxsize works as Python's: 1.3 holds two items (test_queues.py::QueuePutTests::test_float_maxsize)", async () => {
    await withTestLoop(async () => {
      let q = new Queue<number>(1.3);
      q.putNowait(1);
      q.putNowait(2);
      expect(q.full()).toBe(true);
      expect(() => q.putNowait(3)).toThrow(QueueFull);
      q = new Queue<number>({ maxsize: 1.3 });
      await q.put(1);
      await q.put(2);
      expect(q.full()).toBe(true);
    });
  });

  it("a put in a task completes once its item is taken (test_queues.py::QueuePutTests::test_put_cancelled)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>();
      const t = createTask(async () => {
        await q.put(1);
        return true;
      });
      expect(await q.get()).toBe(1);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  it("cancelling the third blocked putter leaves 'a' then 'b' (test_queues.py::QueuePutTests::test_put_cancelled_race)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<string>(1);
      const putA = createTask(q.put("a"));
      const putB = createTask(q.put("b"));
      const putC = createTask(q.put("X"));
      await sleep(0);
      expect(putA.done()).toBe(true);
      expect(putB.done()).toBe(false);
      putC.cancel();
      await sleep(0);
      expect(putC.done()).toBe(true);
      expect(q.getNowait()).toBe("a");
      await sleep(0);
      expect(q.getNowait()).toBe("b");
      await putB;
    });
  });

  it("a put hands the item to a waiting getter (test_queues.py::QueuePutTests::test_put_with_waiting_getters)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<string>();
      const t = createTask(q.get());
      await sleep(0);
      await q.put("a");
      expect(await t).toBe("a");
    });
  });

  it("putters blocked on a small queue all finish once a getter drains it (test_queues.py::QueuePutTests::test_why_are_putters_waiting)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>(2);
      const getter = createTask(async () => {
        await sleep(0);
        const n = q.qsize();
        for (let i = 0; i < n; i++) q.getNowait();
      });
      const putters = [0, 1, 2, 3].map((i) => createTask(q.put(i)));
      await settle([getter, ...putters]);
      expect(putters.every((t) => t.done() && !t.cancelled())).toBe(true);
      expect(q.qsize()).toBe(2);
    });
  });

  it("a cancelled put is removed from the putters (test_queues.py::QueuePutTests::test_cancelled_puts_not_being_held_in_self_putters)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>(1);
      q.putNowait(1);
      const putTask = createTask(q.put(1));
      await sleep(0);
      expect(q._putters.length).toBe(1);
      putTask.cancel();
      await expect(putTask).rejects.toBeInstanceOf(CancelledError);
      expect(q._putters.length).toBe(0);
    });
  });

  it("a putter already taken off the list by a get is cancelled cleanly (test_queues.py::QueuePutTests::test_cancelled_put_silence_value_error_exception)", async () => {
    await withTestLoop(async () => {
      const q = new Queue<number>(1);
      q.putNowait(1);
      const putTask = createTask(q.put(1));
      await sleep(0);
      q.getNowait();
      putTask.cancel();
      await expect(putTask).rejects.toBeInstanceOf(CancelledError);
      expect(q.qsize()).toBe(0);
    });
  });
});
