/** Type tests: items keep their type through the queues; locks resolve to what Python returns. */
import type { Hold } from "@asyncio/locks";
import { Barrier, Condition, Event, Lock, Semaphore } from "@asyncio/locks";
import { LifoQueue, PriorityQueue, Queue } from "@asyncio/queues";
import type { Coroutine } from "@asyncio/tasks";
import { describe, expectTypeOf, it } from "vitest";

describe("queue types", () => {
  it("get() and getNowait() give the item type; put() takes it", () => {
    const q = new Queue<number>(10);
    expectTypeOf(q.get()).toEqualTypeOf<Coroutine<number>>();
    expectTypeOf(q.getNowait()).toEqualTypeOf<number>();
    expectTypeOf(q.put(1)).toEqualTypeOf<Coroutine<void>>();
    // @ts-expect-error: a string is not a number
    q.putNowait("x");
    expectTypeOf(new LifoQueue<string>().getNowait()).toEqualTypeOf<string>();
    expectTypeOf(q.maxsize).toEqualTypeOf<number>();
  });

  it("PriorityQueue's compare is typed by the item", () => {
    type Job = { deadline: number };
    const jobs = new PriorityQueue<Job>({ compare: (a, b) => a.deadline - b.deadline });
    expectTypeOf(jobs.getNowait()).toEqualTypeOf<Job>();
    // @ts-expect-error: compare must take two items
    new PriorityQueue<Job>({ compare: (a: string) => a.length });
  });
});

describe("lock types", () => {
  it("acquire() and wait() resolve to true, hold() to a Hold, Barrier.wait() to the index", () => {
    expectTypeOf(new Lock().acquire()).toEqualTypeOf<Coroutine<true>>();
    expectTypeOf(new Lock().hold()).toEqualTypeOf<Coroutine<Hold>>();
    expectTypeOf(new Semaphore(2).acquire()).toEqualTypeOf<Coroutine<true>>();
    expectTypeOf(new Event().wait()).toEqualTypeOf<Coroutine<true>>();
    expectTypeOf(new Condition().waitFor(() => "ready" as const)).toEqualTypeOf<
      Coroutine<"ready">
    >();
    expectTypeOf(new Barrier(2).wait()).toEqualTypeOf<Coroutine<number>>();
    expectTypeOf(new Barrier(2).parties).toEqualTypeOf<number>();
  });

  it("a Hold works with `using` and `await using`", () => {
    expectTypeOf<Hold>().toExtend<Disposable>();
    expectTypeOf<Hold>().toExtend<AsyncDisposable>();
  });
});
