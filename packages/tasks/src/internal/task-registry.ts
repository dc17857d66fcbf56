/**
 * The tasks that are not finished yet, for `allTasks()`: an intrusive doubly linked list through
 * the tasks themselves (as CPython 3.14 keeps them), so registering and unregistering cost two
 * pointer writes and no hashing. And the task groups that are open (entered, not exited yet): a
 * group's task waits on each of the group's tasks from the moment it creates them — Python
 * records that edge when `TaskGroup.create_task` runs — and the call graph reads it here. Both
 * live on `globalThis`, so that two copies of this package share them and a snapshot taken
 * through an inspector finds them.
 */

export interface RegisteredTask {
  _prevTask: RegisteredTask | null;
  _nextTask: RegisteredTask | null;
}

/** The list's ends. */
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

/** What a call graph needs of an open group. */
export interface OpenTaskGroup {
  /** The task that entered the group and its tasks not finished yet. */
  _describeGroup(): { readonly parent: unknown; readonly tasks: readonly unknown[] };
}

const groupsKey = Symbol.for("@asyncio/open-task-groups");
const groupGlobals = globalThis as unknown as Record<symbol, Set<OpenTaskGroup> | undefined>;
const open: Set<OpenTaskGroup> = groupGlobals[groupsKey] ?? (groupGlobals[groupsKey] = new Set());

export function groupOpened(group: OpenTaskGroup): void {
  open.add(group);
}

export function groupClosed(group: OpenTaskGroup): void {
  open.delete(group);
}
