/** The thread-offload names of compat (test_threads.py and run_in_executor, through Python names). */
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";

describe("compat threads", () => {
  it("asyncio.to_thread and loop.run_in_executor (test_threads.py::ToThreadTests::test_to_thread)", async () => {
    const results = await asyncio.run(async () => {
      const loop = asyncio.get_running_loop() as unknown as asyncio.EventLoop;
      return [
        await asyncio.to_thread((a: number, b: number) => a + b, 1, 2),
        await loop.run_in_executor(null, (n: number) => n * 2, 21),
      ];
    });
    expect(results).toEqual([3, 42]);
  });

  it("ThreadPoolExecutor(max_workers=...), set_default_executor, shutdown(cancel_futures=...)", async () => {
    const executor = new asyncio.ThreadPoolExecutor({ max_workers: 1 });
    expect(executor.maxWorkers).toBe(1);
    expect(() => new asyncio.ThreadPoolExecutor({ max_workers: 0 })).toThrow(asyncio.ValueError);
    expect(() => new asyncio.ThreadPoolExecutor({ maxWorkers: 2 } as never)).toThrow(
      new TypeError(
        'ThreadPoolExecutor() got an unexpected keyword argument "maxWorkers" (known: max_workers, thread_name_prefix)',
      ),
    );
    expect(() => new asyncio.ThreadPoolExecutor({ thread_name_prefix: 5 } as never)).toThrow(
      new TypeError("ThreadPoolExecutor() threadNamePrefix must be a string, got 5"),
    );
    const result = await asyncio.run(async () => {
      const loop = asyncio.get_running_loop() as unknown as asyncio.EventLoop;
      loop.set_default_executor(executor);
      const value = await asyncio.to_thread(() => "in the pool");
      await loop.shutdown_default_executor();
      return value;
    });
    expect(result).toBe("in the pool");
    expect(() => executor.submit(() => 1)).toThrow("cannot schedule new futures after shutdown");
    await executor.shutdown({ wait: true, cancel_futures: true });
  });

  it("asyncio.wrap_future and the concurrent.futures.Future names", async () => {
    const value = await asyncio.run(async () => {
      const source = new asyncio.ConcurrentFuture<string>();
      const seen: string[] = [];
      source.add_done_callback((f) => seen.push(f.result()));
      const wrapped = asyncio.wrap_future(source);
      expect(source.set_running_or_notify_cancel()).toBe(true);
      source.set_result("ok");
      return [await wrapped, ...seen];
    });
    expect(value).toEqual(["ok", "ok"]);
  });
});
