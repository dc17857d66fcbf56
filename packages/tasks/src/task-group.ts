/**
 * `TaskGroup`: structured concurrency. Tasks created in the group can't outlive it: leaving the
 * group waits for all of them; the first failure cancels the others and the body; the errors come
 * out together as one `ExceptionGroup("unhandled errors in a TaskGroup")`, in the order they
 * happened, the body's own error last. Cancelling the task that runs the group cancels the group.
 */
import {
  BaseExceptionGroup,
  type EventLoopContract,
  ExceptionGroup,
  Future,
  isCancelledError,
  isExceptionGroup,
  isExitError,
  RuntimeError,
} from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { type AsyncContextManager, runWith } from "./async-with.js";
import { Coroutine, type CoroutineLike, isCoroutine } from "./coroutine.js";
import { currentTask } from "./current-task.js";
import { createTaskOn } from "./ensure-future.js";
import type { AwaitDescription, DescribedAwait } from "./graph/await-description.js";
import { groupClosed, groupOpened, type OpenTaskGroup } from "./internal/task-registry.js";
import type { Task, TaskOptions } from "./task.js";

/** Options of `TaskGroup.createTask`. */
export type TaskGroupTaskOptions = Omit<TaskOptions, "loop">;

/**
 * A group of tasks that ends together. Use the callback form `taskGroup(async (tg) => ...)`, or
 * `asyncWith(new TaskGroup(), body)`, or `asyncEnter()`/`asyncExit()` by hand. A group is entered
 * once: it can't be reused.
 *
 * @example
 * ```ts
 * const tg = new TaskGroup();
 * await asyncWith(tg, async () => {
 *   tg.createTask(worker("a"));
 *   tg.createTask(worker("b"));
 * }); // both workers are done here
 * ```
 */
export class TaskGroup implements AsyncContextManager<TaskGroup>, OpenTaskGroup {
  private entered = false;
  private exiting = false;
  private aborting = false;
  private loop: EventLoopContract | null = null;
  private parentTask: Task<unknown> | null = null;
  private parentCancelRequested = false;
  private readonly tasks = new Set<Task<unknown>>();
  private errors: unknown[] = [];
  private baseError: unknown = null;
  private hasBaseError = false;
  private onCompleted: Future<boolean> | null = null;
  private readonly onTaskDone = (task: Task<unknown>): void => this.taskDone(task);

  /**
   * Creates a task in the group (through the loop's task factory). Refused with `RuntimeError`
   * (and a coroutine given is closed) before the group is entered, after it finished, and while
   * it is shutting down after a failure.
   */
  createTask<T>(coro: CoroutineLike<T>, options?: TaskGroupTaskOptions): Task<T> {
    if (!this.entered) this.refuse(coro, "has not been entered");
    if (this.exiting && this.tasks.size === 0) this.refuse(coro, "is finished");
    if (this.aborting) this.refuse(coro, "is shutting down");
    const task = createTaskOn(this.loop as EventLoopContract, coro, options);
    this.tasks.add(task as Task<unknown>);
    // Always through a callback, even for a task already done (Python 3.14, gh-128550): an
    // eager failure then aborts the group at the next iteration, not inside this call.
    task.addDoneCallback(this.onTaskDone as (task: Task<T>) => void);
    // An eager task may have failed and aborted the group inside `createTaskOn`.
    if (this.aborting && !task.done()) task.cancel();
    return task;
  }

  /** Enters the group in the current task (Python's `__aenter__`). */
  async asyncEnter(): Promise<this> {
    if (this.entered)
      throw new RuntimeError(`TaskGroup ${this.toString()} has already been entered`);
    const parent = currentTask();
    if (parent === null) {
      throw new RuntimeError(`TaskGroup ${this.toString()} cannot determine the parent task`);
    }
    this.loop = parent._loop;
    this.parentTask = parent;
    this.entered = true;
    groupOpened(this);
    return this;
  }

  /**
   * Leaves the group (Python's `__aexit__`): call it with the body's error, or with no argument if
   * the body finished. Waits for every task, then throws what the group ends with: the
   * `ExceptionGroup`, a `KeyboardInterrupt`/`SystemExit`, or a `CancelledError` from outside.
   * Resolves to `true` when the body's error (the group's own cancellation) is dealt with.
   */
  async asyncExit(...error: [] | [error: unknown]): Promise<boolean> {
    if (!this.entered) throw new RuntimeError(`TaskGroup ${this.toString()} has not been entered`);
    if (this.exiting) throw new RuntimeError(`TaskGroup ${this.toString()} is finished`);
    try {
      return await this.exit(error.length > 0, error[0]);
    } finally {
      groupClosed(this);
      this.parentTask = null;
      this.errors = [];
      this.baseError = null;
    }
  }

  private async exit(failed: boolean, error: unknown): Promise<boolean> {
    this.exiting = true;
    const parent = this.parentTask as Task<unknown>;
    if (failed && isExitError(error) && !this.hasBaseError) {
      this.baseError = error;
      this.hasBaseError = true;
    }
    const bodyCancelled = failed && isCancelledError(error);
    let propagateCancellation: unknown = bodyCancelled ? error : null;
    let hasPropagate = bodyCancelled;
    if (failed && !this.aborting) {
      // The body failed or the parent task is being cancelled: stop the children.
      this.abort();
    }
    let pendingCancellation: unknown = null;
    let hasPending = false;
    while (this.tasks.size > 0) {
      this.onCompleted ??= new GroupExitFuture(this.loop as EventLoopContract);
      try {
        await this.onCompleted;
      } catch (cancelled) {
        // Only a cancellation can end this wait; it is re-raised below unless it was ours.
        pendingCancellation = cancelled;
        hasPending = true;
        if (!this.aborting) {
          propagateCancellation = cancelled;
          hasPropagate = true;
          this.abort();
        }
      }
      this.onCompleted = null;
    }

    if (this.hasBaseError) throw this.baseError;

    if (this.parentCancelRequested) {
      // The group cancelled its parent itself: undo that request.
      if (parent.uncancel() === 0) {
        hasPropagate = false;
        propagateCancellation = null;
      } else if (!hasPropagate && hasPending) {
        propagateCancellation = pendingCancellation;
        hasPropagate = true;
      }
    }
    // Child errors have priority over a cancellation.
    if (hasPropagate && this.errors.length === 0) throw propagateCancellation;

    if (failed && !bodyCancelled) this.errors.push(error);
    if (this.errors.length > 0) {
      if (parent.cancelling() > 0) {
        // Cancelled from outside too: keep that request pending (so it fires at the next await)
        // without counting it twice (Python 3.13).
        parent.uncancel();
        parent.cancel();
      }
      throw makeGroup(this.errors);
    }
    return true;
  }

  /** The group's task waits on each of its tasks (for the call graph). @internal */
  _describeGroup(): { readonly parent: unknown; readonly tasks: readonly unknown[] } {
    return { parent: this.parentTask, tasks: [...this.tasks] };
  }

  private abort(): void {
    this.aborting = true;
    for (const task of this.tasks) if (!task.done()) task.cancel();
  }

  private taskDone(task: Task<unknown>): void {
    this.tasks.delete(task);
    if (this.onCompleted !== null && this.tasks.size === 0 && !this.onCompleted.done()) {
      this.onCompleted.setResult(true);
    }
    if (task.cancelled()) return;
    const error = task.exception();
    if (error === null) return;
    this.errors.push(error);
    if (isExitError(error) && !this.hasBaseError) {
      this.baseError = error;
      this.hasBaseError = true;
    }
    const parent = this.parentTask;
    if (parent === null || parent.done()) {
      (this.loop as EventLoopContract).callExceptionHandler({
        message: `Task ${task.toString()} has errored out but its parent task ${String(parent)} is already completed`,
        exception: error,
        task,
      });
      return;
    }
    if (!this.aborting && !this.parentCancelRequested) {
      // Interrupt whatever the body is awaiting; `asyncExit` undoes this cancellation request.
      this.abort();
      this.parentCancelRequested = true;
      parent.cancel();
    }
  }

  private refuse(coro: unknown, why: string): never {
    if (isCoroutine(coro)) coro.close();
    throw new RuntimeError(`TaskGroup ${this.toString()} ${why}`);
  }

  toString(): string {
    const info: string[] = [];
    if (this.tasks.size > 0) info.push(`tasks=${this.tasks.size}`);
    if (this.errors.length > 0) info.push(`errors=${this.errors.length}`);
    if (this.aborting) info.push("cancelling");
    else if (this.entered) info.push("entered");
    return `<TaskGroup${info.map((part) => ` ${part}`).join("")}>`;
  }
}

/**
 * What the group's task awaits while it leaves the group: its tasks' ends (the edges to them come
 * from the open group itself, `_describeGroup`).
 */
class GroupExitFuture extends Future<boolean> implements DescribedAwait {
  constructor(loop: EventLoopContract) {
    super({ loop });
  }

  _describeAwait(): AwaitDescription {
    return { label: "TaskGroup.asyncExit()", frame: "TaskGroup.asyncExit" };
  }
}

/** An `ExceptionGroup` when every member is an ordinary error, else a `BaseExceptionGroup`. */
function makeGroup(errors: readonly unknown[]): BaseExceptionGroup {
  const ordinary = errors.every(
    (error) =>
      !isCancelledError(error) &&
      !isExitError(error) &&
      (!isExceptionGroup(error) || error.name === "ExceptionGroup"),
  );
  const Kind = ordinary ? ExceptionGroup : BaseExceptionGroup;
  return new Kind("unhandled errors in a TaskGroup", errors);
}

/**
 * Runs `body(tg)` with a new `TaskGroup` and waits for the group's tasks; resolves to the body's
 * result. Lazy: the group is entered when the returned coroutine is awaited.
 *
 * @example
 * ```ts
 * const [a, b] = await taskGroup(async (tg) => [
 *   tg.createTask(fetchUser(1)),
 *   tg.createTask(fetchUser(2)),
 * ]);
 * console.log(a.result(), b.result()); // both tasks are done here
 * ```
 */
export function taskGroup<R>(body: (tg: TaskGroup) => R | PromiseLike<R>): Coroutine<Awaited<R>> {
  if (typeof body !== "function") {
    throw new TypeError(`taskGroup() body must be a function, got ${describe(body)}`);
  }
  return new Coroutine(runWith, [new TaskGroup(), body]) as Coroutine<Awaited<R>>;
}
