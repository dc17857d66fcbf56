/** Type tests: the Python names carry the same types as their TypeScript twins. */
import * as asyncio from "@asyncio/compat";
import type { EventLoop, TimerHandle } from "@asyncio/core";
import type { Handle } from "@asyncio/futures";
import type { Barrier, Condition, Event } from "@asyncio/locks";
import type { Queue } from "@asyncio/queues";
import type {
  BaseProtocol,
  DatagramProtocol,
  Server,
  StreamReader,
  Transport,
} from "@asyncio/streams";
import type { Process } from "@asyncio/subprocess";
import type { Coroutine, Task, TaskGroup } from "@asyncio/tasks";
import type { ConcurrentFuture } from "@asyncio/to-thread";
import { describe, expectTypeOf, it } from "vitest";

declare const loop: EventLoop;
declare const task: Task<number>;
declare const fut: asyncio.Future<number>;
declare const barrier: Barrier;
declare const condition: Condition;
declare const event: Event;
declare const queue: Queue<string>;
declare const group: TaskGroup;
declare const server: Server;
declare const reader: StreamReader;
declare const child: Process;
declare const concurrent: ConcurrentFuture<number>;

describe("compat types", () => {
  it("get_running_loop() is the full loop, with its Python names", () => {
    expectTypeOf(asyncio.get_running_loop()).toEqualTypeOf<EventLoop>();
    expectTypeOf(asyncio.get_running_loop().create_future<number>()).toEqualTypeOf<
      asyncio.Future<number>
    >();
    expectTypeOf(asyncio.get_running_loop().run_in_executor).toEqualTypeOf(loop.runInExecutor);
    expectTypeOf(asyncio.get_running_loop().call_soon(() => 1)).toEqualTypeOf<Handle>();
  });

  it("loop.call_soon is typed like callSoon, plus a trailing { context }", () => {
    expectTypeOf(loop.call_soon((x: number) => x, 1)).toEqualTypeOf<Handle>();
    expectTypeOf(loop.call_soon((x: number) => x, 1)).toEqualTypeOf(
      loop.callSoon((x: number) => x, 1),
    );
    expectTypeOf(loop.call_soon_threadsafe(() => undefined)).toEqualTypeOf<Handle>();
    expectTypeOf(
      loop.call_soon((x: number, y: string) => x + y, 1, "a", { context: asyncio.copy_context() }),
    ).toEqualTypeOf<Handle>();
    // @ts-expect-error the argument doesn't match the callback's parameter
    loop.call_soon((x: number) => x, "a");
    // @ts-expect-error a missing argument
    loop.call_soon((x: number) => x);
    // @ts-expect-error not a function
    loop.call_soon(42);
  });

  it("loop.call_later / call_at return TimerHandle and take a number of seconds", () => {
    expectTypeOf(loop.call_later(1, () => undefined)).toEqualTypeOf<TimerHandle>();
    expectTypeOf(loop.call_at(1, (s: string) => s, "x")).toEqualTypeOf<TimerHandle>();
    expectTypeOf(loop.call_later(1, () => undefined).when()).toBeNumber();
    // @ts-expect-error the delay is a number
    loop.call_later("1", () => undefined);
  });

  it("the other loop aliases are the idiomatic methods' types", () => {
    expectTypeOf(loop.create_task).toEqualTypeOf(loop.createTask);
    expectTypeOf(loop.create_future).toEqualTypeOf(loop.createFuture);
    expectTypeOf(loop.run_until_complete).toEqualTypeOf(loop.runUntilComplete);
    expectTypeOf(loop.run_forever).toEqualTypeOf(loop.runForever);
    expectTypeOf(loop.is_running).toEqualTypeOf(loop.isRunning);
    expectTypeOf(loop.is_closed).toEqualTypeOf(loop.isClosed);
    expectTypeOf(loop.set_exception_handler).toEqualTypeOf(loop.setExceptionHandler);
    expectTypeOf(loop.get_exception_handler).toEqualTypeOf(loop.getExceptionHandler);
    expectTypeOf(loop.call_exception_handler).toEqualTypeOf(loop.callExceptionHandler);
    expectTypeOf(loop.default_exception_handler).toEqualTypeOf(loop.defaultExceptionHandler);
    expectTypeOf(loop.set_debug).toEqualTypeOf(loop.setDebug);
    expectTypeOf(loop.get_debug).toEqualTypeOf(loop.getDebug);
    expectTypeOf(loop.set_task_factory).toEqualTypeOf(loop.setTaskFactory);
    expectTypeOf(loop.get_task_factory).toEqualTypeOf(loop.getTaskFactory);
    expectTypeOf(loop.slow_callback_duration).toBeNumber();
    expectTypeOf(loop.run_until_complete(asyncio.sleep(0, "s"))).toEqualTypeOf<Promise<string>>();
  });

  it("futures and tasks keep their result type under Python names", () => {
    expectTypeOf(fut.set_result).parameter(0).toBeNumber();
    // @ts-expect-error a Future<number> takes a number
    fut.set_result("x");
    expectTypeOf(fut.add_done_callback).toEqualTypeOf(fut.addDoneCallback);
    expectTypeOf(fut.remove_done_callback).toEqualTypeOf(fut.removeDoneCallback);
    expectTypeOf(fut.get_loop).toEqualTypeOf(fut.getLoop);
    expectTypeOf(task.get_name()).toBeString();
    expectTypeOf(task.set_name).toEqualTypeOf(task.setName);
    expectTypeOf(task.get_coro).toEqualTypeOf(task.getCoro);
  });

  it("module functions keep their types", () => {
    expectTypeOf(asyncio.create_task(asyncio.sleep(0, 1), { name: "w1" })).toEqualTypeOf<
      Task<number>
    >();
    expectTypeOf(asyncio.run(asyncio.sleep(0, "r"))).toEqualTypeOf<Promise<string>>();
    expectTypeOf(
      asyncio.run(async () => 1, { debug: true, loop_factory: () => loop }),
    ).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error Python's keyword is loop_factory
    void asyncio.run(async () => 1, { loopFactory: () => loop });
    expectTypeOf(new asyncio.Runner({ debug: true }).get_loop()).toEqualTypeOf<EventLoop>();
    expectTypeOf(asyncio.all_tasks()).toEqualTypeOf<Set<Task<unknown>>>();
    expectTypeOf(asyncio.get_event_loop()).toEqualTypeOf<EventLoop>();
    expectTypeOf(new asyncio.CancelledError()).toMatchTypeOf<Error>();
  });

  it("each class's alias table types its names: methods as their twins, properties as theirs", () => {
    expectTypeOf(barrier.n_waiting).toBeNumber();
    // @ts-expect-error n_waiting is read-only, as Python's property
    barrier.n_waiting = 1;
    loop.slow_callback_duration = 0.5;
    expectTypeOf(barrier.__aenter__).toEqualTypeOf(barrier.asyncEnter);
    expectTypeOf(condition.wait_for).toEqualTypeOf(condition.waitFor);
    expectTypeOf(condition.notify_all).toEqualTypeOf(condition.notifyAll);
    expectTypeOf(event.is_set).toEqualTypeOf(event.isSet);
    expectTypeOf(queue.put_nowait).toEqualTypeOf(queue.putNowait);
    expectTypeOf(queue.get_nowait()).toBeString();
    expectTypeOf(group.create_task).toEqualTypeOf(group.createTask);
    expectTypeOf(reader.at_eof).toEqualTypeOf(reader.atEof);
    expectTypeOf(server.serve_forever).toEqualTypeOf(server.serveForever);
    expectTypeOf(server.__aenter__()).resolves.toEqualTypeOf<Server>();
    expectTypeOf(server.__aexit__()).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(child.send_signal).toEqualTypeOf(child.sendSignal);
    expectTypeOf(concurrent.add_done_callback).toEqualTypeOf(concurrent.addDoneCallback);
    expectTypeOf(concurrent.set_running_or_notify_cancel()).toBeBoolean();
    expectTypeOf(loop.run_in_executor).toEqualTypeOf(loop.runInExecutor);
    expectTypeOf(loop.shutdown_default_executor).toEqualTypeOf(loop.shutdownDefaultExecutor);
  });

  it("the loop's I/O methods take Python's keyword options and keep the protocol's type", () => {
    class Client implements BaseProtocol {
      connectionMade(): void {}
    }
    expectTypeOf(
      loop.create_connection(() => new Client(), "127.0.0.1", 80, { server_hostname: "h" }),
    ).toEqualTypeOf<Coroutine<[Transport, Client]>>();
    expectTypeOf(loop.create_server(() => new Client(), null, 0, { backlog: 5 })).toEqualTypeOf<
      Coroutine<Server>
    >();
    // @ts-expect-error Python's keyword is server_hostname
    void loop.create_connection(() => new Client(), "h", 80, { serverHostname: "h" });
    expectTypeOf(loop.create_datagram_endpoint)
      .parameter(0)
      .toEqualTypeOf<() => DatagramProtocol>();
    expectTypeOf(loop.add_signal_handler("SIGINT", (n: number) => n, 1)).toBeVoid();
    // @ts-expect-error the argument doesn't match the callback's parameter
    loop.add_signal_handler("SIGINT", (n: number) => n, "1");
    expectTypeOf(loop.remove_signal_handler("SIGINT")).toBeBoolean();
  });
});
