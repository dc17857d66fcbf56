/** Which task is running, and which tasks exist — Python's `current_task()` and `all_tasks()`. */
import { type EventLoopContract, getRunningLoop, RuntimeError } from "@asyncio/futures";
import { executionFrames } from "@asyncio/futures/contract";
import { registeredTasks } from "./internal/task-registry.js";
import { isTask, type Task } from "./task.js";

/**
 * The task whose code is running (right across awaits of foreign Promises too), or `null` when
 * called from a plain callback. Throws `RuntimeError` when no loop is running and none is given,
 * and, on a runtime without `AsyncLocalStorage` or `AsyncContext` (a browser), when the code runs
 * outside every step of the running loop — after an await of a foreign Promise, or in a host
 * callback — where no task can be named for sure (see "Runtimes" in the README).
 *
 * @example
 * ```ts
 * await run(async () => console.log(currentTask()?.getName())); // "Task-1"
 * ```
 */
export function currentTask(loop?: EventLoopContract): Task<unknown> | null {
  const target = loop ?? getRunningLoop();
  const frame = executionFrames.getStore();
  if (frame === undefined && executionFrames.frameUnknown() && target.isRunning()) {
    throw new RuntimeError(
      "currentTask() can't tell which task runs this code: without AsyncLocalStorage or AsyncContext, code that resumes after an await of a foreign Promise (or runs in a host callback) is outside every task; await the library's awaitables instead (ensureFuture(promise)) to stay in the task",
    );
  }
  const task = frame === undefined ? null : frame._task;
  return isTask(task) && task._loop === target ? task : null;
}

/** The set of tasks of `loop` (default: the running loop) that are not done yet. */
export function allTasks(loop?: EventLoopContract): Set<Task<unknown>> {
  const target = loop ?? getRunningLoop();
  const tasks = new Set<Task<unknown>>();
  for (const registered of registeredTasks()) {
    const task = registered as unknown as Task<unknown>;
    if (task._loop === target && !task.done()) tasks.add(task);
  }
  return tasks;
}

/**
 * The `AbortSignal` of the running task (`currentTask().signal`): aborted as soon as the task is
 * asked to cancel, with the `CancelledError` as its reason. Pass it to foreign APIs so that their
 * work stops with the task. `RuntimeError` outside a task.
 *
 * @example
 * ```ts
 * const page = await fetch(url, { signal: currentSignal() });
 * ```
 */
export function currentSignal(): AbortSignal {
  const task = currentTask();
  if (task === null) throw new RuntimeError("currentSignal() must be called inside a task");
  return task.signal;
}
