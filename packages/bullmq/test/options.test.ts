/**
 * Bad input is refused before anything starts: the executor's and the worker's options, and
 * functions that can't run on another machine. Constructing an executor opens no connection.
 * None of this needs Redis.
 */

import { type EventLoop, setLogger } from "@asyncio/core";
import { getRunningLoop, ValueError } from "@asyncio/futures";
import { moduleFunction, threadFunction } from "@asyncio/to-thread";
import { describe, expect, it, onTestFinished } from "vitest";
import { BullMQExecutor, JobFuture, startWorker } from "../src/index.js";
import { job, jobsUrl, rejection, withLoop } from "./helpers.js";

const url = "redis://127.0.0.1:1";

describe("BullMQExecutor options", () => {
  const cases: [string, unknown, ErrorConstructor, string][] = [
    ["options", 42, TypeError, "BullMQExecutor() options must be an object, got 42"],
    [
      "connection",
      { connection: 6379, queueName: "q" },
      TypeError,
      "BullMQExecutor() connection must be a Redis URL, ioredis options or an ioredis client, got 6379",
    ],
    [
      "connection URL",
      { connection: "http://127.0.0.1:6379", queueName: "q" },
      ValueError as unknown as ErrorConstructor,
      'BullMQExecutor() connection must be a redis:// or rediss:// URL, got "http://127.0.0.1:6379"',
    ],
    [
      "connection keyPrefix",
      { connection: { keyPrefix: "app:" }, queueName: "q" },
      ValueError as unknown as ErrorConstructor,
      `BullMQExecutor() connection must not set ioredis's keyPrefix (BullMQ refuses it), got "app:": use the prefix option instead`,
    ],
    [
      "queueName",
      { connection: url, queueName: "" },
      TypeError,
      'BullMQExecutor() queueName must be a non-empty string, got ""',
    ],
    [
      "queueName with a colon",
      { connection: url, queueName: "a:b" },
      ValueError as unknown as ErrorConstructor,
      'BullMQExecutor() queueName must not contain ":" (BullMQ separates its keys with it), got "a:b"',
    ],
    [
      "prefix",
      { connection: url, queueName: "q", prefix: 7 },
      TypeError,
      "BullMQExecutor() prefix must be a non-empty string, got 7",
    ],
  ];
  for (const [what, options, errorClass, message] of cases) {
    it(`refuses a bad ${what}`, () => {
      const make = () => new BullMQExecutor(options as never);
      expect(make).toThrow(errorClass);
      expect(make).toThrow(message);
    });
  }

  it("opens no connection until the first call: shutting down an unused executor is immediate", async () => {
    const executor = new BullMQExecutor({ connection: url, queueName: "q" });
    expect(String(executor)).toBe('<BullMQExecutor queue="q" pending=0>');
    await executor.shutdown();
    expect(String(executor)).toBe('<BullMQExecutor queue="q" pending=0 shutdown>');
  });
});

describe("functions a cluster can run", () => {
  const executor = new BullMQExecutor({ connection: url, queueName: "q" });

  it("refuses a plain function: its closure can't travel", async () => {
    const square = (n: number) => n * n;
    expect(() => executor.submit(square, 3)).toThrow(TypeError);
    expect(() => executor.submit(square, 3)).toThrow(
      "BullMQExecutor.submit() fn must be a function exported from a module, made with moduleFunction(url, exportName): a function can't be sent to another machine; got function square",
    );
    await withLoop(async () => {
      const loop = getRunningLoop() as unknown as EventLoop;
      expect(() => loop.runInExecutor(executor, square, 3)).toThrow(TypeError);
    });
  });

  it("refuses threadFunction(): its source would be compiled on another machine", () => {
    const fn = threadFunction((n: number) => n + 1);
    expect(() => executor.submit(fn, 1)).toThrow(
      /^BullMQExecutor\.submit\(\) fn must be made with moduleFunction\(url, exportName\), not threadFunction\(\)/,
    );
  });

  it('refuses onCancel "terminate": a worker is not killed for one job', () => {
    const fn = moduleFunction(jobsUrl, "add", { onCancel: "terminate" });
    expect(() => executor.submit(fn, 1, 2)).toThrow(
      `BullMQExecutor.submit() can't run export "add" of ${jobsUrl.href} with onCancel "terminate": a cluster worker is not killed for one job; use "detach" or "cooperative"`,
    );
  });

  it("refuses something that isn't a function", () => {
    expect(() => executor.submit(42 as never)).toThrow(
      "BullMQExecutor.submit() fn must be a function exported from a module, made with moduleFunction(url, exportName): got 42",
    );
  });

  it("accepts a moduleFunction (the call fails later, without Redis, not here)", async () => {
    const warnings: string[] = [];
    setLogger({ error: (message) => warnings.push(message), warning: (m) => warnings.push(m) });
    onTestFinished(() => setLogger(null));
    const unreachable = new BullMQExecutor({
      connection: {
        port: 1,
        host: "127.0.0.1",
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      },
      queueName: "q",
    });
    const future = unreachable.submit(job("add"), 1, 2);
    expect(future).toBeInstanceOf(JobFuture);
    expect(await future.whenQueued()).toBe(false);
    const error = future.exception() as Error;
    expect(error.name).toBe("JobFailedError");
    expect(error.message).toMatch(
      new RegExp(`^job ${future.jobId} \\(export "add" of .*\\) could not be queued: `),
    );
    await unreachable.shutdown();
    // One line per client for the outage, not one per reconnection attempt.
    expect(warnings).toEqual([
      "BullMQExecutor q: Redis connection error (reconnecting): connect ECONNREFUSED 127.0.0.1:1",
      "BullMQExecutor q: Redis connection error (reconnecting): connect ECONNREFUSED 127.0.0.1:1",
    ]);
  });
});

describe("startWorker options", () => {
  const base = { connection: url, queueName: "q" };
  const cases: [string, unknown, ErrorConstructor, string][] = [
    ["options", null, TypeError, "startWorker() options must be an object, got null"],
    [
      "concurrency 0",
      { ...base, concurrency: 0 },
      ValueError as unknown as ErrorConstructor,
      "startWorker() concurrency must be at least 1, got 0",
    ],
    [
      "concurrency 1.5",
      { ...base, concurrency: 1.5 },
      TypeError,
      "startWorker() concurrency must be an integer, got 1.5",
    ],
    [
      "lockDuration",
      { ...base, lockDuration: "30" },
      TypeError,
      'startWorker() lockDuration must be a number of seconds, got "30"',
    ],
    [
      "stalledInterval",
      { ...base, stalledInterval: 0 },
      ValueError as unknown as ErrorConstructor,
      "startWorker() stalledInterval must be a finite number of seconds greater than 0, got 0",
    ],
    [
      "maxStalledCount",
      { ...base, maxStalledCount: -1 },
      ValueError as unknown as ErrorConstructor,
      "startWorker() maxStalledCount must be at least 0, got -1",
    ],
    ["name", { ...base, name: 5 }, TypeError, "startWorker() name must be a string, got 5"],
    [
      "queueName",
      { connection: url },
      TypeError,
      "startWorker() queueName must be a non-empty string, got undefined",
    ],
  ];
  for (const [what, options, errorClass, message] of cases) {
    it(`refuses a bad ${what}, before looking for a loop`, async () => {
      const error = (await rejection(startWorker(options as never))) as Error;
      expect(error).toBeInstanceOf(errorClass);
      expect(error.message).toBe(message);
    });
  }
});

describe("JobFuture progress, on its own", () => {
  it("onProgress refuses a non-function, and callbacks stop when unsubscribed or done", () => {
    const future = new JobFuture<number>("j1");
    expect(() => future.onProgress(5 as never)).toThrow(
      "onProgress() callback must be a function, got 5",
    );
    const seen: unknown[] = [];
    const stop = future.onProgress((p) => seen.push(["a", p]));
    future.onProgress((p) => seen.push(["b", p]));
    future._reportProgress(1);
    stop();
    future._reportProgress(2);
    future.setResult(3);
    future._reportProgress(4);
    expect(seen).toEqual([
      ["a", 1],
      ["b", 1],
      ["b", 2],
    ]);
    expect(future.lastProgress).toBe(2);
    expect(String(future)).toBe("<JobFuture id=j1 state=FINISHED>");
  });

  it("progress() starts with the last report, keeps every later one, and ends with the future", async () => {
    const future = new JobFuture<number>("j2");
    future._reportProgress("queued");
    const iterator = future.progress();
    future._reportProgress(10);
    future._reportProgress(20);
    const pending = iterator.next();
    expect(await pending).toEqual({ done: false, value: "queued" });
    expect(await iterator.next()).toEqual({ done: false, value: 10 });
    expect(await iterator.next()).toEqual({ done: false, value: 20 });
    const waiting = iterator.next();
    future.setException(new Error("boom"));
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});
