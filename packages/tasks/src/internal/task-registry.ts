/**
 * The tasks that are not finished yet, for `allTasks()`: an intrusive doubly linked list through
 * the tasks themselves (as CPython 3.14 keeps them), so registering and unregistering cost two
 * pointer writes and no hashing.
 */

export interface RegisteredTask {
  _prevTask: RegisteredTask | null;
  _nextTask: RegisteredTask | null;
}

/** The list's ends, on `globalThis` so that two copies of this package share one registry. */
interface Registry {
  head: RegisteredTask | null;
  tail: RegisteredTask | null;
}
const registryKey = Symbol.for("@asyncio/task-registry");
const globals = globalThis as unknown as Record<symbol, Registry | undefined>;
const registry: Registry =
  globals[registryKey] ?? (globals[registryKey] = { head: null, tail: null });

export function registerTask(task: RegisteredTask): void {
  const tail = registry.tail;
  task._prevTask = tail;
  task._nextTask = null;
  if (tail === null) registry.head = task;
  else tail._nextTask = task;
  registry.tail = task;
}

export function unregisterTask(task: RegisteredTask): void {
  const prev = task._prevTask;
  const next = task._nextTask;
  if (prev === null && registry.head !== task) return;
  if (prev === null) registry.head = next;
  else prev._nextTask = next;
  if (next === null) registry.tail = prev;
  else next._prevTask = prev;
  task._prevTask = null;
  task._nextTask = null;
}

/** The registered tasks, oldest first. */
export function* registeredTasks(): Generator<RegisteredTask> {
  for (let task = registry.head; task !== null; task = task._nextTask) yield task;
}
