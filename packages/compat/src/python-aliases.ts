/**
 * Gives the library's own objects their Python method names, so that a Future, Task or loop made
 * by either API answers to both (`task.get_name()` is `task.getName()`). Each alias forwards to the
 * idiomatic method, so subclasses that override it are honoured.
 */
import { EventLoop, TimerHandle } from "@asyncio/core";
import { Future } from "@asyncio/futures";
import { Task } from "@asyncio/tasks";

type AliasTable = Readonly<Record<string, string>>;

function installMethodAliases(prototype: object, aliases: AliasTable): void {
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
});

installMethodAliases(EventLoop.prototype, {
  call_soon: "callSoon",
  call_soon_threadsafe: "callSoonThreadsafe",
  call_later: "callLater",
  call_at: "callAt",
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

// Handles keep `cancel`, `cancelled` and `when` — the same names in both languages.
void TimerHandle;

type Forward<F> = F;

declare module "@asyncio/futures" {
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
  }
}

declare module "@asyncio/core" {
  interface EventLoop {
    call_soon: Forward<EventLoop["callSoon"]>;
    call_soon_threadsafe: Forward<EventLoop["callSoonThreadsafe"]>;
    call_later: Forward<EventLoop["callLater"]>;
    call_at: Forward<EventLoop["callAt"]>;
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
