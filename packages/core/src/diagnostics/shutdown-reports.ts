/**
 * What the loop and `run()` report about tasks that don't end when they are shut down.
 *
 * "Task was destroyed but it is pending!": a task still pending when its loop closes can never
 * run again — its code stopped in the middle, its `finally` blocks never ran. Python reports it
 * when the garbage collector takes such a task; here the loop reports each one as it closes,
 * through its exception handler, with where the task was created when debug mode recorded it.
 *
 * A hung shutdown: in debug mode, `run()` reports the tasks it cancelled that are still pending a
 * grace period later, with their call graphs (the report itself is one of debug mode's tools).
 */
import type { ExceptionContext } from "@asyncio/futures";
import { allTasks, type Task } from "@asyncio/tasks";
import type { EventLoop } from "../event-loop.js";
import { debugTools } from "./debug-mode.js";

/** How long `run()`'s shutdown waits in debug mode before it reports the tasks it waits for. */
export const HUNG_SHUTDOWN_SECONDS = 1;

export function reportDestroyedTasks(loop: EventLoop): void {
  for (const task of allTasks(loop)) {
    const context: ExceptionContext = { message: "Task was destroyed but it is pending!", task };
    const created = debugTools()?.creationSite(task) ?? null;
    if (created !== null && created.length > 0) context.source_traceback = created;
    loop.callExceptionHandler(context);
  }
}

/** `run()` still waits, a grace period after cancelling them, for some of `tasks`. */
export function reportHungShutdown(tasks: readonly Task<unknown>[]): void {
  debugTools()?.reportHungShutdown(tasks);
}
