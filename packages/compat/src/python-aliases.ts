/**
 * Gives the library's own objects their Python names, so that a Future, Task or loop made by
 * either API answers to both (`task.get_name()` is `task.getName()`). Each class has one table
 * (see `alias-table.ts`), which both installs the names on import and types them. The I/O and
 * thread classes' tables, and the loop's I/O methods, are in `io-aliases.ts`, so that the
 * scheduling entry (`@asyncio/compat/scheduling`, what a browser gets) leaves them out.
 */
import { addSignalHandler, EventLoop, removeSignalHandler, type TimerHandle } from "@asyncio/core";
import { Context, Future, Handle } from "@asyncio/futures";
import { Barrier, Condition, Event, Lock, Semaphore } from "@asyncio/locks";
import { Queue } from "@asyncio/queues";
import { FutureCallGraph, Task, TaskGroup, Timeout } from "@asyncio/tasks";
import { type Aliases, installAliases } from "./alias-table.js";

/** Python's `context=` keyword argument. */
export interface ContextOption {
  context: Context;
}

const futureAliases = {
  add_done_callback: "addDoneCallback",
  remove_done_callback: "removeDoneCallback",
  set_result: "setResult",
  set_exception: "setException",
  get_loop: "getLoop",
} as const;
installAliases(Future.prototype, futureAliases);

// Handles keep `cancel`, `cancelled` and `when`: the same names in both languages.
const handleAliases = { get_context: "getContext" } as const;
installAliases(Handle.prototype, handleAliases);

const taskAliases = {
  get_name: "getName",
  set_name: "setName",
  get_coro: "getCoro",
  get_context: "getContext",
} as const;
installAliases(Task.prototype, taskAliases);

// Python's asynchronous context manager protocol over the library's own (`async_with` uses it).
const timeoutAliases = { __aenter__: "asyncEnter", __aexit__: "asyncExit" } as const;
installAliases(Timeout.prototype, timeoutAliases);

// Python's `FutureCallGraph` dataclass names its fields in snake case.
const futureCallGraphAliases = {
  call_stack: { property: "callStack", writable: false },
  awaited_by: { property: "awaitedBy", writable: false },
} as const;
installAliases(FutureCallGraph.prototype, futureCallGraphAliases);

const taskGroupAliases = {
  __aenter__: "asyncEnter",
  __aexit__: "asyncExit",
  create_task: "createTask",
} as const;
installAliases(TaskGroup.prototype, taskGroupAliases);

/** Python's `context=` keyword: a trailing `{ context }` object after the callback's arguments. */
function splitContext(args: unknown[]): { args: unknown[]; context: Context | null } {
  const last = args[args.length - 1];
  if (
    typeof last === "object" &&
    last !== null &&
    Object.getPrototypeOf(last) === Object.prototype &&
    Object.keys(last).length === 1 &&
    (last as { context?: unknown }).context instanceof Context
  ) {
    return { args: args.slice(0, -1), context: (last as { context: Context }).context };
  }
  return { args, context: null };
}

type Callback = (...args: unknown[]) => unknown;

const eventLoopAliases = {
  // Scheduling callbacks: `callSoon`, or `callSoonIn` when a trailing `{ context }` is given.
  call_soon<A extends unknown[]>(
    this: EventLoop,
    callback: (...args: A) => unknown,
    ...rest: [...A] | [...A, ContextOption]
  ): Handle {
    const { args, context } = splitContext(rest);
    return context === null
      ? this.callSoon(callback as Callback, ...args)
      : this.callSoonIn(context, callback as Callback, ...args);
  },
  call_soon_threadsafe<A extends unknown[]>(
    this: EventLoop,
    callback: (...args: A) => unknown,
    ...rest: [...A] | [...A, ContextOption]
  ): Handle {
    const { args, context } = splitContext(rest);
    return context === null
      ? this.callSoonThreadsafe(callback as Callback, ...args)
      : this.callSoonIn(context, callback as Callback, ...args);
  },
  call_later<A extends unknown[]>(
    this: EventLoop,
    delay: number,
    callback: (...args: A) => unknown,
    ...rest: [...A] | [...A, ContextOption]
  ): TimerHandle {
    const { args, context } = splitContext(rest);
    return context === null
      ? this.callLater(delay, callback as Callback, ...args)
      : this.callLaterIn(context, delay, callback as Callback, ...args);
  },
  call_at<A extends unknown[]>(
    this: EventLoop,
    when: number,
    callback: (...args: A) => unknown,
    ...rest: [...A] | [...A, ContextOption]
  ): TimerHandle {
    const { args, context } = splitContext(rest);
    return context === null
      ? this.callAt(when, callback as Callback, ...args)
      : this.callAtIn(context, when, callback as Callback, ...args);
  },

  create_future: "createFuture",
  create_task: "createTask",
  set_task_factory: "setTaskFactory",
  get_task_factory: "getTaskFactory",

  run_until_complete: "runUntilComplete",
  run_forever: "runForever",
  is_running: "isRunning",
  is_closed: "isClosed",

  set_exception_handler: "setExceptionHandler",
  get_exception_handler: "getExceptionHandler",
  call_exception_handler: "callExceptionHandler",
  default_exception_handler: "defaultExceptionHandler",
  set_debug: "setDebug",
  get_debug: "getDebug",
  slow_callback_duration: { property: "slowCallbackDuration", writable: true },

  run_in_executor: "runInExecutor",
  set_default_executor: "setDefaultExecutor",
  shutdown_default_executor: "shutdownDefaultExecutor",

  // Unix signals, which `@asyncio/core` offers as functions of a loop.
  add_signal_handler<A extends unknown[]>(
    this: EventLoop,
    sig: NodeJS.Signals | number,
    callback: (...args: A) => unknown,
    ...args: A
  ): void {
    addSignalHandler(this, sig, callback, ...args);
  },
  remove_signal_handler(this: EventLoop, sig: NodeJS.Signals | number): boolean {
    return removeSignalHandler(this, sig);
  },
} as const;
installAliases(EventLoop.prototype, eventLoopAliases);

// Locks and queues. `__aenter__`/`__aexit__` let `async_with` drive them as Python's `async with`.
const lockAliases = { __aenter__: "asyncEnter", __aexit__: "asyncExit" } as const;
installAliases(Lock.prototype, lockAliases);

const semaphoreAliases = { __aenter__: "asyncEnter", __aexit__: "asyncExit" } as const;
installAliases(Semaphore.prototype, semaphoreAliases);

const barrierAliases = {
  __aenter__: "asyncEnter",
  __aexit__: "asyncExit",
  n_waiting: { property: "nWaiting", writable: false },
} as const;
installAliases(Barrier.prototype, barrierAliases);

const conditionAliases = {
  __aenter__: "asyncEnter",
  __aexit__: "asyncExit",
  wait_for: "waitFor",
  notify_all: "notifyAll",
} as const;
installAliases(Condition.prototype, conditionAliases);

const eventAliases = { is_set: "isSet" } as const;
installAliases(Event.prototype, eventAliases);

const queueAliases = {
  put_nowait: "putNowait",
  get_nowait: "getNowait",
  task_done: "taskDone",
} as const;
installAliases(Queue.prototype, queueAliases);

// The same tables, as types: each interface below merges into the class of the same name.
declare module "@asyncio/futures" {
  interface Future<T> extends Aliases<Future<T>, typeof futureAliases> {}
  interface Handle extends Aliases<Handle, typeof handleAliases> {}
}

declare module "@asyncio/tasks" {
  interface Task<T> extends Aliases<Task<T>, typeof taskAliases> {}
  interface Timeout extends Aliases<Timeout, typeof timeoutAliases> {}
  interface TaskGroup extends Aliases<TaskGroup, typeof taskGroupAliases> {}
  interface FutureCallGraph extends Aliases<FutureCallGraph, typeof futureCallGraphAliases> {}
}

declare module "@asyncio/core" {
  interface EventLoop extends Aliases<EventLoop, typeof eventLoopAliases> {}
}

declare module "@asyncio/locks" {
  interface Lock extends Aliases<Lock, typeof lockAliases> {}
  interface Semaphore extends Aliases<Semaphore, typeof semaphoreAliases> {}
  interface Barrier extends Aliases<Barrier, typeof barrierAliases> {}
  interface Condition extends Aliases<Condition, typeof conditionAliases> {}
  interface Event extends Aliases<Event, typeof eventAliases> {}
}

declare module "@asyncio/queues" {
  interface Queue<T> extends Aliases<Queue<T>, typeof queueAliases> {}
}
