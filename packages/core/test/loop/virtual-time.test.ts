/**
 * VirtualClock: sleeps and timeouts run instantly, yet time never jumps over real work in flight
 * (an executor call, a Promise marked with `realWork()`) nor before the loop has been idle for
 * `autojumpThreshold`. trio's `MockClock(autojump_threshold=...)` is the model; CPython has no
 * virtual clock, so the tests are named after the documented behaviour.
 */
import {
  EventLoop,
  type Executor,
  type ExecutorFuture,
  realWork,
  VirtualClock,
} from "@asyncio/core";
import { withTestLoop } from "@asyncio/core/testing";
import { getRunningLoop, RuntimeError, ValueError } from "@asyncio/futures";
import { coroutine, createTask, gather, sleep, timeout } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

/** A real-time delay outside the loop, as any foreign API gives one. */
function realDelay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value));
}

/** An executor whose calls finish `ms` real milliseconds after they are submitted. */
class SlowExecutor implements Executor {
  constructor(private readonly ms: number) {}

  submit<A extends unknown[], R>(fn: unknown, ...args: A): ExecutorFuture<R> {
    const callbacks: ((future: ExecutorFuture<R>) => void)[] = [];
    let state: { value: R } | null = null;
    const future: ExecutorFuture<R> = {
      cancel: () => false,
      cancelled: () => false,
      done: () => state !== null,
      result: () => {
        if (state === null) throw new Error("not done");
        return state.value;
      },
      exception: () => null,
      addDoneCallback: (callback) => {
        if (state !== null) callback(future);
        else callbacks.push(callback as (future: ExecutorFuture<R>) => void);
      },
    };
    setTimeout(() => {
      state = { value: (fn as (...args: A) => R)(...args) };
      for (const callback of callbacks.splice(0)) callback(future);
    }, this.ms);
    return future;
  }

  shutdown(): void {}
}

describe("VirtualClock", () => {
  it("1000 tasks that each sleep an hour all finish, each at its exact virtual time", async () => {
    await withTestLoop(async ({ loop }) => {
      const ends: number[] = [];
      const tasks = Array.from({ length: 1000 }, (_, i) =>
        createTask(
          coroutine(async () => {
            await sleep(3600);
            ends.push(loop.time());
            await sleep(i);
            return loop.time();
          })(),
        ),
      );
      const finished = await gather(...tasks);
      expect(ends).toEqual(Array.from({ length: 1000 }, () => 3600));
      expect(finished).toEqual(Array.from({ length: 1000 }, (_, i) => 3600 + i));
      expect(loop.time()).toBe(4599);
    });
  });

  it("an executor call holds virtual time: timeout(5) around a slow call gets its result", async () => {
    await withTestLoop(async ({ loop, clock }) => {
      const slowWork = (): string => "done";
      loop.setDefaultExecutor(new SlowExecutor(100));
      const seen: string[][] = [];
      const result = await timeout(5, async () => {
        const call = loop.runInExecutor(null, slowWork);
        await sleep(0);
        seen.push(clock.heldBy());
        return await call;
      });
      expect(result).toBe("done");
      expect(seen).toEqual([["executor call slowWork()"]]);
      expect(loop.time()).toBe(0);
      expect(clock.heldBy()).toEqual([]);
    });
  });

  it("a sleep running beside held work jumps only once the work ends", async () => {
    await withTestLoop(async ({ loop }) => {
      let release: (value: string) => void = () => {};
      const foreign = new Promise<string>((resolve) => {
        release = resolve;
      });
      const order: string[] = [];
      const sleeper = createTask(
        coroutine(async () => {
          await sleep(10);
          order.push(`slept at ${loop.time()}`);
        })(),
      );
      setTimeout(() => release("reply"), 50);
      order.push(`${await realWork(foreign, "the reply")} at ${loop.time()}`);
      await sleeper;
      expect(order).toEqual(["reply at 0", "slept at 10"]);
    });
  });

  it("realWork() holds time until its Promise settles, and heldBy() names it", async () => {
    await withTestLoop(async ({ loop, clock }) => {
      const marked = realWork(realDelay(50, "fetched"), "GET /status");
      await sleep(0);
      expect(clock.heldBy()).toEqual(["GET /status"]);
      const result = await timeout(1, async () => await marked);
      expect(result).toBe("fetched");
      expect(loop.time()).toBe(0);
      expect(clock.heldBy()).toEqual([]);
    });
  });

  it("realWork() passes a rejection through and stops holding time", async () => {
    await withTestLoop(async ({ clock }) => {
      const failing = realWork(Promise.reject(new ValueError("no")));
      await expect(failing).rejects.toThrow(ValueError);
      expect(clock.heldBy()).toEqual([]);
    });
  });

  it("without realWork(), a foreign Promise in flight does not hold time (the reason realWork() exists)", async () => {
    await withTestLoop(async ({ loop }) => {
      // The Promise is settled by a task that sleeps 5 s: only a jump over it lets that happen.
      let release: (at: number) => void = () => {};
      const unmarked = new Promise<number>((resolve) => {
        release = resolve;
      });
      const sleeper = createTask(
        coroutine(async () => {
          await sleep(5);
          release(loop.time());
        })(),
      );
      expect(await unmarked).toBe(5);
      await sleeper;
    });
  });

  it("autojumpThreshold: time jumps only after the loop has been idle that long in real time (trio's autojump_threshold)", async () => {
    // Generous against the 20 ms of work, so that a loaded machine doesn't stall past it.
    const clock = new VirtualClock({ autojumpThreshold: 1 });
    const loop = new EventLoop({ clock });
    try {
      const result = await loop.runUntilComplete(async () => {
        // Unmarked foreign work shorter than the threshold finishes before time moves.
        return await timeout(5, async () => await realDelay(20, "in time"));
      });
      expect(result).toBe("in time");
      expect(loop.time()).toBe(0);
      await loop.runUntilComplete(() => sleep(60));
      expect(loop.time()).toBe(60);
    } finally {
      loop.close();
    }
  });

  it("advance() moves time by hand; timers whose time came fire", async () => {
    const clock = new VirtualClock({ start: 100 });
    const loop = new EventLoop({ clock });
    try {
      const fired: number[] = [];
      loop.callLater(5, () => fired.push(loop.time()));
      clock.advance(7);
      await loop.runUntilComplete(async () => {
        await sleep(0);
        await sleep(0);
      });
      expect(loop.time()).toBe(107);
      expect(fired).toEqual([107]);
    } finally {
      loop.close();
    }
  });

  it("rejects bad options, naming them and quoting the value", () => {
    expect(() => new VirtualClock({ autojumpThreshold: -1 })).toThrow(
      new ValueError("VirtualClock() autojumpThreshold must not be negative, got -1"),
    );
    expect(() => new VirtualClock({ start: "0" as unknown as number })).toThrow(
      new TypeError('VirtualClock() start must be a number of seconds, got "0"'),
    );
    expect(() => new VirtualClock({ speed: 2 } as never)).toThrow(
      new TypeError('VirtualClock() got an unknown option "speed"'),
    );
    expect(() => new VirtualClock().advance(-1)).toThrow(
      new ValueError("advance() seconds must not be negative, got -1"),
    );
  });

  it("one clock serves one open loop", () => {
    const clock = new VirtualClock();
    const first = new EventLoop({ clock });
    expect(() => new EventLoop({ clock })).toThrow(
      new ValueError("this VirtualClock is already the clock of an open event loop"),
    );
    first.close();
    new EventLoop({ clock }).close();
  });

  it("realWork() checks its arguments and needs a running loop", async () => {
    expect(() => realWork(Promise.resolve(1))).toThrow(RuntimeError);
    await withTestLoop(async () => {
      expect(getRunningLoop()).toBeDefined();
      expect(() => realWork(42 as never)).toThrow(
        new TypeError("realWork() promise must be a Promise, got 42"),
      );
      expect(() => realWork(Promise.resolve(1), 7 as never)).toThrow(
        new TypeError("realWork() description must be a string, got 7"),
      );
    });
  });
});
