/**
 * The scheduling steps the page runs, as one main task: a fetch-like task, a parser that awaits
 * it, a waiter on an Event that main cancels, and a slow task that a timeout cancels. Every await
 * goes through `watch()`, so the tree shows who awaits whom while it happens; `pace` (seconds)
 * sets how slowly it unfolds.
 */
import { isTimeoutError } from "@asyncio/futures";
import { Event } from "@asyncio/locks";
import { createTask, currentTask, sleep, type Task, timeout } from "@asyncio/tasks";
import type { TaskTree } from "./task-tree.js";

/** Awaits `awaitable` on behalf of the running task, showing it in the tree meanwhile. */
async function watch<T>(
  tree: TaskTree,
  what: Task<unknown> | string,
  awaitable: PromiseLike<T>,
): Promise<T> {
  const self = currentTask() as Task<unknown>;
  tree.awaiting(self, what);
  try {
    return await awaitable;
  } finally {
    tree.awaiting(self, null);
  }
}

/** Starts a named task under the running one and tracks it. */
function spawn<T>(tree: TaskTree, name: string, body: () => Promise<T>): Task<T> {
  const parent = currentTask();
  const task = createTask(body, { name });
  tree.track(task as Task<unknown>, parent);
  return task;
}

/** What the scenario ends with, as the page prints it. */
export interface ScenarioSummary {
  fetched: string;
  timedOut: boolean;
  done: number;
  cancelled: number;
}

/** Runs the steps inside the running task (the page's main task); resolves when all ended. */
export async function scenario(tree: TaskTree, pace: number): Promise<ScenarioSummary> {
  const main = currentTask() as Task<unknown>;
  main.setName("main");
  tree.track(main, null);
  const fetcher = spawn(tree, "fetcher", async () => {
    await watch(tree, `sleep(${2 * pace})`, sleep(2 * pace));
    return "42 rows";
  });
  const parser = spawn(tree, "parser", async () => {
    const rows = await watch(tree, fetcher, fetcher);
    await watch(tree, `sleep(${pace})`, sleep(pace));
    return `parsed ${rows}`;
  });
  const ready = new Event();
  const waiter = spawn(tree, "waiter", async () => {
    await watch(tree, "ready.wait()", ready.wait());
  });
  const slow = spawn(tree, "slow", async () => {
    await watch(tree, `sleep(${10 * pace})`, sleep(10 * pace));
  });

  await watch(tree, `sleep(${3 * pace})`, sleep(3 * pace));
  waiter.cancel();
  tree.cancelRequested(waiter as Task<unknown>, main.getName());

  let timedOut = false;
  try {
    // Awaiting a task inside a timeout: at the deadline the await is cancelled, and so is the task.
    await timeout(pace, () => watch(tree, slow, slow));
  } catch (error) {
    if (!isTimeoutError(error)) throw error;
    timedOut = true;
  }
  const fetched = await watch(tree, parser, parser);
  await watch(
    tree,
    waiter,
    waiter.then(undefined, () => undefined),
  );
  const nodes = [...tree.nodes.values()].filter((node) => node.name !== main.getName());
  return {
    fetched,
    timedOut,
    done: nodes.filter((node) => node.state === "done").length,
    cancelled: nodes.filter((node) => node.state === "cancelled").length,
  };
}
