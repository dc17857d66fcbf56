/**
 * `ThreadPoolExecutor` runs the executor suite of `@asyncio/testkit`, the same suite a plugin's
 * executor runs: on one worker (a second call waits in the queue) and on four.
 */
import { EventLoop } from "@asyncio/core";
import { describeExecutor, executorJobsUrl } from "@asyncio/testkit";
import { moduleFunction, ThreadPoolExecutor } from "../src/index.js";

const fn = (name: string, { onCancel }: { onCancel: "detach" | "cooperative" }) =>
  onCancel === "cooperative"
    ? moduleFunction(executorJobsUrl, name, { onCancel })
    : moduleFunction(executorJobsUrl, name);

describeExecutor(() => new ThreadPoolExecutor({ maxWorkers: 1 }), {
  name: "ThreadPoolExecutor with one worker",
  fn,
  loop: () => new EventLoop(),
  capacity: 1,
  cooperative: true,
});

describeExecutor(() => new ThreadPoolExecutor({ maxWorkers: 4 }), {
  name: "ThreadPoolExecutor with four workers",
  fn,
  loop: () => new EventLoop(),
  capacity: 4,
  cooperative: true,
});
