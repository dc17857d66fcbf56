/**
 * What debug mode records and reports (see `debug-mode.ts`), loaded when it first starts: the
 * recorder of where tasks are made and suspend (`@asyncio/tasks/graph`), the watch on coroutines
 * never awaited, the detector of tasks blocking the loop, and the reports of detached code and of
 * a hung shutdown.
 */
import { formatCallGraph, type StackFrame, type Task, takeTaskSnapshot } from "@asyncio/tasks";
import { addTaskObserver, removeTaskObserver, type TaskObserver } from "@asyncio/tasks/contract";
import {
  creationSite,
  foreignWaitSite,
  graphIdOf,
  startRecordingSites,
  stopRecordingSites,
} from "@asyncio/tasks/graph";
import { getLogger } from "../logger.js";
import { startDetectingBlocking, stopDetectingBlocking } from "./blocking-detector.js";
import { startWatchingCoroutines, stopWatchingCoroutines } from "./never-awaited.js";
import { HUNG_SHUTDOWN_SECONDS } from "./shutdown-reports.js";
import { formatTraceback } from "./tracebacks.js";

export interface DebugTools {
  start(): void;
  stop(): void;
  /** Where `task` was created, if recorded. */
  creationSite(task: object): readonly StackFrame[] | null;
  /**
   * A hung shutdown: `run()` cancelled `tasks` when the main task ended and, a grace period
   * later, still waits for some — whose cleanup awaits something that never comes. Reported with
   * their call graphs: what each awaits, and where.
   */
  reportHungShutdown(tasks: readonly Task<unknown>[]): void;
}

/** Debug mode's reports about tasks. */
const reports: TaskObserver = {
  created() {},
  stepStarted() {},
  suspended() {},
  blockedOnForeign() {},
  cancelRequested() {},
  detached(task, signalListened) {
    const where = formatTraceback(foreignWaitSite(task) ?? []);
    getLogger().warning(
      `${String(task)} was cancelled while blocked on a foreign Promise that ignores its signal (${
        signalListened
          ? "something listened to task.signal, but the await did not end after the grace period"
          : "nothing listens to task.signal"
      }): its code was detached and runs on${
        where === "" ? "" : `; it waits at (most recent call last)\n${where}`
      }`,
    );
  },
  finished() {},
};

/**
 * The tasks at the bottom of what `tasks` wait for: following each task's awaits down to tasks
 * that await no other task. Their call graphs lead back up to the tasks that were cancelled.
 */
function innermostWaits(tasks: readonly Task<unknown>[]): Task<unknown>[] {
  const snapshot = takeTaskSnapshot();
  const byId = new Map(snapshot.nodes.map((node) => [node.id, node]));
  const found = new Set<number>();
  const seen = new Set<number>();
  const visit = (id: number): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const node = byId.get(id);
    if (node === undefined || node.kind !== "task") return;
    const below = node.awaits
      .flatMap((each) => each.waitsOn)
      .filter((each) => byId.get(each)?.kind === "task");
    if (below.length === 0) found.add(id);
    for (const each of below) visit(each);
  };
  for (const task of tasks) visit(graphIdOf(task));
  return [...found].map((id) => snapshot.objects.get(id) as Task<unknown>);
}

function reportHungShutdown(tasks: readonly Task<unknown>[]): void {
  const pending = tasks.filter((task) => !task.done());
  if (pending.length === 0) return;
  const lines = [
    `run() cancelled ${pending.length} task(s) that are still pending ${HUNG_SHUTDOWN_SECONDS} second(s) later, and waits for them to end:`,
  ];
  for (const task of innermostWaits(pending)) lines.push(formatCallGraph(task));
  getLogger().warning(lines.join("\n"));
}

export function createDebugTools(): DebugTools {
  return {
    start() {
      startRecordingSites();
      startWatchingCoroutines();
      startDetectingBlocking();
      addTaskObserver(reports);
    },
    stop() {
      removeTaskObserver(reports);
      stopDetectingBlocking();
      stopWatchingCoroutines();
      stopRecordingSites();
    },
    creationSite,
    reportHungShutdown,
  };
}
