/**
 * Debug mode's reports of the classic mistakes, each checked by its content: a coroutine never
 * awaited (with where it was made), a task still pending when its loop closes, a task whose
 * cancellation had to detach code blocked on a foreign Promise, a shutdown that hangs, and a task
 * blocking the loop with synchronous code outside the steps the loop times.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { EventLoop, run } from "@asyncio/core";
import { type ExceptionContext, Future } from "@asyncio/futures";
import { coroutine, createTask, sleep, type Task } from "@asyncio/tasks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { foreign } from "../../../tasks/test/support/foreign.js";
import { type CapturedLog, captureLog } from "../loop/helpers.js";

const THIS_FILE = /debug-mode\.test\.ts", line \d+/;

/** A full garbage collection, and a turn of Node's loop for the finalizers it queued. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  await new Promise((resolve) => setImmediate(resolve));
}

let log: CapturedLog;
beforeEach(() => {
  log = captureLog();
});
afterEach(() => log.restore());

describe("debug mode", () => {
  it("reports a coroutine that was never awaited, with where it was created (asyncio-dev.rst, 'Detect never-awaited coroutines')", async () => {
    const fetchPage = coroutine(async function fetchPage() {
      return 1;
    });
    await run(
      async () => {
        fetchPage(); // the forgotten await
        await sleep(0);
      },
      { debug: true },
    );
    await collectGarbage();
    const reports = log.warnings.filter((line) => line.includes("was never awaited"));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(
      /^coroutine 'fetchPage' was never awaited\nCoroutine created at \(most recent call last\)\n/,
    );
    expect(reports[0]).toMatch(THIS_FILE);
  });

  it("a coroutine that was awaited, or closed, is not reported (asyncio-dev.rst, 'Detect never-awaited coroutines')", async () => {
    const step = coroutine(async function step() {
      return 1;
    });
    await run(
      async () => {
        await step();
        step().close();
      },
      { debug: true },
    );
    await collectGarbage();
    expect(log.warnings.filter((line) => line.includes("was never awaited"))).toEqual([]);
  });

  it("a task still pending when its loop closes is reported, with where it was created in debug mode (test_tasks.py::BaseTaskTests::test_log_destroyed_pending_task)", async () => {
    const contexts: ExceptionContext[] = [];
    const loop = new EventLoop();
    loop.setDebug(true);
    loop.setExceptionHandler((_loop, context) => contexts.push(context));
    let pending: Task<void> | null = null;
    await loop.runUntilComplete(
      loop.createTask(async () => {
        pending = createTask(async function kickoff() {
          await new Future({ loop });
        });
        await sleep(0);
      }),
    );
    loop.close();
    expect(contexts).toHaveLength(1);
    const [context] = contexts as [ExceptionContext];
    expect(context.message).toBe("Task was destroyed but it is pending!");
    expect(context.task).toBe(pending);
    const frames = context.source_traceback as { fileName: string | null }[];
    expect(frames.some((frame) => frame.fileName?.endsWith("debug-mode.test.ts"))).toBe(true);
  });

  it("a cancelled task whose foreign Promise ignores its signal is reported with where it waits (no CPython counterpart: Python interrupts every await)", async () => {
    const blocked = foreign();
    await run(
      async () => {
        const task = createTask(
          async function stuck() {
            await blocked.promise;
          },
          { name: "stuck" },
        );
        await sleep(0);
        task.cancel();
        await task.then(
          () => undefined,
          () => undefined,
        );
      },
      { debug: true },
    );
    blocked.resolve();
    const reports = log.warnings.filter((line) => line.includes("blocked on a foreign Promise"));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(
      /^<Task cancelling name="stuck".*> was cancelled while blocked on a foreign Promise that ignores its signal \(nothing listens to task\.signal\): its code was detached and runs on; it waits at \(most recent call last\)\n/,
    );
    expect(reports[0]).toMatch(/debug-mode\.test\.ts", line \d+, in stuck/);
  });

  it("a shutdown that hangs reports the tasks it waits for, with their call graphs (test_runners.py::RunTests::test_asyncio_run_cancels_hanging_tasks)", async () => {
    const release = foreign();
    await run(
      async () => {
        createTask(
          async function cleanup() {
            try {
              await sleep(3600);
            } finally {
              // The cleanup waits for a reply that only comes after the report.
              await createTask(async () => await release.promise, { name: "reply" });
            }
          },
          { name: "cleanup" },
        );
        await sleep(0);
        setTimeout(() => release.resolve(), 1500);
      },
      { debug: true },
    );
    const reports = log.warnings.filter((line) => line.startsWith("run() cancelled"));
    expect(reports).toHaveLength(1);
    const report = reports[0] as string;
    expect(report).toMatch(
      /^run\(\) cancelled 1 task\(s\) that are still pending 1 second\(s\) later, and waits for them to end:\n/,
    );
    expect(report).toContain("* Task(name='cleanup', id=0x");
    expect(report).toContain("* Task(name='reply', id=0x");
    expect(report).toMatch(/\+ Awaited by:\n {4}\* Task\(name='cleanup'/);
  });

  it("a task blocking the loop with synchronous code resumed by a foreign Promise is named (no CPython counterpart: the loop times each step in Python)", async () => {
    await run(
      async () => {
        const loop = (await import("@asyncio/core")).getEventLoop();
        loop.slowCallbackDuration = 0.02;
        await createTask(
          async function crunch() {
            await new Promise((resolve) => setImmediate(resolve));
            const until = performance.now() + 40;
            while (performance.now() < until) {
              // Synchronous work the loop can't interrupt.
            }
          },
          { name: "crunch" },
        );
      },
      { debug: true },
    );
    const reports = log.warnings.filter((line) => line.includes("blocked the event loop"));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(
      /^<Task .*name="crunch".*> blocked the event loop for \d\.\d{3} seconds with synchronous code resumed by a foreign Promise, after the await at \(most recent call last\)\n/,
    );
    expect(reports[0]).toMatch(/debug-mode\.test\.ts", line \d+, in crunch/);
  });
});
