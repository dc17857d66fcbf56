/**
 * Gives the library's own objects their Python method names, so that a Future, Task or loop made
 * by either API answers to both (`task.get_name()` is `task.getName()`). Each alias forwards to the
 * idiomatic method, so subclasses that override it are honoured.
 */
import { EventLoop, type TimerHandle } from "@asyncio/core";
import { Context, Future, Handle } from "@asyncio/futures";
import { Barrier, Condition, Event, Lock, Semaphore } from "@asyncio/locks";
import { Queue } from "@asyncio/queues";
import { Task, TaskGroup, Timeout } from "@asyncio/tasks";

type AliasTable = Readonly<Record<string, string>>;

/** Adds `pythonName` methods forwarding to `jsName` (other compat modules use it too). */
export function installMethodAliases(prototype: object, aliases: AliasTable): void {
  for (const [pythonName, jsName] of Object.entries(aliases)) {
    if (Object.hasOwn(prototype, pythonName)) continue;
    Object.defineProperty(prototype, pythonName, {
      configurable: true,
      writable: true,
      value: {
        [pythonName](
          this: Record<string, (...args: unknown[]) => unknown>,
          ...args: unknown[]
        ): unknown {
          return this[jsName]!(...args);
        },
      }[pythonName],
    });
  }
}

function installPropertyAlias(prototype: object, pythonName: string, jsName: string): void {
  if (Object.hasOwn(prototype, pythonName)) return;
  Object.defineProperty(prototype, pythonName, {
    configurable: true,
    get(this: Record<string, unknown>) {
      return this[jsName];
    },
    set(this: Record<string, unknown>, value: unknown) {
      this[jsName] = value;
    },
  });
}

installMethodAliases(Future.prototype, {
  add_done_callback: "addDoneCallback",
  remove_done_callback: "removeDoneCallback",
  set_result: "setResult",
  set_exception: "setException",
  get_loop: "getLoop",
});

installMethodAliases(Task.prototype, {
  get_name: "getName",
  set_name: "setName",
  get_coro: "getCoro",
  get_context: "getContext",
});

// Python's asynchronous context manager protocol over the library's own (`async_with` uses it).
installMethodAliases(Timeout.prototype, {
  __aenter__: "asyncEnter",
  __aexit__: "asyncExit",
});
installMethodAliases(TaskGroup.prototype, {
  __aenter__: "asyncEnter",
  __aexit__: "asyncExit",
  create_task: "createTask",
});

installMethodAliases(Handle.prototype, {
  get_context: "getContext",
});

installMethodAliases(EventLoop.prototype, {
  create_future: "createFuture",
  create_task: "createTask",
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
  set_task_factory: "setTaskFactory",
  get_task_factory: "getTaskFactory",
});
installPropertyAlias(EventLoop.prototype, "slow_callback_duration", "slowCallbackDuration");

// Locks and queues. `__aenter__`/`__aexit__` let `async_with` drive them as Python's `async with`.
const asyncContextAliases = { __aenter__: "asyncEnter", __aexit__: "asyncExit" };
installMethodAliases(Lock.prototype, asyncContextAliases);
installMethodAliases(Semaphore.prototype, asyncContextAliases);
installMethodAliases(Barrier.prototype, asyncContextAliases);
installMethodAliases(Condition.prototype, {
  ...asyncContextAliases,
  wait_for: "waitFor",
  notify_all: "notifyAll",
});
installMethodAliases(Event.prototype, { is_set: "isSet" });
installPropertyAlias(Barrier.prototype, "n_waiting", "nWaiting");
installMethodAliases(Queue.prototype, {
  put_nowait: "putNowait",
  get_nowait: "getNowait",
  task_done: "taskDone",
});

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

function defineLoopMethod(
  name: string,
  method: (this: EventLoop, ...args: unknown[]) => unknown,
): void {
  Object.defineProperty(EventLoop.prototype, name, {
    configurable: true,
    writable: true,
    value: method,
  });
}

defineLoopMethod("call_soon", function call_soon(callback, ...rest) {
  const { args, context } = splitContext(rest);
  return context === null
    ? this.callSoon(callback as Callback, ...args)
    : this.callSoonIn(context, callback as Callback, ...args);
});
defineLoopMethod("call_soon_threadsafe", function call_soon_threadsafe(callback, ...rest) {
  const { args, context } = splitContext(rest);
  return context === null
    ? this.callSoonThreadsafe(callback as Callback, ...args)
    : this.callSoonIn(context, callback as Callback, ...args);
});
defineLoopMethod("call_later", function call_later(delay, callback, ...rest) {
  const { args, context } = splitContext(rest);
  return context === null
    ? this.callLater(delay as number, callback as Callback, ...args)
    : this.callLaterIn(context, delay as number, callback as Callback, ...args);
});
defineLoopMethod("call_at", function call_at(when, callback, ...rest) {
  const { args, context } = splitContext(rest);
  return context === null
    ? this.callAt(when as number, callback as Callback, ...args)
    : this.callAtIn(context, when as number, callback as Callback, ...args);
});

// Handles keep `cancel`, `cancelled` and `when` — the same names in both languages.

type Forward<F> = F;

/** Python's `context=` keyword argument. */
export interface ContextOption {
  context: Context;
}

declare module "@asyncio/futures" {
  interface Handle {
    /** Python name of `getContext`. */
    get_context: Forward<Handle["getContext"]>;
  }
  interface Future<T> {
    /** Python name of `addDoneCallback`. */
    add_done_callback: Forward<Future<T>["addDoneCallback"]>;
    /** Python name of `removeDoneCallback`. */
    remove_done_callback: Forward<Future<T>["removeDoneCallback"]>;
    /** Python name of `setResult`. */
    set_result: Forward<Future<T>["setResult"]>;
    /** Python name of `setException`. */
    set_exception: Forward<Future<T>["setException"]>;
    /** Python name of `getLoop`. */
    get_loop: Forward<Future<T>["getLoop"]>;
  }
}

declare module "@asyncio/tasks" {
  interface Task<T> {
    /** Python name of `getName`. */
    get_name: Forward<Task<T>["getName"]>;
    /** Python name of `setName`. */
    set_name: Forward<Task<T>["setName"]>;
    /** Python name of `getCoro`. */
    get_coro: Forward<Task<T>["getCoro"]>;
    /** Python name of `getContext`. */
    get_context: Forward<Task<T>["getContext"]>;
  }
}

declare module "@asyncio/tasks" {
  interface Timeout {
    /** Python name of `asyncEnter`. */
    __aenter__: Forward<Timeout["asyncEnter"]>;
    /** Python name of `asyncExit`. */
    __aexit__: Forward<Timeout["asyncExit"]>;
  }
  interface TaskGroup {
    /** Python name of `asyncEnter`. */
    __aenter__: Forward<TaskGroup["asyncEnter"]>;
    /** Python name of `asyncExit`. */
    __aexit__: Forward<TaskGroup["asyncExit"]>;
    /** Python name of `createTask`. */
    create_task: Forward<TaskGroup["createTask"]>;
  }
}

declare module "@asyncio/core" {
  interface EventLoop {
    /** `callSoon`; a trailing `{ context }` runs the callback in that context (Python's keyword). */
    call_soon<A extends unknown[]>(
      callback: (...args: A) => unknown,
      ...args: [...A] | [...A, ContextOption]
    ): Handle;
    call_soon_threadsafe<A extends unknown[]>(
      callback: (...args: A) => unknown,
      ...args: [...A] | [...A, ContextOption]
    ): Handle;
    call_later<A extends unknown[]>(
      delay: number,
      callback: (...args: A) => unknown,
      ...args: [...A] | [...A, ContextOption]
    ): TimerHandle;
    call_at<A extends unknown[]>(
      when: number,
      callback: (...args: A) => unknown,
      ...args: [...A] | [...A, ContextOption]
    ): TimerHandle;
    create_future: Forward<EventLoop["createFuture"]>;
    create_task: Forward<EventLoop["createTask"]>;
    run_until_complete: Forward<EventLoop["runUntilComplete"]>;
    run_forever: Forward<EventLoop["runForever"]>;
    is_running: Forward<EventLoop["isRunning"]>;
    is_closed: Forward<EventLoop["isClosed"]>;
    set_exception_handler: Forward<EventLoop["setExceptionHandler"]>;
    get_exception_handler: Forward<EventLoop["getExceptionHandler"]>;
    call_exception_handler: Forward<EventLoop["callExceptionHandler"]>;
    default_exception_handler: Forward<EventLoop["defaultExceptionHandler"]>;
    set_debug: Forward<EventLoop["setDebug"]>;
    get_debug: Forward<EventLoop["getDebug"]>;
    set_task_factory: Forward<EventLoop["setTaskFactory"]>;
    get_task_factory: Forward<EventLoop["getTaskFactory"]>;
    /** Python name of `slowCallbackDuration`. */
    slow_callback_duration: number;
  }
}

declare module "@asyncio/locks" {
  interface Lock {
    /** Python name of `asyncEnter`. */
    __aenter__: Forward<Lock["asyncEnter"]>;
    /** Python name of `asyncExit`. */
    __aexit__: Forward<Lock["asyncExit"]>;
  }
  interface Condition {
    /** Python name of `asyncEnter`. */
    __aenter__: Forward<Condition["asyncEnter"]>;
    /** Python name of `asyncExit`. */
    __aexit__: Forward<Condition["asyncExit"]>;
    /** Python name of `waitFor`. */
    wait_for: Forward<Condition["waitFor"]>;
    /** Python name of `notifyAll`. */
    notify_all: Forward<Condition["notifyAll"]>;
  }
  interface Semaphore {
    /** Python name of `asyncEnter`. */
    __aenter__: Forward<Semaphore["asyncEnter"]>;
    /** Python name of `asyncExit`. */
    __aexit__: Forward<Semaphore["asyncExit"]>;
  }
  interface Event {
    /** Python name of `isSet`. */
    is_set: Forward<Event["isSet"]>;
  }
  interface Barrier {
    /** Python name of `asyncEnter`. */
    __aenter__: Forward<Barrier["asyncEnter"]>;
    /** Python name of `asyncExit`. */
    __aexit__: Forward<Barrier["asyncExit"]>;
    /** Python name of `nWaiting`. */
    readonly n_waiting: number;
  }
}

declare module "@asyncio/queues" {
  interface Queue<T> {
    /** Python name of `putNowait`. */
    put_nowait: Forward<Queue<T>["putNowait"]>;
    /** Python name of `getNowait`. */
    get_nowait: Forward<Queue<T>["getNowait"]>;
    /** Python name of `taskDone`. */
    task_done: Forward<Queue<T>["taskDone"]>;
  }
}
