/**
 * `@asyncio/testing/vitest`: `asyncTest` runs each test body as the main task of a fresh loop on
 * virtual time, and fails on what pytest-asyncio's strict mode and CPython's test suite treat as
 * a broken test: tasks left pending, errors never retrieved, reports to the exception handler.
 * The failure cases call the returned test function directly and assert its rejection.
 */
import { CancelledError, RuntimeError, ValueError } from "@asyncio/futures";
import { coroutine, createTask, sleep, timeout } from "@asyncio/tasks";
import { toThread } from "@asyncio/to-thread";
import { describe, expect, it, type TestContext } from "vitest";
import { runAsyncTest } from "../src/index.js";
import { asyncTest } from "../src/vitest.js";

async function failure(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => null,
    (error: unknown) => error,
  );
}

describe("1000 tests that each sleep an hour of virtual time", () => {
  for (let i = 0; i < 1000; i++) {
    it(
      `test ${i}`,
      asyncTest(async ({ loop }) => {
        await sleep(3600);
        expect(loop.time()).toBe(3600);
        await sleep(i);
        expect(loop.time()).toBe(3600 + i);
      }),
    );
  }
});

describe("asyncTest", () => {
  it(
    "the issue's example: timeout(5) around a 300 ms thread call gives its result",
    asyncTest(async ({ loop }) => {
      const slow = (): string => {
        const end = Date.now() + 300;
        while (Date.now() < end);
        return "done";
      };
      expect(await timeout(5, async () => await toThread(slow))).toBe("done");
      expect(loop.time()).toBe(0);
    }),
  );

  it(
    "gives the body its loop, clock and Vitest's context, and honours start",
    asyncTest<TestContext>(
      async ({ loop, clock, context }) => {
        expect(clock?.now()).toBe(100);
        expect(loop.time()).toBe(100);
        expect(context.task.name).toBe(
          "gives the body its loop, clock and Vitest's context, and honours start",
        );
      },
      { start: 100 },
    ),
  );

  it(
    "runs on real time with realTime",
    asyncTest(
      async ({ clock, loop }) => {
        const before = loop.time();
        await sleep(0.02);
        expect(clock).toBeNull();
        expect(loop.time() - before).toBeGreaterThanOrEqual(0.015);
      },
      { realTime: true },
    ),
  );

  it("fails on tasks left pending, naming them and what they wait on, and cancels them", async () => {
    let outcome: PromiseLike<unknown> | null = null;
    const error = await failure(
      asyncTest(async ({ loop }) => {
        const never = loop.createFuture<void>();
        const task = createTask(coroutine(async () => await never)(), { name: "forgotten" });
        outcome = task.then(
          () => "finished",
          (e: unknown) => e,
        );
        await sleep(0);
      })({}),
    );
    expect(error).toEqual(
      new RuntimeError(
        'test left 1 task(s) pending: <Task pending name="forgotten" coro=<anonymous>> waiting on <Future pending>',
      ),
    );
    expect(await outcome).toBeInstanceOf(CancelledError);
  });

  it("fails on an error never retrieved (Task exception was never retrieved)", async () => {
    const error = await failure(
      asyncTest(async () => {
        createTask(
          coroutine(async () => {
            throw new ValueError("lost");
          })(),
        );
        await sleep(0);
        await sleep(0);
      })({}),
    );
    expect(error).toEqual(
      new RuntimeError(
        "unexpected report to the exception handler: Task exception was never retrieved",
      ),
    );
    expect((error as Error).cause).toEqual(new ValueError("lost"));
  });

  it("with allowReports, the body sees the reports and the test passes", async () => {
    let seen: string[] = [];
    await asyncTest(
      async ({ loop, reported }) => {
        loop.callExceptionHandler({ message: "expected" });
        seen = reported.map((context) => String(context.message));
      },
      { allowReports: true },
    )({});
    expect(seen).toEqual(["expected"]);
  });

  it("the body's own error comes first, as it is", async () => {
    const error = await failure(
      asyncTest(async ({ loop }) => {
        const never = loop.createFuture<void>();
        createTask(coroutine(async () => await never)());
        throw new ValueError("body failed");
      })({}),
    );
    expect(error).toEqual(new ValueError("body failed"));
  });

  it("when the runner aborts the test, the main task is cancelled and the loop closed", async () => {
    const controller = new AbortController();
    let loopClosed: () => boolean = () => false;
    const cleanedUp: string[] = [];
    const run = asyncTest(async ({ loop }) => {
      loopClosed = () => loop.isClosed();
      try {
        await loop.createFuture<void>();
      } finally {
        cleanedUp.push("finally ran");
      }
    })({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error("Test timed out in 50ms.")), 50);
    const error = await failure(run);
    expect(error).toEqual(
      new RuntimeError("the test was aborted (timed out?) and its main task cancelled"),
    );
    expect((error as Error).cause).toEqual(new Error("Test timed out in 50ms."));
    expect(cleanedUp).toEqual(["finally ran"]);
    expect(loopClosed()).toBe(true);
  });

  it("checks its arguments when the test is defined, naming the option and quoting the value", () => {
    expect(() => asyncTest(async () => {}, { autojumpThreshold: -1 })).toThrow(
      new ValueError(
        "asyncTest() option autojumpThreshold must be a finite, non-negative number, got -1",
      ),
    );
    expect(() => asyncTest(async () => {}, { realTime: "yes" as never })).toThrow(
      new TypeError('asyncTest() option realTime must be a boolean, got "yes"'),
    );
    expect(() => asyncTest(async () => {}, { clock: 1 } as never)).toThrow(
      new TypeError('asyncTest() got an unknown option "clock"'),
    );
    expect(() => asyncTest(async () => {}, { realTime: true, start: 5 })).toThrow(
      new TypeError(
        "asyncTest() options start and autojumpThreshold need virtual time, not realTime",
      ),
    );
    expect(() => asyncTest("body" as never)).toThrow(
      new TypeError("asyncTest() body must be a function, got string"),
    );
  });
});

describe("runAsyncTest", () => {
  it("runs a body on a fresh loop for any runner, returning its result", async () => {
    const result = await runAsyncTest(
      async ({ loop }) => {
        await sleep(3600);
        return loop.time();
      },
      { start: 10 },
    );
    expect(result).toBe(3610);
  });

  it("fails like asyncTest, and checks its arguments", async () => {
    const error = await failure(
      runAsyncTest(async ({ loop }) => {
        const never = loop.createFuture<void>();
        createTask(coroutine(async () => await never)(), { name: "stray" });
        await sleep(0);
      }),
    );
    expect((error as Error).message).toBe(
      'test left 1 task(s) pending: <Task pending name="stray" coro=<anonymous>> waiting on <Future pending>',
    );
    expect(() => runAsyncTest(async () => {}, { signal: "soon" as never })).toThrow(
      new TypeError("runAsyncTest() option signal must be an AbortSignal, got string"),
    );
    expect(() => runAsyncTest(async () => {}, { speed: 2 } as never)).toThrow(
      new TypeError('asyncTest() got an unknown option "speed"'),
    );
  });
});
