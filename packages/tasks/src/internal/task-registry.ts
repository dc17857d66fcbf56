/** The tasks that are not finished yet, for `allTasks()`. */
import type { Task } from "../task.js";

export const pendingTasks: Set<Task<unknown>> = new Set();

export function registerTask(task: Task<unknown>): void {
  pendingTasks.add(task);
}

export function unregisterTask(task: Task<unknown>): void {
  pendingTasks.delete(task);
}
