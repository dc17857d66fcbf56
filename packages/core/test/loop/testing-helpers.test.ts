/**
 * The helpers of `@asyncio/core/testing`: `waitUntilIdle` (trio's `wait_all_tasks_blocked`),
 * `runReady` (CPython's `test_utils.run_once`), `InlineExecutor`, `blockedOn` (Python's
 * `task._fut_waiter`), and what `withTestLoop` reports about leftover tasks.
 */
import { EventLoop, VirtualClock } from "@asyncio/core";
import {
  blockedOn,
  InlineExecutor,
  runReady,
  waitUntilIdle,
  withTestLoop,
} from "@asyncio/core/testing";
import { CancelledError, Future, RuntimeError, ValueError } from "@asyncio/futures";
import { coroutine, createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";

describe("waitUntilIdle", () => {
  it("lets every other task run until each is blocked, without moving time (trio's wait_all_tasks_blocked)", async () => {
    await withTestLoop(async ({ loop }) => {
      const log: string[] = [];
      const gate = loop.createFuture<void>();
      const task = createTask(
        coroutine(async () => {
          for (let i = 0; i < 5; i++) {
            log.push(`step ${i}`);
            await sleep(0);
          }
          await gate;
          log.push("after gate");
        })(),
      );
      const sleeper = createTask(sleep(10));
      await waitUntilIdle();
      expect(log).toEqual(["step 0", "step 1", "step 2", "step 3", "step 4"]);
      expect(loop.time()).toBe(0);
      expect(blockedOn(task)).toBe(gate);
      gate.setResult();
      await waitUntilIdle();
      expect(log.at(-1)).toBe("after gate");
      expect(task.done()).toBe(true);
      sleeper.cancel();
      await sleeper.then(undefined, () => undefined);
    });
  });
});

describe("runReady", () => {
  it("runs the callbacks ready now, once; what they schedule waits (test_utils.run_once)", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    try {
      const log: string[] = [];
      loop.callSoon(() => {
        log.push("first");
        loop.callSoon(() => log.push("second"));
      });
      loop.callLater(1, () => log.push("timer"));
      await runReady(loop);
      expect(log).toEqual(["first"]);
      await runReady(loop);
      expect(log).toEqual(["first", "second"]);
      await runReady(loop);
      expect(log).toEqual(["first", "second"]);
      expect(loop.time()).toBe(0);
    } finally {
      loop.close();
    }
  });

  it("refuses a running loop and what is not a loop", async () => {
    await withTestLoop(async ({ loop }) => {
      await expect(runReady(loop)).rejects.toThrow(
        new RuntimeError(
          "runReady() needs a loop that is not running; inside it, await waitUntilIdle()",
        ),
      );
    });
    await expect(runReady({} as never)).rejects.toThrow(
      new TypeError("runReady() loop must be an EventLoop, got an object"),
    );
  });
});

describe("InlineExecutor", () => {
  it("runs functions at once on the loop's thread, for runInExecutor (run_in_executor with a fake executor)", async () => {
    await withTestLoop(async ({ loop }) => {
      const executor = new InlineExecutor();
      loop.setDefaultExecutor(executor);
      const thread: string[] = [];
      const result = await loop.runInExecutor(
        null,
        (a: number, b: number) => {
          thread.push("ran");
          return a * b;
        },
        6,
        7,
      );
      expect(result).toBe(42);
      expect(thread).toEqual(["ran"]);
      expect(await loop.runInExecutor(null, async () => "later")).toBe("later");
      await expect(
        loop.runInExecutor(null, () => {
          throw new ValueError("bad");
        }),
      ).rejects.toThrow(new ValueError("bad"));
      expect(executor.calls).toBe(3);
      expect(loop.time()).toBe(0);
    });
  });

  it("checks what it is given, and refuses work after shutdown (concurrent.futures)", () => {
    const executor = new InlineExecutor();
    expect(() => executor.submit({ "~signature": () => 1 } as never)).toThrow(
      new TypeError("InlineExecutor.submit() fn must be a function, got an object"),
    );
    const future = executor.submit(() => 5);
    expect([future.done(), future.result(), future.exception(), future.cancel()]).toEqual([
      true,
      5,
      null,
      false,
    ]);
    executor.shutdown();
    expect(() => executor.submit(() => 1)).toThrow(
      new RuntimeError("cannot schedule new futures after shutdown"),
    );
  });
});

describe("blockedOn", () => {
  it("names the Future a task waits on; null once it is done or not blocked", async () => {
    await withTestLoop(async ({ loop }) => {
      const waiter = new Future<number>({ loop });
      const task = createTask(coroutine(async () => await waiter)());
      expect(blockedOn(task)).toBeNull();
      await waitUntilIdle();
      expect(blockedOn(task)).toBe(waiter);
      waiter.setResult(3);
      expect(await task).toBe(3);
      expect(blockedOn(task)).toBeNull();
      expect(() => blockedOn(waiter as never)).toThrow(TypeError);
    });
  });
});

describe("withTestLoop", () => {
  it("fails on a task left pending, naming it and what it waits on, and cancels it", async () => {
    let leftover: PromiseLike<unknown> | null = null;
    const error = await withTestLoop(async ({ loop }) => {
      const never = loop.createFuture<void>();
      const task = createTask(coroutine(async () => await never)(), { name: "forgotten" });
      leftover = task.then(
        () => "finished",
        (e: unknown) => e,
      );
      await waitUntilIdle();
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe(
      'test left 1 task(s) pending: <Task pending name="forgotten" coro=<anonymous>> waiting on <Future pending>',
    );
    expect(await leftover).toBeInstanceOf(CancelledError);
  });

  it("autojumpThreshold reaches the clock", async () => {
    await withTestLoop(
      async ({ clock }) => {
        expect(clock.autojumpThreshold).toBe(0.01);
      },
      { autojumpThreshold: 0.01 },
    );
  });
});
