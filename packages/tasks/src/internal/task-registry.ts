/**
 * The tasks that are not finished yet, for `allTasks()`: an intrusive doubly linked list through
 * the tasks themselves (as CPython 3.14 keeps them), so registering and unregistering cost two
 * pointer writes and no hashing.
 */

export interface RegisteredTask {
  _prevTask: RegisteredTask | null;
  _nextTask: RegisteredTask | null;
}

let head: RegisteredTask | null = null;
let tail: RegisteredTask | null = null;

export function registerTask(task: RegisteredTask): void {
  task._prevTask = tail;
  task._nextTask = null;
  if (tail === null) head = task;
  else tail._nextTask = task;
  tail = task;
}

export function unregisterTask(task: RegisteredTask): void {
  const prev = task._prevTask;
  const next = task._nextTask;
  if (prev === null && head !== task) return;
  if (prev === null) head = next;
  else prev._nextTask = next;
  if (next === null) tail = prev;
  else next._prevTask = prev;
  task._prevTask = null;
  task._nextTask = null;
}

/** The registered tasks, oldest first. */
export function* registeredTasks(): Generator<RegisteredTask> {
  for (let task = head; task !== null; task = task._nextTask) yield task;
}
